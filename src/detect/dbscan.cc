#include "detect/dbscan.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/large_array.h"
#include "detect/grid.h"
#include "detect/parallel.h"
#include "detect/sphere.h"
#include "detect/union_find.h"

namespace innocluster::detect {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The summed weight of slots [b, e) within eps2 of (px, py, pz), where the
// weight of slot q is before[q + 1] - before[q]: the engine's innermost loop,
// without a branch on the distance test (INNOCLUSTER_VECTOR_VERSIONS: chord2(),
// the same operations on every processor).
INNOCLUSTER_VECTOR_BODY FixedWeight sum_within_body(
    const double* x, const double* y, const double* z, const FixedWeight* before, std::uint32_t b, std::uint32_t e,
    double px, double py, double pz, double eps2) {
  FixedWeight sum = 0;
  for (std::uint32_t q = b; q < e; ++q) {
    const bool in = chord2(px, py, pz, x[q], y[q], z[q]) <= eps2;
    sum += (before[q + 1] - before[q]) & -static_cast<FixedWeight>(in);
  }
  return sum;
}
INNOCLUSTER_VECTOR_VERSIONS(FixedWeight, sum_within,
    (const double* x, const double* y, const double* z, const FixedWeight* before, std::uint32_t b,
        std::uint32_t e, double px, double py, double pz, double eps2),
    (x, y, z, before, b, e, px, py, pz, eps2))

// A run of consecutive slots.
struct SlotRun {
  std::uint32_t begin, end;
};

// Core flags of locations [lb, le) of the columns, by their weight within
// eps2 summed over the slots of `runs` (plus `own`), until it reaches
// min_weight: the direct path's loop, in one call a cube. Runs are short (a
// range of near cubes, a dozen locations or two), so they are taken in whole
// groups of 8 slots, the slots past a run's end masked out (the columns are
// padded for that: grid.h, kSlotPadding), into 8 sums kept over the runs and
// added up every kCheck slots or so. Written with the compiler's vector
// types (8 lanes, split into what each instruction set has), as it does not
// vectorise the loop over short runs by itself.
INNOCLUSTER_VECTOR_BODY void direct_core_body(const double* x, const double* y, const double* z,
                                              const FixedWeight* before, const SlotRun* runs, std::size_t count,
                                              std::uint32_t lb, std::uint32_t le, FixedWeight own,
                                              FixedWeight min_weight, double eps2, std::uint8_t* core) {
  using Doubles = double __attribute__((vector_size(64)));
  using Lanes = std::int64_t __attribute__((vector_size(64)));
  // (Weights in unsigned lanes: the lanes masked out subtract whatever lies
  // past a run's end, which must not overflow; the sums kept are exact.)
  using Weights = std::uint64_t __attribute__((vector_size(64)));
  static_assert(sizeof(Doubles) / sizeof(double) <= kSlotPadding);
  constexpr std::uint32_t kLanes = sizeof(Doubles) / sizeof(double), kCheck = 128;
  const Lanes lane_index = {0, 1, 2, 3, 4, 5, 6, 7};
  const Doubles limit = {eps2, eps2, eps2, eps2, eps2, eps2, eps2, eps2};
  for (std::uint32_t l = lb; l < le; ++l) {
    const Doubles px = {x[l], x[l], x[l], x[l], x[l], x[l], x[l], x[l]};
    const Doubles py = {y[l], y[l], y[l], y[l], y[l], y[l], y[l], y[l]};
    const Doubles pz = {z[l], z[l], z[l], z[l], z[l], z[l], z[l], z[l]};
    FixedWeight w = own;
    Weights sums = {};
    std::uint32_t since = 0;
    for (std::size_t r = 0; r < count && w < min_weight; ++r) {
      const std::uint32_t e = runs[r].end;
      for (std::uint32_t b = runs[r].begin; b < e; b += kLanes) {
        Doubles qx, qy, qz;
        Weights after, at;
        std::memcpy(&qx, x + b, sizeof qx);
        std::memcpy(&qy, y + b, sizeof qy);
        std::memcpy(&qz, z + b, sizeof qz);
        std::memcpy(&at, before + b, sizeof at);
        std::memcpy(&after, before + b + 1, sizeof after);
        // Within when eps2 - chord2 is not negative, which is chord2 <= eps2
        // (the difference of two finite numbers is exact in sign, and +0
        // when they are equal, in the round-to-nearest mode that nothing in
        // the program changes), and the lane lies before the run's end: each
        // as a sign, spread over the lane by the arithmetic shift. (GCC
        // compared the lanes one by one when written as a comparison.)
        Doubles c2;
        chord2_into(px, py, pz, qx, qy, qz, c2);
        const Doubles margin = limit - c2;
        Lanes outside;
        std::memcpy(&outside, &margin, sizeof outside);
        const Lanes in = ~(outside >> 63) & ((lane_index - static_cast<std::int64_t>(e - b)) >> 63);
        sums += (after - at) & reinterpret_cast<const Weights&>(in);
      }
      since += e - runs[r].begin;
      if (since >= kCheck || r + 1 == count) {
        std::uint64_t sum = 0;
        for (std::uint32_t k = 0; k < kLanes; ++k) sum += sums[k];
        w += static_cast<FixedWeight>(sum);
        sums = Weights{};
        since = 0;
      }
    }
    core[l] = w >= min_weight ? 1 : 0;
  }
}
INNOCLUSTER_VECTOR_VERSIONS(void, direct_core,
    (const double* x, const double* y, const double* z, const FixedWeight* before, const SlotRun* runs,
        std::size_t count, std::uint32_t lb, std::uint32_t le, FixedWeight own, FixedWeight min_weight,
        double eps2, std::uint8_t* core),
    (x, y, z, before, runs, count, lb, le, own, min_weight, eps2, core))

// Whether some location q in [0, n) of the columns lies within eps2 of
// (px, py, pz): all n tested, without a branch on the test
// (INNOCLUSTER_VECTOR_VERSIONS).
INNOCLUSTER_VECTOR_BODY bool any_within_body(const double* x, const double* y, const double* z, std::size_t n,
                                             double px, double py, double pz, double eps2) {
  bool any = false;
  for (std::size_t q = 0; q < n; ++q) any |= chord2(px, py, pz, x[q], y[q], z[q]) <= eps2;
  return any;
}
INNOCLUSTER_VECTOR_VERSIONS(bool, any_within,
    (const double* x, const double* y, const double* z, std::size_t n, double px, double py, double pz,
        double eps2),
    (x, y, z, n, px, py, pz, eps2))

// The leaves (octree nodes that are not split further) that the undecided
// locations of one subgroup settle their neighbour weight over, as columns.
// A leaf's slots [begin, end) weigh before[q + 1] - before[q].
struct LeafColumns {
  std::vector<double> lo_x, lo_y, lo_z, hi_x, hi_y, hi_z;
  std::vector<FixedWeight> weight;
  std::vector<std::uint32_t> begin, end;
  std::vector<std::uint8_t> straddles;  // scratch

