#include "detect/grid.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "detect/parallel.h"

namespace innocluster::detect {
namespace {

// Relative safety margin between a cube's geometry and eps; far larger than
// any rounding error of the unit vectors (1e-15), far smaller than anything
// that matters for speed.
constexpr double kSideMargin = 1e-7;

constexpr int kDigitBits = 11;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;

// Stable LSD radix sort of (key, index) pairs by bits [first, first + bits)
// of the keys, in digits of kDigitBits, with per-thread histograms;
// other_keys and other_index (n each) are the scratch arrays, and the arrays
// may be swapped. Without index arrays (null), the keys alone.
void radix_sort(LargeArray<std::uint64_t>& keys, LargeArray<std::uint32_t>& index,
                LargeArray<std::uint64_t>& other_keys, LargeArray<std::uint32_t>& other_index, std::size_t n,
                int first, int bits, int threads) {
  const auto parts = static_cast<std::size_t>(std::max(1, std::min<int>(threads, static_cast<int>(n / 65536) + 1)));
  std::vector<std::array<std::size_t, kBuckets>> hist(parts);
  const bool with_index = index != nullptr;
  for (int shift = first; shift < first + bits; shift += kDigitBits) {
    const std::uint64_t* src = keys.get();
    const std::uint32_t* src_index = index.get();
    std::uint64_t* dst = other_keys.get();
    std::uint32_t* dst_index = other_index.get();
    parallel_slices(n, static_cast<int>(parts), [&](std::size_t t, std::size_t b, std::size_t e) {
      auto& h = hist[t];
      h.fill(0);
      for (std::size_t p = b; p < e; ++p) ++h[(src[p] >> shift) & (kBuckets - 1)];
    });
    // A digit every key shares needs no pass.
    std::size_t nonzero = 0;
    for (std::size_t d = 0; d < kBuckets && nonzero < 2; ++d) {
      std::size_t total = 0;
      for (std::size_t t = 0; t < parts; ++t) total += hist[t][d];
      if (total) ++nonzero;
    }
    if (nonzero < 2) continue;
    std::size_t running = 0;
    for (std::size_t d = 0; d < kBuckets; ++d) {
      for (std::size_t t = 0; t < parts; ++t) {
        const std::size_t c = hist[t][d];
        hist[t][d] = running;
        running += c;
      }
    }
    parallel_slices(n, static_cast<int>(parts), [&](std::size_t t, std::size_t b, std::size_t e) {
      auto& off = hist[t];
      if (with_index) {
        for (std::size_t p = b; p < e; ++p) {
          const std::size_t to = off[(src[p] >> shift) & (kBuckets - 1)]++;
          dst[to] = src[p];
          dst_index[to] = src_index[p];
        }
      } else {
        for (std::size_t p = b; p < e; ++p) dst[off[(src[p] >> shift) & (kBuckets - 1)]++] = src[p];
      }
    });
    std::swap(keys, other_keys);
    std::swap(index, other_index);
  }
}

// floor(t) of 0 <= t < 2^51 and its clamp to [0, last], as a double and as
// an integer, without a branch or a conversion instruction (so that loops
// using it are vectorised): adding 1.5 * 2^52 rounds t to the nearest integer
// into the low bits of the sum.
struct Floored {
  double value;
  std::uint64_t bits;
};
inline Floored clamped_floor(double t, double last) {
  constexpr double kShift = 6755399441055744.0;
  const double nearest = (t + kShift) - kShift;
  double f = nearest - select(nearest > t, 1.0, 0.0);
  f = select(f > last, last, f);
  f = select(f < 0.0, 0.0, f);
  return {f, std::bit_cast<std::uint64_t>(f + kShift) & 0x7FFFFFFFFull};
}

// The 4 bits of u spread to every third bit (bit l to bit 3l).
inline std::uint64_t spread4(std::uint64_t u) {
  return (u & 1u) | ((u & 2u) << 2) | ((u & 4u) << 4) | ((u & 8u) << 6);
}

INNOCLUSTER_VECTOR_BODY void grid_keys_body(const double* x, const double* y, const double* z, std::size_t n,
                                         double inv_side, double last_cube, int axis_bits, std::uint64_t* out) {
  static_assert(kOctreeDepth == 4, "spread4() interleaves 4 levels");
  constexpr double kSubs = 1 << kOctreeDepth;
  for (std::size_t p = 0; p < n; ++p) {
    std::uint64_t cube = 0, code = 0;
    const double c[3] = {x[p], y[p], z[p]};
    for (int a = 0; a < 3; ++a) {
      const double t = (c[a] + 1.0) * inv_side;
      const Floored i = clamped_floor(t, last_cube);
      const Floored u = clamped_floor((t - i.value) * kSubs, kSubs - 1);
      cube = (cube << axis_bits) | i.bits;
      code |= spread4(u.bits) << (2 - a);
    }
    out[p] = (cube << kCodeBits) | code;
  }
}
INNOCLUSTER_VECTOR_VERSIONS(void, grid_keys,
    (const double* x, const double* y, const double* z, std::size_t n, double inv_side,
        double last_cube, int axis_bits, std::uint64_t* out),
    (x, y, z, n, inv_side, last_cube, axis_bits, out))

}  // namespace

GridGeometry GridGeometry::make(const ChordRadius& eps) {
  GridGeometry g;
  // Sort keys hold a cube id above a kCodeBits sub-cube code.
  const std::int64_t n_max = std::int64_t{1} << ((64 - kCodeBits) / 3);
  const double clique_side = eps.chord() / std::sqrt(3.0) * (1.0 - kSideMargin);
  // Cubes finer than this would need more id bits than there are.
  const double finest = 2.0 / static_cast<double>(n_max - 1) * (1.0 + 1e-12);
  g.clique = clique_side >= finest;
  g.side = g.clique ? clique_side : finest;
  g.inv_side = 1.0 / g.side;
  g.per_axis = static_cast<std::int64_t>(2.0 * g.inv_side) + 1;
  if (g.per_axis > n_max) g.per_axis = n_max;
  // A pair within eps differs by at most chord(eps) (plus rounding) along
  // each axis, hence by at most floor(chord / side) + 1 cube indices.
  g.reach = static_cast<int>(eps.chord() * g.inv_side * (1.0 + kSideMargin)) + 1;
  g.axis_bits = std::max(1, static_cast<int>(std::bit_width(static_cast<std::uint64_t>(g.per_axis - 1))));
  g.cell_bits = 3 * g.axis_bits;
  return g;
}

void GridGeometry::keys(const double* x, const double* y, const double* z, std::size_t n, std::uint64_t* out) const {
  grid_keys(x, y, z, n, inv_side, static_cast<double>(per_axis - 1), axis_bits, out);
}

CellBox SphereGrid::box(std::size_t cell) const {
  std::int64_t idx[3];
  geo_.axes(cell_ids_[cell], idx);
  const auto n = geo_.per_axis;
  CellBox b{};
  for (int a = 0; a < 3; ++a) {
    b.lo[a] = static_cast<double>(idx[a]) * geo_.side - 1.0 - kBoxMargin;
    b.hi[a] = static_cast<double>(idx[a] + 1) * geo_.side - 1.0 + kBoxMargin;
  }
  // The first and last cubes of an axis also hold the clamped coordinates.
  for (int a = 0; a < 3; ++a) {
    if (idx[a] == 0) b.lo[a] = -2.0;
    if (idx[a] + 1 == n) b.hi[a] = 2.0;
  }
  return b;
}

void SphereGrid::origin(std::size_t cell, double out[3]) const {
  std::int64_t idx[3];
  geo_.axes(cell_ids_[cell], idx);
  for (int d = 0; d < 3; ++d) out[d] = static_cast<double>(idx[d]);
}

SphereGrid::SphereGrid(std::span<const WeightedPoint> input, const ChordRadius& eps, FixedWeight min_weight,
                       int threads, const std::function<void()>& points_done) {
  const std::size_t n = input.size();
  slots_ = n;
  geo_ = GridGeometry::make(eps);
  if (n == 0) {
    if (points_done) points_done();
    return;
  }

  // 1. Sort keys: cube id and sub-cube code of each point, with its index:
  // below the key in the same word when both fit (packed: a sort moving 8
  // bytes a point instead of 12, with 4 bytes a point less scratch), else in
  // a column of their own.
  const int key_bits = geo_.cell_bits + kCodeBits;
  const int index_bits = std::max(1, static_cast<int>(std::bit_width(n - 1)));
  const bool packed = key_bits + index_bits <= 64;
  const int below = packed ? index_bits : 0;  // the key's lowest bit
  // (Both sort buffers have kSlotPadding elements more than the points: the
  // one that ends up holding the sorted keys becomes weight_before(), the
  // other x(); see kSlotPadding, grid.h.)
  auto keys = make_large_array<std::uint64_t>(n + kSlotPadding);
  LargeArray<std::uint32_t> index;
  if (!packed) index = make_large_array<std::uint32_t>(n);
  parallel_slices(n, threads, [&](std::size_t, std::size_t b, std::size_t e) {
    constexpr std::size_t kBlock = 256;
    double lat[kBlock], lon[kBlock], vx[kBlock], vy[kBlock], vz[kBlock];
    for (std::size_t bb = b; bb < e; bb += kBlock) {
      const std::size_t be = std::min(e, bb + kBlock);
      for (std::size_t i = bb; i < be; ++i) {
        lat[i - bb] = input[i].lat;
        lon[i - bb] = input[i].lon;
        if (!(input[i].lat >= -90.0 && input[i].lat <= 90.0 && input[i].lon >= -180.0 && input[i].lon <= 180.0))
          throw std::invalid_argument("point " + std::to_string(i) +
                                      ": latitude must be in [-90, 90] and longitude in [-180, 180]");
      }
      unit_vectors(lat, lon, be - bb, vx, vy, vz);
      geo_.keys(vx, vy, vz, be - bb, &keys[bb]);
      if (packed) {
        for (std::size_t i = bb; i < be; ++i) keys[i] = keys[i] << below | i;
      } else {
        for (std::size_t i = bb; i < be; ++i) index[i] = static_cast<std::uint32_t>(i);
      }
    }
  });

  // 2. One radix sort by (cube, code); stable, so indices ascend among equals.
  // Its scratch arrays then hold x_ and (unpacked) points_, of the same sizes;
  // packed, points_ is allocated afresh.
  auto spare_keys = make_large_array<std::uint64_t>(n + kSlotPadding);
  LargeArray<std::uint32_t> spare_index;
  if (!packed) spare_index = make_large_array<std::uint32_t>(n);
  radix_sort(keys, index, spare_keys, spare_index, n, below, key_bits, threads);

  // 3. Cubes, where the id changes, found slice by slice; meanwhile a sorted
  // key is packed to what is needed from here on, its sub-cube code and its
  // point, and the index column is dropped.
  constexpr std::uint64_t kCodeMask = (std::uint64_t{1} << kCodeBits) - 1;
  const auto parts = static_cast<std::size_t>(std::max(1, threads));
  std::vector<std::uint64_t> id_before(parts);  // the id of the key before each slice
  for (std::size_t t = 1; t < parts; ++t) {
    const std::size_t b = n * t / parts;
    if (b > 0) id_before[t] = keys[b - 1] >> (below + kCodeBits);
  }
  // The cubes that start in each slice, counted first, so that each slice
  // then writes its cubes straight to their place.
  std::vector<std::size_t> part_cells(parts + 1, 0);
  parallel_slices(n, static_cast<int>(parts), [&](std::size_t t, std::size_t b, std::size_t e) {
    std::size_t starts = b == 0 && e > 0 ? 1 : 0;
    for (std::size_t p = std::max<std::size_t>(b, 1); p < e; ++p)
      starts += (keys[p] >> (below + kCodeBits)) != (keys[p - 1] >> (below + kCodeBits)) ? 1 : 0;
    part_cells[t + 1] = starts;
  });
  for (std::size_t t = 0; t < parts; ++t) part_cells[t + 1] += part_cells[t];
  UninitVector<std::uint32_t> cell_pos(part_cells[parts] + 1);  // (points < 2^31)
  cell_ids_.resize(part_cells[parts]);
  parallel_slices(n, static_cast<int>(parts), [&](std::size_t t, std::size_t b, std::size_t e) {
    std::uint64_t last = id_before[t];
    std::size_t at = part_cells[t];
    for (std::size_t p = b; p < e; ++p) {
      const std::uint64_t id = keys[p] >> (below + kCodeBits);
      if (p == 0 || id != last) {
        cell_pos[at] = static_cast<std::uint32_t>(p);
        cell_ids_[at++] = id;
        last = id;
      }
      const std::uint64_t point = packed ? keys[p] & ((std::uint64_t{1} << below) - 1) : index[p];
      keys[p] = ((keys[p] >> below & kCodeMask) << 32) | point;
    }
  });
  index.reset();
  cell_pos.back() = static_cast<std::uint32_t>(n);
  const std::size_t cells = cell_ids_.size();
  // Each cube's first slot, written by the gather (below); the cubes
  // themselves are made once the points are no longer read, in their memory.
  UninitVector<std::uint32_t> cell_slot(cells);
  auto code_of = [&](std::size_t p) { return static_cast<std::uint16_t>(keys[p] >> 32); };
  auto point_of = [&](std::size_t p) { return static_cast<std::uint32_t>(keys[p]); };

  // 4. Gather and collapse, in `parts` runs of whole cubes; run t writes its
  // locations from the slot of its first point on.
  x_ = reuse_as<double>(std::move(spare_keys));
  y_ = make_large_array<double>(n + kSlotPadding);
  z_ = make_large_array<double>(n + kSlotPadding);
  code_ = make_large_array<std::uint16_t>(n);
  points_ = packed ? make_large_array<std::uint32_t>(n) : std::move(spare_index);
  std::vector<std::size_t> run_cell(parts + 1);
  for (std::size_t t = 0; t <= parts; ++t)
    run_cell[t] = static_cast<std::size_t>(std::lower_bound(cell_pos.begin(), cell_pos.end() - 1, n * t / parts) -
                                           cell_pos.begin());
  run_cell.back() = cells;
  std::vector<std::size_t> run_locations(parts, 0);
  std::vector<FixedWeight> run_weight(parts, 0);
  // Running weights go to the key buffer itself: a slot is only written once
  // the key at that position has been read (a cube's keys are all read before
  // its first slot is written, and slots never run ahead of sorted
  // positions), and int64 may alias uint64. They run over each run of cubes
  // here; the runs after the first are carried on in step 5.
  FixedWeight* const before_at = reinterpret_cast<FixedWeight*>(keys.get());
  auto has_cubes = [&](std::size_t t) { return run_cell[t] < run_cell[t + 1]; };
  parallel_slices(parts, static_cast<int>(parts), [&](std::size_t t, std::size_t, std::size_t) {
    // A cube's points, fetched once from the input (where they are scattered)
    // into buffers that the rest of the cube's work reads in order.
    struct Point {
      FixedWeight weight;
      std::uint32_t index;
      std::uint16_t code;
    };
    // Cubes are taken in batches of whole cubes of up to kBatch points (or
    // one larger cube), whose points are fetched and converted to unit
    // vectors together: most cubes of sparse data hold a few points, too few
    // for the vectorised conversion on their own.
    constexpr std::size_t kBatch = 512;
    std::vector<Point> pts;
    std::vector<double> lat, lon, vx, vy, vz;
    struct Item {
      std::uint64_t lat, lon;
      std::uint32_t index;  // into pts
    };
    std::vector<Item> items;
    std::vector<std::uint32_t> leader;
    std::vector<FixedWeight> leader_weight;
    if (!has_cubes(t)) return;
    const std::size_t c_begin = run_cell[t], c_end = run_cell[t + 1];
    // Room for a batch (below) at once: grown element by element, the
    // buffers took a dozen allocations each, from every thread at once.
    for (auto* v : {&lat, &lon, &vx, &vy, &vz}) v->reserve(kBatch);
    pts.reserve(kBatch);
    std::size_t slot = cell_pos[c_begin];
    const std::size_t run_end = cell_pos[c_end];
    const std::size_t first_slot = slot;
    // Next entry of points(): the run's points fill its positions in order.
    std::uint32_t* point_out = points_.get() + cell_pos[c_begin];
    FixedWeight before = 0;  // weight of the run's earlier locations (see before_at)
    // Point r of the cube's buffers becomes the location in the next slot,
    // carrying weight w.
    auto emit = [&](std::size_t r, FixedWeight w) {
      x_[slot] = vx[r];
      y_[slot] = vy[r];
      z_[slot] = vz[r];
      before_at[slot] = before;
      before += w;
      code_[slot] = pts[r].code;
      return slot++;
    };
    auto same_place = [&](std::size_t r, std::size_t o) {
      return std::bit_cast<std::uint64_t>(lat[r]) == std::bit_cast<std::uint64_t>(lat[o]) &&
             std::bit_cast<std::uint64_t>(lon[r]) == std::bit_cast<std::uint64_t>(lon[o]);
    };
    constexpr std::size_t kAhead = 64;
    // Runs of one sub-cube up to this long find identical coordinates by
    // comparing every pair, longer ones by sorting.
    constexpr std::size_t kPairwiseRun = 24;
    for (std::size_t c0 = c_begin; c0 < c_end;) {
      std::size_t c1 = c0 + 1;
      while (c1 < c_end && cell_pos[c1 + 1] - cell_pos[c0] <= kBatch) ++c1;
      const std::size_t batch_begin = cell_pos[c0], batch_end = cell_pos[c1];
      pts.clear();
      lat.clear();
      lon.clear();
      for (std::size_t p = batch_begin; p < batch_end; ++p) {
        // The points of a cube are scattered over the input: fetch ahead.
        if (p + kAhead < run_end) {  // (keys past the run are another thread's)
          const std::uint32_t ahead = point_of(p + kAhead);
          __builtin_prefetch(&input[ahead]);
          __builtin_prefetch(reinterpret_cast<const char*>(&input[ahead]) + sizeof(WeightedPoint) - 1);
        }
        const std::uint32_t i = point_of(p);
        const WeightedPoint& in = input[i];
        pts.push_back({in.weight, i, code_of(p)});
        lat.push_back(in.lat);
        lon.push_back(in.lon);
      }
      vx.resize(pts.size());
      vy.resize(pts.size());
      vz.resize(pts.size());
      unit_vectors(lat.data(), lon.data(), pts.size(), vx.data(), vy.data(), vz.data());
      for (std::size_t c = c0; c < c1; ++c) {
        cell_slot[c] = static_cast<std::uint32_t>(slot);
        const std::size_t pb = cell_pos[c], pe = cell_pos[c + 1];
        // The cube's points are [first, cube_end) of the batch's buffers.
        const std::size_t first = pb - batch_begin, cube_end = pe - batch_begin;
        FixedWeight total = 0;
        for (std::size_t r = first; r < cube_end; ++r) total += pts[r].weight;
        const bool dense = geo_.clique && total >= min_weight;
        for (std::size_t p = first; p < cube_end;) {
          // A run of points in one sub-cube; identical coordinates share it.
          std::size_t q = p + 1;
          const std::uint16_t code = pts[p].code;
          while (q < cube_end && pts[q].code == code) ++q;
          if (dense || q - p == 1) {
            for (; p < q; ++p) {
              emit(p, pts[p].weight);
              *point_out++ = pts[p].index | kFirstPoint;
            }
            continue;
          }
          if (q - p <= kPairwiseRun) {
            // Each point joins the first earlier point at the same place; the
            // locations follow in the order of their first points.
            const std::size_t k = q - p;
            leader.resize(k);
            leader_weight.assign(k, 0);
            for (std::size_t r = 0; r < k; ++r) {
              std::size_t l = r;
              for (std::size_t o = 0; o < r; ++o) {
                if (leader[o] == o && same_place(p + r, p + o)) {
                  l = o;
                  break;
                }
              }
              leader[r] = static_cast<std::uint32_t>(l);
              leader_weight[l] += pts[p + r].weight;
            }
            for (std::size_t r = 0; r < k; ++r) {
              if (leader[r] != r) continue;
              emit(p + r, leader_weight[r]);
              *point_out++ = pts[p + r].index | kFirstPoint;
              for (std::size_t o = r + 1; o < k; ++o)
                if (leader[o] == r) *point_out++ = pts[p + o].index;
            }
            p = q;
            continue;
          }
          items.clear();
          for (std::size_t r = p; r < q; ++r)
            items.push_back({std::bit_cast<std::uint64_t>(lat[r]), std::bit_cast<std::uint64_t>(lon[r]),
                             static_cast<std::uint32_t>(r)});
          // Sorted positions keep input order among equal keys, so the
          // position breaks ties as the input index would.
          std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
            if (a.lat != b.lat) return a.lat < b.lat;
            if (a.lon != b.lon) return a.lon < b.lon;
            return a.index < b.index;
          });
          for (std::size_t a = 0; a < items.size();) {
            std::size_t b = a;
            FixedWeight w = 0;
            while (b < items.size() && items[b].lat == items[a].lat && items[b].lon == items[a].lon)
              w += pts[items[b++].index].weight;
            emit(items[a].index, w);
            for (std::size_t r = a; r < b; ++r)
              *point_out++ = pts[items[r].index].index | (r == a ? kFirstPoint : 0u);
            a = b;
          }
          p = q;
        }
      }
      c0 = c1;
    }
    run_locations[t] = slot - first_slot;
    run_weight[t] = before;
  });
  for (std::size_t c : run_locations) locations_ += c;

  // 5. The running sums carried on from run to run, so that they run over
  // every slot in use, and the slot after each run's last location holds
  // the sum so far: the weight of any slots [b, e) of one run is then
  // before[e] - before[b], a cube's last slot included. (That slot is the
  // next run's first when no location was collapsed in the run: it then
  // holds the same sum.)
  std::vector<FixedWeight> run_offset(parts + 1, 0);
  for (std::size_t t = 0; t < parts; ++t) run_offset[t + 1] = run_offset[t] + run_weight[t];
  parallel_slices(parts, static_cast<int>(parts), [&](std::size_t t, std::size_t, std::size_t) {
    if (run_offset[t] == 0 || !has_cubes(t)) return;
    FixedWeight* at = before_at + cell_pos[run_cell[t]];
    for (std::size_t q = 0; q < run_locations[t]; ++q) at[q] += run_offset[t];
  });
  // The coordinates of the slots after each run (up to kSlotPadding of
  // them, before the next run's first) are zero, so that reads past a run's
  // end see finite numbers. (Runs taken last to first: `next` is the first
  // slot of the next run with cubes.)
  std::size_t next = n + kSlotPadding;
  for (std::size_t t = parts; t-- > 0;) {
    if (!has_cubes(t)) continue;
    const std::size_t end = cell_pos[run_cell[t]] + run_locations[t];
    before_at[end] = run_offset[t + 1];
    for (std::size_t q = end; q < std::min(next, end + kSlotPadding); ++q) x_[q] = y_[q] = z_[q] = 0.0;
    next = cell_pos[run_cell[t]];
  }
  if (points_done) points_done();
  // The cubes: a cube ends where the next begins, or at the end of its run;
  // its weight is that of its slots.
  cells_.resize(cells);  // every field written here (first_core and core_count by the core phase)
  parallel_slices(parts, static_cast<int>(parts), [&](std::size_t t, std::size_t, std::size_t) {
    if (!has_cubes(t)) return;
    const std::uint32_t run_end = static_cast<std::uint32_t>(cell_pos[run_cell[t]] + run_locations[t]);
    for (std::size_t c = run_cell[t]; c < run_cell[t + 1]; ++c) {
      GridCell& cell = cells_[c];
      cell.begin = cell_slot[c];
      cell.end = c + 1 < run_cell[t + 1] ? cell_slot[c + 1] : run_end;
      cell.point_begin = cell_pos[c];
      cell.weight = before_at[cell.end] - before_at[cell.begin];
    }
  });
  w_ = std::move(keys);
}

