#pragma once
// Ranking clusters by size and by intensity: the last stage of the method,
// shared by every command that ranks (see docs/methodology.md, "Ranking").
//
// A cluster's size score is the weighted sum of its shares of the world total
// of each metric, in percentage points:
//
//   share_m = 100 × count_m / total_m          score = Σ_m weight_m × share_m
//
// With the default weights of 1 this is GII's "sum of shares": Tokyo–Yokohama
// in 2023 held 10.1% of PCT applications and 1.5% of articles, score ≈ 11.7.
// A metric is *used* when its weight is > 0; an unused metric contributes
// nothing and its share is not reported, exactly as if its column were absent.
//
// Ranks are dense and unique, 1..n (no shared ranks), by:
//   1. larger score;
//   2. on an exactly equal score, larger sum of the used metrics' counts;
//   3. then cluster name, then economy, in byte order;
//   4. then input order.
// Scores are computed by the same formula for every row, so the order depends
// on the input values only, never on the input order (except for rows equal in
// all of the above).
//
// Intensity = score ÷ population in millions; intensity ranks, 1..m, cover only
// the clusters with a population > 0 and break ties by the size rank.
//
// Pure functions, no I/O. Everything here is O(n log n) in the number of rows.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/source.h"

namespace innocluster::rank {

inline constexpr std::size_t kMetricCount = kAllSources.size();

/// One cluster's counts: the input of ranking.
struct ClusterCounts {
  std::string cluster;
  std::string economy;  ///< ISO code, or codes joined by '/' for a cross-border cluster ("CN/HK")
  /// By Source index. nullopt = the metric is absent for this row; a used
  /// metric must be present in every row.
  std::array<std::optional<double>, kMetricCount> count;
  std::optional<double> population;  ///< inhabitants; nullopt or <= 0 = no intensity
};

struct RankOptions {
  /// World total of each metric (the denominator of its share); must be
  /// finite and > 0 for every used metric, ignored for the others.
  std::array<double, kMetricCount> totals{};
  /// Weight of each metric in the score; > 0 = used, 0 = unused. Finite, >= 0.
  std::array<double, kMetricCount> weights{};
  /// The headline ranking's length: clusters ranked 1..top_n are `in_top`.
  int top_n = 100;
};

struct RankedCluster {
  std::size_t index = 0;  ///< position of the cluster in the input vector
  std::string cluster;
  std::string economy;
  /// Percentage of the world total, for used metrics; nullopt for unused ones.
  std::array<std::optional<double>, kMetricCount> share;
  double score = 0;  ///< Σ weight × share, percentage points
  int rank = 0;      ///< 1-based, dense, unique
  /// Count per million inhabitants, for used metrics when the population is > 0.
  std::array<std::optional<double>, kMetricCount> per_million;
  std::optional<double> intensity;   ///< score per million inhabitants, when population > 0
  std::optional<int> intensity_rank;  ///< 1-based over the clusters that have an intensity
  bool in_top = false;               ///< rank <= top_n
};

/// Metric m is used when options.weights[m] > 0.
std::array<bool, kMetricCount> used_metrics(const RankOptions& options);

/// Scores and ranks `clusters`; returns one entry per input cluster, sorted by
/// rank. Throws Error(kUsage) when no metric is used or a used metric's total
/// or weight is not a finite positive number, and Error(kDataError) when a
/// used metric's count is absent, negative or not finite in some row (callers
/// that know file and line check first, to name them).
std::vector<RankedCluster> rank_clusters(const std::vector<ClusterCounts>& clusters,
                                         const RankOptions& options);

/// Clusters of one economy in the top N.
struct EconomyCount {
  std::string economy;
  int clusters = 0;      ///< top-N clusters that list this economy
  int cross_border = 0;  ///< of which list more than one economy
};

/// Counts, for each economy, the `in_top` clusters that list it. A cluster
/// whose economy is "CN/HK" counts once for CN and once for HK (and is
/// cross-border for both), so the counts may add up to more than N. Codes are
/// trimmed; empty codes are not counted. Sorted by clusters (descending), then
/// economy in byte order.
std::vector<EconomyCount> count_by_economy(const std::vector<RankedCluster>& ranked);

/// Estimates a world total from published shares: the median over the pairs
/// (count, share in percent) with share > 0 of count ÷ (share / 100); the
/// median of an even number of ratios is the mean of the middle two. The
/// median, not the mean, so that one badly rounded small share cannot pull the
/// total. Its precision is limited by the rounding of the shares (one decimal
/// of a percent is ±4.5% on a 1.1% share). nullopt when no pair qualifies.
std::optional<double> total_from_shares(const std::vector<std::array<double, 2>>& count_and_share);

}  // namespace innocluster::rank
