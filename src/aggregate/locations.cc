#include "aggregate/locations.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>

#include "core/dense_index.h"
#include "core/large_array.h"

namespace innocluster {
namespace {

constexpr std::int32_t kPoleE7 = 900'000'000;
constexpr std::int32_t kAntimeridianE7 = 1'800'000'000;

std::int32_t grid_step(int decimals) {
  std::int32_t step = 1;
  for (int d = decimals; d < 7; ++d) step *= 10;
  return step;
}

std::uint64_t location_key(std::int32_t lat, std::int32_t lon) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(lat)) << 32) |
         static_cast<std::uint32_t>(lon);
}

}  // namespace

std::vector<detect::WeightedPoint> detection_points(const WeightedLocations& locations) {
  std::vector<detect::WeightedPoint> points;
  reserve_large(points, locations.size());
  for (std::size_t i = 0; i < locations.size(); ++i)
    points.push_back({degrees(locations.lat_e7[i]), degrees(locations.lon_e7[i]), locations.weight[i]});
  return points;
}

std::int32_t round_to_grid(std::int32_t coord_e7, int decimals) {
  const std::int32_t step = grid_step(decimals);
  const std::int32_t half = step / 2;
  const std::int32_t magnitude = (std::abs(coord_e7) + half) / step * step;
  return coord_e7 < 0 ? -magnitude : magnitude;
}

WeightedLocations collapse_locations(const ContributionTable& table,
                                     std::span<const FixedWeight> row_weight, int decimals) {
  assert(row_weight.size() == table.rows());
  WeightedLocations out;
  out.decimals = decimals;
  const std::size_t rows = table.rows();
  out.row_location.resize(rows);
  auto key_of = [&](std::size_t i) {
    const std::int32_t lat = round_to_grid(table.lat_e7[i], decimals);
    std::int32_t lon = round_to_grid(table.lon_e7[i], decimals);
    if (lon == -kAntimeridianE7) lon = kAntimeridianE7;
    if (lat == kPoleE7 || lat == -kPoleE7) lon = 0;
    return location_key(lat, lon);
  };
  // Keys are computed kAhead rows early and their slots prefetched, so that
  // the cache misses of a large map overlap instead of adding up.
  constexpr std::size_t kAhead = 16;
  std::array<std::uint64_t, kAhead> ahead{};
  DenseIndex index;
  for (std::size_t i = 0; i < std::min(rows, kAhead); ++i) ahead[i] = key_of(i);
  for (std::size_t i = 0; i < rows; ++i) {
    const std::uint64_t key = ahead[i % kAhead];
    if (i + kAhead < rows) {
      ahead[i % kAhead] = key_of(i + kAhead);
      index.prefetch(ahead[i % kAhead]);
    }
    const std::uint32_t loc = index.find_or_insert(key);
    if (loc == out.size()) {
      out.lat_e7.push_back(static_cast<std::int32_t>(key >> 32));
      out.lon_e7.push_back(static_cast<std::int32_t>(key & 0xFFFFFFFFu));
      out.weight.push_back(0);
    }
    out.weight[loc] += row_weight[i];
    out.row_location[i] = loc;
  }
  return out;
}

}  // namespace innocluster
