#include "geo/geos.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/shared_library.h"

#if !defined(INNOCLUSTER_GEOS_C_SONAME) || !defined(INNOCLUSTER_GEOS_C_PATH)
#error "INNOCLUSTER_GEOS_C_SONAME and INNOCLUSTER_GEOS_C_PATH (GEOS's C library) are set by CMakeLists.txt"
#endif

namespace innocluster::geos {
namespace {

// Where GEOS's C library is looked for, in order: $INNOCLUSTER_GEOS_C_LIBRARY
// (a file path) alone when set; else its name as the loader finds it, then
// the file the build found.
std::vector<std::string> candidates() {
  return library_candidates("INNOCLUSTER_GEOS_C_LIBRARY", {INNOCLUSTER_GEOS_C_SONAME, INNOCLUSTER_GEOS_C_PATH});
}

Api load() {
  Api api;
  load_function_table(
      candidates(),
      [&](void* handle, std::string& missing) {
        // Each pointer takes the type geos_c.h declares for its function.
#define INNOCLUSTER_GEOS_LOOKUP(name) \
  api.name = reinterpret_cast<decltype(api.name)>(find_symbol(handle, #name, missing));
        INNOCLUSTER_GEOS_FUNCTIONS(INNOCLUSTER_GEOS_LOOKUP)
#undef INNOCLUSTER_GEOS_LOOKUP
      },
      "GEOS " GEOS_VERSION,
      "cannot load GEOS's C library, which draws cluster footprints and maps; install libgeos-c1v5 "
      "(scripts/setup.sh does), or set INNOCLUSTER_GEOS_C_LIBRARY to its path.");
  return api;
}

}  // namespace

const Api& api() {
  static const Api functions = load();
  return functions;
}

void on_geos_error(const char* message, void* userdata) {
  static_cast<Context*>(userdata)->last_error_ = message ? message : "";
}

Context::Context() : handle_(api().GEOS_init_r()) {
  api().GEOSContext_setErrorMessageHandler_r(handle_, on_geos_error, this);
}

Context::~Context() { api().GEOS_finish_r(handle_); }

GEOSGeometry* Context::check(GEOSGeometry* g, const char* what) const {
  if (!g) throw Error(ExitCode::kFailure, std::string("GEOS failed to ") + what + ": " + last_error_);
  return g;
}

std::vector<unsigned char> to_wkb(const Context& ctx, const GEOSGeometry* g) {
  const Api& geos = api();
  GEOSWKBWriter* writer = geos.GEOSWKBWriter_create_r(ctx.handle());
  geos.GEOSWKBWriter_setOutputDimension_r(ctx.handle(), writer, 2);
  geos.GEOSWKBWriter_setByteOrder_r(ctx.handle(), writer, GEOS_WKB_NDR);
  std::size_t size = 0;
  unsigned char* bytes = geos.GEOSWKBWriter_write_r(ctx.handle(), writer, g, &size);
  geos.GEOSWKBWriter_destroy_r(ctx.handle(), writer);
  if (!bytes) throw Error(ExitCode::kFailure, "GEOS failed to write WKB");
  std::vector<unsigned char> out(bytes, bytes + size);
  geos.GEOSFree_r(ctx.handle(), bytes);
  return out;
}

Geometry from_wkb(const Context& ctx, const std::vector<unsigned char>& wkb) {
  const Api& geos = api();
  GEOSWKBReader* reader = geos.GEOSWKBReader_create_r(ctx.handle());
  GEOSGeometry* g = geos.GEOSWKBReader_read_r(ctx.handle(), reader, wkb.data(), wkb.size());
  geos.GEOSWKBReader_destroy_r(ctx.handle(), reader);
  return own(ctx, g, "read WKB");
}

}  // namespace innocluster::geos
