#pragma once
// Small text helpers shared by every reader of user-written values (CSV
// cells, command-line arguments), so that all of them accept the same
// spellings.

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

/// `v` rounded half away from zero to `decimals` places, so that text and
/// binary outputs of the same figure agree to the digit.
double round_to(double v, int decimals);

/// `v` rounded to `decimals` places, written in the shortest form that reads
/// back to the rounded double ("9.87", "12", "0.000123"): the one way every
/// table writes a derived figure such as a share, score or intensity.
std::string format_rounded(double v, int decimals);

}  // namespace innocluster
