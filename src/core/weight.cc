#include "core/weight.h"

#include <charconv>
#include <cmath>

namespace innocluster {

FixedWeight to_fixed_weight(double w) {
  return static_cast<FixedWeight>(std::llround(std::ldexp(w, kWeightFractionBits)));
}

double to_double(FixedWeight w) {
  return std::ldexp(static_cast<double>(w), -kWeightFractionBits);
}

std::string format_weight(FixedWeight w) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, to_double(w));
  return std::string(buf, res.ptr);
}

}  // namespace innocluster