  void clear() {
    for (auto* v : {&lo_x, &lo_y, &lo_z, &hi_x, &hi_y, &hi_z}) v->clear();
    weight.clear();
    begin.clear();
    end.clear();
  }
  std::size_t size() const { return weight.size(); }
};

// The larger of a and b, without a branch (sphere.h, select()).
inline double larger(double a, double b) { return select(a > b, a, b); }

// Whether the neighbour weight of (px, py, pz) reaches min_weight, given
// bounds [lower, upper] that count the leaves in `upper` only. A first pass,
// without branches, settles the leaves wholly within eps of the point (max
// chord below eps2_in) or wholly outside (min chord above eps2_out), several
// at a time (INNOCLUSTER_VECTOR_VERSIONS); the rest are then tested location by
// location, until the bounds decide. The same IEEE operations in the same
// order on every path, so the same answer.
INNOCLUSTER_VECTOR_BODY bool leaves_reach_body(
    LeafColumns& leaves, const double* x, const double* y, const double* z, const FixedWeight* before, double px,
    double py, double pz, double eps2, double eps2_in, double eps2_out, FixedWeight lower, FixedWeight upper,
    FixedWeight min_weight) {
  const std::size_t count = leaves.size();
  const double *lo_x = leaves.lo_x.data(), *lo_y = leaves.lo_y.data(), *lo_z = leaves.lo_z.data();
  const double *hi_x = leaves.hi_x.data(), *hi_y = leaves.hi_y.data(), *hi_z = leaves.hi_z.data();
  const FixedWeight* weight = leaves.weight.data();
  std::uint8_t* straddles = leaves.straddles.data();
  FixedWeight inside_weight = 0, outside_weight = 0;
  for (std::size_t j = 0; j < count; ++j) {
    const double gx = larger(larger(lo_x[j] - px, px - hi_x[j]), 0.0);
    const double gy = larger(larger(lo_y[j] - py, py - hi_y[j]), 0.0);
    const double gz = larger(larger(lo_z[j] - pz, pz - hi_z[j]), 0.0);
    const double fx = larger(px - lo_x[j], hi_x[j] - px);
    const double fy = larger(py - lo_y[j], hi_y[j] - py);
    const double fz = larger(pz - lo_z[j], hi_z[j] - pz);
    const double near2 = gx * gx + gy * gy + gz * gz;
    const double far2 = fx * fx + fy * fy + fz * fz;
    const bool inside = far2 < eps2_in;
    const bool outside = near2 > eps2_out;
    inside_weight += weight[j] & -static_cast<FixedWeight>(inside);
    outside_weight += weight[j] & -static_cast<FixedWeight>(outside);
    straddles[j] = static_cast<std::uint8_t>(!(inside | outside));
  }
  lower += inside_weight;
  upper -= outside_weight;
  for (std::size_t j = 0; j < count && lower < min_weight && upper >= min_weight; ++j) {
    if (!straddles[j]) continue;
    const FixedWeight in_weight = sum_within_body(x, y, z, before, leaves.begin[j], leaves.end[j], px, py, pz, eps2);
    lower += in_weight;
    upper -= weight[j] - in_weight;
  }
  return lower >= min_weight;
}
INNOCLUSTER_VECTOR_VERSIONS(bool, leaves_reach,
    (LeafColumns& leaves, const double* x, const double* y, const double* z,
        const FixedWeight* before, double px, double py, double pz, double eps2, double eps2_in,
        double eps2_out, FixedWeight lower, FixedWeight upper, FixedWeight min_weight),
    (leaves, x, y, z, before, px, py, pz, eps2, eps2_in, eps2_out, lower, upper, min_weight))

// Verdicts of classify_boxes().
constexpr std::uint8_t kStraddles = 0, kOutside = 1, kInside = 2;

// For each node open[j] of boxes in columns, whether every point of it lies
// more than eps from every point of box q (kOutside: min chord above
// eps2_out), within eps of every point of q (kInside: max chord below
// eps2_in), or neither (kStraddles). Without branches, several nodes at a
// time (INNOCLUSTER_VECTOR_VERSIONS).
INNOCLUSTER_VECTOR_BODY void classify_boxes_body(
    const double* lo_x, const double* lo_y, const double* lo_z, const double* hi_x, const double* hi_y,
    const double* hi_z, const std::uint32_t* open, std::size_t count, const CellBox& q, double eps2_in,
    double eps2_out, std::uint8_t* verdict) {
  const double qlx = q.lo[0], qly = q.lo[1], qlz = q.lo[2], qhx = q.hi[0], qhy = q.hi[1], qhz = q.hi[2];
  // The boxes are fetched into contiguous buffers first (the processors'
  // gather instructions are slower than this), then tested together.
  constexpr std::size_t kChunk = 64;
  double blx[kChunk], bly[kChunk], blz[kChunk], bhx[kChunk], bhy[kChunk], bhz[kChunk];
  for (std::size_t c0 = 0; c0 < count; c0 += kChunk) {
    const std::size_t m = std::min(kChunk, count - c0);
    for (std::size_t j = 0; j < m; ++j) {
      const std::uint32_t t = open[c0 + j];
      blx[j] = lo_x[t];
      bly[j] = lo_y[t];
      blz[j] = lo_z[t];
      bhx[j] = hi_x[t];
      bhy[j] = hi_y[t];
      bhz[j] = hi_z[t];
    }
    for (std::size_t j = 0; j < m; ++j) {
      const double gx = larger(larger(blx[j] - qhx, qlx - bhx[j]), 0.0);
      const double gy = larger(larger(bly[j] - qhy, qly - bhy[j]), 0.0);
      const double gz = larger(larger(blz[j] - qhz, qlz - bhz[j]), 0.0);
      const double sx = larger(bhx[j] - qlx, qhx - blx[j]);
      const double sy = larger(bhy[j] - qly, qhy - bly[j]);
      const double sz = larger(bhz[j] - qlz, qhz - blz[j]);
      const bool outside = gx * gx + gy * gy + gz * gz > eps2_out;
      const bool inside = sx * sx + sy * sy + sz * sz < eps2_in;
      verdict[c0 + j] = static_cast<std::uint8_t>(outside | ((inside & !outside) << 1));
    }
  }
}
INNOCLUSTER_VECTOR_VERSIONS(void, classify_boxes,
    (const double* lo_x, const double* lo_y, const double* lo_z, const double* hi_x,
        const double* hi_y, const double* hi_z, const std::uint32_t* open, std::size_t count,
        const CellBox& q, double eps2_in, double eps2_out, std::uint8_t* verdict),
    (lo_x, lo_y, lo_z, hi_x, hi_y, hi_z, open, count, q, eps2_in, eps2_out, verdict))

// Cubes handed to a thread at a time.
constexpr std::size_t kCellBlock = 256;

// The core phase keeps the neighbour ranges it finds for the later phases
// when cubes hold this many points or fewer on average (find_core()).
constexpr std::size_t kKeepRangesUpTo = 16;

// Box bounds are conservative up to this relative margin on eps (see grid.cc).
constexpr double kReachMargin = 1e-7;

class Engine {
 public:
  Engine(SphereGrid& grid, const ChordRadius& eps, FixedWeight min_weight, int threads, std::uint32_t direct_below)
      : grid_(grid),
        eps2_(eps.chord2()),
        eps2_out_(eps.chord2() * (1.0 + kReachMargin)),
        eps2_in_(eps.chord2() * (1.0 - kReachMargin)),
        min_weight_(min_weight),
        direct_below_(direct_below),
        threads_(threads),
        clique_(grid.geometry().clique),
        cells_(grid.cells()),
        x_(grid.x()),
        y_(grid.y()),
        z_(grid.z()),
        before_(grid.weight_before()),
        code_(grid.code()),
        core_(make_large_array<std::uint8_t>(grid.slot_count())) {}

  void find_core();
  void connect();
  std::int32_t number_clusters();
  void assign_borders();

  const std::uint8_t* core() const { return core_.get(); }

 private:
  double chord2_to(std::uint32_t a, std::uint32_t b) const {
    return chord2(x_[a], y_[a], z_[a], x_[b], y_[b], z_[b]);
  }
  // A cube near the cube being worked on, with the slot ranges of its
  // octree nodes at level 2 (node j, in Morton order, is [level2[j],
  // level2[j + 1]); level-1 node k is [level2[8k], level2[8k + 8])), worked
  // out once (fill_level2()) for all the locations that refine it or search
  // it for a border.
  struct Near {
    CellBox box;
    double origin[3];
    std::uint32_t cell;
    std::uint32_t level2[65];
    // Left uninitialised (level2 is filled only for cubes that are split).
    Near() {}  // NOLINT(modernize-use-equals-default): = default would zero it
  };
  // A part of a cube still to be decided: octree node `a` at `level`.
  struct Node {
    const Near* cube;
    std::uint32_t begin, end;
    int level;
    std::uint32_t a[3];
  };
  // Bounds on the neighbour weight of a location, with the parts that
  // neither bound has decided yet (counted in `upper`, not in `lower`).
  struct Bounds {
    FixedWeight lower = 0, upper = 0;
    std::vector<Node> open;
  };
  void near_cubes(std::size_t c, std::span<const NeighbourSweep::Range> ranges, std::vector<Near>& out,
                  bool with_core_only = false) const;
  void fill_level2(Near& n) const;
  // The border phase's view of the cubes with core locations near a cube:
  // the level-2 octree nodes of a near cube (ranges and boxes, 64 a cube in
  // Morton order) are worked out the first time a location searches it.
  struct BorderWork {
    std::vector<Near> near;
    // Near cube k's 64 boxes, written when prepared[k] is first set (in
    // border_label()), read only after: not zeroed when the cache grows.
    UninitVector<CellBox> boxes;
    std::vector<std::uint8_t> prepared;
    std::vector<std::pair<std::uint32_t, double>> candidates;
  };
  // `common`: the one cluster of every core location near l's cube, when
  // the caller knows there is one (else -1).
  std::int32_t border_label(std::uint32_t l, BorderWork& work, const std::int32_t* label, std::int32_t common) const;
  void start_bounds(std::size_t c, const std::vector<Near>& near, Bounds& b) const;
  struct PointProbe {
    double x, y, z;
    double min2(const CellBox& b) const { return b.min_chord2(x, y, z); }
    double max2(const CellBox& b) const { return b.max_chord2(x, y, z); }
  };
  // The parts of the near cubes that the locations of one cube refine their
  // bounds over, as a tree grown on demand: a part's box and weight are
  // worked out once, and its children are appended the first time some
  // location or group of locations needs them. `parts[t]` is node t's part.
  // Node t's box is (lo_x[t], lo_y[t], lo_z[t]) - (hi_x[t], ...), in
  // columns so that many nodes are tested at once (classify_boxes()).
  struct TreeNode {
    FixedWeight weight;
    std::uint32_t child_begin, child_end;  // kUnexpanded / kLeaf until split
  };
  struct Tree {
    std::vector<TreeNode> nodes;
    std::vector<double> lo_x, lo_y, lo_z, hi_x, hi_y, hi_z;
    std::vector<Node> parts;
    std::vector<Node> children;        // scratch for expand()
    std::vector<std::uint8_t> verdict; // scratch for refine_box_in_tree()

