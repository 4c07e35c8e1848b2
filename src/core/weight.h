#pragma once
// Fixed-point weights.
//
// Fractional counts (1/3, 1/7, …) summed in floating point depend on the order
// of summation, and so on thread count, exactly where it matters: at the
// min_weight threshold. innocluster therefore carries every weight as a signed
// 64-bit integer in units of 2^-32 (about 2.3e-10). Integer sums are exact and
// order-free; a source's total weight is bounded by kMaxTotalWeight so that no
// partial sum can overflow.
//
// A document with k rows gives each row floor(2^32 / k) units and hands the
// remainder (2^32 mod k units) out one unit at a time to its first rows in
// input order, so every document sums to exactly one (see aggregate/weigh.h).

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace innocluster {

using FixedWeight = std::int64_t;

inline constexpr int kWeightFractionBits = 32;
inline constexpr FixedWeight kWeightOne = FixedWeight{1} << kWeightFractionBits;

/// The largest weight one row may carry, and the largest total of a source.
/// 2^31 in whole units keeps every sum below 2^63.
inline constexpr double kMaxRowWeight = 1e6;
inline constexpr double kMaxTotalWeight = 2147483647.0;

/// Nearest fixed-point value of a finite w >= 0 (halves away from zero, as
/// std::llround), saturated at the largest FixedWeight: row weights are at
/// most kMaxRowWeight, and thresholds (a min_weight, possibly scaled by a
/// sensitivity range) may exceed every total, which is below that largest
/// value, so a saturated threshold is never reached, as the exact one would
/// not be. Inline and without a library call: the point readers convert a
/// weight per row.
inline FixedWeight to_fixed_weight(double w) {
  const double scaled = w * static_cast<double>(kWeightOne);  // exact: a power of two
  if (!(scaled < 9223372036854775808.0)) return std::numeric_limits<FixedWeight>::max();  // 2^63
  const double whole = std::trunc(scaled);
  const double fraction = scaled - whole;  // exact (0 from 2^52 on)
  return static_cast<FixedWeight>(whole) + (fraction >= 0.5) - (fraction <= -0.5);
}

/// The weight as a double (exact up to 2^21 whole units, then rounded).
double to_double(FixedWeight w);

/// Decimal text of the weight rounded to 9 decimals, trailing zeros removed:
/// "0.333333333", "0.2", "4500". (One unit, 2^-32, is about 2.3e-10, so nine
/// decimals show every weight to within its own resolution.)
std::string format_weight(FixedWeight w);

}  // namespace innocluster
