// The library's side of io/gdal_module.h: finding and loading the module, and
// the public GIS functions as calls into it.

#include "io/gdal_module.h"

#include <dlfcn.h>

#include <cstdlib>
#include <system_error>

#include <fmt/format.h>

#include "core/error.h"
#include "innocluster/paths.h"
#include "io/gis_reader.h"

namespace innocluster {
namespace gdal {
namespace {

std::vector<std::filesystem::path> candidates() {
  if (const char* path = std::getenv("INNOCLUSTER_GDAL_MODULE"); path && *path) return {path};
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back(exe.parent_path() / kModuleFile);
  out.push_back(std::filesystem::path(kBuildDir) / kModuleFile);
  return out;
}

const ModuleFunctions& load() {
  std::string tried;
  for (const std::filesystem::path& path : candidates()) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      tried += fmt::format("\n  {}: no such file", path.string());
      continue;
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = dlerror();
      tried += fmt::format("\n  {}: {}", path.string(), why ? why : "cannot be loaded");
      continue;
    }
    // The handle is kept for the life of the process.
    using Entry = const ModuleFunctions* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "innocluster_gdal_module"));
    if (!entry) {
      tried += fmt::format("\n  {}: not an innocluster GDAL module", path.string());
      dlclose(handle);
      continue;
    }
    return *entry();
  }
  throw Error(ExitCode::kFailure,
              fmt::format("cannot load {}, which reads and writes GIS files through GDAL; rebuild with "
                          "scripts/build.sh (or set INNOCLUSTER_GDAL_MODULE to its path). Looked at:{}",
                          kModuleFile, tried));
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
