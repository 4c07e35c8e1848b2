// Cluster names and economies: the most active places in order, joined by en
// dashes, a place joining only from `fraction` of the first's activity; places
// of one name counted once; economies by share of activity.

#include "measure/naming.h"

#include <gtest/gtest.h>

#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "geo/gazetteer.h"
#include "geo/geo_test_support.h"

namespace innocluster::measure {
namespace {

using testing::FixturePlace;
using testing::geonames_line;

// PlaceIds in file order.
enum : geo::PlaceId {
  kOsaka, kKobe, kKyoto, kShenzhen, kHongKong, kGuangzhou, kSingapore, kJohorBahru,
  kCambridgeGB, kCambridgeDistrict, kCambridgeUS, kBoston, kTwinA, kTwinB
};

const geo::Gazetteer& places() {
  static const geo::Gazetteer g = [] {
    const std::vector<FixturePlace> list = {
        {.id = 1853909, .name = "Osaka", .lat = 34.69, .lon = 135.50, .country = "JP", .population = 2592413},
        {.id = 1859171, .name = "Kobe", .lat = 34.69, .lon = 135.18, .country = "JP", .population = 1528478},
        {.id = 1857910, .name = "Kyoto", .lat = 35.02, .lon = 135.75, .country = "JP", .population = 1459640},
        {.id = 1795565, .name = "Shenzhen", .lat = 22.55, .lon = 114.07, .country = "CN", .population = 10358381},
        {.id = 1819729, .name = "Hong Kong", .lat = 22.28, .lon = 114.17, .country = "HK", .population = 7012738},
        {.id = 1809858, .name = "Guangzhou", .lat = 23.13, .lon = 113.26, .country = "CN", .population = 16096724},
        {.id = 1880252, .name = "Singapore", .lat = 1.29, .lon = 103.85, .country = "SG", .population = 5638700},
        {.id = 1732752, .name = "Johor Bahru", .lat = 1.47, .lon = 103.76, .country = "MY", .population = 802489},
        {.id = 2653941, .name = "Cambridge", .lat = 52.2, .lon = 0.12, .country = "GB", .population = 158434},
        {.id = 9000001, .name = "Cambridge", .lat = 52.21, .lon = 0.13, .country = "GB", .population = 60000},
        {.id = 4931972, .name = "Cambridge", .lat = 42.37, .lon = -71.11, .country = "US", .population = 110402},
        {.id = 4930956, .name = "Boston", .lat = 42.36, .lon = -71.06, .country = "US", .population = 667137},
        {.id = 7000002, .name = "Twin A", .lat = 0, .lon = 0, .country = "DE", .population = 100000},
        {.id = 7000001, .name = "Twin B", .lat = 0, .lon = 0, .country = "DE", .population = 100000},
    };
    std::string text;
    for (const FixturePlace& p : list) text += geonames_line(p) + "\n";
    return geo::Gazetteer::parse(text, "fixture");
  }();
  return g;
}

NamingSettings gii() { return {.fraction = 0.25, .max_places = 3, .min_population = 50000, .economy_min_share = 0.01}; }

ClusterNaming name_of(const std::vector<PlaceActivity>& activity, const NamingSettings& s = gii()) {
  return name_cluster(places(), activity, s);
}

TEST(Naming, OsakaKobeKyotoJoinedWithEnDashes) {
  const ClusterNaming n = name_of({{kKyoto, 30}, {kOsaka, 100}, {kKobe, 40}});
  EXPECT_EQ(n.name, "Osaka\u2013Kobe\u2013Kyoto");
  EXPECT_EQ(n.name, "Osaka\xE2\x80\x93Kobe\xE2\x80\x93Kyoto");
  ASSERT_EQ(n.parts.size(), 3u);
  EXPECT_EQ(n.parts[0].place, kOsaka);
  EXPECT_EQ(n.parts[0].activity, 100.0);
  EXPECT_EQ(n.parts[2].place, kKyoto);
  EXPECT_EQ(n.economies, "JP");
  EXPECT_EQ(n.total_activity, 170.0);
}

TEST(Naming, PlaceUnderTheFractionIsLeftOut) {
  EXPECT_EQ(name_of({{kOsaka, 100}, {kKobe, 25}, {kKyoto, 24.999}}).name, "Osaka\u2013Kobe")
      << "25 is exactly a quarter: it joins; 24.999 does not";
  EXPECT_EQ(name_of({{kOsaka, 100}, {kKobe, 10}, {kKyoto, 30}}).name, "Osaka\u2013Kyoto");
  EXPECT_EQ(name_of({{kOsaka, 100}, {kKobe, 10}}).name, "Osaka");
}

TEST(Naming, AtMostMaxPlaces) {
  const std::vector<PlaceActivity> four = {{kOsaka, 100}, {kKobe, 90}, {kKyoto, 80}, {kBoston, 70}};
  EXPECT_EQ(name_of(four).name, "Osaka\u2013Kobe\u2013Kyoto");
  NamingSettings one = gii();
  one.max_places = 1;
  EXPECT_EQ(name_of(four, one).name, "Osaka");
  NamingSettings all = gii();
  all.max_places = 10;
  all.fraction = 1;
  EXPECT_EQ(name_of(four, all).name, "Osaka") << "fraction 1: only places as active as the first";
}

TEST(Naming, ShenzhenHongKongGuangzhouIsCnHk) {
  const ClusterNaming n = name_of({{kGuangzhou, 50}, {kShenzhen, 100}, {kHongKong, 60}});
  EXPECT_EQ(n.name, "Shenzhen\u2013Hong Kong\u2013Guangzhou");
  EXPECT_EQ(n.economies, "CN/HK");
  ASSERT_EQ(n.economy_parts.size(), 2u);
  EXPECT_EQ(n.economy_parts[0].code, "CN");
  EXPECT_EQ(n.economy_parts[0].activity, 150.0);
  EXPECT_EQ(n.economy_parts[0].share, 150.0 / 210.0);
  EXPECT_EQ(n.economy_parts[1].code, "HK");
}

TEST(Naming, SingaporeJohorIsSgMyFromTheMinimumShare) {
  EXPECT_EQ(name_of({{kSingapore, 97}, {kJohorBahru, 3}}).economies, "SG/MY");
  EXPECT_EQ(name_of({{kSingapore, 97}, {kJohorBahru, 3}}).name, "Singapore");
  EXPECT_EQ(name_of({{kSingapore, 99.5}, {kJohorBahru, 0.5}}).economies, "SG") << "0.5% < 1%";
  NamingSettings strict = gii();
  strict.economy_min_share = 0.1;
  EXPECT_EQ(name_of({{kSingapore, 97}, {kJohorBahru, 3}}, strict).economies, "SG");
  EXPECT_EQ(name_of({{kSingapore, 90}, {kJohorBahru, 10}}, strict).economies, "SG/MY") << "exactly 10%";
  strict.economy_min_share = 1;
  EXPECT_EQ(name_of({{kSingapore, 40}, {kJohorBahru, 60}}, strict).economies, "MY") << "the first always";
}

TEST(Naming, PlacesOfOneNameCountOnce) {
  // Two "Cambridge" places (a town and a district) sum to 70 > Boston's 60.
  const ClusterNaming n = name_of({{kBoston, 60}, {kCambridgeGB, 40}, {kCambridgeDistrict, 30}});
  EXPECT_EQ(n.name, "Cambridge\u2013Boston");
  ASSERT_EQ(n.parts.size(), 2u);
  EXPECT_EQ(n.parts[0].activity, 70.0);
  EXPECT_EQ(n.parts[0].place, kCambridgeGB) << "the most populous place of the name";
  EXPECT_EQ(name_of({{kCambridgeGB, 50}, {kCambridgeUS, 50}}).name, "Cambridge") << "never Cambridge–Cambridge";
}

TEST(Naming, TiesByPopulationThenGeonameid) {
  EXPECT_EQ(name_of({{kKyoto, 50}, {kKobe, 50}, {kOsaka, 50}}).name, "Osaka\u2013Kobe\u2013Kyoto")
      << "equal activity: the most populous first";
  EXPECT_EQ(name_of({{kTwinA, 5}, {kTwinB, 5}}).name, "Twin B\u2013Twin A")
      << "equal activity and population: the smaller geonameid first";
  EXPECT_EQ(name_of({{kShenzhen, 5}, {kSingapore, 5}}).economies, "CN/SG") << "equal activity: by code";
}

TEST(Naming, RepeatedPlacesAddUpAndOrderDoesNotMatter) {
  const ClusterNaming a = name_of({{kKobe, 20}, {kOsaka, 50}, {kKobe, 20}, {kOsaka, 50}});
  const ClusterNaming b = name_of({{kOsaka, 100}, {kKobe, 40}});
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.parts[1].activity, 40.0);
}

TEST(Naming, NoActivityNoName) {
  EXPECT_EQ(name_of({}).name, "");
  EXPECT_EQ(name_of({}).economies, "");
  const ClusterNaming zero = name_of({{kOsaka, 0}});
  EXPECT_EQ(zero.name, "");
  EXPECT_TRUE(zero.parts.empty());
  EXPECT_EQ(name_of({{kOsaka, 0}, {kKobe, 1}}).name, "Kobe") << "a place without activity takes no part";
}

TEST(Naming, BadInputThrows) {
  EXPECT_THROW(name_of({{kOsaka, -1}}), std::invalid_argument);
  EXPECT_THROW(name_of({{kOsaka, std::numeric_limits<double>::quiet_NaN()}}), std::invalid_argument);
  EXPECT_THROW(name_of({{999, 1}}), std::out_of_range);
}

TEST(Naming, ActivityByPlaceSumsLocationsPerPlace) {
  const std::vector<geo::PlaceId> place = {kKobe, kOsaka, geo::kNoPlace, kKobe};
  const std::vector<double> activity = {1.5, 2, 100, 0.25};
  const std::vector<PlaceActivity> summed = activity_by_place(place, activity);
  ASSERT_EQ(summed.size(), 2u);
  EXPECT_EQ(summed[0].place, kOsaka);
  EXPECT_EQ(summed[0].activity, 2.0);
  EXPECT_EQ(summed[1].place, kKobe);
  EXPECT_EQ(summed[1].activity, 1.75);
  EXPECT_THROW(activity_by_place(place, std::span<const double>(activity).first(3)), std::invalid_argument);
}

}  // namespace
}  // namespace innocluster::measure
