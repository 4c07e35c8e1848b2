#pragma once
// Small text helpers shared by every reader of user-written values (CSV
// cells, command-line arguments), so that all of them accept the same
// spellings.

#include <cfloat>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace innocluster {

/// `s` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view s);

/// A whole cell as a finite decimal number: surrounding spaces and tabs and a
/// leading '+' are allowed, exponents too ("1.5e6"); nothing else may follow.
/// nullopt for empty text, text that is not a number, NaN and infinities.
/// Parsed with fast_float (exact, locale-independent).
std::optional<double> parse_decimal(std::string_view text);

/// The plain number (as parse_plain_decimal() reads it) that starts at `p`,
/// up to `end` or the first character that cannot continue it: sets `value`
/// and returns where the number ends, or nullptr when what starts at `p` is
/// not a plain number (nothing, "-", "1.", too many digits...). So that a
/// reader can take a number and find what follows it in one pass. (Its
/// exact rounding: see parse_plain_decimal(), below.)
static_assert(FLT_EVAL_METHOD == 0, "parse_plain_decimal() needs double arithmetic in double precision");
inline const char* parse_plain_decimal_prefix(const char* p, const char* end, double& value) {
  // Powers of ten that are exact doubles.
  static constexpr double kExactPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = p != end && *p == '-';
  p += negative;
  const char* const int_start = p;
  std::uint64_t m = 0;  // wraps past 19 digits, which are refused below
  while (p != end && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
  const auto int_digits = p - int_start;
  std::ptrdiff_t frac_digits = 0;
  if (p != end && *p == '.') {
    const char* const frac_start = ++p;
    while (p != end && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
    frac_digits = p - frac_start;
    if (frac_digits == 0) return nullptr;
  }
  if (int_digits == 0 || int_digits + frac_digits > 19 || m > (std::uint64_t{1} << 53)) return nullptr;
  const double v = static_cast<double>(m) / kExactPowersOfTen[frac_digits];
  value = negative ? -v : v;
  return p;
}

/// The common plain form of a number alone: [-]digits[.digits] with at most
/// 19 digits in all whose integer m is at most 2^53 (nothing around it, no
/// '+', no exponent); nullopt for any other text, which parse_decimal()
/// still reads. The value is m / 10^k (k <= 18 digits after the point), one
/// IEEE division of two exact numbers, hence correctly rounded: the same
/// double as parse_decimal() and fast_float give. A measured hot path of the
/// point readers (with the line handling around it, detect reads 10 M rows in
/// 0.35 s instead of 0.44 s).
/// Inline (as is parse_plain_decimal_prefix(), above, which reads the
/// number), so that the divisions of the numbers of a line overlap. (Exact
/// rounding assumes double arithmetic in double precision, checked above, and
/// the default round-to-nearest mode, which nothing in the program changes.)
inline std::optional<double> parse_plain_decimal(std::string_view text) {
  const char* const end = text.data() + text.size();
  double value = 0;
  const char* const stop = parse_plain_decimal_prefix(text.data(), end, value);
  if (stop == nullptr || stop != end) return std::nullopt;
  return value;
}

/// `v` rounded half away from zero to `decimals` places, so that text and
/// binary outputs of the same figure agree to the digit.
double round_to(double v, int decimals);

/// `v` rounded to `decimals` places, written in the shortest form that reads
/// back to the rounded double ("9.87", "12", "0.000123"): the one way every
/// table writes a derived figure such as a share, score or intensity.
std::string format_rounded(double v, int decimals);

}  // namespace innocluster
