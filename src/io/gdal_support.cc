#include "io/gdal_support.h"

#include "io/gdal_module.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"

namespace innocluster::gdal {

void record_gdal_error(int error_class, int /*error_number*/, const char* message) {
  auto* scope = static_cast<ErrorScope*>(CPLGetErrorHandlerUserData());
  if (!scope || error_class < CE_Failure) return;  // debug output and warnings stay silent
  scope->failed_ = true;
  scope->last_failure_ = message ? message : "";
}

namespace {

void CPL_STDCALL gdal_error_handler(CPLErr error_class, CPLErrorNum error_number, const char* message) {
  record_gdal_error(static_cast<int>(error_class), static_cast<int>(error_number), message);
}

}  // namespace

void ensure_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    ErrorScope quiet;  // a driver that cannot load must not print at startup
    GDALAllRegister();
  });
}

ErrorScope::ErrorScope() {
  CPLPushErrorHandlerEx(gdal_error_handler, this);
  CPLErrorReset();
}

ErrorScope::~ErrorScope() { CPLPopErrorHandler(); }

std::string ErrorScope::message(const std::string& fallback) const {
  if (!last_failure_.empty()) return last_failure_;
  const char* last = CPLGetLastErrorMsg();
  return last && *last ? std::string(last) : fallback;
}

ThreadConfigOption::ThreadConfigOption(const char* key, const char* value) : key_(key) {
  if (const char* previous = CPLGetThreadLocalConfigOption(key, nullptr)) {
    previous_ = previous;
    had_previous_ = true;
  }
  CPLSetThreadLocalConfigOption(key, value);
}

ThreadConfigOption::~ThreadConfigOption() {
  CPLSetThreadLocalConfigOption(key_.c_str(), had_previous_ ? previous_.c_str() : nullptr);
}

}  // namespace innocluster::gdal

// The module's entry points (io/gdal_module.h): C functions around the C++
// ones, which turn a failure into a status (no exception leaves the module).
namespace {

using namespace innocluster;

void fail(InnoclusterGdalStatus* status, ExitCode code, const char* message) {
  // (A failure is never reported as success, whatever code it came with.)
  status->code = code == ExitCode::kOk ? static_cast<int>(ExitCode::kFailure) : static_cast<int>(code);
  status->message = strdup(message);  // (null if out of memory: the caller then says so)
}

// Runs `body` for a status: its result, or R{} after a failure.
template <class R, class Body>
R guarded(InnoclusterGdalStatus* status, Body&& body) noexcept {
  *status = {0, nullptr};
  try {
    if constexpr (std::is_void_v<R>) {
      body();
      return;
    } else {
      return body();
    }
  } catch (const Error& e) {
    fail(status, e.code(), e.what());
  } catch (const std::exception& e) {
    fail(status, ExitCode::kFailure, e.what());
  } catch (...) {
    fail(status, ExitCode::kFailure, "the GDAL module failed with an unknown exception");
  }
  if constexpr (!std::is_void_v<R>) return R{};
}

// A table read from a file, with its C view.
struct ReadTable {
  FeatureTable table;
  gdal::TableView view{table};
  explicit ReadTable(FeatureTable t) : table(std::move(t)) {}
};

}  // namespace

extern "C" {

static void entry_write_geojson(const char* path, const InnoclusterGdalTable* table, InnoclusterGdalStatus* status) {
  guarded<void>(status, [&] { gdal::module_write_geojson(path, gdal::table_from_view(*table)); });
}

static void entry_write_geopackage(const char* path, const InnoclusterGdalTable* table,
                                   InnoclusterGdalStatus* status) {
  guarded<void>(status, [&] { gdal::module_write_geopackage(path, gdal::table_from_view(*table)); });
}

static void* entry_read_feature_table(const char* path, InnoclusterGdalStatus* status) {
  return guarded<void*>(status, [&] { return new ReadTable(gdal::module_read_feature_table(path)); });
}

static const InnoclusterGdalTable* entry_table_view(const void* table) {
  return static_cast<const ReadTable*>(table)->view.get();
}

static void entry_free_table(void* table) { delete static_cast<ReadTable*>(table); }

static void* entry_open_raster(const char* path, InnoclusterGdalStatus* status) {
  return guarded<void*>(status, [&] { return gdal::module_open_raster(path); });
}

static void entry_close_raster(void* raster) {
  gdal::module_close_raster(static_cast<geo::PopulationRaster::Impl*>(raster));
}

static double entry_raster_sum_within(const void* raster, const unsigned char* wkb, std::size_t wkb_size,
                                      InnoclusterGdalStatus* status) {
  return guarded<double>(status, [&] {
    return gdal::module_raster_sum_within(*static_cast<const geo::PopulationRaster::Impl*>(raster),
                                          std::vector<unsigned char>(wkb, wkb + wkb_size));
  });
}

static char* entry_raster_description(const void* raster, InnoclusterGdalStatus* status) {
  return guarded<char*>(status, [&]() -> char* {
    const std::string text =
        gdal::module_raster_description(*static_cast<const geo::PopulationRaster::Impl*>(raster));
    char* copy = strdup(text.c_str());
    if (!copy) throw std::bad_alloc();
    return copy;
  });
}

const InnoclusterGdalModule* innocluster_gdal_module() {
  static const InnoclusterGdalModule functions{innocluster::gdal::kGdalModuleVersion,
                                               entry_write_geojson,
                                               entry_write_geopackage,
                                               entry_read_feature_table,
                                               entry_table_view,
                                               entry_free_table,
                                               entry_open_raster,
                                               entry_close_raster,
                                               entry_raster_sum_within,
                                               entry_raster_description};
  return &functions;
}

}  // extern "C"
