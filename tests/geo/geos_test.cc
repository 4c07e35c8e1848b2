// GEOS loaded on first use (geo/geos.h): the executable starts without it, its
// functions work through api(), and a library that cannot be loaded is a clear
// error, not a crash.

#include "geo/geos.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "test_binary.h"
#include "test_support.h"

namespace innocluster {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Geos, TheExecutableDoesNotLinkGeos) {
  // ldd lists what would be loaded at start (of the build that loads
  // libraries; innocluster itself loads none: MainCli tests).
  const std::string libs = testing::libraries_loaded_at_start(kInnoclusterDynamicBinary);
  EXPECT_THAT(libs, HasSubstr("libc.so"));
  EXPECT_THAT(libs, Not(HasSubstr("libgeos")));
}

TEST(Geos, FunctionsWorkThroughTheTable) {
  const geos::Context ctx;
  const geos::Api& api = geos::api();
  const geos::Geometry point = geos::own(ctx, api.GEOSGeom_createPointFromXY_r(ctx.handle(), 2.5, -1.0), "make a point");
  EXPECT_EQ(api.GEOSGeomTypeId_r(ctx.handle(), point.get()), GEOS_POINT);
  double x = 0;
  ASSERT_EQ(api.GEOSGeom_getXMin_r(ctx.handle(), point.get(), &x), 1);
  EXPECT_EQ(x, 2.5);
  // Through WKB and back.
  const geos::Geometry back = geos::from_wkb(ctx, geos::to_wkb(ctx, point.get()));
  double y = 0;
  ASSERT_EQ(api.GEOSGeom_getYMax_r(ctx.handle(), back.get(), &y), 1);
  EXPECT_EQ(y, -1.0);
}

TEST(Geos, ALibraryThatCannotBeLoadedIsAClearError) {
  testing::TempDir dir;
  // rank draws its clusters' footprints with GEOS.
  const testing::CommandResult r =
      testing::run_rank_with_env(dir.path(), "INNOCLUSTER_GEOS_C_LIBRARY", "/nonexistent/libgeos_c.so.1");
  testing::expect_load_failure(
      r, {"cannot load GEOS's C library", "/nonexistent/libgeos_c.so.1: ", "INNOCLUSTER_GEOS_C_LIBRARY"});
}

}  // namespace
}  // namespace innocluster
