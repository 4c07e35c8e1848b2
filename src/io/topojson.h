#pragma once
// TopoJSON (https://github.com/topojson/topojson-specification), as the
// Natural Earth outlines of npm's world-atlas ship it: the polygons of one
// object of a topology, decoded to longitude/latitude rings.
//
// Decoding: a quantized topology (one with a "transform") stores each arc as
// integer positions, the first absolute and each next one a delta from the
// previous; position = translate + scale × running sum. Without a transform
// arc positions are absolute. A ring lists arc indices; index i ≥ 0 is arc i
// as stored, index i < 0 is arc ~i (= −1 − i) reversed. Consecutive arcs share
// their joining position, which appears once in the decoded ring. Rings are
// returned closed (first position = last), as the arcs give them.
//
// Supported geometry types: Polygon, MultiPolygon and GeometryCollection
// (nested); a geometry of type null (no shape) decodes to no polygon; any other
// type (Point, LineString…) is an error, as outlines have none.

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace innocluster::topojson {

struct Position {
  double lon = 0, lat = 0;
  friend bool operator==(const Position&, const Position&) = default;
};
using Ring = std::vector<Position>;
/// The first ring is the exterior, the others holes.
using Polygon = std::vector<Ring>;

struct Feature {
  std::string id;    ///< the geometry's "id" (ISO 3166 numeric for world-atlas), "" when absent
  std::string name;  ///< properties.name, "" when absent
  std::vector<Polygon> polygons;
};

/// Decodes the geometries of `object_name` in `topology`, one Feature per
/// geometry of the collection (or one for a single geometry), in file order.
/// Throws Error(kDataError) naming `source` (a file name for messages) when
/// the object is missing or the topology is malformed (an arc index out of
/// range, a transform without two scales and two translates…).
std::vector<Feature> decode(const nlohmann::json& topology, const std::string& object_name,
                            const std::string& source);

/// Reads and decodes a TopoJSON file; Error(kNoInput) when it cannot be read,
/// Error(kDataError) when it is not valid JSON or not a topology.
std::vector<Feature> read_file(const std::string& path, const std::string& object_name);

}  // namespace innocluster::topojson
