#include "core/weight.h"

#include <charconv>
#include <cmath>

namespace innocluster {

double to_double(FixedWeight w) {
  return std::ldexp(static_cast<double>(w), -kWeightFractionBits);
}

std::string format_weight(FixedWeight w) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, to_double(w), std::chars_format::fixed, 9);
  std::string text(buf, res.ptr);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

}  // namespace innocluster