    CellBox box(std::uint32_t t) const { return {{lo_x[t], lo_y[t], lo_z[t]}, {hi_x[t], hi_y[t], hi_z[t]}}; }
    void clear() {
      nodes.clear();
      parts.clear();
      for (auto* v : {&lo_x, &lo_y, &lo_z, &hi_x, &hi_y, &hi_z}) v->clear();
    }
  };
  void add_tree_node(const Node& n, Tree& tree) const;
  FixedWeight weight_within(const PointProbe& probe, const Node& part) const;
  void expand(std::uint32_t t, Tree& tree) const;
  void refine_box_in_tree(const CellBox& q, FixedWeight& lower, FixedWeight& upper, std::vector<std::uint32_t>& open,
                          std::vector<std::uint32_t>& next, std::vector<std::uint32_t>& kept, Tree& tree,
                          int max_level) const;
  void refine_in_tree(const PointProbe& probe, FixedWeight& lower, FixedWeight& upper, std::vector<std::uint32_t>& open,
                      std::vector<std::uint32_t>& next, Tree& tree) const;
  void split(const Node& node, std::vector<Node>& out) const;
  struct CoreWork {
    Bounds cube;
    Tree tree;
    std::vector<std::uint32_t> roots, group_open, sub, open, next, kept;
    LeafColumns leaves;
  };
  void gather_leaves(const std::vector<std::uint32_t>& open, const Tree& tree, LeafColumns& leaves) const;
  FixedWeight near_slot_runs(std::size_t c, std::span<const NeighbourSweep::Range> ranges,
                             std::vector<SlotRun>& out) const;
  void find_core_in(std::size_t c, const std::vector<Near>& near, CoreWork& work);
  FixedWeight weight_of(std::uint32_t b, std::uint32_t e) const {
    return before_[e] - before_[b];
  }
  // The core locations of a cube that come within eps of another's box, as
  // columns.
  struct TouchCandidates {
    std::vector<double> x, y, z;
  };
  bool cells_touch(std::size_t a, std::size_t b, TouchCandidates& in_a, TouchCandidates& in_b);
  std::uint32_t unit_of(std::uint32_t l, std::size_t c) const {
    return clique_ ? cells_[c].first_core : l;
  }