void SphereGrid::find_first_points(int threads) {
  first_ = reinterpret_cast<std::int32_t*>(w_.get());
  // A location's first entry in points() is its smallest input index.
  parallel_slices(cells_.size(), threads, [&](std::size_t, std::size_t b, std::size_t e) {
    for (std::size_t c = b; c < e; ++c) {
      std::uint32_t slot = cells_[c].begin;
      const std::uint32_t pe = point_end(c);
      for (std::uint32_t p = cells_[c].point_begin; p < pe; ++p)
        if (points_[p] & kFirstPoint) first_[slot++] = static_cast<std::int32_t>(points_[p] & ~kFirstPoint);
    }
  });
}

NeighbourSweep::NeighbourSweep(const SphereGrid& grid) : ids_(grid.cell_ids()), geo_(grid.geometry()) {
  const auto side = static_cast<std::size_t>(2 * geo_.reach + 1);
  row_start_.assign(side, 0);
  ranges_.resize(side * side);
}

std::size_t NeighbourSweep::step_to(std::size_t pos, std::uint64_t target) const {
  // Ids are sorted, so the ids below the target in a window of 8 are a
  // prefix of it: counting them moves the cursor without a branch per id
  // (the steps are short, a few cubes, but vary: a loop of compares
  // mispredicted at nearly every seek).
  const std::size_t count = ids_.size();
  const std::uint64_t* ids = ids_.data();
  while (pos + 8 <= count) {
    unsigned below = 0;
    for (std::size_t u = 0; u < 8; ++u) below += ids[pos + u] < target ? 1u : 0u;
    pos += below;
    if (below < 8) return pos;
  }
  while (pos < count && ids[pos] < target) ++pos;
  return pos;
}

