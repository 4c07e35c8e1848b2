#include "aggregate/locations.h"

#include <cassert>
#include <algorithm>
#include <array>
#include <cstdlib>

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

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Open-addressing map from location key to location index. This is the hot
// loop of collapsing (one probe per row); a node-based std::unordered_map costs
// an allocation per distinct location and a pointer chase per row. Key and
// index share a 16-byte slot so that a probe touches one cache line.
class LocationIndex {
 public:
  // Starts loading the slot where `key` lives (a hint: the map may grow before
  // the key is looked up).
  void prefetch(std::uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[mix(key) & (slots_.size() - 1)]);
  }

  // The index of `key`, or `next` after inserting it.
  std::uint32_t find_or_insert(std::uint64_t key, std::uint32_t next) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.value == kEmpty) {
        slot = {key, next};
        ++size_;
        return next;
      }
      if (slot.key == key) return slot.value;
    }
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = kEmpty;
  };

  void grow() {
    std::vector<Slot> slots(std::max<std::size_t>(1024, slots_.size() * 2));
    const std::size_t mask = slots.size() - 1;
    for (const Slot& s : slots_) {
      if (s.value == kEmpty) continue;
      std::size_t i = mix(s.key) & mask;
      while (slots[i].value != kEmpty) i = (i + 1) & mask;
      slots[i] = s;
    }
    slots_.swap(slots);
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace

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
  LocationIndex index;
  for (std::size_t i = 0; i < std::min(rows, kAhead); ++i) ahead[i] = key_of(i);
  for (std::size_t i = 0; i < rows; ++i) {
    const std::uint64_t key = ahead[i % kAhead];
    if (i + kAhead < rows) {
      ahead[i % kAhead] = key_of(i + kAhead);
      index.prefetch(ahead[i % kAhead]);
    }
    const auto next = static_cast<std::uint32_t>(out.size());
    const std::uint32_t loc = index.find_or_insert(key, next);
    if (loc == next) {
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
