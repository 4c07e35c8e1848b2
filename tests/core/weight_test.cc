#include "core/weight.h"

#include <gtest/gtest.h>

namespace innocluster {
namespace {

TEST(FixedWeight, ConvertsWholeAndBinaryFractionsExactly) {
  EXPECT_EQ(to_fixed_weight(1.0), kWeightOne);
  EXPECT_EQ(to_fixed_weight(0.5), kWeightOne / 2);
  EXPECT_EQ(to_fixed_weight(4500.0), 4500 * kWeightOne);
  EXPECT_EQ(to_fixed_weight(0.0), 0);
  EXPECT_EQ(to_double(3 * kWeightOne / 4), 0.75);
}

TEST(FixedWeight, RoundsToNearestUnit) {
  // 1/3 = 1431655765.33… units
  EXPECT_EQ(to_fixed_weight(1.0 / 3.0), 1431655765);
  EXPECT_EQ(to_fixed_weight(2.0 / 3.0), 2863311531);
}

TEST(FixedWeight, FormatsNineDecimalsWithoutTrailingZeros) {
  EXPECT_EQ(format_weight(to_fixed_weight(0.2)), "0.2");
  EXPECT_EQ(format_weight(1431655765), "0.333333333");
  EXPECT_EQ(format_weight(to_fixed_weight(1234567.5)), "1234567.5");
  EXPECT_EQ(format_weight(kWeightOne), "1");
  EXPECT_EQ(format_weight(4500 * kWeightOne), "4500");
  EXPECT_EQ(format_weight(kWeightOne / 4), "0.25");
  EXPECT_EQ(format_weight(0), "0");
}

}  // namespace
}  // namespace innocluster
