#pragma once
// The spatial index of the detection engine: a 3-D grid of cubes laid over the
// unit sphere, holding the distinct locations of the input in cube order, and
// inside each cube an implicit octree.
//
// Geometry. Cubes have side s = chord(eps)/sqrt(3) (a hair less), so that any
// two points of one cube are within eps of each other ("clique" cubes), and a
// point's neighbours all lie in the cubes whose three indices differ from its
// own by at most `reach` = 2. Because the grid is in Earth-centred
// coordinates, it has no seam: points either side of the antimeridian or
// around a pole are simply in nearby cubes. A cube id packs its indices
// (i, j, k) with k lowest, so the 5 cubes (i+di, j+dj, k-2..k+2) of one
// (di, dj) are a contiguous run of ids, found by cursors that only move
// forward as cubes are visited in id order (NeighbourSweep).
//
// Octree. Each cube is cut into 16 x 16 x 16 sub-cubes; a cube's locations
// are stored in the Morton order of their sub-cube (code()), so every octree
// node (a sub-cube at any level) is a contiguous run of slots, and with the
// running weight sums (weight_before()) its weight is one subtraction.
//
// When eps is so small (below about 0.2 km) that cube ids would not fit in
// 51 bits, the cubes are made coarser: they stop being cliques (`clique`
// false) and the engine falls back to pairwise tests inside a cube. The
// answer is the same, only slower.
//
// Build: one pass computing unit vectors and (cube id, sub-cube code) keys,
// one LSD radix sort of the keys with the point indices (packed below the
// keys when both fit in 64 bits, as for a few hundred thousand points at
// 15 km), one pass that
// gathers and collapses: O(n), parallel on `threads` threads. Identical
// coordinates (bitwise equal lat and lon) are collapsed into one location
// carrying their summed weight, except in cubes heavy enough to be all core
// at once, where each point simply is its own location (collapsing would save
// no work there).
//
// Location ids are slots in [0, n): the locations of a cube are consecutive,
// but there may be unused slots between groups of cubes (where identical
// coordinates were collapsed); only the reads past a run of slots that
// kSlotPadding allows see any of them (the first few, zeroed).

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include "core/large_array.h"
#include "core/weight.h"
#include "detect/dbscan.h"
#include "detect/sphere.h"

namespace innocluster::detect {

/// Columns indexed by slot have this many elements more than the slots, so
/// that a loop may read whole groups of 8 slots past the end of a run of
/// slots (masking out the extra ones): reads up to kSlotPadding - 1 slots
/// past any run's end stay in the columns, and the coordinates there are
/// finite (zero past each of the grid's gather runs, which may be followed
/// by unused slots).
inline constexpr std::size_t kSlotPadding = 8;

/// Absolute widening of cube boxes, covering the rounding of cube indices.
inline constexpr double kBoxMargin = 1e-14;

/// A non-empty cube, its locations (slots [begin, end)) and its points
/// (positions [point_begin, the next cube's point_begin) of points()).
/// Trivial, so that the grid's cubes are first written by the threads that
/// fill them (once the points are no longer read: grid.cc).
struct GridCell {
  std::uint32_t begin;
  std::uint32_t end;
  std::uint32_t point_begin;
  FixedWeight weight;  ///< summed weight of the cube's points
  /// Set by the core phase: the first core location (or kNoLocation) and the
  /// number of core locations.
  std::uint32_t first_core;
  std::uint32_t core_count;
};
static_assert(std::is_trivial_v<GridCell>);

inline constexpr std::uint32_t kNoLocation = 0xFFFFFFFFu;

/// Flag of points(): the entry is the first point of a new location.
inline constexpr std::uint32_t kFirstPoint = 0x80000000u;

/// Depth of the implicit octree inside each cube: locations of a cube are
/// ordered by the Morton code of their sub-cube at this depth (16 per axis).
inline constexpr int kOctreeDepth = 4;
inline constexpr int kCodeBits = 3 * kOctreeDepth;

struct GridGeometry {
  double side = 0;      ///< cube side on the unit sphere's scale
  double inv_side = 0;
  std::int64_t per_axis = 0;  ///< N: cubes per axis
  int axis_bits = 1;          ///< bits of one axis index in a cube id
  int reach = 2;        ///< neighbours lie within this many cubes along each axis
  bool clique = true;   ///< any two points of one cube are within eps
  int cell_bits = 1;    ///< bits of a cube id

  /// The geometry for radius `eps`.
  static GridGeometry make(const ChordRadius& eps);

