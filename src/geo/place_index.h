#pragma once
// PlaceIndex: nearest-place and radius queries over gazetteer places, exact
// on the sphere.
//
// Places are points on the unit sphere (detect/sphere.h); great-circle order
// is the order of squared chord length, so every decision below is made by
// detect::chord2() on unit vectors: no trigonometry per candidate, and no
// special case at the antimeridian or the poles. The structure is a 3-d k-d
// tree over the unit vectors (implicit: a permuted array, split at medians,
// buckets of up to 8 places at the leaves). A k-d tree adapts to the very
// uneven density of places (cities1000 has a place every few km in Europe and
// none for 1000 km in the Sahara), where a fixed grid would be either too
// coarse in one or mostly empty in the other. Pruning a subtree by the
// distance to its splitting plane is exact in floating point: a point on the
// far side differs from the query by at least as much in that coordinate, and
// chord2() (a sum of squares, rounded monotonically) is at least the square of
// that difference, so no place nearer than, or as near as, the best so far is
// ever pruned.
//
// Ties: of places at the same chord2() from a query, the smallest PlaceId
// (first in the gazetteer file) is the nearest. Results therefore depend only
// on the gazetteer and the query, never on the tree's shape.
//
// Each subtree records its largest population, so a query may ask for a
// stricter population floor than the index was built with, at the price of
// visiting more of the tree when few places qualify.
//
// Costs (cities1000, 130k places): build O(n log n), ~20 ms; one nearest()
// a few hundred nanoseconds; nearest_all() about 0.3 us a location on one core.
// The index copies what it needs: the gazetteer may be destroyed afterwards.

#include <cstdint>
#include <span>
#include <vector>

#include "detect/sphere.h"
#include "geo/gazetteer.h"

namespace innocluster::geo {

class PlaceIndex {
 public:
  /// Indexes the places of `gazetteer` whose population is >= min_population.
  explicit PlaceIndex(const Gazetteer& gazetteer, std::uint64_t min_population = 0);

  /// Number of places indexed.
  std::size_t size() const { return entries_.size(); }
  std::uint64_t min_population() const { return min_population_; }

  /// The nearest indexed place with population >= min_population (the
  /// index's own floor applies too), or kNoPlace when there is none.
  /// `lat` in [-90, 90], `lon` in degrees (any value; it wraps).
  PlaceId nearest(double lat, double lon, std::uint64_t min_population = 0) const;
  PlaceId nearest(const detect::UnitVector& p, std::uint64_t min_population = 0) const;

  /// The indexed places with population >= min_population whose great-circle
  /// distance from (lat, lon) is <= radius_km (boundary inclusive, decided by
  /// chord2 against detect::ChordRadius::from_km(radius_km)), nearest first,
  /// ties by PlaceId. Throws std::invalid_argument unless radius_km is finite
  /// and >= 0. Cost: O(sqrt(n) + k) typical for k results.
  std::vector<PlaceId> within(double lat, double lon, double radius_km, std::uint64_t min_population = 0) const;

  /// nearest() for many locations at once, with the index's population floor:
  /// result[i] is the nearest place to (lat[i], lon[i]) (kNoPlace when the
  /// index is empty). Locations are visited in a spatial order, each search
  /// starting from the previous location's answer as an upper bound, which
  /// makes clustered data (most of it) cheap. Spans must have equal lengths
  /// (else std::invalid_argument). One thread; O(m log m + m log n) for m
  /// locations. The _e7 form takes degrees x 1e7, as WeightedLocations holds.
  std::vector<PlaceId> nearest_all(std::span<const double> lat, std::span<const double> lon) const;
  std::vector<PlaceId> nearest_all_e7(std::span<const std::int32_t> lat_e7,
                                      std::span<const std::int32_t> lon_e7) const;

 private:
  struct Entry {
    double xyz[3];
    PlaceId place;
    std::uint64_t population;
  };
  struct Best {
    double chord2;
    std::uint32_t entry;  // position in entries_, or kNone
  };
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  void build(std::size_t lo, std::size_t hi);
  void search_nearest(std::size_t lo, std::size_t hi, const double q[3], std::uint64_t min_population,
                      Best& best) const;
  void search_within(std::size_t lo, std::size_t hi, const double q[3], double radius2,
                     std::uint64_t min_population, std::vector<std::uint32_t>& out) const;
  void consider(std::uint32_t e, const double q[3], std::uint64_t min_population, Best& best) const;
  std::vector<PlaceId> nearest_all_points(const std::vector<detect::UnitVector>& points,
                                          const std::vector<std::uint64_t>& order_keys) const;

  std::uint64_t min_population_ = 0;
  std::vector<Entry> entries_;          // k-d order
  std::vector<std::uint8_t> axis_;      // split axis of the internal node whose median is at i
  std::vector<std::uint64_t> max_pop_;  // largest population in that node's subtree
};

}  // namespace innocluster::geo
