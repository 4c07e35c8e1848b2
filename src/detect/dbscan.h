#pragma once
// Exact weighted DBSCAN on the sphere: the detection stage.
//
// Input: n points as latitude/longitude in degrees with a FixedWeight each.
// Output: for every point, in input order, a cluster id (or -1 for noise) and
// whether it is a core point. The answer is fully determined by the input:
//
//  - Two points are neighbours when their great-circle distance on a sphere of
//    radius 6371.0088 km is at most eps (inclusive), decided by the squared
//    chord test of detect/sphere.h.
//  - A point is core when the summed weight of its neighbours, itself
//    included, is >= min_weight (scikit-learn's sample_weight semantics).
//    Weights are summed exactly in fixed point, so the decision does not
//    depend on the order of summation or the number of threads.
//  - Clusters are the connected components of core points under the
//    neighbour relation. A non-core point with at least one core neighbour
//    joins the cluster of its nearest core neighbour (smallest squared chord;
//    on a tie, the smaller cluster id); every other point is noise (-1).
//  - Cluster ids are 0, 1, 2, ... in the order of the smallest input index
//    among each cluster's core points.
//
// This is the answer scikit-learn's DBSCAN(metric="haversine") gives with
// sample_weight, except that scikit-learn gives a border point to whichever
// reaching core point its traversal met first; the core points and the
// clusters are the same (up to pairs within a micrometre of eps, see
// sphere.h).
//
// How: points are converted once to unit vectors (a vectorised sine and
// cosine of degrees, detect/sphere.h) and bucketed into a 3-D grid of cubes
// of side eps_chord/sqrt(3) laid over the unit sphere, so that any two points
// of one cube are neighbours and every neighbour of a point lies in the
// 5x5x5 cubes around its own (detect/grid.h). One LSD radix sort orders the
// points by cube, and inside each cube by the Morton code of a 16^3 sub-grid
// (an implicit octree); identical coordinates are collapsed into one weighted
// location.
// Core test: a cube whose total weight reaches min_weight is all core at
// once, and so is no location of a cube whose nearby cubes together weigh
// less (tried first over blocks of 5x5x5 cubes, whose weights a hash table
// holds, then over the cubes within reach). A cube with few points within
// reach (DbscanParams::direct_below) sums them where they lie for each of
// its locations. Otherwise the neighbour weight is bounded from below (cubes and octree
// nodes wholly within eps) and above (those not wholly outside) down a query
// hierarchy: first for groups of locations (octree nodes of their cube at
// level 2, a quarter of the cube across), then for subgroups (level 3), each
// narrowing the bounds over the parts that straddle eps for its whole box
// (the parts' boxes tested four at a time); a location still undecided then
// tests the leaf parts left (boxes first, four at a time, then the locations
// of the straddling ones, without a branch on the distance test) until
// min_weight is decided. The parts (the near cubes' octree nodes, with their
// boxes and weights) form one tree per cube, grown on demand and shared by
// all its locations; parts of fewer than 128 locations are leaves.
// Connect: core locations of one cube are one set of a lock-free union-find;
// neighbouring cubes are joined when some pair of their core locations is
// within eps (skipped when already joined); every cube within reach of a cube
// with core locations is marked.
// Border: when every core location near a cube is in one cluster and the
// cube (a clique) has a core location, all its other locations join that
// cluster at once. Otherwise each non-core location of a marked cube searches
// the cubes near it with core locations, and in large ones only the octree
// nodes (level 2) that come within eps: in any order (stopping at the first
// wholly within eps) when their core locations are all in one cluster, else
// nearest first, and within the best distance found so far.
// The grid has no seam: the antimeridian and the poles need no special case.
//
// Complexity: O(n) time for conversion, sort and output, plus the
// neighbourhood work, which for a location follows how close its neighbour
// weight is to min_weight (the width of the band of straddling octree nodes)
// rather than how many neighbours it has, and vanishes for whole cubes that
// are decided at once. Memory: at most about 45 bytes per input point
// besides the input and output arrays (sort keys and indices, then unit
// vectors, running weights, codes, the points listed by location and first
// indices of the locations), plus 40 bytes per non-empty cube (which counts
// only for sparse inputs, where cubes are nearly as many as points), the
// table of block weights (at most 8 MB) and for each thread the tree of parts
// of the cube it is working on (a few nodes per 128 locations of the cubes
// near it).
//
// Threads: every phase runs on `threads` threads; the result is identical for
// any thread count.
//
// Limits: n < 2^31 points; eps_km finite and > 0; min_weight >= 0; the total
// weight must fit in an int64 (guaranteed by kMaxTotalWeight, core/weight.h).
// Latitudes must be in [-90, 90] and longitudes in [-180, 180], finite.
// Very small eps with very many points (e.g. eps < 1 km with 10 million
// points) uses coarser cubes than ideal: the answer is the same, only slower.

