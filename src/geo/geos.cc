#include "geo/geos.h"


#include "core/error.h"

namespace innocluster::geos {

void on_geos_error(const char* message, void* userdata) {
  static_cast<Context*>(userdata)->last_error_ = message ? message : "";
}

Context::Context() : handle_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(handle_, on_geos_error, this);
}

Context::~Context() { GEOS_finish_r(handle_); }

GEOSGeometry* Context::check(GEOSGeometry* g, const char* what) const {
  if (!g) throw Error(ExitCode::kFailure, std::string("GEOS failed to ") + what + ": " + last_error_);
  return g;
}

std::vector<unsigned char> to_wkb(const Context& ctx, const GEOSGeometry* g) {
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx.handle());
  GEOSWKBWriter_setOutputDimension_r(ctx.handle(), writer, 2);
  GEOSWKBWriter_setByteOrder_r(ctx.handle(), writer, GEOS_WKB_NDR);
  std::size_t size = 0;
  unsigned char* bytes = GEOSWKBWriter_write_r(ctx.handle(), writer, g, &size);
  GEOSWKBWriter_destroy_r(ctx.handle(), writer);
  if (!bytes) throw Error(ExitCode::kFailure, "GEOS failed to write WKB");
  std::vector<unsigned char> out(bytes, bytes + size);
  GEOSFree_r(ctx.handle(), bytes);
  return out;
}

Geometry from_wkb(const Context& ctx, const std::vector<unsigned char>& wkb) {
  GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx.handle());
  GEOSGeometry* g = GEOSWKBReader_read_r(ctx.handle(), reader, wkb.data(), wkb.size());
  GEOSWKBReader_destroy_r(ctx.handle(), reader);
  return own(ctx, g, "read WKB");
}

}  // namespace innocluster::geos
