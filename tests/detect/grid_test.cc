// The grid's sort keys (detect/grid.h) against a direct statement of them:
// each axis index is the truncated (c + 1) / side clamped to the grid, the
// sub-cube index the truncated fraction times 16 clamped to [0, 15], and the
// code interleaves the sub-cube bits x, y, z from the top level down.

#include "detect/grid.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstdint>
#include <stdexcept>
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

// A sweep kept from cube to cube (as each thread keeps one over the blocks it
// takes, in increasing order, with jumps between them) gives the ranges of a
// sweep made for the cube alone, and they hold exactly the cubes within
// reach along each axis (also for eps so small that the cubes are coarser
// than cliques, and reach is 1).
RC_GTEST_PROP(NeighbourSweep, KeptOverIncreasingCubesMatchesAFreshOneAndTheDefinition, ()) {
  const double eps_km = *rc::gen::element(0.05, 1.0, 15.0, 100.0);
  const auto n = *rc::gen::inRange<std::size_t>(1, 1500);
  const auto centres = *rc::gen::inRange(1, 6);
  std::vector<double> centre_lat, centre_lon;
  for (int k = 0; k < centres; ++k) {
    centre_lat.push_back(*rc::gen::inRange(-89000, 89001) / 1000.0);
    centre_lon.push_back(*rc::gen::inRange(-180000, 180001) / 1000.0);
  }
  std::vector<WeightedPoint> points(n);
  for (WeightedPoint& p : points) {
    const auto k = static_cast<std::size_t>(*rc::gen::inRange(0, centres));
    const double spread = eps_km / 111.0 * 4;  // degrees, about 4 eps
    p.lat = std::clamp(centre_lat[k] + *rc::gen::inRange(-1000, 1001) / 1000.0 * spread, -90.0, 90.0);
    p.lon = std::clamp(centre_lon[k] + *rc::gen::inRange(-1000, 1001) / 1000.0 * spread, -180.0, 180.0);
    p.weight = kWeightOne;
  }
  const SphereGrid grid(points, ChordRadius::from_km(eps_km), kWeightOne, 1);
  const GridGeometry& g = grid.geometry();
  const auto cells = grid.cell_count();
  NeighbourSweep kept(grid);
  for (std::size_t c = *rc::gen::inRange<std::size_t>(0, cells); c < cells;
       c += *rc::gen::inRange<std::size_t>(1, cells / 3 + 2)) {
    kept.seek(c);
    NeighbourSweep fresh(grid);
    fresh.seek(c);
    const auto a = kept.ranges(), b = fresh.ranges();
    RC_ASSERT(a.size() == b.size());
    std::vector<std::uint8_t> listed(cells, 0);
    for (std::size_t r = 0; r < a.size(); ++r) {
      RC_ASSERT(a[r].begin == b[r].begin);
      RC_ASSERT(a[r].end == b[r].end);
      for (std::uint32_t o = a[r].begin; o < a[r].end; ++o) listed[o] = 1;
    }
    std::int64_t at[3];
    g.axes(grid.cell_ids()[c], at);
    for (std::size_t o = 0; o < cells; ++o) {
      std::int64_t other[3];
      g.axes(grid.cell_ids()[o], other);
      bool within = true;
      for (int d = 0; d < 3; ++d) within = within && std::abs(other[d] - at[d]) <= g.reach;
      RC_ASSERT(static_cast<bool>(listed[o]) == within);
    }
  }
}

