#include "core/text.h"

#include <cmath>
#include <system_error>

#include <fast_float/fast_float.h>
#include <fmt/format.h>

namespace innocluster {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_decimal(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  if (const std::optional<double> plain = parse_plain_decimal(text)) return plain;
  double value = 0;
  const auto res = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

double round_to(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

std::string format_rounded(double v, int decimals) { return fmt::format("{}", round_to(v, decimals)); }

}  // namespace innocluster
