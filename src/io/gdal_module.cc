// The library's side of io/gdal_module.h: finding and loading the module, and
// the public GIS functions as calls into it.

#include "io/gdal_module.h"

#include <dlfcn.h>

#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "core/error.h"
#include "core/shared_library.h"
#include "innocluster/paths.h"
#include "io/gis_reader.h"

namespace innocluster {
namespace gdal {
namespace {

std::vector<std::string> candidates() {
  std::vector<std::string> beside_or_built;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) beside_or_built.push_back((exe.parent_path() / kModuleFile).string());
  beside_or_built.push_back((std::filesystem::path(kBuildDir) / kModuleFile).string());
  return library_candidates("INNOCLUSTER_GDAL_MODULE", std::move(beside_or_built));
}

const ModuleFunctions& load() {
  using Entry = const ModuleFunctions* (*)();
  Entry entry = nullptr;
  load_shared_library(
      candidates(),
      [&](void* handle) {
        entry = reinterpret_cast<Entry>(dlsym(handle, "innocluster_gdal_module"));
        return std::string(entry ? "" : "not an innocluster GDAL module");
      },
      fmt::format("cannot load {}, which reads and writes GIS files through GDAL; rebuild with scripts/build.sh "
                  "(or set INNOCLUSTER_GDAL_MODULE to its path).",
                  kModuleFile));
  return *entry();
}

}  // namespace

const ModuleFunctions& module() {
  static const ModuleFunctions& functions = load();
  return functions;
}

}  // namespace gdal

void write_geojson(const std::filesystem::path& path, const FeatureTable& table) {
  gdal::module().write_geojson(path, table);
}

void write_geopackage(const std::filesystem::path& path, const FeatureTable& table) {
  gdal::module().write_geopackage(path, table);
}

FeatureTable read_feature_table(const std::filesystem::path& path) { return gdal::module().read_feature_table(path); }

namespace geo {

void PopulationRaster::Close::operator()(Impl* raster) const {
  if (raster) gdal::module().close_raster(raster);
}

PopulationRaster::PopulationRaster(Impl* impl) : impl_(impl) {}
PopulationRaster::PopulationRaster(PopulationRaster&&) noexcept = default;
PopulationRaster& PopulationRaster::operator=(PopulationRaster&&) noexcept = default;
PopulationRaster::~PopulationRaster() = default;

PopulationRaster PopulationRaster::open(const std::string& path) {
  return PopulationRaster(gdal::module().open_raster(path));
}

double PopulationRaster::sum_within(const std::vector<unsigned char>& polygon_wkb) const {
  return gdal::module().raster_sum_within(*impl_, polygon_wkb);
}

std::string PopulationRaster::description() const { return gdal::module().raster_description(*impl_); }

}  // namespace geo
}  // namespace innocluster