  SphereGrid& grid_;
  double eps2_, eps2_out_, eps2_in_;
  FixedWeight min_weight_;
  std::uint32_t direct_below_;
  int threads_;
  bool clique_;
  std::span<GridCell> cells_;
  const double *x_, *y_, *z_;
  const FixedWeight* before_;
  const std::uint16_t* code_;
  LargeArray<std::uint8_t> core_;
  std::unique_ptr<ConcurrentUnionFind> sets_;
  // The neighbour ranges found by the core phase, kept for the connect and
  // border phases (which visit many of the same cubes) when the cubes are
  // few enough: per block of kCellBlock cubes (the three phases share their
  // blocks): cube i of a block has ranges [first[i], first[i + 1]), none
  // when the core phase did not seek it (a cube always has one range at
  // least, its own).
  struct KeptRanges {
    std::vector<std::uint32_t> first;
    std::vector<NeighbourSweep::Range> ranges;
  };
  std::vector<KeptRanges> kept_ranges_;
  // Cube c's ranges: the kept ones, or those of `sweep` sought to c.
  std::span<const NeighbourSweep::Range> ranges_of(std::size_t c, NeighbourSweep& sweep) const {
    if (!kept_ranges_.empty()) {
      const KeptRanges& k = kept_ranges_[c / kCellBlock];
      const std::uint32_t b = k.first[c % kCellBlock], e = k.first[c % kCellBlock + 1];
      if (e > b) return std::span(k.ranges).subspan(b, e - b);
    }
    sweep.seek(c);
    return sweep.ranges();
  }
  // Per cube, set by connect(): 1 when some cube within reach (itself
  // included) has core locations, so that assign_borders() skips the others.
  std::vector<std::uint8_t> core_near_;
};

// The cubes whose box comes within eps of cube c's box (a superset of the
// cubes holding neighbours of c's locations), among c's neighbour ranges.
void Engine::near_cubes(std::size_t c, std::span<const NeighbourSweep::Range> ranges, std::vector<Near>& out,
                        bool with_core_only) const {
  out.clear();
  const CellBox own = grid_.box(c);
  for (const NeighbourSweep::Range r : ranges) {
    for (std::uint32_t o = r.begin; o < r.end; ++o) {
      if (with_core_only && cells_[o].core_count == 0) continue;
      const CellBox box = grid_.box(o);
      double gap2 = 0;
      for (int d = 0; d < 3; ++d) {
        const double g = std::max({box.lo[d] - own.hi[d], 0.0, own.lo[d] - box.hi[d]});
        gap2 += g * g;
      }
      if (gap2 > eps2_out_) continue;
      Near& n = out.emplace_back();
      n.box = box;
      grid_.origin(o, n.origin);
      n.cell = o;
    }
  }
}

void Engine::fill_level2(Near& n) const {
  const GridCell& cube = cells_[n.cell];
  std::uint32_t at = cube.begin;
  for (std::uint32_t j = 0; j < 64; ++j) {
    const auto first_code = static_cast<std::uint16_t>(j << (kCodeBits - 6));
    if (cube.end - at > 16) {
      at = static_cast<std::uint32_t>(std::lower_bound(code_ + at, code_ + cube.end, first_code) - code_);
    } else {
      while (at < cube.end && code_[at] < first_code) ++at;
    }
    n.level2[j] = at;
  }
  n.level2[64] = cube.end;
}

// Every near cube as an open part (a clique cube's own points are all
// neighbours of each other, so cube c itself is decided at once).
void Engine::start_bounds(std::size_t c, const std::vector<Near>& near, Bounds& b) const {
  b.lower = b.upper = 0;
  b.open.clear();
  for (const Near& n : near) {
    const GridCell& other = cells_[n.cell];
    b.upper += other.weight;
    if (clique_ && n.cell == c) {
      b.lower += other.weight;
    } else {
      b.open.push_back({&n, other.begin, other.end, 0, {0, 0, 0}});
    }
  }
}

// Appends the non-empty octree children of `node` to `out`.
void Engine::split(const Node& node, std::vector<Node>& out) const {
  if (node.level < 2) {
    // Children from the ranges worked out in near_cubes().
    const std::uint32_t* bounds = node.cube->level2;
    const std::uint32_t base = node.level == 0 ? 0 : 8 * ((node.a[0] & 1u) << 2 | (node.a[1] & 1u) << 1 | (node.a[2] & 1u));
    const std::uint32_t stride = node.level == 0 ? 8 : 1;
    for (std::uint32_t k = 0; k < 8; ++k) {
      const std::uint32_t cb = bounds[base + k * stride], ce = bounds[base + (k + 1) * stride];
      if (cb == ce) continue;
      out.push_back({node.cube, cb, ce, node.level + 1,
                   {2 * node.a[0] + ((k >> 2) & 1u), 2 * node.a[1] + ((k >> 1) & 1u),
                    2 * node.a[2] + (k & 1u)}});
    }
    return;
  }
  const int shift = kCodeBits - 3 * (node.level + 1);
  for (std::uint32_t s = node.begin; s < node.end;) {
    const std::uint32_t child = (code_[s] >> shift) & 7u;
    std::uint32_t e = s + 1;
    if (node.end - s > 16) {
      e = static_cast<std::uint32_t>(
          std::partition_point(code_ + s, code_ + node.end,
                               [&](std::uint16_t k) { return ((k >> shift) & 7u) <= child; }) -
          code_);
    } else {
      while (e < node.end && ((code_[e] >> shift) & 7u) == child) ++e;
    }
    out.push_back({node.cube, s, e, node.level + 1,
                  {2 * node.a[0] + ((child >> 2) & 1u), 2 * node.a[1] + ((child >> 1) & 1u),
                   2 * node.a[2] + (child & 1u)}});
    s = e;
  }
}

// Parts with fewer locations than this are tested location by location
// rather than split.
constexpr std::uint32_t kScanBelow = 128;
// child_begin of a tree node not split yet, and of one never split (a
// bottom-level or small part, tested location by location).
constexpr std::uint32_t kUnexpanded = 0xFFFFFFFFu;
constexpr std::uint32_t kLeaf = 0xFFFFFFFEu;

void Engine::add_tree_node(const Node& n, Tree& tree) const {
  const bool leaf = n.level >= kOctreeDepth || n.end - n.begin < kScanBelow;
  const CellBox box = grid_.sub_box(n.cube->box, n.cube->origin, n.level, n.a);
  tree.lo_x.push_back(box.lo[0]);
  tree.lo_y.push_back(box.lo[1]);
  tree.lo_z.push_back(box.lo[2]);
  tree.hi_x.push_back(box.hi[0]);
  tree.hi_y.push_back(box.hi[1]);
  tree.hi_z.push_back(box.hi[2]);
  tree.nodes.push_back({weight_of(n.begin, n.end), leaf ? kLeaf : kUnexpanded, 0});
  tree.parts.push_back(n);
}

void Engine::expand(std::uint32_t t, Tree& tree) const {
  tree.children.clear();
  split(tree.parts[t], tree.children);
  const auto begin = static_cast<std::uint32_t>(tree.nodes.size());
  for (const Node& n : tree.children) add_tree_node(n, tree);
  tree.nodes[t].child_begin = begin;
  tree.nodes[t].child_end = static_cast<std::uint32_t>(tree.nodes.size());
}

// The summed weight of the locations of a part within eps of the probe,
// without a branch on the distance test (it goes either way about half the
// time in the parts that straddle eps).
FixedWeight Engine::weight_within(const PointProbe& probe, const Node& part) const {
  return sum_within(x_, y_, z_, before_, part.begin, part.end, probe.x, probe.y, probe.z, eps2_);
}

// Narrows the bounds for one location until min_weight is decided. An open
// part wholly outside eps of the location leaves `upper`; one wholly within
// joins `lower`; one that straddles eps is replaced by its children (added to
// the cube's tree the first time any location needs them) or, if a leaf,
// settled location by location. Parts are refined level by level, so that
// the bounds tighten evenly.
void Engine::refine_in_tree(const PointProbe& probe, FixedWeight& lower, FixedWeight& upper,
                            std::vector<std::uint32_t>& open, std::vector<std::uint32_t>& next, Tree& tree) const {
  while (lower < min_weight_ && upper >= min_weight_ && !open.empty()) {
    next.clear();
    for (const std::uint32_t t : open) {
      const TreeNode& tn = tree.nodes[t];
      const CellBox box = tree.box(t);
      if (probe.min2(box) > eps2_out_) {
        upper -= tn.weight;
      } else if (probe.max2(box) < eps2_in_) {
        lower += tn.weight;
      } else if (tn.child_begin != kLeaf) {
        if (tn.child_begin == kUnexpanded) expand(t, tree);
        const TreeNode& te = tree.nodes[t];
        for (std::uint32_t k = te.child_begin; k < te.child_end; ++k) next.push_back(k);
      } else {
        upper -= tn.weight;
        const FixedWeight in = weight_within(probe, tree.parts[t]);
        lower += in;
        upper += in;
      }
      if (lower >= min_weight_ || upper < min_weight_) return;
    }
    std::swap(open, next);
  }
}

// Narrows bounds that hold for every location inside the box `q`, over the
// cube's tree, splitting straddling parts down to octree level `max_level`.
void Engine::refine_box_in_tree(const CellBox& q, FixedWeight& lower, FixedWeight& upper,
                                std::vector<std::uint32_t>& open, std::vector<std::uint32_t>& next,
                                std::vector<std::uint32_t>& kept, Tree& tree, int max_level) const {
  // Straddling parts that are not split further go to `kept` and are not
  // tested again.
  kept.clear();
  while (lower < min_weight_ && upper >= min_weight_ && !open.empty()) {
    next.clear();
    tree.verdict.resize(open.size());
    classify_boxes(tree.lo_x.data(), tree.lo_y.data(), tree.lo_z.data(), tree.hi_x.data(), tree.hi_y.data(),
                   tree.hi_z.data(), open.data(), open.size(), q, eps2_in_, eps2_out_, tree.verdict.data());
    for (std::size_t j = 0; j < open.size(); ++j) {
      const std::uint32_t t = open[j];
      const TreeNode& tn = tree.nodes[t];
      if (tree.verdict[j] == kOutside) {
        upper -= tn.weight;
      } else if (tree.verdict[j] == kInside) {
        lower += tn.weight;
      } else if (tn.child_begin != kLeaf && tree.parts[t].level < max_level) {
        if (tn.child_begin == kUnexpanded) expand(t, tree);
        const TreeNode& te = tree.nodes[t];
        for (std::uint32_t k = te.child_begin; k < te.child_end; ++k) next.push_back(k);
      } else {
        kept.push_back(t);
      }
    }
    std::swap(open, next);
  }
  open.insert(open.end(), kept.begin(), kept.end());
}

// The open parts (all leaves) as columns for leaves_within().
void Engine::gather_leaves(const std::vector<std::uint32_t>& open, const Tree& tree, LeafColumns& leaves) const {
  leaves.clear();
  for (const std::uint32_t t : open) {
    const Node& part = tree.parts[t];
    leaves.lo_x.push_back(tree.lo_x[t]);
    leaves.lo_y.push_back(tree.lo_y[t]);
    leaves.lo_z.push_back(tree.lo_z[t]);
    leaves.hi_x.push_back(tree.hi_x[t]);
    leaves.hi_y.push_back(tree.hi_y[t]);
    leaves.hi_z.push_back(tree.hi_z[t]);
    leaves.weight.push_back(tree.nodes[t].weight);
    leaves.begin.push_back(part.begin);
    leaves.end.push_back(part.end);
  }
  leaves.straddles.resize(leaves.size());
}

// The slots of the cubes in `ranges` (c's own among them, as c is in its
// own ranges), as runs of consecutive slots, except c's own when it is a
// clique (all of them neighbours of each other): their weight is returned
// instead (0 otherwise). A range of cubes is one run of slots, split where
// the grid's gather runs leave unused slots between two of its cubes and
// around c when it is left out; a run may also go on into the next range
// when their slots follow one another.
FixedWeight Engine::near_slot_runs(std::size_t c, std::span<const NeighbourSweep::Range> ranges,
                                   std::vector<SlotRun>& out) const {
  out.clear();
  for (const NeighbourSweep::Range r : ranges) {
    for (std::uint32_t o = r.begin; o < r.end; ++o) {
      if (clique_ && o == c) continue;
      const GridCell& other = cells_[o];
      if (!out.empty() && out.back().end == other.begin)
        out.back().end = other.end;
      else
        out.push_back({other.begin, other.end});
    }
  }
  return clique_ ? cells_[c].weight : 0;
}

// Core flags of cube c's locations, refined from the bounds of the whole cube
// (every near cube an open part) down a query hierarchy that mirrors the
// octree of the parts: groups of locations (octree nodes of c at level
// kGroupLevel, a quarter of the cube across) narrow the bounds for their whole
// box, splitting straddling parts down to level kGroupDepth; a group left
// undecided passes its bounds to its subgroups (level kSubLevel), which narrow
// them further, down to level kSubDepth; each location of an undecided
// subgroup then refines the subgroup's bounds for itself. All of them share
// one tree of parts per cube, so a part is boxed, weighed and split once.
void Engine::find_core_in(std::size_t c, const std::vector<Near>& near, CoreWork& work) {
  const GridCell& cell = cells_[c];
  start_bounds(c, near, work.cube);
  const CellBox cube_box = grid_.box(c);
  double origin[3];
  grid_.origin(c, origin);
  Tree& tree = work.tree;
  tree.clear();
  work.roots.clear();
  for (const Node& n : work.cube.open) {
    work.roots.push_back(static_cast<std::uint32_t>(tree.nodes.size()));
    add_tree_node(n, tree);
  }
  // The box of the node of this cube at `level` holding code `code`.
  auto query_box = [&](std::uint16_t code, int level) {
    const std::uint32_t g = static_cast<std::uint32_t>(code) >> (kCodeBits - 3 * level);
    std::uint32_t a[3] = {0, 0, 0};
    for (int k = level - 1; k >= 0; --k) {
      const std::uint32_t bits = (g >> (3 * k)) & 7u;
      a[0] = 2 * a[0] + ((bits >> 2) & 1u);
      a[1] = 2 * a[1] + ((bits >> 1) & 1u);
      a[2] = 2 * a[2] + (bits & 1u);
    }
    return grid_.sub_box(cube_box, origin, level, a);
  };
  auto decided = [&](FixedWeight lower, FixedWeight upper) { return lower >= min_weight_ || upper < min_weight_; };
  constexpr int kGroupLevel = 2, kGroupDepth = 2;
  constexpr int kSubLevel = 3, kSubDepth = 4;
  constexpr int kGroupShift = kCodeBits - 3 * kGroupLevel;
  constexpr int kSubShift = kCodeBits - 3 * kSubLevel;
  for (std::uint32_t gb = cell.begin; gb < cell.end;) {
    std::uint32_t ge = gb + 1;
    while (ge < cell.end && (code_[ge] >> kGroupShift) == (code_[gb] >> kGroupShift)) ++ge;
    FixedWeight g_lower = work.cube.lower, g_upper = work.cube.upper;
    work.group_open.assign(work.roots.begin(), work.roots.end());
    if (ge - gb > 2)
      refine_box_in_tree(query_box(code_[gb], kGroupLevel), g_lower, g_upper, work.group_open, work.next, work.kept, tree, kGroupDepth);
    if (decided(g_lower, g_upper)) {
      std::fill(core_.get() + gb, core_.get() + ge, g_lower >= min_weight_ ? 1 : 0);
      gb = ge;
      continue;
    }
    for (std::uint32_t sb = gb; sb < ge;) {
      std::uint32_t se = sb + 1;
      while (se < ge && (code_[se] >> kSubShift) == (code_[sb] >> kSubShift)) ++se;
      FixedWeight s_lower = g_lower, s_upper = g_upper;
      work.sub.assign(work.group_open.begin(), work.group_open.end());
      if (se - sb > 2)
        refine_box_in_tree(query_box(code_[sb], kSubLevel), s_lower, s_upper, work.sub, work.next, work.kept, tree, kSubDepth);
      if (se - sb > 2 && !decided(s_lower, s_upper)) {
        // Refined to the bottom: every open part is a leaf. Each location
        // settles its weight over them exactly, in two passes without
        // branches (cheaper than narrowing bounds part by part).
        gather_leaves(work.sub, tree, work.leaves);
        for (std::uint32_t l = sb; l < se; ++l)
          core_[l] = leaves_reach(work.leaves, x_, y_, z_, before_, x_[l], y_[l], z_[l], eps2_, eps2_in_, eps2_out_,
                                  s_lower, s_upper, min_weight_)
                         ? 1
                         : 0;
        sb = se;
        continue;
      }
      for (std::uint32_t l = sb; l < se; ++l) {
        FixedWeight lower = s_lower, upper = s_upper;
        if (!decided(lower, upper)) {
          work.open.assign(work.sub.begin(), work.sub.end());
          refine_in_tree(PointProbe{x_[l], y_[l], z_[l]}, lower, upper, work.open, work.next, tree);
        }
        core_[l] = lower >= min_weight_ ? 1 : 0;
      }
      sb = se;
    }
    gb = ge;
  }
}

// The summed weight of the cubes in each block of F x F x F cubes (F = 4 reach
// + 1), in an open-addressing table: the cubes within reach of a cube lie in
// at most 2 x 2 x 2 such blocks, whose weights bound its neighbourhood's from
// above without visiting its near cubes (cheap for the many isolated cubes of
// a sparse input). A block's entry is found from its column (its first two
// block indices) plus its third index, so that the blocks of one column, which
// a query and the queries of the next cubes (in id order) mostly read, lie in
// neighbouring entries, often in one cache line. (Blocks of 2 reach + 1, the
// smallest that keep a query to 2 x 2 x 2, are read more per query, and less
// often the last query's again: core 3.65 -> 3.50 ms at 100 k points, 69.8 ->
// 68.2 ms at 1 M, with blocks of 4 reach + 1, whose looser bounds cost less
// than the reads they save; 3 reach + 1 is between, 5 reach + 1 the same.)
constexpr std::size_t kBlockTableCubes = std::size_t{1} << 18;

class BlockWeights {
 public:
  /// Built on `threads` threads (the table's memory first touched by them,
  /// cubes added at the same time: the sums, and so every bound, are the
  /// same whatever the order of the additions).
  BlockWeights(const GridGeometry& geo, std::span<const std::uint64_t> ids, std::span<const GridCell> cells,
               int threads)
      : geo_(geo), factor_(4 * geo.reach + 1) {
    std::size_t size = 16;
    while (size < 2 * cells.size()) size *= 2;
    mask_ = size - 1;
    entries_.resize(size);
    parallel_slices(size, threads, [&](std::size_t, std::size_t b, std::size_t e) {
      std::fill(entries_.begin() + static_cast<std::ptrdiff_t>(b), entries_.begin() + static_cast<std::ptrdiff_t>(e),
                Entry{kEmpty, 0});
    });
    parallel_slices(cells.size(), threads, [&](std::size_t, std::size_t b, std::size_t e) {
      for (std::size_t c = b; c < e; ++c) {
        std::int64_t ijk[3];
        geo.axes(ids[c], ijk);
        add(ijk[0] / factor_, ijk[1] / factor_, ijk[2] / factor_, cells[c].weight);
      }
    });
  }

