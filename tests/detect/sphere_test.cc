// Unit vectors and the chord test of detect/sphere.h.

#include "detect/sphere.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numbers>
#include <random>
#include <string_view>
#include <vector>

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

// Each coordinate within 2.2e-16 of the exact value (long double reference).
TEST(Sphere, UnitVectorsAreAccurate) {
  std::mt19937_64 rng(20261128);
  std::uniform_real_distribution<double> lat_of(-90, 90), lon_of(-180, 180);
  constexpr long double kPi = 3.14159265358979323846264338327950288L;
  double worst = 0;
  for (int i = 0; i < 200000; ++i) {
    double lat = lat_of(rng), lon = lon_of(rng);
    if (i % 5 == 0) lat = std::round(lat * 1e4) / 1e4;  // geocoded coordinates
    if (i % 7 == 0) lon = std::round(lon);
    const UnitVector v = unit_vector(lat, lon);
    const long double phi = lat * (kPi / 180), lambda = lon * (kPi / 180);
    const long double exact[3] = {std::cos(phi) * std::cos(lambda), std::cos(phi) * std::sin(lambda), std::sin(phi)};
    const double got[3] = {v.x, v.y, v.z};
    for (int d = 0; d < 3; ++d) worst = std::max(worst, static_cast<double>(std::fabs(got[d] - exact[d])));
  }
  EXPECT_LE(worst, 2.2e-16);
}

TEST(Sphere, QuarterTurnsAreExact) {
  double s = 1, c = 1;
  for (const double deg : {-360.0, -180.0, 0.0, 180.0, 360.0}) {
    sin_cos_deg(deg, s, c);
    EXPECT_EQ(s, 0.0) << deg;
    EXPECT_EQ(std::fabs(c), 1.0) << deg;
  }
  for (const double deg : {-270.0, -90.0, 90.0, 270.0}) {
    sin_cos_deg(deg, s, c);
    EXPECT_EQ(std::fabs(s), 1.0) << deg;
    EXPECT_EQ(c, 0.0) << deg;
  }
  sin_cos_deg(30, s, c);
  EXPECT_DOUBLE_EQ(s, 0.5);
  EXPECT_EQ(unit_vector(90, 77).z, 1.0);
  EXPECT_EQ(unit_vector(0, 90).x, 0.0);
}

// The batch conversion gives the same bits as one point at a time.
TEST(Sphere, BatchUnitVectorsMatchOneByOne) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat_of(-90, 90), lon_of(-180, 180);
  const std::size_t n = 1001;
  std::vector<double> lat(n), lon(n), x(n), y(n), z(n);
  for (std::size_t i = 0; i < n; ++i) {
    lat[i] = lat_of(rng);
    lon[i] = lon_of(rng);
  }
  lat[0] = 90;
  lon[1] = -180;
  unit_vectors(lat.data(), lon.data(), n, x.data(), y.data(), z.data());
  for (std::size_t i = 0; i < n; ++i) {
    const UnitVector v = unit_vector(lat[i], lon[i]);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(v.x), std::bit_cast<std::uint64_t>(x[i])) << i;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(v.y), std::bit_cast<std::uint64_t>(y[i])) << i;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(v.z), std::bit_cast<std::uint64_t>(z[i])) << i;
  }
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

TEST(Sphere, VectorVersionIsTheCompilersChoice) {
  // The C library's record of the processor, read by vector_isa(), against
  // GCC's own test (CPUID), which target_clones used to choose with. (Not
  // when GLIBC_TUNABLES may mask features: the record honours the mask, GCC
  // does not.)
  if (std::getenv("GLIBC_TUNABLES") != nullptr) GTEST_SKIP() << "GLIBC_TUNABLES is set";
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  const VectorIsa expected = __builtin_cpu_supports("x86-64-v4") ? VectorIsa::kX86_64_v4
                             : __builtin_cpu_supports("avx2")    ? VectorIsa::kAvx2
                                                                 : VectorIsa::kBaseline;
  EXPECT_EQ(static_cast<int>(vector_isa()), static_cast<int>(expected));
#endif
}

TEST(Sphere, VectorVersionHonoursMaskedFeatures) {
  // Run by the tests of the engine's other versions (tests/CMakeLists.txt),
  // which mask processor features with GLIBC_TUNABLES: the version in use is
  // at most the one they ask for (the one asked for, where the processor has
  // it).
  const char* expected = std::getenv("INNOCLUSTER_EXPECT_VECTOR_VERSION");
  if (expected == nullptr) GTEST_SKIP() << "INNOCLUSTER_EXPECT_VECTOR_VERSION is not set";
  const std::string_view want(expected);
  ASSERT_TRUE(want == "avx2" || want == "baseline") << want;
  if (want == "baseline") {
    EXPECT_EQ(static_cast<int>(vector_isa()), static_cast<int>(VectorIsa::kBaseline));
  } else {
    EXPECT_NE(static_cast<int>(vector_isa()), static_cast<int>(VectorIsa::kX86_64_v4));
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) {
      EXPECT_EQ(static_cast<int>(vector_isa()), static_cast<int>(VectorIsa::kAvx2));
    }
#endif
  }
}

}  // namespace
}  // namespace innocluster::detect
