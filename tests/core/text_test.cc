#include "core/text.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include <fast_float/fast_float.h>

namespace innocluster {
namespace {

// fast_float's reading of the whole text, or nullopt.
std::optional<double> fast_float_value(const std::string& text) {
  double v = 0;
  const auto res = fast_float::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v); }

TEST(PlainDecimal, ReadsThePlainForm) {
  EXPECT_EQ(parse_plain_decimal("12.5"), 12.5);
  EXPECT_EQ(parse_plain_decimal("-0.25"), -0.25);
  EXPECT_EQ(parse_plain_decimal("007.50"), 7.5);
  EXPECT_EQ(parse_plain_decimal("48.8566"), 48.8566);
  EXPECT_EQ(parse_plain_decimal("-179.999999"), -179.999999);
  EXPECT_EQ(parse_plain_decimal("1000000"), 1e6);
  EXPECT_EQ(bits(*parse_plain_decimal("-0")), bits(-0.0));
  EXPECT_EQ(bits(*parse_plain_decimal("0.0")), bits(0.0));
  EXPECT_EQ(parse_plain_decimal("9007199254740992"), 9007199254740992.0);  // 2^53
  EXPECT_EQ(parse_plain_decimal("0.000000000000000001"), 1e-18);            // 19 digits
}

TEST(PlainDecimal, LeavesEveryOtherFormToTheGeneralParser) {
  for (const char* text : {"", "-", ".5", "5.", "+1", " 1", "1 ", "1e5", "1E5", "1.2.3", "--1", "-.5", "inf", "nan",
                           "0x10", "1,5", "9007199254740993", "12345678901234567890", "1.000000000000000000"}) {
    EXPECT_EQ(parse_plain_decimal(text), std::nullopt) << text;
  }
  // parse_decimal still reads those that are numbers.
  EXPECT_EQ(parse_decimal(" +1.5e1 "), 15.0);
  EXPECT_EQ(parse_decimal("9007199254740993"), 9007199254740992.0);
  EXPECT_EQ(parse_decimal("1.000000000000000000"), 1.0);
}

// Plain numbers of every length and point position, and their variants.
RC_GTEST_PROP(PlainDecimal, GivesTheSameDoubleAsFastFloat, ()) {
  const auto digits = *rc::gen::inRange(1, 21);
  std::string text = *rc::gen::element<std::string>("", "-");
  std::string mantissa;
  for (int i = 0; i < digits; ++i) mantissa += static_cast<char>('0' + *rc::gen::inRange(0, 10));
  const auto point = *rc::gen::inRange(0, digits + 1);  // digits before the point; digits = none
  text += mantissa.substr(0, static_cast<std::size_t>(point));
  if (point < digits) text += "." + mantissa.substr(static_cast<std::size_t>(point));
  text += *rc::gen::element<std::string>("", "", "", "e3", " ");
  const std::optional<double> want = fast_float_value(text);
  const std::optional<double> plain = parse_plain_decimal(text);
  if (plain) {
    RC_ASSERT(want.has_value());
    RC_ASSERT(bits(*plain) == bits(*want));
  }
  // parse_decimal() also allows spaces around the number.
  const std::optional<double> general = parse_decimal(text);
  const std::optional<double> want_trimmed = fast_float_value(std::string(trim(text)));
  RC_ASSERT(general.has_value() == want_trimmed.has_value());
  if (general) RC_ASSERT(bits(*general) == bits(*want_trimmed));
}

}  // namespace
}  // namespace innocluster