  /// The blocks of the last query (consecutive cubes, in id order, often
  /// share theirs: a quarter of the queries at 100 k points), kept by the
  /// caller (one per thread).
  struct Memo {
    std::int64_t lo[3] = {-1, -1, -1}, hi[3] = {-1, -1, -1};
    bool light = false;
  };

  /// Whether the blocks holding the cubes within reach of cube `id` weigh
  /// less than `limit` together (then so do those cubes).
  bool light_around(std::uint64_t id, FixedWeight limit, Memo& memo) const {
    std::int64_t ijk[3], lo[3], hi[3];
    geo_.axes(id, ijk);
    bool same = true;
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::max<std::int64_t>(ijk[a] - geo_.reach, 0) / factor_;
      hi[a] = (ijk[a] + geo_.reach) / factor_;
      same = same && lo[a] == memo.lo[a] && hi[a] == memo.hi[a];
    }
    if (same) return memo.light;
    std::copy(std::begin(lo), std::end(lo), std::begin(memo.lo));
    std::copy(std::begin(hi), std::end(hi), std::begin(memo.hi));
    memo.light = false;
    FixedWeight sum = 0;
    for (std::int64_t i = lo[0]; i <= hi[0]; ++i)
      for (std::int64_t j = lo[1]; j <= hi[1]; ++j)
        for (std::int64_t k = lo[2]; k <= hi[2]; ++k)
          if ((sum += weight(i, j, k)) >= limit) return false;
    memo.light = true;
    return true;
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  struct Entry {
    std::uint64_t key;
    FixedWeight weight;
  };
  std::uint64_t block_id(std::int64_t i, std::int64_t j, std::int64_t k) const {
    const std::int64_t ijk[3] = {i, j, k};
    return geo_.cell_id(ijk);
  }
  // The first entry to look at for block (i, j, k): its column's place, then
  // its third index.
  std::size_t home(std::int64_t i, std::int64_t j, std::int64_t k) const {
    std::uint64_t key = static_cast<std::uint64_t>(i) << 32 | static_cast<std::uint64_t>(j);
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return static_cast<std::size_t>(key + static_cast<std::uint64_t>(k)) & mask_;
  }
  // Adds w to block (i, j, k), claiming a free entry for it if it has none
  // (safe from several threads at once).
  void add(std::int64_t i, std::int64_t j, std::int64_t k, FixedWeight w) {
    const std::uint64_t key = block_id(i, j, k);
    for (std::size_t at = home(i, j, k);; at = (at + 1) & mask_) {
      std::atomic_ref<std::uint64_t> slot(entries_[at].key);
      std::uint64_t seen = slot.load(std::memory_order_relaxed);
      if (seen == kEmpty && slot.compare_exchange_strong(seen, key, std::memory_order_relaxed)) seen = key;
      if (seen == key) {
        std::atomic_ref<FixedWeight>(entries_[at].weight).fetch_add(w, std::memory_order_relaxed);
        return;
      }
    }
  }
  FixedWeight weight(std::int64_t i, std::int64_t j, std::int64_t k) const {
    const std::uint64_t key = block_id(i, j, k);
    for (std::size_t at = home(i, j, k);; at = (at + 1) & mask_) {
      if (entries_[at].key == key) return entries_[at].weight;
      if (entries_[at].key == kEmpty) return 0;
    }
  }

