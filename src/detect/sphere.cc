#include "detect/sphere.h"

#if defined(__x86_64__) && __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#define INNOCLUSTER_HAVE_X86_PLATFORM 1
#endif

namespace innocluster::detect {

VectorIsa vector_isa() {
  static const VectorIsa isa = [] {
#if defined(INNOCLUSTER_HAVE_X86_PLATFORM)
    // The features GCC may use for each target (its x86-64-v2, -v3 and -v4
    // levels; "avx2" implies AVX, SSE3 to SSE4.2 and POPCNT).
    const bool avx2 = CPU_FEATURE_ACTIVE(AVX) && CPU_FEATURE_ACTIVE(AVX2) && CPU_FEATURE_ACTIVE(SSE3) &&
                      CPU_FEATURE_ACTIVE(SSSE3) && CPU_FEATURE_ACTIVE(SSE4_1) && CPU_FEATURE_ACTIVE(SSE4_2) &&
                      CPU_FEATURE_ACTIVE(POPCNT);
    const bool v2 = CPU_FEATURE_ACTIVE(CMPXCHG16B) && CPU_FEATURE_ACTIVE(LAHF64_SAHF64) && CPU_FEATURE_ACTIVE(POPCNT) &&
                    CPU_FEATURE_ACTIVE(SSE3) && CPU_FEATURE_ACTIVE(SSSE3) && CPU_FEATURE_ACTIVE(SSE4_1) &&
                    CPU_FEATURE_ACTIVE(SSE4_2);
    const bool v3 = v2 && avx2 && CPU_FEATURE_ACTIVE(BMI1) && CPU_FEATURE_ACTIVE(BMI2) && CPU_FEATURE_ACTIVE(F16C) &&
                    CPU_FEATURE_ACTIVE(FMA) && CPU_FEATURE_ACTIVE(LZCNT) && CPU_FEATURE_ACTIVE(MOVBE) &&
                    CPU_FEATURE_ACTIVE(OSXSAVE);
    const bool v4 = v3 && CPU_FEATURE_ACTIVE(AVX512F) && CPU_FEATURE_ACTIVE(AVX512BW) && CPU_FEATURE_ACTIVE(AVX512CD) &&
                    CPU_FEATURE_ACTIVE(AVX512DQ) && CPU_FEATURE_ACTIVE(AVX512VL);
    return v4 ? VectorIsa::kX86_64_v4 : avx2 ? VectorIsa::kAvx2 : VectorIsa::kBaseline;
#else
    return VectorIsa::kBaseline;
#endif
  }();
  return isa;
}

namespace {

// The same IEEE operations, four or eight points at a time. Unit vectors are
// an eighth of the engine's time with the C library's sin and cos (one point
// at a time); this loop is about six times faster (bench/RESULTS.md,
// "detect").
INNOCLUSTER_VECTOR_BODY void unit_vectors_body(const double* lat_deg, const double* lon_deg, std::size_t n, double* x,
                                               double* y, double* z) {
  for (std::size_t i = 0; i < n; ++i) {
    const UnitVector v = unit_vector(lat_deg[i], lon_deg[i]);
    x[i] = v.x;
    y[i] = v.y;
    z[i] = v.z;
  }
}

}  // namespace

INNOCLUSTER_VECTOR_VERSIONS(void, unit_vectors,
    (const double* lat_deg, const double* lon_deg, std::size_t n, double* x, double* y, double* z),
    (lat_deg, lon_deg, n, x, y, z))

}  // namespace innocluster::detect
