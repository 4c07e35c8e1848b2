#pragma once
// Cluster footprints with their attributes as GIS layers: GeoJSON (RFC 7946)
// and GeoPackage, written through GDAL/OGR.
//
// The caller hands over a plain FeatureTable (our own types only): a layer
// name, typed attribute columns, one row of values per feature and one
// geometry per feature as ISO WKB in longitude/latitude on WGS 84. Both
// writers produce the same layer: same fields in the same order, same
// features in the same order. Geometry types: in the GeoPackage every
// geometry is a MultiPolygon (a Polygon is promoted), since a GeoPackage layer
// has one geometry type; in GeoJSON, which has no layer type, GDAL's RFC 7946
// writer gives a footprint of one part as a Polygon and one of several parts
// as a MultiPolygon.
//
// Determinism:
//  - GeoJSON: the same table gives byte-identical files. Coordinates are
//    written with 6 decimals (about 0.1 m); a real attribute with 15
//    significant digits when they read back as the same double, else with 17
//    (every value reads back exactly); no bounding boxes, no timestamps. RFC
//    7946 also has GDAL orient rings counter-clockwise and split a polygon
//    that crosses the antimeridian.
//  - GeoPackage: an SQLite database. GDAL stamps the layer's last_change with
//    the current time; it is fixed here (OGR_CURRENT_DATE, 2000-01-01), and
//    with it the same table gives byte-identical files with GDAL 3.6 (checked
//    by the tests). Another GDAL or SQLite version may lay out the file
//    differently: compare GeoPackages by content (ogrinfo), not by hash.
//
// Both writers are atomic: the layer is written to a temporary sibling
// ("<name>.tmp-<pid>.<ext>") that is renamed over `path` only when GDAL has
// closed it without error; on failure the temporary is removed and `path` is
// left as it was. Errors throw innocluster::Error(kCannotCreate) naming `path`
// and GDAL's reason. A table that breaks its own invariants (a row of the
// wrong length, a value of the wrong type, WKB that is not a polygon) is a
// program error: Error(kFailure).

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace innocluster {

enum class FieldType { kInteger, kReal, kString };

struct FeatureField {
  std::string name;
  FieldType type;
};

/// One attribute value: null, or the value of its field's type (an integer
/// field holds std::int64_t, a real field double, a string field UTF-8 text).
/// A non-finite double (NaN, ±inf) is written as null: neither JSON nor most
/// GIS tools can hold it.
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

struct FeatureTable {
  std::string layer;                 ///< layer name, e.g. "clusters"
  std::vector<FeatureField> fields;  ///< attribute columns, in output order
  /// One row per feature, one value per field in field order.
  std::vector<std::vector<FieldValue>> rows;
  /// One per feature: ISO WKB of a Polygon or MultiPolygon, x = longitude and
  /// y = latitude in degrees on WGS 84 (EPSG:4326); empty = no geometry.
  std::vector<std::vector<unsigned char>> geometry_wkb;
};

/// Writes `table` as an RFC 7946 GeoJSON FeatureCollection (lon, lat order;
/// the layer name as the collection's "name"; null values as JSON null).
void write_geojson(const std::filesystem::path& path, const FeatureTable& table);

/// Writes `table` as a GeoPackage holding one layer (table.layer) in EPSG:4326,
/// with a spatial index. An existing file at `path` is replaced, not appended to.
void write_geopackage(const std::filesystem::path& path, const FeatureTable& table);

}  // namespace innocluster