  GridGeometry geo_;
  std::int64_t factor_;
  std::size_t mask_ = 0;
  UninitVector<Entry> entries_;
};

void Engine::find_core() {
  // Only while its table stays small enough to be cached: with as many
  // blocks as cubes (cubes of one point or two, all over the globe), probing
  // it at random costs more than the neighbour search it would save.
  std::optional<BlockWeights> blocks;
  if (cells_.size() <= kBlockTableCubes) blocks.emplace(grid_.geometry(), grid_.cell_ids(), cells_, threads_);
  // The ranges are kept under the same bound (50-70 bytes a cube sought),
  // for sparse data (cubes of 16 points or fewer on average), where seeking
  // is much of the work on a cube: at 100 k points (4 points a cube) the
  // connect and border phases took 0.6 ms less for 0.2 ms more here, at 1 M
  // (12.5) 1.0 ms less for 0.7 ms more; at 10 M (57) it cost 8 ms here and
  // saved nothing there.
  if (cells_.size() <= kBlockTableCubes && cells_.size() * kKeepRangesUpTo >= grid_.slot_count())
    kept_ranges_.resize((cells_.size() + kCellBlock - 1) / kCellBlock);
  // The level-2 ranges of recently used near cubes (most near cubes of a
  // cube are near cubes of the next one too), by cube index modulo its size.
  // (Allocated when first needed: most cubes of a sparse input need none.)
  constexpr std::size_t kCached = 256;
  struct Scratch {
    std::optional<NeighbourSweep> sweep;
    CoreWork work;
    std::vector<SlotRun> direct;
    std::vector<Near> near;
    std::vector<std::uint32_t> cached_cell;
    std::unique_ptr<std::array<std::uint32_t, 65>[]> cached_level2;
    BlockWeights::Memo block_memo;
    std::vector<NeighbourSweep::Range> found;
  };
  parallel_blocks_with<Scratch>(cells_.size(), kCellBlock, threads_, [&](Scratch& scratch, std::size_t cb,
                                                                         std::size_t ce) {
    if (!scratch.sweep) scratch.sweep.emplace(grid_);
    NeighbourSweep& sweep = *scratch.sweep;
    CoreWork& work = scratch.work;
    std::vector<SlotRun>& direct = scratch.direct;
    std::vector<Near>& near = scratch.near;
    std::vector<std::uint32_t>& cached_cell = scratch.cached_cell;
    std::unique_ptr<std::array<std::uint32_t, 65>[]>& cached_level2 = scratch.cached_level2;
    BlockWeights::Memo& block_memo = scratch.block_memo;
    KeptRanges* kept = kept_ranges_.empty() ? nullptr : &kept_ranges_[cb / kCellBlock];
    // The block's ranges, gathered in the thread's own buffer, then kept in
    // one allocation of their size (a vector grown range by range took a
    // dozen, from every thread at once).
    std::vector<NeighbourSweep::Range>& found = scratch.found;
    if (kept) {
      kept->first.assign(ce - cb + 1, 0);
      found.clear();
    }
    for (std::size_t c = cb; c < ce; ++c) {
      if (kept) kept->first[c - cb] = static_cast<std::uint32_t>(found.size());
      GridCell& cell = cells_[c];
      bool all = clique_ && cell.weight >= min_weight_;
      bool none = false;
      if (!all && blocks) none = blocks->light_around(grid_.cell_ids()[c], min_weight_, block_memo);
      // Points within reach of the cube (its own included), when counted.
      std::uint32_t near_points = 0;
      bool direct_path = false;
      if (!all && !none) {
        // No location can be core when all nearby cubes together are too
        // light: first over the blocks around the cube (above), then over
        // every cube within reach, then (for the octree path) over those
        // whose box comes within eps of this one.
        sweep.seek(c);
        if (kept) found.insert(found.end(), sweep.ranges().begin(), sweep.ranges().end());
        FixedWeight nearby = 0;
        for (const NeighbourSweep::Range r : sweep.ranges()) {
          for (std::uint32_t o = r.begin; o < r.end; ++o) {
            nearby += cells_[o].weight;
            near_points += cells_[o].end - cells_[o].begin;
          }
        }
        none = nearby < min_weight_;
        // Few points around (a sparse input): the direct path takes every
        // cube within reach, without boxes (with clique cubes, every cube
        // within reach comes within eps of this one's box anyway).
        direct_path = !none && near_points <= direct_below_;
        if (!none && !direct_path) {
          near_cubes(c, sweep.ranges(), near);
          nearby = 0;
          for (const Near& n : near) nearby += cells_[n.cell].weight;
          none = nearby < min_weight_;
        }
      }
      if (all || none) {
        std::fill(core_.get() + cell.begin, core_.get() + cell.end, all ? 1 : 0);
        cell.first_core = all ? cell.begin : kNoLocation;
        cell.core_count = all ? cell.end - cell.begin : 0;
        continue;
      }
      if (direct_path) {
        // Each location sums the near cubes' locations directly, cheaper
        // than building their parts: in place, a run of consecutive slots
        // at a time (a range of near cubes, mostly), in chunks until the sum
        // reaches min_weight.
        const FixedWeight own = near_slot_runs(c, sweep.ranges(), direct);
        direct_core(x_, y_, z_, before_, direct.data(), direct.size(), cell.begin, cell.end, own, min_weight_, eps2_,
                    core_.get());
      } else {
        if (!cached_level2) {
          cached_cell.assign(kCached, kNoLocation);
          cached_level2 = std::make_unique_for_overwrite<std::array<std::uint32_t, 65>[]>(kCached);
        }
        for (Near& n : near) {
          // A cube too small to be split is one leaf part: no level-2 ranges.
          if (cells_[n.cell].end - cells_[n.cell].begin < kScanBelow) continue;
          const std::size_t k = n.cell % kCached;
          if (cached_cell[k] != n.cell) {
            fill_level2(n);
            cached_cell[k] = n.cell;
            std::copy(std::begin(n.level2), std::end(n.level2), cached_level2[k].begin());
          } else {
            std::copy(cached_level2[k].begin(), cached_level2[k].end(), std::begin(n.level2));
          }
        }
        find_core_in(c, near, work);
      }
      cell.first_core = kNoLocation;
      cell.core_count = 0;
      for (std::uint32_t l = cell.begin; l < cell.end; ++l) {
        if (core_[l]) {
          if (cell.first_core == kNoLocation) cell.first_core = l;
          ++cell.core_count;
        }
      }
    }
    if (kept) {
      kept->first[ce - cb] = static_cast<std::uint32_t>(found.size());
      kept->ranges.assign(found.begin(), found.end());
    }
  });
}

// True when some core location of cube a is within eps of some core location
// of cube b. Only locations that can reach the other cube's box are paired:
// each of the fewer against the others, many at once, in chunks (in dense
// data, cubes that do not touch pair thousands of locations: 74 M pairs in
// all at 10 M points).
bool Engine::cells_touch(std::size_t a, std::size_t b, TouchCandidates& in_a, TouchCandidates& in_b) {
  // Neighbouring core cubes of dense data mostly touch through their first
  // core locations already.
  if (chord2_to(cells_[a].first_core, cells_[b].first_core) <= eps2_) return true;
  auto candidates = [&](std::size_t from, std::size_t near, TouchCandidates& out) {
    const CellBox box = grid_.box(near);
    out.x.clear();
    out.y.clear();
    out.z.clear();
    for (std::uint32_t l = cells_[from].begin; l < cells_[from].end; ++l) {
      if (core_[l] && box.min_chord2(x_[l], y_[l], z_[l]) <= eps2_out_) {
        out.x.push_back(x_[l]);
        out.y.push_back(y_[l]);
        out.z.push_back(z_[l]);
      }
    }
  };
  candidates(a, b, in_a);
  if (in_a.x.empty()) return false;
  candidates(b, a, in_b);
  const TouchCandidates& few = in_a.x.size() <= in_b.x.size() ? in_a : in_b;
  const TouchCandidates& many = &few == &in_a ? in_b : in_a;
  constexpr std::size_t kChunk = 64;
  for (std::size_t from = 0; from < many.x.size(); from += kChunk) {
    const std::size_t n = std::min(kChunk, many.x.size() - from);
    for (std::size_t p = 0; p < few.x.size(); ++p)
      if (any_within(many.x.data() + from, many.y.data() + from, many.z.data() + from, n, few.x[p], few.y[p],
                     few.z[p], eps2_))
        return true;
  }
  return false;
}

void Engine::connect() {
  sets_ = std::make_unique<ConcurrentUnionFind>(grid_.spare());
  core_near_.assign(cells_.size(), 0);
  ConcurrentUnionFind& sets = *sets_;
  parallel_blocks(cells_.size(), kCellBlock * 4, threads_, [&](std::size_t cb, std::size_t ce) {
    for (std::size_t c = cb; c < ce; ++c) {
      const GridCell& cell = cells_[c];
      if (cell.core_count == 0) continue;
      if (clique_) {
        sets.reset(cell.first_core);
      } else {
        for (std::uint32_t l = cell.begin; l < cell.end; ++l)
          if (core_[l]) sets.reset(l);
      }
    }
  });
  // (The sweep and the buffers are the thread's, for all its blocks.)
  struct Scratch {
    std::optional<NeighbourSweep> sweep;
    TouchCandidates in_a, in_b;
  };
  parallel_blocks_with<Scratch>(cells_.size(), kCellBlock, threads_, [&](Scratch& scratch, std::size_t cb,
                                                                         std::size_t ce) {
    if (!scratch.sweep) scratch.sweep.emplace(grid_);
    NeighbourSweep& sweep = *scratch.sweep;
    TouchCandidates& in_a = scratch.in_a;
    TouchCandidates& in_b = scratch.in_b;
    for (std::size_t c = cb; c < ce; ++c) {
      const GridCell& cell = cells_[c];
      if (cell.core_count == 0) continue;
      if (!clique_) {
        // Coarse cubes: pair the core locations inside the cube too.
        for (std::uint32_t p = cell.begin; p < cell.end; ++p) {
          if (!core_[p]) continue;
          for (std::uint32_t q = p + 1; q < cell.end; ++q)
            if (core_[q] && chord2_to(p, q) <= eps2_ && !sets.same(p, q)) sets.unite(p, q);
        }
      }
      const std::span<const NeighbourSweep::Range> ranges = ranges_of(c, sweep);
      for (const NeighbourSweep::Range r : ranges)
        for (std::uint32_t o = r.begin; o < r.end; ++o)
          std::atomic_ref<std::uint8_t>(core_near_[o]).store(1, std::memory_order_relaxed);
      for (const NeighbourSweep::Range r : ranges) {
        for (std::uint32_t o = std::max<std::uint32_t>(r.begin, static_cast<std::uint32_t>(c + 1)); o < r.end; ++o) {
          const GridCell& other = cells_[o];
          if (other.core_count == 0) continue;
          if (clique_) {
            if (sets.same(cell.first_core, other.first_core)) continue;
            if (cells_touch(c, o, in_a, in_b)) sets.unite(cell.first_core, other.first_core);
          } else {
            for (std::uint32_t p = cell.begin; p < cell.end; ++p) {
              if (!core_[p]) continue;
              for (std::uint32_t q = other.begin; q < other.end; ++q)
                if (core_[q] && !sets.same(p, q) && chord2_to(p, q) <= eps2_) sets.unite(p, q);
            }
          }
        }
      }
    }
  });
}

// Numbers the sets by their smallest input index and writes every core
// location's cluster id over the grid's `first` column.
std::int32_t Engine::number_clusters() {
  ConcurrentUnionFind& sets = *sets_;
  std::int32_t* first = grid_.first();
  // Calls visit(l, root) for every core location l that is not its set's root.
  auto for_each_non_root_core = [&](auto&& visit) {
    parallel_blocks(cells_.size(), kCellBlock * 4, threads_, [&](std::size_t cb, std::size_t ce) {
      for (std::size_t c = cb; c < ce; ++c) {
        const GridCell& cell = cells_[c];
        if (cell.core_count == 0) continue;
        for (std::uint32_t l = cell.begin; l < cell.end; ++l) {
          if (!core_[l]) continue;
          const std::uint32_t root = sets.find(unit_of(l, c));
          if (root != l) visit(l, root);
        }
      }
    });
  };
  // Smallest input index of each set, kept at its root.
  for_each_non_root_core([&](std::uint32_t l, std::uint32_t root) {
    std::atomic_ref<std::int32_t> at_root(first[root]);
    std::int32_t seen = at_root.load(std::memory_order_relaxed);
    while (first[l] < seen && !at_root.compare_exchange_weak(seen, first[l], std::memory_order_relaxed)) {
    }
  });
  std::vector<std::pair<std::int32_t, std::uint32_t>> roots;  // (smallest index, root)
  for (std::size_t c = 0; c < cells_.size(); ++c) {
    const GridCell& cell = cells_[c];
    if (cell.core_count == 0) continue;
    if (clique_) {
      if (sets.find(cell.first_core) == cell.first_core) roots.emplace_back(first[cell.first_core], cell.first_core);
    } else {
      for (std::uint32_t l = cell.begin; l < cell.end; ++l)
        if (core_[l] && sets.find(l) == l) roots.emplace_back(first[l], l);
    }
  }
  std::sort(roots.begin(), roots.end());
  for (std::size_t r = 0; r < roots.size(); ++r) first[roots[r].second] = static_cast<std::int32_t>(r);
  // Roots now hold cluster ids; every other core location takes its root's.
  for_each_non_root_core([&](std::uint32_t l, std::uint32_t root) { first[l] = first[root]; });
  sets_.reset();
  return static_cast<std::int32_t>(roots.size());
}

// The cluster of the nearest core location within eps of l, or -1. Near
// cubes are searched nearest first (in any order when all their core
// locations are in one cluster: any one within eps decides), and inside a
// large one only the level-2 nodes that come within eps (and, for the
// nearest core location, within the best distance found so far).
std::int32_t Engine::border_label(std::uint32_t l, BorderWork& work, const std::int32_t* label,
                                  std::int32_t common) const {
  const double px = x_[l], py = y_[l], pz = z_[l];
  auto& candidates = work.candidates;
  candidates.clear();
  bool one_label = true;
  std::int32_t cube_label = common;
  for (std::uint32_t k = 0; k < work.near.size(); ++k) {
    const Near& n = work.near[k];
    const double min2 = n.box.min_chord2(px, py, pz);
    if (min2 > eps2_out_) continue;
    if (common >= 0) {
      // (One cluster around: a cube wholly within eps decides at once.)
      if (n.box.max_chord2(px, py, pz) < eps2_in_) return common;
    } else {
      const std::int32_t lab = label[cells_[n.cell].first_core];
      if (cube_label == -1) cube_label = lab;
      one_label = one_label && lab == cube_label;
    }
    candidates.emplace_back(k, min2);
  }
  if (candidates.empty()) return -1;
  // Calls visit(b, e) for the runs of slots of near cube k that may hold a
  // location within `bound2` of l (all of a small cube), until it returns true.
  auto search = [&](std::uint32_t k, double bound2, auto&& visit) {
    const Near& n = work.near[k];
    const GridCell& cube = cells_[n.cell];
    if (cube.end - cube.begin <= 64) return visit(cube.begin, cube.end);
    if (!work.prepared[k]) {
      fill_level2(work.near[k]);
      for (std::uint32_t j = 0; j < 64; ++j) {
        const std::uint32_t a[3] = {2 * ((j >> 5) & 1u) + ((j >> 2) & 1u), 2 * ((j >> 4) & 1u) + ((j >> 1) & 1u),
                                    2 * ((j >> 3) & 1u) + (j & 1u)};
        work.boxes[k * 64 + j] = grid_.sub_box(n.box, n.origin, 2, a);
      }
      work.prepared[k] = 1;
    }
    for (std::uint32_t j = 0; j < 64; ++j) {
      const std::uint32_t b = n.level2[j], e = n.level2[j + 1];
      if (b == e || work.boxes[k * 64 + j].min_chord2(px, py, pz) > bound2) continue;
      if (visit(b, e)) return true;
    }
    return false;
  };
  if (clique_ && one_label) {
    // Every core location nearby is in one cluster: any one within eps
    // decides, so the cubes need no order; one wholly within eps decides at
    // once.
    for (const auto& [k, min2] : candidates)
      if (work.near[k].box.max_chord2(px, py, pz) < eps2_in_) return cube_label;
    for (const auto& [k, min2] : candidates) {
      const bool found = search(k, eps2_out_, [&](std::uint32_t b, std::uint32_t e) {
        for (std::uint32_t q = b; q < e; ++q)
          if (core_[q] && chord2(px, py, pz, x_[q], y_[q], z_[q]) <= eps2_) return true;
        return false;
      });
      if (found) return cube_label;
    }
    return -1;
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& a, const auto& b) { return a.second < b.second || (a.second == b.second && a.first < b.first); });
  // A box whose lower bound exceeds the best squared chord found so far can
  // hold no nearer core location, nor one at the same distance.
  double best = eps2_;
  std::int32_t best_label = -1;
  for (const auto& [k, min2] : candidates) {
    if (min2 > best) break;
    search(k, best, [&](std::uint32_t b, std::uint32_t e) {
      for (std::uint32_t q = b; q < e; ++q) {
        if (!core_[q]) continue;
        const double d = chord2(px, py, pz, x_[q], y_[q], z_[q]);
        if (d > best) continue;
        if (best_label == -1 || d < best || label[q] < best_label) {
          best = d;
          best_label = label[q];
        }
      }
      return false;
    });
  }
  return best_label;
}

