#pragma once
// Points on the Earth's sphere as unit vectors, and the one distance test that
// the detection engine uses: "is the great-circle distance between a and b at
// most eps?".
//
// UnitVector is a point of the unit sphere in Earth-centred coordinates
// (x towards lat 0 / lon 0, y towards lat 0 / lon 90E, z towards the North
// Pole). A latitude/longitude pair is converted once, with two sine/cosine
// pairs of angles in degrees (unit_vector(), or unit_vectors() for many
// points at once); every later distance test is three subtractions,
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
// another; unit vectors likewise come from one function, sin_cos_deg(), whose
// scalar and vectorised uses give the same bits. Its error against the true
// great-circle distance: each coordinate of a unit vector is within 2.2e-16
// of the exact value for the given lat/lon (tests/detect/sphere_test.cc
// checks this against long-double arithmetic), so a chord is within about 1e-15 of exact, i.e. 6 nanometres on the
// Earth; the distance it stands for is within 10 nanometres of exact for
// eps <= 10,000 km, growing only for nearly antipodal pairs (1 millimetre of
// error is reached only within about 40 metres of exact antipodes). A pair is
// therefore classified correctly whenever its true distance differs from eps
// by more than a micrometre; pairs closer to the boundary than that (far below
// the precision of any geocoded coordinate) may go either way, but always the
// same way. scikit-learn's haversine metric rounds differently, so the two can
// disagree only for such pairs.
//
// Use unit_vector() once per location, never in an inner loop (it evaluates
// two sine/cosine polynomials); use chord2() and ChordRadius::contains() in
// inner loops.

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>