  /// The sort keys of n unit vectors (columns x, y, z): the cube id (below)
  /// above the Morton code of the sub-cube (the low kCodeBits bits).
  /// Coordinates are clamped to the grid. Vectorised (grid.cc).
  void keys(const double* x, const double* y, const double* z, std::size_t n, std::uint64_t* out) const;

  /// Cube ids pack the three axis indices (i, j, k), k lowest, so that the
  /// cubes (i, j, k - r .. k + r) have consecutive ids.
  std::uint64_t cell_id(const std::int64_t ijk[3]) const {
    return (static_cast<std::uint64_t>(ijk[0]) << (2 * axis_bits)) |
           (static_cast<std::uint64_t>(ijk[1]) << axis_bits) | static_cast<std::uint64_t>(ijk[2]);
  }
  void axes(std::uint64_t id, std::int64_t ijk[3]) const {
    const std::uint64_t mask = (std::uint64_t{1} << axis_bits) - 1;
    ijk[0] = static_cast<std::int64_t>(id >> (2 * axis_bits));
    ijk[1] = static_cast<std::int64_t>((id >> axis_bits) & mask);
    ijk[2] = static_cast<std::int64_t>(id & mask);
  }
};

/// The box of one cube, widened by a rounding margin, for conservative
/// point-to-cube distance bounds.
struct CellBox {
  double lo[3], hi[3];

  /// Lower and upper bounds of chord2(p, q) over every point q of the cube.
  double min_chord2(double px, double py, double pz) const {
    const double dx = gap(lo[0] - px, px - hi[0]);
    const double dy = gap(lo[1] - py, py - hi[1]);
    const double dz = gap(lo[2] - pz, pz - hi[2]);
    return dx * dx + dy * dy + dz * dz;
  }
  double max_chord2(double px, double py, double pz) const {
    const double dx = far(px - lo[0], hi[0] - px);
    const double dy = far(py - lo[1], hi[1] - py);
    const double dz = far(pz - lo[2], hi[2] - pz);
    return dx * dx + dy * dy + dz * dz;
  }

 private:
  static double gap(double below, double above) {
    const double g = below > above ? below : above;
    return g > 0 ? g : 0;
  }
  static double far(double a, double b) { return a > b ? a : b; }
};

class SphereGrid {
 public:
  /// Builds the grid of the points (see the file comment). Calls
  /// points_done(), when given, once, as soon as it no longer reads
  /// `points`, and only then allocates its cubes: a caller that frees the
  /// points there has their memory reused (bench/RESULTS.md). Throws
  /// std::invalid_argument, without calling points_done(), for a coordinate
  /// that is not finite or out of range.
  SphereGrid(std::span<const WeightedPoint> points, const ChordRadius& eps, FixedWeight min_weight, int threads,
             const std::function<void()>& points_done = {});

  const GridGeometry& geometry() const { return geo_; }
  std::size_t cell_count() const { return cells_.size(); }
  std::size_t location_count() const { return locations_; }
  std::size_t slot_count() const { return slots_; }

  std::span<GridCell> cells() { return cells_; }
  std::span<const std::uint64_t> cell_ids() const { return cell_ids_; }
  CellBox box(std::size_t cell) const;
  /// The box of the sub-cube (a[0], a[1], a[2]) at octree `level` (0 = the
  /// cube itself; 2^level sub-cubes per axis) of cube `cell`, whose box is
  /// `cube`.
  CellBox sub_box(const CellBox& cube, const double origin[3], int level, const std::uint32_t a[3]) const {
    if (level == 0) return cube;
    const std::uint32_t last = (1u << level) - 1;
    const double step = 1.0 / static_cast<double>(1u << level);
    CellBox b = cube;
    for (int d = 0; d < 3; ++d) {
      if (a[d] != 0) b.lo[d] = (origin[d] + static_cast<double>(a[d]) * step) * geo_.side - 1.0 - kBoxMargin;
      if (a[d] != last) b.hi[d] = (origin[d] + static_cast<double>(a[d] + 1) * step) * geo_.side - 1.0 + kBoxMargin;
    }
    return b;
  }
  /// The low corner of a cube (without margin), for sub_box().
  void origin(std::size_t cell, double out[3]) const;

