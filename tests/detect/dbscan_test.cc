// weighted_dbscan against a brute-force O(n^2) oracle that states the contract
// of detect/dbscan.h as directly as possible, on random inputs built to hit
// the hard places: the antimeridian, the poles, duplicates, zero and
// fractional weights, sums landing exactly on min_weight.

#include "detect/dbscan.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <vector>

#include "detect/grid.h"
#include "detect/sphere.h"

namespace innocluster::detect {
namespace {

struct Case {
  std::vector<double> lat, lon;
  std::vector<FixedWeight> weight;
  double eps_km = 15;
  FixedWeight min_weight = kWeightOne;
};

void showValue(const Case& c, std::ostream& os) {
  os << "eps_km=" << c.eps_km << " min_weight=" << c.min_weight << " n=" << c.lat.size() << "\n";
  for (std::size_t i = 0; i < c.lat.size(); ++i)
    os << "  " << c.lat[i] << "," << c.lon[i] << "," << c.weight[i] << "\n";
}

struct Oracle {
  decltype(DbscanResult::cluster) cluster;
  decltype(DbscanResult::core) core;
  std::int32_t clusters = 0;
};

// The contract, spelled out with no index and no shortcut.
Oracle brute_force(const Case& c) {
  const std::size_t n = c.lat.size();
  const ChordRadius eps = ChordRadius::from_km(c.eps_km);
  std::vector<UnitVector> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = unit_vector(c.lat[i], c.lon[i]);
  auto near = [&](std::size_t i, std::size_t j) { return eps.contains(chord2(v[i], v[j])); };
  Oracle o;
  o.core.assign(n, 0);
  o.cluster.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    FixedWeight sum = 0;
    for (std::size_t j = 0; j < n; ++j)
      if (near(i, j)) sum += c.weight[j];
    o.core[i] = sum >= c.min_weight;
  }
  // Components of core points, discovered from the smallest index up, so
  // that ids follow the smallest core index of each cluster.
  for (std::size_t i = 0; i < n; ++i) {
    if (!o.core[i] || o.cluster[i] != -1) continue;
    const std::int32_t id = o.clusters++;
    std::vector<std::size_t> stack{i};
    o.cluster[i] = id;
    while (!stack.empty()) {
      const std::size_t p = stack.back();
      stack.pop_back();
      for (std::size_t q = 0; q < n; ++q) {
        if (o.core[q] && o.cluster[q] == -1 && near(p, q)) {
          o.cluster[q] = id;
          stack.push_back(q);
        }
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (o.core[i]) continue;
    double best = std::numeric_limits<double>::infinity();
    std::int32_t label = -1;
    for (std::size_t j = 0; j < n; ++j) {
      if (!o.core[j] || !near(i, j)) continue;
      const double d = chord2(v[i], v[j]);
      if (d < best || (d == best && o.cluster[j] < label)) {
        best = d;
        label = o.cluster[j];
      }
    }
    o.cluster[i] = label;
  }
  return o;
}

// With `give_points`, through the overload that takes the points (the
// caller's vector is left empty).
DbscanResult run(const Case& c, int threads, std::uint32_t direct_below = DbscanParams{}.direct_below,
                 bool give_points = false) {
  UninitVector<WeightedPoint> points(c.lat.size());
  for (std::size_t i = 0; i < points.size(); ++i) points[i] = {c.lat[i], c.lon[i], c.weight[i]};
  const DbscanParams params{c.eps_km, c.min_weight, threads, direct_below};
  if (!give_points) return weighted_dbscan(std::span<const WeightedPoint>(points), params);
  DbscanResult r = weighted_dbscan(std::move(points), params);
  EXPECT_EQ(points.capacity(), 0u);  // NOLINT(bugprone-use-after-move): taken, as the overload promises
  return r;
}

// A point at distance d_km and bearing b (radians) from (lat, lon), folded
// back into the valid ranges (over a pole, across the antimeridian).
void offset(double lat, double lon, double d_km, double bearing, double& out_lat, double& out_lon) {
  const double r = d_km / kEarthRadiusKm;
  const double phi = lat * std::numbers::pi / 180, lambda = lon * std::numbers::pi / 180;
  const double phi2 = std::asin(std::clamp(
      std::sin(phi) * std::cos(r) + std::cos(phi) * std::sin(r) * std::cos(bearing), -1.0, 1.0));
  const double lambda2 = lambda + std::atan2(std::sin(bearing) * std::sin(r) * std::cos(phi),
                                             std::cos(r) - std::sin(phi) * std::sin(phi2));
  out_lat = std::clamp(phi2 * 180 / std::numbers::pi, -90.0, 90.0);
  double l = std::remainder(lambda2 * 180 / std::numbers::pi, 360.0);
  out_lon = std::clamp(l, -180.0, 180.0);
}

rc::Gen<Case> gen_case() {
  return rc::gen::exec([] {
    Case c;
    c.eps_km = *rc::gen::element(0.01, 1.0, 5.0, 15.0, 15.0, 120.0, 2500.0, 25000.0);
    const int n = *rc::gen::inRange(0, 400);
    // Centres of clumps: anywhere, on the antimeridian, at the poles.
    std::vector<std::pair<double, double>> centres;
    const int k = *rc::gen::inRange(1, 6);
    for (int i = 0; i < k; ++i) {
      switch (*rc::gen::inRange(0, 5)) {
        case 0: centres.emplace_back(90.0, *rc::gen::inRange(-180, 181)); break;
        case 1: centres.emplace_back(-90.0, *rc::gen::inRange(-180, 181)); break;
        case 2: centres.emplace_back(*rc::gen::inRange(-89, 90), *rc::gen::element(180.0, -180.0)); break;
        case 3: centres.emplace_back(*rc::gen::inRange(-85, 86) + 0.5, *rc::gen::inRange(-1790, 1800) / 10.0); break;
        default: centres.emplace_back(*rc::gen::inRange(-60, 61), *rc::gen::inRange(-179, 180)); break;
      }
    }
    const double spread = c.eps_km * *rc::gen::element(0.3, 1.0, 3.0, 10.0);
    for (int i = 0; i < n; ++i) {
      double lat = 0, lon = 0;
      const int mode = *rc::gen::inRange(0, 10);
      if (mode == 0 && i > 0) {  // an exact duplicate
        const auto j = static_cast<std::size_t>(*rc::gen::inRange(0, i));
        lat = c.lat[j];
        lon = c.lon[j];
      } else if (mode == 1) {  // exactly at a pole, any longitude
        lat = *rc::gen::element(90.0, -90.0);
        lon = *rc::gen::inRange(-180, 181);
      } else if (mode == 2) {  // on either side of the antimeridian, within eps
        const double d = *rc::gen::inRange(0, 1000) / 1000.0 * c.eps_km;
        const double lat0 = *rc::gen::inRange(-80, 81);
        offset(lat0, 180.0, d, *rc::gen::element(std::numbers::pi / 2, -std::numbers::pi / 2), lat, lon);
      } else if (mode == 3) {  // uniform on the sphere
        lat = std::asin(*rc::gen::inRange(-1000000, 1000001) / 1e6) * 180 / std::numbers::pi;
        lon = *rc::gen::inRange(-1800000, 1800001) / 1e4;
      } else {  // around a centre
        const auto& [clat, clon] = centres[static_cast<std::size_t>(*rc::gen::inRange(0, k))];
        const double d = spread * *rc::gen::inRange(0, 1001) / 1000.0;
        offset(clat, clon, d, *rc::gen::inRange(0, 6284) / 1000.0, lat, lon);
      }
      c.lat.push_back(lat);
      c.lon.push_back(lon);
      FixedWeight w = kWeightOne;
      switch (*rc::gen::inRange(0, 6)) {
        case 0: w = 0; break;
        case 1: w = kWeightOne / *rc::gen::inRange<FixedWeight>(1, 8); break;  // 1/k
        case 2: w = kWeightOne / 4 * *rc::gen::inRange<FixedWeight>(1, 13); break;  // quarters
        case 3: w = *rc::gen::inRange<FixedWeight>(0, 4 * kWeightOne); break;  // any fraction
        default: break;
      }
      c.weight.push_back(w);
    }
    // Thresholds in quarters (often reached exactly), or any value.
    c.min_weight = *rc::gen::oneOf(rc::gen::map(rc::gen::inRange<FixedWeight>(0, 40),
                                                [](FixedWeight q) { return q * (kWeightOne / 4); }),
                                   rc::gen::inRange<FixedWeight>(0, 10 * kWeightOne));
    return c;
  });
}

void expect_same(const Oracle& want, const DbscanResult& got) {
  RC_ASSERT(got.clusters == want.clusters);
  RC_ASSERT(got.core == want.core);
  RC_ASSERT(got.cluster == want.cluster);
}

RC_GTEST_PROP(WeightedDbscan, MatchesBruteForce, ()) {
  const Case c = *gen_case();
  const Oracle want = brute_force(c);
  // Both ways of deciding a cube: summing its near points directly, or the
  // octree (the inputs here are small enough to take the first by default).
  const auto direct_below = *rc::gen::element<std::uint32_t>(0, DbscanParams{}.direct_below);
  const bool give_points = *rc::gen::arbitrary<bool>();
  const DbscanResult got = run(c, *rc::gen::element(1, 2, 3), direct_below, give_points);
  RC_TAG(direct_below == 0 ? "octree" : "direct sums");
  RC_TAG(give_points ? "points given" : "points lent");
  const auto noise = std::count(want.cluster.begin(), want.cluster.end(), -1);
  const auto core = std::count(want.core.begin(), want.core.end(), 1);
  RC_TAG(want.clusters == 0 ? "no cluster" : want.clusters == 1 ? "one cluster" : "clusters");
  RC_TAG(noise == 0 ? "no noise" : "noise");
  RC_TAG(static_cast<std::size_t>(core) < c.lat.size() - static_cast<std::size_t>(noise) ? "border points" : "no border");
  RC_TAG(got.counters.dense_cells > 0 ? "dense cubes" : "no dense cube");
  expect_same(want, got);
}

RC_GTEST_PROP(WeightedDbscan, SameLabelsForAnyThreadCount, ()) {
  const Case c = *gen_case();
  const auto direct_below = *rc::gen::element<std::uint32_t>(0, DbscanParams{}.direct_below);
  const DbscanResult one = run(c, 1, direct_below);
  for (const int t : {2, 3, 8}) {
    const DbscanResult other = run(c, t, direct_below);
    RC_ASSERT(other.cluster == one.cluster);
    RC_ASSERT(other.core == one.core);
  }
}

TEST(WeightedDbscan, EmptyInput) {
  const DbscanResult r = run(Case{}, 2);
  EXPECT_TRUE(r.cluster.empty());
  EXPECT_EQ(r.clusters, 0);
}

TEST(WeightedDbscan, SinglePoint) {
  Case c;
  c.lat = {51.5};
  c.lon = {-0.1};
  c.weight = {kWeightOne};
  c.min_weight = kWeightOne;
  DbscanResult r = run(c, 2);
  EXPECT_EQ(r.cluster, decltype(r.cluster){0});
  EXPECT_EQ(r.core, decltype(r.core){1});
  c.min_weight = kWeightOne + 1;
  r = run(c, 2);
  EXPECT_EQ(r.cluster, decltype(r.cluster){-1});
  EXPECT_EQ(r.clusters, 0);
}

TEST(WeightedDbscan, PoleIsOnePointWhateverTheLongitude) {
  Case c;
  for (int lon = -180; lon <= 180; lon += 45) {
    c.lat.push_back(90);
    c.lon.push_back(lon);
    c.weight.push_back(kWeightOne);
  }
  c.eps_km = 0.001;
  c.min_weight = static_cast<FixedWeight>(c.lat.size()) * kWeightOne;
  const DbscanResult r = run(c, 2);
  EXPECT_EQ(r.clusters, 1);
  for (std::size_t i = 0; i < c.lat.size(); ++i) EXPECT_TRUE(r.core[i]);
}

TEST(WeightedDbscan, ClustersAcrossTheAntimeridian) {
  // 10 km apart across lon 180: one cluster at eps 15 km.
  Case c;
  c.lat = {0, 0, 0};
  c.lon = {179.95, -179.96, 180.0};
  c.weight = {kWeightOne, kWeightOne, kWeightOne};
  c.min_weight = 2 * kWeightOne;
  const DbscanResult r = run(c, 2);
  EXPECT_EQ(r.cluster, (decltype(r.cluster){0, 0, 0}));
}

TEST(WeightedDbscan, EpsIsInclusive) {
  // Two points; eps set from their own chord, so the pair is exactly at eps.
  Case c;
  c.lat = {10, 10.1};
  c.lon = {20, 20};
  c.weight = {kWeightOne, kWeightOne};
  c.min_weight = 2 * kWeightOne;
  const double angle = std::acos(std::cos(0.1 * std::numbers::pi / 180));
  c.eps_km = angle * kEarthRadiusKm * (1 + 1e-12);
  EXPECT_EQ(run(c, 1).clusters, 1);
  c.eps_km = angle * kEarthRadiusKm * (1 - 1e-9);
  EXPECT_EQ(run(c, 1).clusters, 0);
}

TEST(WeightedDbscan, AllNoiseAndAllOneCluster) {
  Case c;
  for (int i = 0; i < 100; ++i) {
    c.lat.push_back(i * 0.05);
    c.lon.push_back(10);
    c.weight.push_back(kWeightOne);
  }
  c.eps_km = 1;  // points are 5.6 km apart
  c.min_weight = 2 * kWeightOne;
  DbscanResult r = run(c, 2);
  EXPECT_EQ(r.clusters, 0);
  EXPECT_EQ(std::count(r.cluster.begin(), r.cluster.end(), -1), 100);
  c.eps_km = 6;
  r = run(c, 2);
  EXPECT_EQ(r.clusters, 1);
  EXPECT_EQ(std::count(r.cluster.begin(), r.cluster.end(), 0), 100);
}

TEST(WeightedDbscan, RejectsBadArguments) {
  Case c;
  c.lat = {0};
  c.lon = {0};
  c.weight = {kWeightOne};
  c.eps_km = 0;
  EXPECT_THROW(run(c, 1), std::invalid_argument);
  c.eps_km = 1;
  c.lat = {91};
  EXPECT_THROW(run(c, 1), std::invalid_argument);
  c.lat = {std::nan("")};
  EXPECT_THROW(run(c, 1), std::invalid_argument);
}

TEST(WeightedDbscan, PointIndexPackedBelowTheSortKeyOrNot) {
  // The grid packs a point's index below its sort key when both fit in 64
  // bits (grid.cc): at and around the largest input that is packed, for
  // several radii (the finer the cubes, the longer the key).
  std::uint64_t s = 777;
  auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  };
  int cases = 0;
  for (const double eps_km : {0.3, 1.1, 1.2, 2.5, 4.0}) {
    const int key_bits = GridGeometry::make(ChordRadius::from_km(eps_km)).cell_bits + kCodeBits;
    if (64 - key_bits > 11) continue;  // (the boundary needs too many points for the oracle)
    const std::size_t largest_packed = std::size_t{1} << (64 - key_bits);
    for (const std::size_t n : {largest_packed - 1, largest_packed, largest_packed + 1}) {
      if (n == 0) continue;
      Case c;
      // Clumps where x is near 1 (the top bits of the first cube index are
      // set), near 0 and in between.
      const double centres[][2] = {{0.001, 0.001}, {0, 90}, {51.5, -0.1}};
      for (std::size_t i = 0; i < n; ++i) {
        const auto& ctr = centres[i % 3];
        double lat, lon;
        offset(ctr[0], ctr[1], 3 * eps_km * next() * next(), 2 * std::numbers::pi * next(), lat, lon);
        c.lat.push_back(lat);
        c.lon.push_back(lon);
        c.weight.push_back(kWeightOne);
      }
      c.eps_km = eps_km;
      c.min_weight = 4 * kWeightOne;
      const Oracle want = brute_force(c);
      for (const int t : {1, 2}) {
        SCOPED_TRACE(::testing::Message() << "eps " << eps_km << " km, n " << n << ", threads " << t);
        const DbscanResult got = run(c, t, DbscanParams{}.direct_below, t == 2);
        EXPECT_EQ(got.clusters, want.clusters);
        EXPECT_EQ(got.core, want.core);
        EXPECT_EQ(got.cluster, want.cluster);
      }
      ++cases;
    }
  }
  EXPECT_GE(cases, 6);  // the boundary was reached for two radii at least
}

TEST(WeightedDbscan, LargerRandomCaseMatchesBruteForce) {
  // Enough points in a few clumps that cubes become dense (all-core at once)
  // next to sparse ones, at several thread counts.
  Case c;
  std::uint64_t s = 12345;
  auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  };
  const double centres[][2] = {{48.85, 2.35}, {89.9, 0}, {-10, 179.99}, {35.7, 139.7}};
  for (int i = 0; i < 3000; ++i) {
    const auto& ctr = centres[i % 4];
    double lat, lon;
    offset(ctr[0], ctr[1], 40 * next() * next(), 2 * std::numbers::pi * next(), lat, lon);
    c.lat.push_back(lat);
    c.lon.push_back(lon);
    c.weight.push_back(kWeightOne / (1 + static_cast<FixedWeight>(next() * 4)));
  }
  c.eps_km = 3;
  c.min_weight = 20 * kWeightOne;
  const Oracle want = brute_force(c);
  for (const int t : {1, 2, 8}) {
    const DbscanResult got = run(c, t, t == 1 ? 0 : DbscanParams{}.direct_below);
    EXPECT_EQ(got.clusters, want.clusters);
    EXPECT_EQ(got.core, want.core);
    EXPECT_EQ(got.cluster, want.cluster);
  }
  EXPECT_GT(want.clusters, 0);
  EXPECT_GT(run(c, 2).counters.dense_cells, 0u);
}

TEST(WeightedDbscan, DenseClumpsMatchBruteForce) {
  // Many points per cube, so that whole cubes, octree nodes and groups of
  // locations are decided at once, with thresholds near the typical
  // neighbour weight so that many locations need refining to single points.
  std::uint64_t s = 987654321;
  auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  };
  for (int round = 0; round < 12; ++round) {
    SCOPED_TRACE(round);
    Case c;
    const double eps_options[] = {2, 5, 15};
    c.eps_km = eps_options[round % 3];
    const double centres[][2] = {{48.85, 2.35}, {90, 0}, {-33.9, 180}, {-90, 10}, {1.3, 103.8}};
    for (int i = 0; i < 1500; ++i) {
      const auto& ctr = centres[(round + i % 2) % 5];
      double lat, lon;
      offset(ctr[0], ctr[1], 4 * c.eps_km * next() * next(), 2 * std::numbers::pi * next(), lat, lon);
      if (next() < 0.1) {  // some exact duplicates
        lat = c.lat.empty() ? lat : c.lat.back();
        lon = c.lon.empty() ? lon : c.lon.back();
      }
      c.lat.push_back(lat);
      c.lon.push_back(lon);
      c.weight.push_back(kWeightOne / 4 * (1 + static_cast<FixedWeight>(next() * 4)));
    }
    c.min_weight = kWeightOne / 4 * static_cast<FixedWeight>(200 + round * 40);
    const Oracle want = brute_force(c);
    const DbscanResult got = run(c, 2);
    EXPECT_EQ(got.clusters, want.clusters);
    EXPECT_EQ(got.core, want.core);
    EXPECT_EQ(got.cluster, want.cluster);
  }
}