void Engine::assign_borders() {
  std::int32_t* label = grid_.first();
  struct Scratch {
    std::optional<NeighbourSweep> sweep;
    BorderWork work;
  };
  parallel_blocks_with<Scratch>(cells_.size(), kCellBlock, threads_, [&](Scratch& scratch, std::size_t cb,
                                                                         std::size_t ce) {
    if (!scratch.sweep) scratch.sweep.emplace(grid_);
    NeighbourSweep& sweep = *scratch.sweep;
    BorderWork& work = scratch.work;
    for (std::size_t c = cb; c < ce; ++c) {
      const GridCell& cell = cells_[c];
      if (cell.core_count == cell.end - cell.begin) continue;
      std::int32_t common = -1;
      // Cubes within reach of one another are within reach both ways, so a
      // cube that connect() did not mark has no core location near.
      if (core_near_[c]) {
        near_cubes(c, ranges_of(c, sweep), work.near, true);
        // The one cluster of the core locations near the cube, if they are
        // all in one (-1 otherwise, or for coarse cubes, whose core
        // locations may be in several). A clique cube with a core location
        // has every location of it within eps of one, so then that is the
        // cluster of each of its other locations.
        if (clique_ && !work.near.empty()) {
          common = label[cells_[work.near[0].cell].first_core];
          for (const Near& n : work.near)
            if (label[cells_[n.cell].first_core] != common) {
              common = -1;
              break;
            }
        }
        if (common >= 0 && cell.core_count > 0) {
          for (std::uint32_t l = cell.begin; l < cell.end; ++l)
            if (!core_[l]) label[l] = common;
          continue;
        }
        work.boxes.clear();  // (nothing of the last cube's is read again: not copied when growing)
        work.boxes.resize(work.near.size() * 64);
        work.prepared.assign(work.near.size(), 0);
      } else {
        work.near.clear();
      }
      for (std::uint32_t l = cell.begin; l < cell.end; ++l)
        if (!core_[l]) label[l] = work.near.empty() ? -1 : border_label(l, work, label, common);
    }
  });
  kept_ranges_ = {};  // the last phase to use them
}

