#include "geo/place_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace innocluster::geo {
namespace {

// Ranges this small are scanned rather than split: fewer, better-predicted
// branches than descending to single points.
constexpr std::size_t kLeaf = 8;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::size_t median(std::size_t lo, std::size_t hi) { return lo + (hi - lo) / 2; }

// A sort key that keeps nearby locations near each other: the Morton (Z-order)
// interleaving of latitude and longitude quantised to 16 bits each (~300 m x
// 600 m cells), above the location's index (which also makes keys distinct).
std::uint64_t spatial_key(double lat, double lon, std::size_t index) {
  const auto quantise = [](double value, double lo, double span) {
    const double t = std::clamp((value - lo) / span, 0.0, 1.0);
    return static_cast<std::uint32_t>(t * 65535.0);
  };
  const auto spread = [](std::uint32_t v) {  // bit i -> bit 2i
    std::uint64_t x = v;
    x = (x | (x << 8)) & 0x00FF00FFu;
    x = (x | (x << 4)) & 0x0F0F0F0Fu;
    x = (x | (x << 2)) & 0x33333333u;
    x = (x | (x << 1)) & 0x55555555u;
    return x;
  };
  const std::uint64_t morton = spread(quantise(lat, -90, 180)) | (spread(quantise(lon, -180, 360)) << 1);
  return (morton << 32) | static_cast<std::uint64_t>(index);
}

void check_lengths(std::size_t a, std::size_t b) {
  if (a != b) throw std::invalid_argument("PlaceIndex::nearest_all: latitude and longitude spans differ in length");
  if (a > 0xFFFFFFFFu) throw std::invalid_argument("PlaceIndex::nearest_all: more than 2^32 - 1 locations");
}

}  // namespace

PlaceIndex::PlaceIndex(const Gazetteer& gazetteer, std::uint64_t min_population)
    : min_population_(min_population) {
  for (PlaceId p = 0; p < gazetteer.size(); ++p) {
    if (gazetteer.population(p) < min_population) continue;
    const detect::UnitVector& v = gazetteer.point(p);
    entries_.push_back({{v.x, v.y, v.z}, p, gazetteer.population(p)});
  }
  axis_.assign(entries_.size(), 0);
  max_pop_.assign(entries_.size(), 0);
  build(0, entries_.size());
}

void PlaceIndex::build(std::size_t lo, std::size_t hi) {
  if (hi - lo <= kLeaf) return;
  // Split along the widest extent: on a sphere the cycle x, y, z would split
  // thin continental strips across their short side.
  double lower[3] = {kInfinity, kInfinity, kInfinity};
  double upper[3] = {-kInfinity, -kInfinity, -kInfinity};
  std::uint64_t max_pop = 0;
  for (std::size_t i = lo; i < hi; ++i) {
    for (int a = 0; a < 3; ++a) {
      lower[a] = std::min(lower[a], entries_[i].xyz[a]);
      upper[a] = std::max(upper[a], entries_[i].xyz[a]);
    }
    max_pop = std::max(max_pop, entries_[i].population);
  }
  int axis = 0;
  for (int a = 1; a < 3; ++a)
    if (upper[a] - lower[a] > upper[axis] - lower[axis]) axis = a;
  const std::size_t m = median(lo, hi);
  std::nth_element(entries_.begin() + static_cast<std::ptrdiff_t>(lo), entries_.begin() + static_cast<std::ptrdiff_t>(m),
                   entries_.begin() + static_cast<std::ptrdiff_t>(hi),
                   [axis](const Entry& a, const Entry& b) { return a.xyz[axis] < b.xyz[axis]; });
  axis_[m] = static_cast<std::uint8_t>(axis);
  max_pop_[m] = max_pop;
  build(lo, m);
  build(m + 1, hi);
}

void PlaceIndex::consider(std::uint32_t e, const double q[3], std::uint64_t min_population, Best& best) const {
  const Entry& entry = entries_[e];
  if (entry.population < min_population) return;
  const double d = detect::chord2(q[0], q[1], q[2], entry.xyz[0], entry.xyz[1], entry.xyz[2]);
  if (d < best.chord2 || (d == best.chord2 && (best.entry == kNone || entry.place < entries_[best.entry].place))) {
    best.chord2 = d;
    best.entry = e;
  }
}

void PlaceIndex::search_nearest(std::size_t lo, std::size_t hi, const double q[3], std::uint64_t min_population,
                                Best& best) const {
  if (hi - lo <= kLeaf) {
    for (std::size_t i = lo; i < hi; ++i) consider(static_cast<std::uint32_t>(i), q, min_population, best);
    return;
  }
  const std::size_t m = median(lo, hi);
  if (max_pop_[m] < min_population) return;
  consider(static_cast<std::uint32_t>(m), q, min_population, best);
  const int axis = axis_[m];
  const double diff = q[axis] - entries_[m].xyz[axis];
  // Near side first, so that the far side is usually pruned. "<=" keeps
  // places exactly as far as the best in play, for the PlaceId tie-break.
  if (diff < 0) {
    search_nearest(lo, m, q, min_population, best);
    if (diff * diff <= best.chord2) search_nearest(m + 1, hi, q, min_population, best);
  } else {
    search_nearest(m + 1, hi, q, min_population, best);
    if (diff * diff <= best.chord2) search_nearest(lo, m, q, min_population, best);
  }
}