RC_GTEST_PROP(WeightedDbscan, CrowdedNearTheThresholdMatchesBruteForce, ()) {
  // Hundreds of locations per cube and a threshold equal to some location's
  // own neighbour weight (so that sums land exactly on it and about half the
  // locations need their bounds refined down to single locations): the
  // shared part trees, the group and subgroup bounds, the scans of small
  // parts, and the border search between two clumps 2.2 eps apart, at
  // the poles, on the antimeridian or anywhere.
  Case c;
  c.eps_km = *rc::gen::element(3.0, 15.0, 40.0);
  const int n = *rc::gen::inRange(300, 2500);
  // Unit weights make many locations share each neighbour weight, so that
  // many sit exactly on the threshold; eighths make sums of every kind.
  const bool unit_weights = *rc::gen::arbitrary<bool>();
  double clat = 0, clon = 0;
  switch (*rc::gen::inRange(0, 3)) {
    case 0: clat = *rc::gen::element(90.0, -90.0); clon = *rc::gen::inRange(-180, 181); break;
    case 1: clat = *rc::gen::inRange(-80, 81); clon = 180.0; break;
    default: clat = *rc::gen::inRange(-70, 71) + 0.25; clon = *rc::gen::inRange(-1790, 1800) / 10.0; break;
  }
  double other_lat = 0, other_lon = 0;
  offset(clat, clon, 2.2 * c.eps_km, *rc::gen::inRange(0, 6284) / 1000.0, other_lat, other_lon);
  std::uint64_t s = *rc::gen::arbitrary<std::uint64_t>();
  auto next = [&] {  // splitmix64, as a fraction in [0, 1)
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
  };
  for (int i = 0; i < n; ++i) {
    double lat = 0, lon = 0;
    if (i > 0 && next() < 0.05) {  // an exact duplicate
      const auto j = static_cast<std::size_t>(next() * i);
      lat = c.lat[j];
      lon = c.lon[j];
    } else {
      const bool first = next() < 0.6;
      offset(first ? clat : other_lat, first ? clon : other_lon, 1.2 * c.eps_km * next() * next(),
             2 * std::numbers::pi * next(), lat, lon);
    }
    c.lat.push_back(lat);
    c.lon.push_back(lon);
    c.weight.push_back(unit_weights ? kWeightOne : kWeightOne / 8 * static_cast<FixedWeight>(next() * 16));
  }
  // The threshold: the neighbour weight of some location.
  const ChordRadius eps = ChordRadius::from_km(c.eps_km);
  const auto k = static_cast<std::size_t>(*rc::gen::inRange(0, n));
  const UnitVector vk = unit_vector(c.lat[k], c.lon[k]);
  c.min_weight = 0;
  for (std::size_t j = 0; j < c.lat.size(); ++j)
    if (eps.contains(chord2(vk, unit_vector(c.lat[j], c.lon[j])))) c.min_weight += c.weight[j];
  const Oracle want = brute_force(c);
  const auto core = std::count(want.core.begin(), want.core.end(), 1);
  RC_TAG(core == 0 ? "no core" : static_cast<std::size_t>(core) == c.lat.size() ? "all core" : "some core");
  RC_TAG(want.clusters > 1 ? "several clusters" : "at most one cluster");
  expect_same(want, run(c, *rc::gen::element(1, 2, 3), *rc::gen::element<std::uint32_t>(0, DbscanParams{}.direct_below)));
}

}  // namespace
}  // namespace innocluster::detect
