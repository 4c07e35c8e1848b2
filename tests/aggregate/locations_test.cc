#include "aggregate/locations.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "io/location_writer.h"

namespace innocluster {
namespace {

ContributionTable table_of(const std::vector<std::pair<double, double>>& points) {
  ContributionTable t;
  for (auto [lat, lon] : points) {
    t.document.push_back(t.documents.intern("d"));
    t.year.push_back(2021);
    t.lat_e7.push_back(static_cast<std::int32_t>(std::llround(lat * kCoordScale)));
    t.lon_e7.push_back(static_cast<std::int32_t>(std::llround(lon * kCoordScale)));
    t.field.push_back(0);
    t.org.push_back(0);
  }
  return t;
}

TEST(RoundToGrid, RoundsHalvesAwayFromZero) {
  EXPECT_EQ(round_to_grid(356895000, 3), 356900000);   // 35.6895 -> 35.690
  EXPECT_EQ(round_to_grid(356894999, 3), 356890000);
  EXPECT_EQ(round_to_grid(-356895000, 3), -356900000);
  EXPECT_EQ(round_to_grid(-356894999, 3), -356890000);
  EXPECT_EQ(round_to_grid(123, 7), 123);
  EXPECT_EQ(round_to_grid(-5000000, 0), -10000000);    // -0.5 -> -1
  EXPECT_EQ(round_to_grid(899996000, 3), 900000000);
}

TEST(CollapseLocations, SumsWeightsOfRowsOnTheSameGridPoint) {
  const ContributionTable t = table_of({{35.68951, 139.69171}, {35.6895, 139.6917}, {48.1351, 11.582},
                                        {35.69049, 139.69151}});
  const std::vector<FixedWeight> w = {kWeightOne, kWeightOne / 2, kWeightOne / 4, kWeightOne / 8};
  const WeightedLocations loc = collapse_locations(t, w, 3);
  ASSERT_EQ(loc.size(), 2u);
  EXPECT_EQ(loc.lat_e7[0], 356900000);
  EXPECT_EQ(loc.lon_e7[0], 1396920000);
  EXPECT_EQ(loc.weight[0], kWeightOne + kWeightOne / 2 + kWeightOne / 8);
  EXPECT_EQ(loc.weight[1], kWeightOne / 4);
  EXPECT_EQ(loc.row_location, (std::vector<std::uint32_t>{0, 0, 1, 0}));
}

TEST(CollapseLocations, AntimeridianAndPolesAreOnePlace) {
  const ContributionTable t = table_of({{-18.0, 180.0}, {-18.0, -180.0}, {90.0, 12.0}, {90.0, -170.0},
                                        {-90.0, 0.0}, {-90.0, 45.0}, {-18.0, -179.9999}});
  const std::vector<FixedWeight> w(t.rows(), kWeightOne);
  const WeightedLocations loc = collapse_locations(t, w, 3);
  ASSERT_EQ(loc.size(), 3u);
  EXPECT_EQ(loc.lon_e7[0], 1800000000);
  EXPECT_EQ(loc.weight[0], 3 * kWeightOne);  // -179.9999 rounds to -180.000 = 180
  EXPECT_EQ(loc.lon_e7[1], 0);
  EXPECT_EQ(loc.weight[1], 2 * kWeightOne);
  EXPECT_EQ(loc.lat_e7[2], -900000000);
  EXPECT_EQ(loc.weight[2], 2 * kWeightOne);
}

TEST(FormatCoordinate, PrintsTheGridDecimalsExactly) {
  EXPECT_EQ(format_coordinate(-356900000, 3), "-35.690");
  EXPECT_EQ(format_coordinate(1800000000, 3), "180.000");
  EXPECT_EQ(format_coordinate(5000, 4), "0.0005");
  EXPECT_EQ(format_coordinate(-5000, 7), "-0.0005000");
  EXPECT_EQ(format_coordinate(-10000000, 0), "-1");
  EXPECT_EQ(format_coordinate(0, 2), "0.00");
}

RC_GTEST_PROP(CollapseLocations, PreservesTotalWeightAndMapsEveryRow, ()) {
  const int decimals = *rc::gen::inRange(0, 8);
  const auto n = *rc::gen::inRange<std::size_t>(0, 300);
  ContributionTable t;
  std::vector<FixedWeight> w;
  for (std::size_t i = 0; i < n; ++i) {
    t.document.push_back(0);
    t.year.push_back(2021);
    t.lat_e7.push_back(*rc::gen::inRange(-900000000, 900000001));
    t.lon_e7.push_back(*rc::gen::inRange(-1800000000, 1800000001));
    t.field.push_back(0);
    t.org.push_back(0);
    w.push_back(*rc::gen::inRange<FixedWeight>(0, 1000 * kWeightOne));
  }
  const WeightedLocations loc = collapse_locations(t, w, decimals);
  FixedWeight in = 0, out = 0;
  for (FixedWeight x : w) in += x;
  for (FixedWeight x : loc.weight) out += x;
  RC_ASSERT(in == out);
  std::map<std::pair<std::int32_t, std::int32_t>, std::uint32_t> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t l = loc.row_location[i];
    RC_ASSERT(l < loc.size());
    RC_ASSERT(std::abs(static_cast<std::int64_t>(loc.lat_e7[l]) - round_to_grid(t.lat_e7[i], decimals)) == 0);
    seen.emplace(std::pair{loc.lat_e7[l], loc.lon_e7[l]}, l);
  }
  RC_ASSERT(seen.size() == loc.size());  // distinct grid points, one location each
}

}  // namespace
}  // namespace innocluster
