#pragma once
// Collapsing rows into weighted locations.
//
// Real contribution data repeats coordinates (city centroids, institution
// addresses), so the clustering cost should follow distinct places, not rows.
// Each accepted row's coordinates are rounded to the methodology's grid
// (`decimals` decimals of a degree, halves away from zero); rows that land on
// the same grid point become one location carrying the sum of their weights.
// Points that are the same place on the sphere are made the same key: the
// longitude -180 becomes 180, and every longitude at a pole becomes 0.
//
// Locations are numbered in order of first appearance in the rows, so the
// same rows always give the same numbering. Cost: O(rows) expected time; 4
// bytes per row for the row -> location map, 16 per distinct location.

#include <cstdint>
#include <span>
#include <vector>

#include "core/contribution.h"
#include "detect/dbscan.h"

namespace innocluster {

struct WeightedLocations {
  int decimals = 3;                  ///< the grid the coordinates were rounded to
  std::vector<std::int32_t> lat_e7;  ///< degrees × 1e7, on the grid
  std::vector<std::int32_t> lon_e7;
  std::vector<FixedWeight> weight;   ///< sum of the weights of the rows at the location
  std::vector<std::uint32_t> row_location;  ///< for each row of the table, its location

  std::size_t size() const { return weight.size(); }
};

/// Degrees of a coordinate in 1e-7 degree.
inline double degrees(std::int32_t coord_e7) { return static_cast<double>(coord_e7) / 1e7; }

/// The locations as input points of the detection engine (degrees, weight).
std::vector<detect::WeightedPoint> detection_points(const WeightedLocations& locations);

/// Rounds a coordinate (degrees × 1e7) to `decimals` decimals of a degree.
std::int32_t round_to_grid(std::int32_t coord_e7, int decimals);

/// Collapses the rows of `table`, weighed by `row_weight`, into locations.
WeightedLocations collapse_locations(const ContributionTable& table,
                                     std::span<const FixedWeight> row_weight, int decimals);

}  // namespace innocluster
