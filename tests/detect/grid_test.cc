// The grid's sort keys (detect/grid.h) against a direct statement of them:
// each axis index is the truncated (c + 1) / side clamped to the grid, the
// sub-cube index the truncated fraction times 16 clamped to [0, 15], and the
// code interleaves the sub-cube bits x, y, z from the top level down.

#include "detect/grid.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace innocluster::detect {
namespace {

std::uint64_t reference_key(const GridGeometry& g, double x, double y, double z) {
  std::int64_t cube[3];
  std::uint32_t sub[3];
  const double c[3] = {x, y, z};
  for (int a = 0; a < 3; ++a) {
    const double t = (c[a] + 1.0) * g.inv_side;
    const std::int64_t i = std::clamp<std::int64_t>(static_cast<std::int64_t>(t), 0, g.per_axis - 1);
    cube[a] = i;
    const auto u = static_cast<std::int64_t>((t - static_cast<double>(i)) * (1 << kOctreeDepth));
    sub[a] = static_cast<std::uint32_t>(std::clamp<std::int64_t>(u, 0, (1 << kOctreeDepth) - 1));
  }
  std::uint32_t code = 0;
  for (int l = kOctreeDepth - 1; l >= 0; --l)
    code = (code << 3) | (((sub[0] >> l) & 1u) << 2) | (((sub[1] >> l) & 1u) << 1) | ((sub[2] >> l) & 1u);
  return (g.cell_id(cube) << kCodeBits) | code;
}

RC_GTEST_PROP(GridKeys, MatchTheDirectStatement, ()) {
  const double eps_km = *rc::gen::element(0.05, 1.0, 15.0, 100.0, 3000.0);
  const GridGeometry g = GridGeometry::make(ChordRadius::from_km(eps_km));
  const auto n = *rc::gen::inRange<std::size_t>(1, 40);
  std::vector<double> x(n), y(n), z(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Unit vectors, plus exact cube and sub-cube boundaries and the extremes.
    const auto kind = *rc::gen::inRange(0, 3);
    double* c[3] = {&x[i], &y[i], &z[i]};
    for (double* v : c) {
      if (kind == 0) {
        *v = *rc::gen::inRange(-1000000, 1000001) / 1e6;
      } else if (kind == 1) {
        const auto k = *rc::gen::inRange<std::int64_t>(0, g.per_axis * 16 + 1);
        *v = static_cast<double>(k) / 16.0 * g.side - 1.0;
      } else {
        *v = *rc::gen::element(-1.0, 1.0, 0.0, -0.0);
      }
    }
  }
  std::vector<std::uint64_t> got(n);
  g.keys(x.data(), y.data(), z.data(), n, got.data());
  for (std::size_t i = 0; i < n; ++i) RC_ASSERT(got[i] == reference_key(g, x[i], y[i], z[i]));
}

}  // namespace
}  // namespace innocluster::detect
