#include "geo/geos.h"

#include <dlfcn.h>

#include <fmt/format.h>

#include "core/error.h"

#ifndef INNOCLUSTER_GEOS_C_LIBRARY
#error "INNOCLUSTER_GEOS_C_LIBRARY (the file name of GEOS's C library) is set by CMakeLists.txt"
#endif

namespace innocluster::geos {
namespace {

Api load() {
  constexpr const char* kLibrary = INNOCLUSTER_GEOS_C_LIBRARY;
  // The handle is kept for the life of the process.
  void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw Error(ExitCode::kFailure,
                fmt::format("cannot load {} (GEOS), which draws cluster footprints and maps: {}; install "
                            "libgeos-dev (scripts/setup.sh does)",
                            kLibrary, why ? why : "unknown reason"));
  }
  Api api;
  std::string missing;
  // Each pointer takes the type geos_c.h declares for its function.
#define INNOCLUSTER_GEOS_LOOKUP(name)                                           \
  api.name = reinterpret_cast<decltype(api.name)>(dlsym(handle, #name));        \
  if (!api.name) missing += (missing.empty() ? "" : ", ") + std::string(#name);
  INNOCLUSTER_GEOS_FUNCTIONS(INNOCLUSTER_GEOS_LOOKUP)
#undef INNOCLUSTER_GEOS_LOOKUP
  if (!missing.empty())
    throw Error(ExitCode::kFailure, fmt::format("{} (GEOS) lacks {}; innocluster was built with GEOS {}",
                                                kLibrary, missing, GEOS_VERSION));
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
