#pragma once
// The Equal Earth projection (Šavrič, Patterson & Jenny 2018, "The Equal Earth
// map projection", International Journal of Geographical Information Science
// 33(3), doi:10.1080/13658816.2018.1504949): an equal-area pseudocylindrical
// projection for world maps, with straight parallels and the look of Robinson's.
//
// Spherical form, on the unit sphere, longitude λ and latitude φ in radians:
//
//   θ = asin(√3/2 · sin φ)
//   x = 2√3 · λ · cos θ / (3 · (9·A4·θ⁸ + 7·A3·θ⁶ + 3·A2·θ² + A1))
//   y = A4·θ⁹ + A3·θ⁷ + A2·θ³ + A1·θ
//
// with A1 = 1.340264, A2 = −0.081106, A3 = 0.000893, A4 = 0.003796. The map
// spans x ∈ [−2.70663, 2.70663] and y ∈ [−1.31736, 1.31736] (width : height =
// 2.05458, as the paper gives). y grows northwards; multiply by the radius
// for metres. Cheap (one asin, one cos): fine for drawing, not for hot loops.

namespace innocluster::geo {

struct PlanePoint {
  double x = 0, y = 0;
};

/// Equal Earth on the unit sphere, central meridian 0; degrees in. Longitudes
/// outside [−180, 180] are projected as given (no wrapping).
PlanePoint equal_earth(double lat_deg, double lon_deg);

/// The map's half width (at the equator, λ = π) and half height (at a pole).
inline constexpr double kEqualEarthHalfWidth = 2.7066299836960743;
inline constexpr double kEqualEarthHalfHeight = 1.3173627591574133;

}  // namespace innocluster::geo