  // Location columns, indexed by slot.
  const double* x() const { return x_.get(); }
  const double* y() const { return y_.get(); }
  const double* z() const { return z_.get(); }
  /// Running sum of the locations' weights before each slot, over the slots
  /// in use and one past each group of consecutive cubes' last: the weight
  /// of slots [b, e) of one cube, or of consecutive cubes whose slots follow
  /// one another (cells()[c].end == cells()[c + 1].begin), is
  /// prefix(e) - prefix(b).
  /// Valid until find_first_points(), which reuses its memory.
  const FixedWeight* weight_before() const { return reinterpret_cast<const FixedWeight*>(w_.get()); }
  /// Morton code (kCodeBits bits) of each location's sub-cube; a cube's
  /// locations are in increasing code order.
  const std::uint16_t* code() const { return code_.get(); }
  /// The input points, cube by cube and location by location: each entry is
  /// a point's input index, with kFirstPoint set on the first (and smallest)
  /// index of each location; a cube's locations appear in slot order.
  const std::uint32_t* points() const { return points_.get(); }
  /// Calls visit(point, slot) for every input point of cube `cell`, with the
  /// slot of its location, in the order of points().
  template <class Visit>
  void for_each_point(std::size_t cell, Visit&& visit) const {
    const std::uint32_t pe = point_end(cell);
    std::uint32_t slot = cells_[cell].begin - 1;
    for (std::uint32_t p = cells_[cell].point_begin; p < pe; ++p) {
      const std::uint32_t entry = points_[p];
      slot += entry >> 31;
      visit(entry & ~kFirstPoint, slot);
    }
  }
  /// Smallest input index of each location's points, once
  /// find_first_points() has run; the engine reuses this column for the
  /// locations' cluster ids once it no longer needs it.
  std::int32_t* first() { return first_; }
  /// Fills first() from points(), in the memory of the weight column (done
  /// after the core phase, which is the last to use the weights), whose other
  /// half becomes spare(): 4 bytes a slot that the engine may use, already
  /// backed by memory.
  void find_first_points(int threads);
  std::uint32_t* spare() { return reinterpret_cast<std::uint32_t*>(w_.get()) + slots_; }
  /// The end of cube `cell`'s positions in points() (there are as many
  /// positions as slots).
  std::uint32_t point_end(std::size_t cell) const {
    return cell + 1 < cells_.size() ? cells_[cell + 1].point_begin : static_cast<std::uint32_t>(slots_);
  }

  /// Frees the code column (after the border phase).
  void release_codes() { code_.reset(); }

 private:
  GridGeometry geo_;
  std::size_t slots_ = 0;
  std::size_t locations_ = 0;
  UninitVector<std::uint64_t> cell_ids_;
  UninitVector<GridCell> cells_;  // filled by the gather step, first_core and core_count by the core phase
  LargeArray<double> x_, y_, z_;
  // The sort keys' buffer, reused: weight_before(), then first() and spare().
  LargeArray<std::uint64_t> w_;
  LargeArray<std::uint16_t> code_;
  std::int32_t* first_ = nullptr;
  LargeArray<std::uint32_t> points_;
};

/// Visits the neighbour cubes of cubes taken in increasing order: after
/// seek(c), ranges() lists up to (2 reach + 1)^2 runs [begin, end) of cube
/// indices that hold every cube within `reach` of cube c along each axis
/// (and possibly a few more, which distance tests then reject). Each row of
/// columns (i, j - reach .. j + reach) is walked over the cubes present,
/// from where the row's walk for the previous cube started: a column without
/// cubes costs nothing (most columns near a sparse input's cubes are empty;
/// at 100 k points of the innovation data the core phase took 0.2 ms less
/// than with a search per column, and as long at 1 M and 10 M points and on
/// 1 M points around one city).
class NeighbourSweep {
 public:
  struct Range {
    std::uint32_t begin, end;
  };
  explicit NeighbourSweep(const SphereGrid& grid);
  void seek(std::size_t cell);
  std::span<const Range> ranges() const { return {ranges_.data(), count_}; }

 private:
  // The first position from `pos` on whose id is not below `target` (all
  // ids before `pos` are below it): step_to() steps forward when close,
  // gallop_to() also gallops ahead and searches the last step when far.
  std::size_t step_to(std::size_t pos, std::uint64_t target) const;
  std::size_t gallop_to(std::size_t pos, std::uint64_t target) const;

  std::span<const std::uint64_t> ids_;
  GridGeometry geo_;
  std::vector<std::size_t> row_start_;  // per row (first index): where its last walk started
  std::vector<Range> ranges_;
  std::size_t count_ = 0;
};

}  // namespace innocluster::detect
