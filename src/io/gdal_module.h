#pragma once
// GDAL behind a module loaded on first use.
//
// Everything that reads or writes a file through GDAL (the GeoJSON and
// GeoPackage layers of io/gis_writer.h and io/gis_reader.h, the population
// rasters of geo/population_raster.h) is built into its own shared module,
// libinnocluster_gdal.so, which the library loads with dlopen the first time
// one of those functions is called. GDAL pulls in about a hundred shared
// libraries and binds all their symbols at load time: linked into the
// executable, that cost about 30 ms at every start of every command, whether
// or not it touched a GIS file (`innocluster detect`, `--help`, ...).
//
// The public functions (write_geojson() and the rest) are defined in the
// library as calls through module(); their implementations live in the
// module under the names below and are reached only through the table the
// module returns. The module is built with hidden visibility, exporting only
// innocluster_gdal_module(); it uses the library's own functions (errors,
// GEOS helpers) from the executable that loads it, which must export them:
// executables that may write GIS files link the library through
// innocluster_link_with_module() in CMakeLists.txt (the whole library,
// symbols exported); in any other, loading the module fails with an
// undefined symbol, reported as the error of module().
//
// Where the module is looked for, in order: $INNOCLUSTER_GDAL_MODULE (a file
// path), the directory of the running executable, the build directory.

#include <filesystem>
#include <string>
#include <vector>

#include "geo/population_raster.h"
#include "io/gis_writer.h"

namespace innocluster::gdal {

/// The module's functions (see io/gis_writer.h, io/gis_reader.h and
/// geo/population_raster.h for their contracts).
struct ModuleFunctions {
  void (*write_geojson)(const std::filesystem::path& path, const FeatureTable& table);
  void (*write_geopackage)(const std::filesystem::path& path, const FeatureTable& table);
  FeatureTable (*read_feature_table)(const std::filesystem::path& path);
  geo::PopulationRaster::Impl* (*open_raster)(const std::string& path);
  void (*close_raster)(geo::PopulationRaster::Impl* raster);
  double (*raster_sum_within)(const geo::PopulationRaster::Impl& raster, const std::vector<unsigned char>& wkb);
  std::string (*raster_description)(const geo::PopulationRaster::Impl& raster);
};

/// The module's file name.
inline constexpr const char* kModuleFile = "libinnocluster_gdal.so";

/// Loads the module once (thread-safe) and returns its functions. Throws
/// Error(kFailure) naming the places it looked and the loader's reason when
/// the module cannot be loaded.
const ModuleFunctions& module();

// The implementations, defined in the module.
void module_write_geojson(const std::filesystem::path& path, const FeatureTable& table);
void module_write_geopackage(const std::filesystem::path& path, const FeatureTable& table);
FeatureTable module_read_feature_table(const std::filesystem::path& path);
geo::PopulationRaster::Impl* module_open_raster(const std::string& path);
void module_close_raster(geo::PopulationRaster::Impl* raster);
double module_raster_sum_within(const geo::PopulationRaster::Impl& raster, const std::vector<unsigned char>& wkb);
std::string module_raster_description(const geo::PopulationRaster::Impl& raster);

}  // namespace innocluster::gdal

/// The module's one exported symbol: its table of functions.
extern "C" __attribute__((visibility("default"))) const innocluster::gdal::ModuleFunctions* innocluster_gdal_module();
