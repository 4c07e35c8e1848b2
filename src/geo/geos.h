#pragma once
// A thin RAII layer over GEOS's reentrant C API (geos_c.h), for the .cc files
// that build or test polygons. Each GeosContext is one GEOS handle: use one per
// thread. GEOS errors become innocluster::Error (kFailure) with GEOS's message.

#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace innocluster::geos {

class Context {
 public:
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  GEOSContextHandle_t handle() const { return handle_; }

  /// Throws Error(kFailure) naming `what` and GEOS's last message when `g` is null.
  GEOSGeometry* check(GEOSGeometry* g, const char* what) const;

 private:
  GEOSContextHandle_t handle_;
  std::string last_error_;
  friend void on_geos_error(const char* message, void* userdata);
};

/// Owning pointer to a GEOS geometry, destroyed with its context.
struct GeometryDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(handle, g);
  }
};
using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

inline Geometry own(const Context& ctx, GEOSGeometry* g, const char* what) {
  return Geometry(ctx.check(g, what), GeometryDeleter{ctx.handle()});
}

/// ISO WKB of a geometry (2-D, little-endian).
std::vector<unsigned char> to_wkb(const Context& ctx, const GEOSGeometry* g);

/// The geometry of ISO WKB bytes.
Geometry from_wkb(const Context& ctx, const std::vector<unsigned char>& wkb);

}  // namespace innocluster::geos
