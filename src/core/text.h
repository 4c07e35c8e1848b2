#pragma once
// Small text helpers shared by every reader of user-written values (CSV
// cells, command-line arguments), so that all of them accept the same
// spellings.

#include <optional>
#include <string_view>

namespace innocluster {

/// `s` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view s);

/// A whole cell as a finite decimal number: surrounding spaces and tabs and a
/// leading '+' are allowed, exponents too ("1.5e6"); nothing else may follow.
/// nullopt for empty text, text that is not a number, NaN and infinities.
/// Parsed with fast_float (exact, locale-independent).
std::optional<double> parse_decimal(std::string_view text);

}  // namespace innocluster