/// Defines the engine's hot loop `name` (return type `ret`, parameter list
/// `params`, the same names as an argument list `args`) from the inline
/// function name##_body, compiled three times: for AVX-512 (x86-64-v4), for
/// AVX2 and for baseline x86-64, of which `name` calls the processor's best
/// (vector_isa()). Every version performs the same IEEE operations in the
/// same order (no FMA anywhere: -ffp-contract=off), only more of them at
/// once, so every processor gives the same answer. On the reference machine
/// the AVX-512 version makes 10 M points 3% faster than AVX2
/// (bench/RESULTS.md). The version is chosen by the first call (through a
/// pointer that starts at a resolver, so that no start-up code is needed and
/// a call from anywhere, at any time, is safe); the later calls load the
/// pointer and jump. (The compiler's own target_clones did the same, but its
/// choice asks the processor with CPUID at every start, which on a virtual
/// machine traps to the host: 0.045 ms of each command.)
#define INNOCLUSTER_VECTOR_VERSIONS(ret, name, params, args)                                   \
  __attribute__((target("arch=x86-64-v4"))) static ret name##_for_v4 params {                 \
    return name##_body args;                                                                   \
  }                                                                                            \
  __attribute__((target("avx2"))) static ret name##_for_avx2 params { return name##_body args; } \
  static ret name##_for_baseline params { return name##_body args; }                           \
  static ret name##_resolve params;                                                            \
  static constinit std::atomic<ret(*) params> name##_version{&name##_resolve};                 \
  static ret name##_resolve params {                                                           \
    const auto chosen =                                                                        \
        ::innocluster::detect::pick_version(&name##_for_v4, &name##_for_avx2, &name##_for_baseline); \
    name##_version.store(chosen, std::memory_order_relaxed);                                   \
    return chosen args;                                                                        \
  }                                                                                            \
  ret name params { return name##_version.load(std::memory_order_relaxed) args; }

/// The body of a function defined by INNOCLUSTER_VECTOR_VERSIONS: inlined
/// into, so compiled for, each version.
#define INNOCLUSTER_VECTOR_BODY [[gnu::always_inline]] inline

namespace innocluster::detect {

/// The instruction sets INNOCLUSTER_VECTOR_VERSIONS compiles for.
enum class VectorIsa { kBaseline, kAvx2, kX86_64_v4 };

/// The best of them that this processor and system run, as the C library
/// recorded it at start (glibc's <sys/platform/x86.h>; no CPUID of our own).
/// Baseline where that record is not available.
VectorIsa vector_isa();

/// The version of a function for vector_isa().
template <class F>
F pick_version(F x86_64_v4, F avx2, F baseline) {
  switch (vector_isa()) {
    case VectorIsa::kX86_64_v4: return x86_64_v4;
    case VectorIsa::kAvx2: return avx2;
    case VectorIsa::kBaseline: break;
  }
  return baseline;
}

/// The mean Earth radius (IUGG), the same as scikit-learn users conventionally
/// multiply haversine distances by.
inline constexpr double kEarthRadiusKm = 6371.0088;

struct UnitVector {
  double x = 0, y = 0, z = 0;
};

namespace sphere_detail {

// Minimax polynomials of sin and cos on [-pi/4, pi/4] (the kernels of
// fdlibm's k_sin.c and k_cos.c), each within 1 ulp there.
inline constexpr double kS1 = -1.66666666666666324348e-01, kS2 = 8.33333333332248946124e-03,
                        kS3 = -1.98412698298579493134e-04, kS4 = 2.75573137070700676789e-06,
                        kS5 = -2.50507602534068634195e-08, kS6 = 1.58969099521155010221e-10;
inline constexpr double kC1 = 4.16666666666666019037e-02, kC2 = -1.38888888888741095749e-03,
                        kC3 = 2.48015872894767294178e-05, kC4 = -2.75573143513906633035e-07,
                        kC5 = 2.08757232129817482790e-09, kC6 = -1.13596475577881948265e-11;
// Adding and subtracting 1.5 * 2^52 rounds a double of magnitude below 2^51 to
// the nearest integer (ties to even), which then sits in the low bits.
inline constexpr double kRoundShift = 6755399441055744.0;

}  // namespace sphere_detail

/// a when pick_a, else b, chosen by a bit mask rather than a branch, so that
/// loops using it are vectorised (the compiler does not turn a ?: on doubles
/// into a blend here).
inline double select(bool pick_a, double a, double b) {
  const std::uint64_t mask = -static_cast<std::uint64_t>(pick_a);
  return std::bit_cast<double>((mask & std::bit_cast<std::uint64_t>(a)) | (~mask & std::bit_cast<std::uint64_t>(b)));
}

/// sin and cos of an angle in degrees, |deg| <= 360. The angle is reduced in
/// degrees to r in [-45, 45] plus a multiple of 90 (exactly: deg - 90 q has no
/// rounding error), so that multiples of 90 give exact zeros and ones and the
/// only rounding before the polynomials is that of r * pi / 180. Written
/// without branches and library calls so that a loop over many angles is
/// vectorised (unit_vectors()); every code path evaluates the same operations
/// in the same order, hence gives the same bits.
inline void sin_cos_deg(double deg, double& sin_out, double& cos_out) {
  using namespace sphere_detail;
  const double shifted = deg / 90.0 + kRoundShift;
  const double q = shifted - kRoundShift;
  const auto quadrant = std::bit_cast<std::uint64_t>(shifted);  // q in its low bits, two's complement
  const double r = (deg - q * 90.0) * (std::numbers::pi / 180.0);
  const double z = r * r;
  const double sin_r = r + r * z * (kS1 + z * (kS2 + z * (kS3 + z * (kS4 + z * (kS5 + z * kS6)))));
  // fdlibm's cos kernel: 1 - z/2 + z^2 p(z), with the 1 - z/2 split so that
  // its large part is exact for |r| >= 0.3.
  const double p = z * (kC1 + z * (kC2 + z * (kC3 + z * (kC4 + z * (kC5 + z * kC6)))));
  const double abs_r = std::bit_cast<double>(std::bit_cast<std::uint64_t>(r) & 0x7FFFFFFFFFFFFFFFull);
  const double quarter = std::bit_cast<double>(std::bit_cast<std::uint64_t>(abs_r * 0.25) & 0xFFFFFFFF00000000ull);
  // qx = 0 below 0.3, 0.28125 above 0.78125, else |r| / 4 cut to 21 bits.
  const double qx = select(abs_r >= 0.3, select(abs_r > 0.78125, 0.28125, quarter), 0.0);
  const double cos_r = (1.0 - qx) - ((0.5 * z - qx) - z * p);
  // sin(90k + r) = sin r, cos r, -sin r, -cos r and cos(90k + r) = cos r,
  // -sin r, -cos r, sin r for k = 0, 1, 2, 3 (mod 4).
  const bool odd = (quadrant & 1u) != 0;
  sin_out = std::bit_cast<double>(std::bit_cast<std::uint64_t>(select(odd, cos_r, sin_r)) ^ ((quadrant & 2u) << 62));
  cos_out = std::bit_cast<double>(std::bit_cast<std::uint64_t>(select(odd, sin_r, cos_r)) ^ (((quadrant + 1u) & 2u) << 62));
}

/// The unit vector of a latitude and longitude in degrees. Latitudes outside
/// [-90, 90] and longitudes outside [-180, 180] are the caller's to reject.
inline UnitVector unit_vector(double lat_deg, double lon_deg) {
  double sin_phi, cos_phi, sin_lambda, cos_lambda;
  sin_cos_deg(lat_deg, sin_phi, cos_phi);
  sin_cos_deg(lon_deg, sin_lambda, cos_lambda);
  return {cos_phi * cos_lambda, cos_phi * sin_lambda, sin_phi};
}

/// unit_vector() of n points at once, into the columns x, y and z: the same
/// bits, several points per instruction where the processor allows.
void unit_vectors(const double* lat_deg, const double* lon_deg, std::size_t n, double* x, double* y, double* z);

/// Squared chord length between two unit vectors, in [0, 4] up to rounding:
/// the single formula behind every "within eps" decision, into `out`. Also
/// for the compiler's vector types of doubles (several pairs at once, each
/// lane the same operations in the same order; taken and given by reference,
/// as passing them by value would depend on the instruction set).
template <class T>
inline void chord2_into(const T& ax, const T& ay, const T& az, const T& bx, const T& by, const T& bz, T& out) {
  const T dx = ax - bx;
  const T dy = ay - by;
  const T dz = az - bz;
  out = dx * dx + dy * dy + dz * dz;
}

inline double chord2(double ax, double ay, double az, double bx, double by, double bz) {
  double out;
  chord2_into(ax, ay, az, bx, by, bz, out);
  return out;
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
