#pragma once
// Cluster footprints: the area a cluster covers, as a polygon.
//
// A footprint is the set of points within about `buffer_km` of the cluster's
// member locations, drawn as the union of the cells of a square grid of side
// `cell_km` whose centre is within `buffer_km` of the centre of a member's
// cell (so the reach is buffer_km give or take half a cell diagonal), simplified to
// within `simplify_km`. The grid lies in a local equidistant plane around the
// cluster (x = R·Δλ·cos φ0, y = R·Δφ, with Δλ taken across the antimeridian
// when shorter); the footprint is returned in longitude/latitude. Over a
// cluster's extent (at most a few hundred km) the plane distorts lengths by
// well under 1%.
//
// Guarantees: every footprint is a valid (Multi)Polygon containing all of its
// cluster's member locations (each lies in its own cell), and no two
// footprints overlap: with buffer_km below half the merge distance, cells of
// different clusters can only meet within a cell's width of the middle, and
// whatever overlaps (there, or after simplification) is cut from the later
// cluster (in cluster order). Longitudes of a footprint that straddles
// the antimeridian may run past ±180 (continuous around its centre).
//
// Cost: per cluster O(m (buffer/cell)^2) cell marks for m member locations,
// then a linear-time union of the cells and one simplification.

#include <cstdint>
#include <vector>

namespace innocluster {

struct GeoPoint {
  double lat = 0, lon = 0;  ///< degrees
};

struct FootprintOptions {
  double buffer_km = 2.25;   ///< reach around each member location
  double cell_km = 0.5;      ///< grid cell side
  double simplify_km = 0.5;  ///< simplification tolerance (smooths the cells' staircase)
};

struct Footprint {
  std::vector<unsigned char> wkb;  ///< ISO WKB MultiPolygon, lon/lat (EPSG:4326)
  double area_km2 = 0;             ///< area in the local plane
};

/// The buffer radius that keeps footprints of clusters `merge_km` apart from
/// touching: 0.45 × merge_km, at least 0.5 km.
double footprint_buffer_km(double merge_km);

/// One footprint per cluster, from each cluster's member locations (each list
/// non-empty). Throws Error(kFailure) if GEOS fails.
std::vector<Footprint> build_footprints(const std::vector<std::vector<GeoPoint>>& members,
                                        const FootprintOptions& options);

}  // namespace innocluster
