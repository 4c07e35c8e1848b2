#include "assemble/footprint.h"

#include <gtest/gtest.h>

#include <cmath>

#include "geo/geos.h"

namespace innocluster {
namespace {

// Reads a footprint back and asks GEOS about it.
struct Shape {
  geos::Context ctx;
  geos::Geometry g;
  explicit Shape(const Footprint& f) : g(geos::from_wkb(ctx, f.wkb)) {}
  bool valid() const { return geos::api().GEOSisValid_r(ctx.handle(), g.get()) == 1; }
  int type() const { return geos::api().GEOSGeomTypeId_r(ctx.handle(), g.get()); }
  bool empty() const { return geos::api().GEOSisEmpty_r(ctx.handle(), g.get()) == 1; }
  bool contains(GeoPoint p) const {
    geos::Geometry pt = geos::own(ctx, geos::api().GEOSGeom_createPointFromXY_r(ctx.handle(), p.lon, p.lat), "point");
    return geos::api().GEOSContains_r(ctx.handle(), g.get(), pt.get()) == 1;
  }
  bool overlaps(const Shape& other) const {
    geos::Geometry inter = geos::own(ctx, geos::api().GEOSIntersection_r(ctx.handle(), g.get(), other.g.get()), "intersect");
    double area = 0;
    geos::api().GEOSArea_r(ctx.handle(), inter.get(), &area);
    return area > 0;
  }
};

std::vector<GeoPoint> around(GeoPoint c, int n, double spread_deg) {
  std::vector<GeoPoint> out;
  for (int i = 0; i < n; ++i)
    out.push_back({c.lat + spread_deg * ((i * 7) % 11 - 5) / 5.0, c.lon + spread_deg * ((i * 3) % 13 - 6) / 6.0});
  return out;
}

TEST(Footprints, AreValidMultipolygonsHoldingEveryMember) {
  const std::vector<std::vector<GeoPoint>> members = {
      around({48.1374, 11.5755}, 300, 0.004),      // one small city
      around({35.0, 135.5}, 500, 0.4),             // a wide region
      {{-18.0, 179.99}, {-18.0, -179.99}},         // across the antimeridian
      {{89.99, 0.0}, {89.99, 120.0}}};             // near the pole
  FootprintOptions options;
  const std::vector<Footprint> fps = build_footprints(members, options);
  ASSERT_EQ(fps.size(), members.size());
  for (std::size_t c = 0; c < fps.size(); ++c) {
    SCOPED_TRACE(c);
    Shape s(fps[c]);
    EXPECT_TRUE(s.valid());
    EXPECT_FALSE(s.empty());
    EXPECT_EQ(s.type(), GEOS_MULTIPOLYGON);
    EXPECT_GT(fps[c].area_km2, 0);
    if (c >= 2) continue;  // lon/lat containment is not meaningful across the antimeridian or at a pole
    for (const GeoPoint& p : members[c]) {
      EXPECT_TRUE(s.contains(p)) << p.lat << "," << p.lon;
    }
  }
  // One member alone: a disc of about pi r^2 drawn with 0.5 km cells.
  const auto single = build_footprints({{{10.0, 10.0}}}, options);
  EXPECT_NEAR(single[0].area_km2, 3.141592653589793 * options.buffer_km * options.buffer_km, 3.0);
}

TEST(Footprints, ClustersFiveKilometresApartDoNotOverlap) {
  // Two members 5.1 km apart along a parallel (0.0459 degrees of latitude).
  FootprintOptions options;
  options.buffer_km = footprint_buffer_km(5.0);
  const auto fps = build_footprints({{{20.0, 30.0}}, {{20.0459, 30.0}}}, options);
  Shape a(fps[0]), b(fps[1]);
  EXPECT_FALSE(a.overlaps(b));
  EXPECT_TRUE(a.contains({20.0, 30.0}));
  EXPECT_TRUE(b.contains({20.0459, 30.0}));
}

}  // namespace
}  // namespace innocluster
