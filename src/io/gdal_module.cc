// The library's side of io/gdal_module.h: finding and loading the module, and
// the public GIS functions as calls into it.

#include "io/gdal_module.h"

#include <cstdlib>
#include <memory>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "core/error.h"
#include "core/shared_library.h"
#include "io/gis_reader.h"

namespace innocluster {
namespace gdal {
namespace {

std::vector<std::string> candidates() {
  return library_candidates("INNOCLUSTER_GDAL_MODULE", beside_executable_or_built(kModuleFile));
}

const InnoclusterGdalModule& load() {
  using Entry = const InnoclusterGdalModule* (*)();
  Entry entry = nullptr;
  load_shared_library(
      candidates(),
      [&](void* handle) {
        std::string missing;
        entry = reinterpret_cast<Entry>(find_symbol(handle, "innocluster_gdal_module", missing));
        if (!entry) return std::string("not an innocluster GDAL module");
        if (entry()->version != kGdalModuleVersion)
          return fmt::format("a GDAL module of another build (interface {}, this program's is {})",
                             entry()->version, kGdalModuleVersion);
        return std::string();
      },
      fmt::format("cannot load {}, which reads and writes GIS files through GDAL; rebuild with scripts/build.sh "
                  "(or set INNOCLUSTER_GDAL_MODULE to its path).",
                  kModuleFile));
  return *entry();
}

// Calls a module function with a status, then throws its failure, if any.
template <class Call>
auto checked(Call&& call) {
  InnoclusterGdalStatus status{0, nullptr};
  if constexpr (std::is_void_v<decltype(call(&status))>) {
    call(&status);
    throw_if_failed(status);
  } else {
    auto result = call(&status);
    throw_if_failed(status);
    return result;
  }
}

}  // namespace

const InnoclusterGdalModule& module() {
  static const InnoclusterGdalModule& functions = load();
  return functions;
}

}  // namespace gdal

void write_geojson(const std::filesystem::path& path, const FeatureTable& table) {
  const gdal::TableView view(table);
  gdal::checked([&](InnoclusterGdalStatus* s) { gdal::module().write_geojson(path.c_str(), view.get(), s); });
}

void write_geopackage(const std::filesystem::path& path, const FeatureTable& table) {
  const gdal::TableView view(table);
  gdal::checked([&](InnoclusterGdalStatus* s) { gdal::module().write_geopackage(path.c_str(), view.get(), s); });
}

FeatureTable read_feature_table(const std::filesystem::path& path) {
  const InnoclusterGdalModule& m = gdal::module();
  void* handle = gdal::checked([&](InnoclusterGdalStatus* s) { return m.read_feature_table(path.c_str(), s); });
  struct Free {
    const InnoclusterGdalModule& m;
    void* handle;
    ~Free() { m.free_table(handle); }
  } free_table{m, handle};
  return gdal::table_from_view(*m.table_view(handle));
}

namespace geo {

void PopulationRaster::Close::operator()(Impl* raster) const {
  if (raster) gdal::module().close_raster(raster);
}

PopulationRaster::PopulationRaster(Impl* impl) : impl_(impl) {}
PopulationRaster::PopulationRaster(PopulationRaster&&) noexcept = default;
PopulationRaster& PopulationRaster::operator=(PopulationRaster&&) noexcept = default;
PopulationRaster::~PopulationRaster() = default;

PopulationRaster PopulationRaster::open(const std::string& path) {
  void* raster = gdal::checked([&](InnoclusterGdalStatus* s) { return gdal::module().open_raster(path.c_str(), s); });
  return PopulationRaster(static_cast<Impl*>(raster));
}

double PopulationRaster::sum_within(const std::vector<unsigned char>& polygon_wkb) const {
  return gdal::checked([&](InnoclusterGdalStatus* s) {
    return gdal::module().raster_sum_within(impl_.get(), polygon_wkb.data(), polygon_wkb.size(), s);
  });
}

std::string PopulationRaster::description() const {
  const std::unique_ptr<char, decltype(&std::free)> text(
      gdal::checked([&](InnoclusterGdalStatus* s) { return gdal::module().raster_description(impl_.get(), s); }),
      &std::free);
  return std::string(text.get());
}

}  // namespace geo
}  // namespace innocluster