#include <cstdint>
#include <span>
#include <vector>

#include "core/large_array.h"
#include "core/weight.h"

namespace innocluster::detect {

/// One input point: a location in degrees and its weight. Points are passed
/// as one array of these (not three columns) because the engine fetches each
/// point once from wherever it lies in the input, and one record is one
/// memory access where three columns are three.
struct WeightedPoint {
  double lat = 0;          ///< degrees, in [-90, 90]
  double lon = 0;          ///< degrees, in [-180, 180]
  FixedWeight weight = 0;  ///< >= 0
};

struct DbscanParams {
  double eps_km = 15.0;              ///< neighbourhood radius, great-circle km (> 0)
  FixedWeight min_weight = 0;        ///< core threshold on the summed weight (>= 0)
  int threads = 0;                   ///< worker threads; 0 = all hardware threads
  /// Tuning only (every value gives the same answer): a cube whose cubes
  /// within reach (its own included) hold at most this many locations
  /// decides its locations by summing those directly instead of through the
  /// octree.
  std::uint32_t direct_below = 2048;
};

/// Wall time of each phase, in seconds.
struct PhaseTimes {
  double index = 0;    ///< unit vectors, grid keys, radix sort, collapse
  double core = 0;     ///< core test
  double connect = 0;  ///< union-find over core cubes, cluster numbering
  double border = 0;   ///< border assignment and output labels
};

/// Counters that describe the work done (for --stats and benchmarks).
struct DbscanCounters {
  std::uint64_t locations = 0;   ///< distinct locations after collapsing
  std::uint64_t cells = 0;       ///< non-empty grid cubes
  std::uint64_t dense_cells = 0; ///< cubes decided all-core at once
};

struct DbscanResult {
  // (Vectors whose resize() does not zero: the engine writes every element
  // on several threads, which also take the first touch of the memory.)
  UninitVector<std::int32_t> cluster;  ///< per input point: cluster id, or -1 (noise)
  UninitVector<std::uint8_t> core;     ///< per input point: 1 when core, else 0
  std::int32_t clusters = 0;          ///< number of clusters (ids are 0..clusters-1)
  PhaseTimes times;
  DbscanCounters counters;
};

/// Clusters the points (see the contract above). Throws
/// std::invalid_argument for eps_km not finite and > 0, negative min_weight,
/// more than 2^31 - 2 points, or a coordinate that is not finite or out of
/// range.
DbscanResult weighted_dbscan(std::span<const WeightedPoint> points, const DbscanParams& params);

/// The same, taking the points: their memory is freed once the index is
/// built (nothing later reads them), for the later phases to reuse instead
/// of touching fresh pages (at 100 k points 300 pages, 0.6 ms of 17). The
/// caller's vector is left empty, whether the call returns or throws.
DbscanResult weighted_dbscan(UninitVector<WeightedPoint>&& points, const DbscanParams& params);

}  // namespace innocluster::detect