// The running weight sums give every location the summed weight of its
// points, a cube its weight, and a run of cubes whose slots follow one
// another its weight, the last location of each cube and of each thread's run
// of cubes included, whatever the number of threads (each gathers a run of
// cubes; some have none), with and without collapsed points, with cubes
// heavy enough to keep their points apart, and with cubes coarser than
// cliques (eps 0.05 km, where the sort keys and the point indices take a
// column each). Past each run of following slots, the coordinates of up to
// kSlotPadding slots are zero (grid.h).
RC_GTEST_PROP(SphereGrid, RunningSumsWeighEveryLocationAndRunOfCubes, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 600);
  const int threads = *rc::gen::inRange(1, 17);
  const double eps_km = *rc::gen::element(0.05, 15.0);
  const double lat0 = *rc::gen::inRange(-89000, 89001) / 1000.0;
  const double lon0 = *rc::gen::inRange(-180000, 180001) / 1000.0;
  const int places = *rc::gen::inRange(1, 400);  // few places: many identical points
  std::vector<WeightedPoint> points(n);
  for (WeightedPoint& p : points) {
    const int k = *rc::gen::inRange(0, places);
    p.lat = std::clamp(lat0 + (k % 20) * 0.05, -90.0, 90.0);
    p.lon = std::clamp(lon0 + (k / 20) * 0.05, -180.0, 180.0);
    p.weight = *rc::gen::inRange<FixedWeight>(0, 3 * kWeightOne);
  }
  const FixedWeight min_weight = *rc::gen::inRange<FixedWeight>(0, 20 * kWeightOne);
  SphereGrid grid(points, ChordRadius::from_km(eps_km), min_weight, threads);
  const FixedWeight* before = grid.weight_before();
  const std::span<GridCell> cells = grid.cells();
  std::vector<FixedWeight> expected(grid.slot_count() + 1, 0);
  std::size_t group_begin = 0;  // first cube of the current run of following slots
  for (std::size_t c = 0; c < cells.size(); ++c) {
    FixedWeight total = 0;
    grid.for_each_point(c, [&](std::uint32_t point, std::uint32_t slot) {
      expected[slot] += points[point].weight;
      total += points[point].weight;
    });
    RC_ASSERT(cells[c].weight == total);
    RC_ASSERT(before[cells[c].end] - before[cells[c].begin] == total);
    for (std::uint32_t q = cells[c].begin; q < cells[c].end; ++q) RC_ASSERT(before[q + 1] - before[q] == expected[q]);
    if (c > 0 && cells[c].begin != cells[c - 1].end) group_begin = c;
    FixedWeight group = 0;
    for (std::size_t o = group_begin; o <= c; ++o) group += cells[o].weight;
    RC_ASSERT(before[cells[c].end] - before[cells[group_begin].begin] == group);
    const std::size_t next = c + 1 < cells.size() ? cells[c + 1].begin : grid.slot_count() + kSlotPadding;
    if (next != cells[c].end) {
      for (std::size_t q = cells[c].end; q < std::min(next, cells[c].end + kSlotPadding); ++q) {
        RC_ASSERT(grid.x()[q] == 0.0);
        RC_ASSERT(grid.y()[q] == 0.0);
        RC_ASSERT(grid.z()[q] == 0.0);
      }
    }
  }
}

// points_done() is called once, when the grid no longer reads the points:
// points overwritten from then on change nothing in it.
RC_GTEST_PROP(SphereGrid, ReadsNoPointOnceItSaysItIsDone, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 400);
  const int threads = *rc::gen::inRange(1, 9);
  const double eps_km = *rc::gen::element(0.05, 15.0);
  std::vector<WeightedPoint> points(n);
  for (WeightedPoint& p : points) {
    const int k = *rc::gen::inRange(0, 100);
    p.lat = 45.0 + (k % 10) * 0.05;
    p.lon = 7.0 + (k / 10) * 0.05;
    p.weight = *rc::gen::inRange<FixedWeight>(0, 3 * kWeightOne);
  }
  const FixedWeight min_weight = *rc::gen::inRange<FixedWeight>(0, 20 * kWeightOne);
  const std::vector<WeightedPoint> kept = points;
  SphereGrid plain(kept, ChordRadius::from_km(eps_km), min_weight, threads);
  int calls = 0;
  SphereGrid done(points, ChordRadius::from_km(eps_km), min_weight, threads, [&] {
    ++calls;
    for (WeightedPoint& p : points) p = {-60.0, 120.0, 5 * kWeightOne};
  });
  RC_ASSERT(calls == 1);
  RC_ASSERT(done.cell_count() == plain.cell_count());
  RC_ASSERT(done.location_count() == plain.location_count());
  for (std::size_t c = 0; c < plain.cell_count(); ++c) {
    const GridCell a = plain.cells()[c], b = done.cells()[c];
    RC_ASSERT(done.cell_ids()[c] == plain.cell_ids()[c]);
    RC_ASSERT(a.begin == b.begin && a.end == b.end && a.point_begin == b.point_begin && a.weight == b.weight);
    for (std::uint32_t q = a.begin; q < a.end; ++q) {
      RC_ASSERT(done.x()[q] == plain.x()[q] && done.y()[q] == plain.y()[q] && done.z()[q] == plain.z()[q]);
      RC_ASSERT(done.code()[q] == plain.code()[q]);
      RC_ASSERT(done.weight_before()[q + 1] - done.weight_before()[q] ==
                plain.weight_before()[q + 1] - plain.weight_before()[q]);
    }
    for (std::uint32_t p = a.point_begin; p < plain.point_end(c); ++p) RC_ASSERT(done.points()[p] == plain.points()[p]);
  }
}

TEST(SphereGrid, PointsDoneIsCalledOnceForNoPointsAndNotOnABadOne) {
  int calls = 0;
  const std::vector<WeightedPoint> none;
  const SphereGrid empty(none, ChordRadius::from_km(15), kWeightOne, 2, [&] { ++calls; });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(empty.cell_count(), 0u);
  const std::vector<WeightedPoint> bad = {{10, 20, kWeightOne}, {91, 20, kWeightOne}};
  EXPECT_THROW(SphereGrid(bad, ChordRadius::from_km(15), kWeightOne, 2, [&] { ++calls; }), std::invalid_argument);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace innocluster::detect
