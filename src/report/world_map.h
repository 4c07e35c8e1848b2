#pragma once
// The report's world map: Natural Earth country outlines (npm world-atlas,
// TopoJSON) and cluster footprints, in the Equal Earth projection, as SVG path
// data.
//
// Map units: the projected world (geo::equal_earth) scaled to `width` units
// across, origin at the top-left corner, y down (SVG's convention):
//   X = (x + half_width) × s,  Y = (half_height − y) × s,  s = width / (2 · half_width).
// At the default width of 1000 one unit is about 40 km at the equator.
//
// Path data is quantized: every vertex is rounded to a multiple of
// 10^−decimals units; a ring starts with an absolute move and continues with
// relative lines between the rounded positions, so rounding errors do not
// accumulate; repeated vertices are dropped and a ring left with fewer than
// three distinct vertices is dropped. The text depends only on the input
// (deterministic), and holds only the characters "MLlz0123456789.- " — safe to
// embed anywhere in HTML or JSON.

#include <string>
#include <vector>

#include "geo/equal_earth.h"
#include "io/topojson.h"

namespace innocluster::report {

struct MapFrame {
  double width = 1000;

  double scale() const { return width / (2 * geo::kEqualEarthHalfWidth); }
  double height() const { return 2 * geo::kEqualEarthHalfHeight * scale(); }
  /// Map units of a longitude/latitude position.
  geo::PlanePoint project(double lat, double lon) const;
};

/// Where the outlines are read from: INNOCLUSTER_WORLD_ATLAS when set and
/// non-empty, else node_modules/world-atlas/countries-110m.json in the source
/// tree (installed by scripts/setup.sh, which runs npm ci).
std::string world_atlas_path();

/// One SVG path of every polygon of `features` (country borders shared by two
/// countries are drawn twice, as the outlines give them). A polygon whose
/// rings jump across the antimeridian (world-atlas keeps Russia, Fiji and
/// Antarctica whole) is cut there, a ring around a pole closed along it, so
/// that no edge runs across the map. Throws Error(kFailure) if GEOS fails.
std::string outline_path(const std::vector<topojson::Feature>& features, const MapFrame& frame, int decimals);

/// The SVG path of a footprint given as ISO WKB (Polygon or MultiPolygon,
/// lon/lat), or "" for an empty geometry. Throws Error(kFailure) when GEOS
/// cannot read it.
std::string footprint_path(const std::vector<unsigned char>& wkb, const MapFrame& frame, int decimals);

}  // namespace innocluster::report
