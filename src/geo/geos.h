#pragma once
// A thin RAII layer over GEOS's reentrant C API (geos_c.h), for the .cc files
// that build or test polygons. Each GeosContext is one GEOS handle: use one per
// thread. GEOS errors become innocluster::Error (kFailure) with GEOS's message.
//
// GEOS is loaded on first use (dlopen), not linked: linked, it cost 0.8 ms
// at every start of every command (GEOS is a C++ library whose symbols are
// bound at load time), 30% of `innocluster detect`'s start-up, which never
// draws a polygon. Its functions are called through api(), a table of the
// functions listed in INNOCLUSTER_GEOS_FUNCTIONS, each with the type
// geos_c.h declares for it. The library is looked for by its name
// (libgeos_c.so.1, as the loader finds it), then as the file the build
// found; $INNOCLUSTER_GEOS_C_LIBRARY (a file path) replaces both.

#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace innocluster::geos {

/// Every GEOS function the program calls.
#define INNOCLUSTER_GEOS_FUNCTIONS(X) \
  X(GEOSArea_r) \
  X(GEOSClipByRect_r) \
  X(GEOSContains_r) \
  X(GEOSContext_setErrorMessageHandler_r) \
  X(GEOSCoordSeq_create_r) \
  X(GEOSCoordSeq_getSize_r) \
  X(GEOSCoordSeq_getXY_r) \
  X(GEOSCoordSeq_setXY_r) \
  X(GEOSDifference_r) \
  X(GEOSFree_r) \
  X(GEOSGeomTypeId_r) \
  X(GEOSGeom_clone_r) \
  X(GEOSGeom_createCollection_r) \
  X(GEOSGeom_createLineString_r) \
  X(GEOSGeom_createLinearRing_r) \
  X(GEOSGeom_createPointFromXY_r) \
  X(GEOSGeom_createPolygon_r) \
  X(GEOSGeom_destroy_r) \
  X(GEOSGeom_getCoordSeq_r) \
  X(GEOSGeom_getXMax_r) \
  X(GEOSGeom_getXMin_r) \
  X(GEOSGeom_getYMax_r) \
  X(GEOSGeom_getYMin_r) \
  X(GEOSGeom_transformXY_r) \
  X(GEOSGetExteriorRing_r) \
  X(GEOSGetGeometryN_r) \
  X(GEOSGetInteriorRingN_r) \
  X(GEOSGetNumGeometries_r) \
  X(GEOSGetNumInteriorRings_r) \
  X(GEOSIntersection_r) \
  X(GEOSMakeValid_r) \
  X(GEOSOverlaps_r) \
  X(GEOSPolygonize_valid_r) \
  X(GEOSPrepare_r) \
  X(GEOSPreparedContains_r) \
  X(GEOSPreparedGeom_destroy_r) \
  X(GEOSPreparedIntersects_r) \
  X(GEOSTopologyPreserveSimplify_r) \
  X(GEOSWKBReader_create_r) \
  X(GEOSWKBReader_destroy_r) \
  X(GEOSWKBReader_read_r) \
  X(GEOSWKBWriter_create_r) \
  X(GEOSWKBWriter_destroy_r) \
  X(GEOSWKBWriter_setByteOrder_r) \
  X(GEOSWKBWriter_setOutputDimension_r) \
  X(GEOSWKBWriter_write_r) \
  X(GEOS_finish_r) \
  X(GEOS_init_r) \
  X(GEOSisEmpty_r) \
  X(GEOSisValid_r)

/// GEOS's functions, as pointers with their declared types: api().GEOSArea_r(...)
struct Api {
#define INNOCLUSTER_GEOS_MEMBER(name) decltype(&::name) name = nullptr;
  INNOCLUSTER_GEOS_FUNCTIONS(INNOCLUSTER_GEOS_MEMBER)
#undef INNOCLUSTER_GEOS_MEMBER
};

/// Loads GEOS's C library once (thread-safe) and returns its functions.
/// Throws Error(kFailure) naming the library and the loader's reason when it
/// cannot be loaded or lacks one of them.
const Api& api();

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
    if (g) api().GEOSGeom_destroy_r(handle, g);
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
