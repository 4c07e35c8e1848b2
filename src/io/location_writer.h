#pragma once
// Writes weighted locations as CSV `lat,lon,weight` (docs/formats.md).

#include <filesystem>
#include <string>

#include "aggregate/locations.h"

namespace innocluster {

/// Exact decimal text of a coordinate in 1e-7 degree with `decimals` decimals
/// (the coordinate must lie on that grid): (-356895000, 3) -> "-35.690".
std::string format_coordinate(std::int32_t coord_e7, int decimals);

/// Writes one row per location, in location order, atomically.
void write_locations_csv(const std::filesystem::path& path, const WeightedLocations& locations);

}  // namespace innocluster