void check_inputs(std::span<const WeightedPoint> points, const DbscanParams& p) {
  if (points.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw std::invalid_argument("weighted_dbscan: at most 2^31 - 2 points");
  if (!(std::isfinite(p.eps_km) && p.eps_km > 0))
    throw std::invalid_argument("weighted_dbscan: eps_km must be finite and > 0");
  if (p.min_weight < 0) throw std::invalid_argument("weighted_dbscan: min_weight must be >= 0");
}

// The engine, over `points`; `owned`, when given, holds the points and is
// emptied (its memory freed) as soon as the index no longer reads them,
// before it makes its cubes (SphereGrid's points_done).
DbscanResult run_dbscan(std::span<const WeightedPoint> points, const DbscanParams& params,
                        UninitVector<WeightedPoint>* owned) {
  check_inputs(points, params);
  const int threads = resolve_threads(params.threads);
  const std::size_t n = points.size();
  const ChordRadius eps = ChordRadius::from_km(params.eps_km);
  DbscanResult result;

  auto t0 = Clock::now();
  // The points are freed as soon as the grid no longer reads them, for its
  // cubes and the later phases to reuse their memory.
  SphereGrid grid(points, eps, params.min_weight, threads, [&] {
    if (owned) UninitVector<WeightedPoint>().swap(*owned);
  });
  if (owned) points = {};  // (nothing reads them from here on)
  result.counters.locations = grid.location_count();
  result.counters.cells = grid.cell_count();
  result.times.index = seconds_since(t0);
  if (n == 0) return result;

  t0 = Clock::now();
  Engine engine(grid, eps, params.min_weight, threads, params.direct_below);
  engine.find_core();
  grid.find_first_points(threads);
  result.times.core = seconds_since(t0);

  t0 = Clock::now();
  engine.connect();
  result.clusters = engine.number_clusters();
  result.times.connect = seconds_since(t0);

  t0 = Clock::now();
  engine.assign_borders();
  grid.release_codes();
  // Back to input order: each point takes its location's label and core
  // flag, cube by cube (so the locations are read in order).
  reserve_large(result.cluster, n);
  reserve_large(result.core, n);
  result.cluster.resize(n);
  result.core.resize(n);
  const std::int32_t* label = grid.first();
  const std::uint8_t* core = engine.core();
  parallel_blocks(grid.cell_count(), kCellBlock * 4, threads, [&](std::size_t cb, std::size_t ce) {
    // Points are scattered over input order: prefetch the writes ahead.
    const std::uint32_t* order = grid.points();
    const std::size_t end = grid.point_end(ce - 1);
    std::size_t at = grid.cells()[cb].point_begin;
    for (std::size_t c = cb; c < ce; ++c) {
      grid.for_each_point(c, [&](std::uint32_t point, std::uint32_t slot) {
        if (at + 32 < end) {
          const std::uint32_t ahead = order[at + 32] & ~kFirstPoint;
          __builtin_prefetch(&result.cluster[ahead], 1);
          __builtin_prefetch(&result.core[ahead], 1);
        }
        ++at;
        result.cluster[point] = label[slot];
        result.core[point] = core[slot];
      });
    }
  });
  result.times.border = seconds_since(t0);
  for (const GridCell& c : grid.cells())
    if (grid.geometry().clique && c.weight >= params.min_weight) ++result.counters.dense_cells;
  return result;
}

}  // namespace

DbscanResult weighted_dbscan(std::span<const WeightedPoint> points, const DbscanParams& params) {
  return run_dbscan(points, params, nullptr);
}

DbscanResult weighted_dbscan(UninitVector<WeightedPoint>&& points, const DbscanParams& params) {
  UninitVector<WeightedPoint> owned(std::move(points));
  return run_dbscan(owned, params, &owned);
}

}  // namespace innocluster::detect
