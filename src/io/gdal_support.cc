#include "io/gdal_support.h"

#include "io/gdal_module.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include <mutex>

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

// The module's table (io/gdal_module.h).
extern "C" const innocluster::gdal::ModuleFunctions* innocluster_gdal_module() {
  using namespace innocluster::gdal;
  static const ModuleFunctions functions{module_write_geojson,     module_write_geopackage,
                                         module_read_feature_table, module_open_raster,
                                         module_close_raster,       module_raster_sum_within,
                                         module_raster_description};
  return &functions;
}
