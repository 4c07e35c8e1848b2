#pragma once
// Points on the Earth's sphere as unit vectors, and the one distance test that
// the detection engine uses: "is the great-circle distance between a and b at
// most eps?".
//
// UnitVector is a point of the unit sphere in Earth-centred coordinates
// (x towards lat 0 / lon 0, y towards lat 0 / lon 90E, z towards the North
// Pole). A latitude/longitude pair is converted once, with four trigonometric
// calls (unit_vector()); every later distance test is three subtractions,
// three multiplications and two additions, with no trigonometry and no
// special case at the antimeridian (lon -180 and 180 give the same vector up
// to rounding) or the poles (every longitude at lat +-90 gives the North or
// South Pole up to rounding).
//
// ChordRadius represents a great-circle radius eps as the squared length of
// the chord that subtends it on the unit sphere:
//
//     chord(eps)^2 = (2 sin(eps / 2R))^2,        R = 6371.0088 km,
//
// and a pair (a, b) is "within eps" exactly when chord2(a, b) <= that value.
// Both sides are monotone in the great-circle angle on [0, pi], so the test is
// the same as comparing distances, without computing any. Radii of half the
// circumference or more (eps >= pi R) contain the whole sphere.
//
// Exactness. The test is decided by one inline function, chord2(), evaluated
// in the same order on every code path (the build forbids FMA contraction,
// -ffp-contract=off), so a pair is never "within" on one path and "outside" on
// another. Its error against the true great-circle distance: each coordinate
// of a unit vector is within 2 ulp (2.2e-16) of the exact value for the given
// lat/lon, so a chord is within about 1e-15 of exact, i.e. 6 nanometres on the
// Earth; the distance it stands for is within 10 nanometres of exact for
// eps <= 10,000 km, growing only for nearly antipodal pairs (1 millimetre of
// error is reached only within about 40 metres of exact antipodes). A pair is
// therefore classified correctly whenever its true distance differs from eps
// by more than a micrometre; pairs closer to the boundary than that (far below
// the precision of any geocoded coordinate) may go either way, but always the
// same way. scikit-learn's haversine metric rounds differently, so the two can
// disagree only for such pairs.
//
// Use unit_vector() once per location, never in an inner loop (it calls sin
// and cos); use chord2() and ChordRadius::contains() in inner loops.

#include <algorithm>
#include <cmath>
#include <numbers>

namespace innocluster::detect {

/// The mean Earth radius (IUGG), the same as scikit-learn users conventionally
/// multiply haversine distances by.
inline constexpr double kEarthRadiusKm = 6371.0088;

struct UnitVector {
  double x = 0, y = 0, z = 0;
};

/// The unit vector of a latitude and longitude in degrees. Latitudes outside
/// [-90, 90] and longitudes outside [-180, 180] are the caller's to reject.
inline UnitVector unit_vector(double lat_deg, double lon_deg) {
  constexpr double kRadPerDeg = std::numbers::pi / 180.0;
  const double phi = lat_deg * kRadPerDeg;
  const double lambda = lon_deg * kRadPerDeg;
  const double cos_phi = std::cos(phi);
  return {cos_phi * std::cos(lambda), cos_phi * std::sin(lambda), std::sin(phi)};
}

/// Squared chord length between two unit vectors, in [0, 4] up to rounding.
/// The single formula behind every "within eps" decision.
inline double chord2(double ax, double ay, double az, double bx, double by, double bz) {
  const double dx = ax - bx;
  const double dy = ay - by;
  const double dz = az - bz;
  return dx * dx + dy * dy + dz * dz;
}

inline double chord2(const UnitVector& a, const UnitVector& b) {
  return chord2(a.x, a.y, a.z, b.x, b.y, b.z);
}

/// A great-circle radius as a squared chord on the unit sphere.
class ChordRadius {
 public:
  /// eps_km >= 0 (finite); radii of pi R or more are capped at the antipode.
  static ChordRadius from_km(double eps_km) {
    const double angle = std::min(eps_km / kEarthRadiusKm, std::numbers::pi);
    const double chord = 2.0 * std::sin(angle / 2.0);
    return ChordRadius(chord * chord);
  }

  /// The squared chord; pairs with chord2() <= this are within the radius.
  double chord2() const { return chord2_; }

  /// The chord length itself (a length on the unit sphere).
  double chord() const { return std::sqrt(chord2_); }

  bool contains(double pair_chord2) const { return pair_chord2 <= chord2_; }

 private:
  explicit ChordRadius(double c2) : chord2_(c2) {}
  double chord2_;
};

}  // namespace innocluster::detect