void PlaceIndex::search_within(std::size_t lo, std::size_t hi, const double q[3], double radius2,
                               std::uint64_t min_population, std::vector<std::uint32_t>& out) const {
  const auto test = [&](std::size_t i) {
    const Entry& e = entries_[i];
    if (e.population >= min_population &&
        detect::chord2(q[0], q[1], q[2], e.xyz[0], e.xyz[1], e.xyz[2]) <= radius2)
      out.push_back(static_cast<std::uint32_t>(i));
  };
  if (hi - lo <= kLeaf) {
    for (std::size_t i = lo; i < hi; ++i) test(i);
    return;
  }
  const std::size_t m = median(lo, hi);
  if (max_pop_[m] < min_population) return;
  test(m);
  const int axis = axis_[m];
  const double diff = q[axis] - entries_[m].xyz[axis];
  if (diff <= 0 || diff * diff <= radius2) search_within(lo, m, q, radius2, min_population, out);
  if (diff >= 0 || diff * diff <= radius2) search_within(m + 1, hi, q, radius2, min_population, out);
}

PlaceId PlaceIndex::nearest(const detect::UnitVector& p, std::uint64_t min_population) const {
  const double q[3] = {p.x, p.y, p.z};
  Best best{kInfinity, kNone};
  search_nearest(0, entries_.size(), q, std::max(min_population, min_population_), best);
  return best.entry == kNone ? kNoPlace : entries_[best.entry].place;
}

PlaceId PlaceIndex::nearest(double lat, double lon, std::uint64_t min_population) const {
  return nearest(detect::unit_vector(lat, lon), min_population);
}

std::vector<PlaceId> PlaceIndex::within(double lat, double lon, double radius_km,
                                        std::uint64_t min_population) const {
  if (!std::isfinite(radius_km) || radius_km < 0)
    throw std::invalid_argument("PlaceIndex::within: radius_km must be finite and >= 0");
  const detect::UnitVector p = detect::unit_vector(lat, lon);
  const double q[3] = {p.x, p.y, p.z};
  const double radius2 = detect::ChordRadius::from_km(radius_km).chord2();
  std::vector<std::uint32_t> found;
  search_within(0, entries_.size(), q, radius2, std::max(min_population, min_population_), found);

  std::vector<std::pair<double, PlaceId>> ordered;
  ordered.reserve(found.size());
  for (const std::uint32_t e : found) {
    const Entry& entry = entries_[e];
    ordered.emplace_back(detect::chord2(q[0], q[1], q[2], entry.xyz[0], entry.xyz[1], entry.xyz[2]), entry.place);
  }
  std::sort(ordered.begin(), ordered.end());
  std::vector<PlaceId> places;
  places.reserve(ordered.size());
  for (const auto& [d, place] : ordered) places.push_back(place);
  return places;
}

std::vector<PlaceId> PlaceIndex::nearest_all_points(const std::vector<detect::UnitVector>& points,
                                                    const std::vector<std::uint64_t>& order_keys) const {
  std::vector<PlaceId> result(points.size(), kNoPlace);
  if (entries_.empty()) return result;
  std::uint32_t previous = kNone;
  for (const std::uint64_t key : order_keys) {
    const auto i = static_cast<std::size_t>(key & 0xFFFFFFFFu);
    const double q[3] = {points[i].x, points[i].y, points[i].z};
    // The previous answer is a place, so its distance bounds the nearest's:
    // the search starts with most of the tree already out of reach.
    Best best{kInfinity, kNone};
    if (previous != kNone) {
      const Entry& e = entries_[previous];
      best = {detect::chord2(q[0], q[1], q[2], e.xyz[0], e.xyz[1], e.xyz[2]), previous};
    }
    search_nearest(0, entries_.size(), q, min_population_, best);
    previous = best.entry;
    result[i] = entries_[best.entry].place;
  }
  return result;
}

std::vector<PlaceId> PlaceIndex::nearest_all(std::span<const double> lat, std::span<const double> lon) const {
  check_lengths(lat.size(), lon.size());
  std::vector<detect::UnitVector> points(lat.size());
  std::vector<std::uint64_t> keys(lat.size());
  for (std::size_t i = 0; i < lat.size(); ++i) {
    points[i] = detect::unit_vector(lat[i], lon[i]);
    keys[i] = spatial_key(lat[i], lon[i], i);
  }
  std::sort(keys.begin(), keys.end());
  return nearest_all_points(points, keys);
}

std::vector<PlaceId> PlaceIndex::nearest_all_e7(std::span<const std::int32_t> lat_e7,
                                                std::span<const std::int32_t> lon_e7) const {
  check_lengths(lat_e7.size(), lon_e7.size());
  std::vector<detect::UnitVector> points(lat_e7.size());
  std::vector<std::uint64_t> keys(lat_e7.size());
  for (std::size_t i = 0; i < lat_e7.size(); ++i) {
    const double lat = lat_e7[i] / 1e7;
    const double lon = lon_e7[i] / 1e7;
    points[i] = detect::unit_vector(lat, lon);
    keys[i] = spatial_key(lat, lon, i);
  }
  std::sort(keys.begin(), keys.end());
  return nearest_all_points(points, keys);
}

}  // namespace innocluster::geo
