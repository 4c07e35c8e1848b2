#include "core/weight.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

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

// The inline conversion against its definition: the nearest unit, halves
// away from zero (std::llround of w * 2^32).
RC_GTEST_PROP(FixedWeight, ConvertsAsLlroundOfTheScaledWeight, ()) {
  const double w = *rc::gen::oneOf(
      rc::gen::map(rc::gen::inRange<std::int64_t>(0, std::int64_t{1000000} << 20),
                   [](std::int64_t k) { return static_cast<double>(k) / 1048576.0; }),
      rc::gen::map(rc::gen::inRange<std::int64_t>(0, std::int64_t{1} << 40),  // exact half units
                   [](std::int64_t k) { return (static_cast<double>(k) + 0.5) / static_cast<double>(kWeightOne); }),
      rc::gen::map(rc::gen::inRange(0, 1000000000),
                   [](int k) { return static_cast<double>(k) / 1000.0 + 1.0 / 3.0; }));
  RC_ASSERT(to_fixed_weight(w) == static_cast<FixedWeight>(std::llround(std::ldexp(w, kWeightFractionBits))));
}

TEST(FixedWeight, SaturatesThresholdsBeyondEveryTotal) {
  constexpr FixedWeight kLargest = std::numeric_limits<FixedWeight>::max();
  EXPECT_EQ(to_fixed_weight(kMaxTotalWeight), static_cast<FixedWeight>(kMaxTotalWeight) * kWeightOne);
  EXPECT_EQ(to_fixed_weight(2147483648.0), kLargest);  // 2^31 units: 2^63
  EXPECT_EQ(to_fixed_weight(kMaxTotalWeight * 1.2), kLargest);
  EXPECT_EQ(to_fixed_weight(std::numeric_limits<double>::infinity()), kLargest);
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