std::size_t NeighbourSweep::gallop_to(std::size_t pos, std::uint64_t target) const {
  const std::size_t count = ids_.size();
  if (pos + 8 < count && ids_[pos + 8] < target) {
    std::size_t from = pos + 8, step = 16;
    while (from + step < count && ids_[from + step] < target) {
      from += step;
      step *= 2;
    }
    const auto first = ids_.begin() + static_cast<std::ptrdiff_t>(from + 1);
    const auto last = ids_.begin() + static_cast<std::ptrdiff_t>(std::min(count, from + step));
    return static_cast<std::size_t>(std::lower_bound(first, last, target) - ids_.begin());
  }
  return step_to(pos, target);
}

void NeighbourSweep::seek(std::size_t cell) {
  std::int64_t ijk[3];
  geo_.axes(ids_[cell], ijk);
  const std::int64_t n = geo_.per_axis, r = geo_.reach;
  const std::int64_t j_lo = std::max<std::int64_t>(0, ijk[1] - r), j_hi = std::min<std::int64_t>(n - 1, ijk[1] + r);
  const std::int64_t k_lo = std::max<std::int64_t>(0, ijk[2] - r), k_hi = std::min<std::int64_t>(n - 1, ijk[2] + r);
  const std::size_t count = ids_.size();
  const std::uint64_t axis_mask = (std::uint64_t{1} << geo_.axis_bits) - 1;
  count_ = 0;
  for (std::int64_t di = -r; di <= r; ++di) {
    const std::int64_t i = ijk[0] + di;
    if (i < 0 || i >= n) continue;
    // The columns (i, j_lo .. j_hi) follow each other in id order: the row
    // is walked over the cubes present from the first column's start, with
    // jumps past the cubes outside k_lo .. k_hi. A row's start only grows as
    // cubes are visited in order.
    std::int64_t at[3] = {i, j_lo, 0};
    std::size_t& start = row_start_[static_cast<std::size_t>(di + r)];
    start = gallop_to(start, geo_.cell_id(at));
    at[1] = j_hi;
    at[2] = k_hi;
    const std::uint64_t row_last = geo_.cell_id(at);
    for (std::size_t p = start; p < count && ids_[p] <= row_last;) {
      const std::uint64_t column = ids_[p] & ~axis_mask;  // (i, j, 0)
      const auto k = static_cast<std::int64_t>(ids_[p] & axis_mask);
      if (k < k_lo) {
        p = step_to(p, column + static_cast<std::uint64_t>(k_lo));
      } else if (k > k_hi) {
        p = step_to(p, column + axis_mask + 1);  // the next column
      } else {
        const std::size_t begin = p;
        p = step_to(p, column + static_cast<std::uint64_t>(k_hi + 1));
        ranges_[count_++] = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(p)};
      }
    }
  }
}

}  // namespace innocluster::detect
