#include "geo/equal_earth.h"

#include <cmath>
#include <numbers>

namespace innocluster::geo {
namespace {
constexpr double kA1 = 1.340264, kA2 = -0.081106, kA3 = 0.000893, kA4 = 0.003796;
}  // namespace

PlanePoint equal_earth(double lat_deg, double lon_deg) {
  constexpr double kDeg = std::numbers::pi / 180.0;
  const double m = std::sqrt(3.0) / 2.0;
  const double theta = std::asin(m * std::sin(lat_deg * kDeg));
  const double t2 = theta * theta, t6 = t2 * t2 * t2;
  const double x = 2.0 * std::sqrt(3.0) * lon_deg * kDeg * std::cos(theta) /
                   (3.0 * (9.0 * kA4 * t6 * t2 + 7.0 * kA3 * t6 + 3.0 * kA2 * t2 + kA1));
  const double y = theta * (kA1 + t2 * (kA2 + t2 * t2 * (kA3 + kA4 * t2)));
  return {x, y};
}

}  // namespace innocluster::geo
