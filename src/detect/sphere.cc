#include "detect/sphere.h"

namespace innocluster::detect {

// INNOCLUSTER_VECTOR_CLONES: the same IEEE operations, four or eight points
// at a time. Unit vectors are an eighth of the engine's time with the
// C library's sin and cos (one point at a time); this loop is about six times
// faster (bench/RESULTS.md, "detect").
INNOCLUSTER_VECTOR_CLONES void unit_vectors(const double* lat_deg, const double* lon_deg, std::size_t n, double* x,
                                            double* y, double* z) {
  for (std::size_t i = 0; i < n; ++i) {
    const UnitVector v = unit_vector(lat_deg[i], lon_deg[i]);
    x[i] = v.x;
    y[i] = v.y;
    z[i] = v.z;
  }
}

}  // namespace innocluster::detect
