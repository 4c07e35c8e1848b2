#pragma once
// Reading back a GIS layer written by io/gis_writer.h (GeoJSON or
// GeoPackage): the inverse of write_geojson / write_geopackage, into the same
// plain FeatureTable, so that later commands (compare, sensitivity) can read
// a run's clusters with their footprints.

#include <filesystem>

#include "io/gis_writer.h"

namespace innocluster {

/// Reads the first layer of `path` (any vector format GDAL opens; in practice
/// clusters.geojson or clusters.gpkg): its fields in order (integer fields of
/// any width as kInteger, reals as kReal, everything else as kString), one row
/// per feature in file order, null cells as std::monostate, and each geometry
/// as ISO WKB (empty for a null geometry). Throws Error(kNoInput) when the
/// file does not exist or GDAL cannot open it, Error(kDataError) naming the
/// file when it holds no layer.
FeatureTable read_feature_table(const std::filesystem::path& path);

}  // namespace innocluster
