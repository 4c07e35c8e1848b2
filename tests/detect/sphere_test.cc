// Unit vectors and the chord test of detect/sphere.h.

#include "detect/sphere.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace innocluster::detect {
namespace {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  const double r = std::numbers::pi / 180;
  const double h = std::pow(std::sin((lat2 - lat1) * r / 2), 2) +
                   std::cos(lat1 * r) * std::cos(lat2 * r) * std::pow(std::sin((lon2 - lon1) * r / 2), 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

TEST(Sphere, UnitVectorsAreUnitAndSeamless) {
  for (double lat = -90; lat <= 90; lat += 7.5) {
    for (double lon = -180; lon <= 180; lon += 15) {
      const UnitVector v = unit_vector(lat, lon);
      EXPECT_NEAR(v.x * v.x + v.y * v.y + v.z * v.z, 1.0, 4e-16);
    }
  }
  // The antimeridian and the poles are no seam.
  EXPECT_LT(chord2(unit_vector(12.5, 180), unit_vector(12.5, -180)), 1e-30);
  EXPECT_LT(chord2(unit_vector(90, 0), unit_vector(90, 137)), 1e-30);
  EXPECT_LT(chord2(unit_vector(-90, -180), unit_vector(-90, 45)), 1e-30);
}

// (Not near antipodes, where a chord barely changes with the angle; see sphere.h.)
TEST(Sphere, ChordTestAgreesWithHaversineAwayFromTheBoundary) {
  const double pairs[][4] = {{48.85, 2.35, 51.51, -0.13},  {0, 179.9, 0, -179.9}, {89.9, 0, 89.9, 180},
                             {-33.9, 151.2, 35.7, 139.7}, {10, 20, 10.1, 20},    {0, 0, 0, 170}};
  for (const auto& p : pairs) {
    const double d = great_circle_km(p[0], p[1], p[2], p[3]);
    const double c2 = chord2(unit_vector(p[0], p[1]), unit_vector(p[2], p[3]));
    EXPECT_TRUE(ChordRadius::from_km(d * (1 + 1e-9)).contains(c2)) << d;
    EXPECT_FALSE(ChordRadius::from_km(d * (1 - 1e-9)).contains(c2)) << d;
  }
}

TEST(Sphere, RadiiBeyondTheAntipodeContainEverything) {
  const ChordRadius all = ChordRadius::from_km(30000);
  EXPECT_NEAR(all.chord2(), 4.0, 1e-15);
  EXPECT_TRUE(all.contains(chord2(unit_vector(0, 0), unit_vector(0, 180))));
  EXPECT_TRUE(ChordRadius::from_km(1).contains(0.0));
}

}  // namespace
}  // namespace innocluster::detect
