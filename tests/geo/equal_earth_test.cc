// The Equal Earth projection against the published figures: the map's aspect
// ratio from Šavrič, Patterson & Jenny (2018), and the map extent of the
// projection on WGS 84's authalic sphere as PROJ (and cartopy's tests) give it.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "geo/equal_earth.h"

namespace innocluster::geo {
namespace {

// WGS 84's authalic radius (the sphere of equal area), metres. At the equator
// and at the poles the authalic latitude equals the geodetic one, so PROJ's
// ellipsoidal Equal Earth meets the spherical one there.
constexpr double kAuthalicRadius = 6371007.180918475;

TEST(EqualEarth, ExtentMatchesPublishedValues) {
  const PlanePoint east = equal_earth(0, 180);
  const PlanePoint north = equal_earth(90, 0);
  EXPECT_NEAR(east.x * kAuthalicRadius, 17243959.0622169, 1e-6);  // PROJ +proj=eqearth +ellps=WGS84
  EXPECT_NEAR(north.y * kAuthalicRadius, 8392927.59846646, 1e-6);
  EXPECT_DOUBLE_EQ(east.x, kEqualEarthHalfWidth);
  EXPECT_DOUBLE_EQ(north.y, kEqualEarthHalfHeight);
  EXPECT_NEAR(east.x / north.y, 2.05458, 5e-6);  // the paper's width : height
}

TEST(EqualEarth, OriginSymmetryAndPoleLine) {
  EXPECT_EQ(equal_earth(0, 0).x, 0);
  EXPECT_EQ(equal_earth(0, 0).y, 0);
  for (double lat : {-75.0, -30.0, 12.5, 51.5, 89.0}) {
    for (double lon : {-170.0, -3.0, 139.7}) {
      const PlanePoint p = equal_earth(lat, lon), q = equal_earth(-lat, -lon);
      EXPECT_DOUBLE_EQ(p.x, -q.x);
      EXPECT_DOUBLE_EQ(p.y, -q.y);
      EXPECT_GT(p.y * lat, 0);  // north up
    }
  }
  // The pole is a line (pseudocylindrical with a flat pole), shorter than the equator.
  const double pole_half = equal_earth(90, 180).x;
  EXPECT_GT(pole_half, 0.5 * kEqualEarthHalfWidth);
  EXPECT_LT(pole_half, 0.6 * kEqualEarthHalfWidth);
}

// Equal area: the Jacobian ∂x/∂λ · ∂y/∂φ equals cos φ, the unit sphere's area
// element, at every latitude (x is linear in λ, y depends on φ only).
TEST(EqualEarth, PreservesArea) {
  constexpr double kDeg = std::numbers::pi / 180;
  const double h = 1e-4;  // degrees
  for (double lat = -85; lat <= 85; lat += 5) {
    const double dx_dlambda = equal_earth(lat, 1).x / (1 * kDeg);
    const double dy_dphi = (equal_earth(lat + h, 0).y - equal_earth(lat - h, 0).y) / (2 * h * kDeg);
    EXPECT_NEAR(dx_dlambda * dy_dphi, std::cos(lat * kDeg), 2e-8) << "lat " << lat;
  }
}

}  // namespace
}  // namespace innocluster::geo
