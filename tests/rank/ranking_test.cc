// Scores, ranks, intensity and economy counts (src/rank/ranking.h).

#include "rank/ranking.h"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "core/error.h"

namespace innocluster::rank {
namespace {

ClusterCounts cluster(std::string name, std::string economy, std::optional<double> patents,
                      std::optional<double> publications, std::optional<double> deals = std::nullopt,
                      std::optional<double> population = std::nullopt) {
  return ClusterCounts{std::move(name), std::move(economy), {patents, publications, deals}, population};
}

RankOptions two_metrics(double patents_total, double publications_total, int top_n = 100) {
  RankOptions o;
  o.totals = {patents_total, publications_total, 0};
  o.weights = {1, 1, 0};
  o.top_n = top_n;
  return o;
}

TEST(Ranking, ScoreIsTheWeightedSumOfSharesInPercent) {
  const std::vector<ClusterCounts> in = {cluster("A", "JP", 101, 15), cluster("B", "US", 50, 40)};
  auto ranked = rank_clusters(in, two_metrics(1000, 1000));
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].cluster, "A");
  EXPECT_DOUBLE_EQ(*ranked[0].share[0], 10.1);
  EXPECT_DOUBLE_EQ(*ranked[0].share[1], 1.5);
  EXPECT_FALSE(ranked[0].share[2].has_value());
  EXPECT_DOUBLE_EQ(ranked[0].score, 11.6);
  EXPECT_EQ(ranked[0].rank, 1);
  EXPECT_EQ(ranked[1].rank, 2);
  EXPECT_EQ(ranked[1].index, 1u);

  RankOptions weighted = two_metrics(1000, 1000);
  weighted.weights = {1, 3, 0};  // B: 5 + 3 × 4 = 17 > A: 10.1 + 3 × 1.5 = 14.6
  ranked = rank_clusters(in, weighted);
  EXPECT_EQ(ranked[0].cluster, "B");
  EXPECT_DOUBLE_EQ(ranked[0].score, 17.0);
}

TEST(Ranking, TiesBreakByCountsThenNameAndRanksStayUnique) {
  // Equal scores: C and D have the same shares but D has more counts in total
  // (totals differ per metric); A and B are equal in everything but the name.
  const std::vector<ClusterCounts> in = {cluster("B", "US", 10, 10), cluster("A", "US", 10, 10),
                                         cluster("C", "DE", 20, 0), cluster("D", "DE", 0, 40)};
  const auto ranked = rank_clusters(in, two_metrics(100, 200));
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].cluster, "D");
  EXPECT_EQ(ranked[1].cluster, "C");
  EXPECT_EQ(ranked[2].cluster, "A");
  EXPECT_EQ(ranked[3].cluster, "B");
  for (int k = 0; k < 4; ++k) EXPECT_EQ(ranked[static_cast<std::size_t>(k)].rank, k + 1);
}

TEST(Ranking, IntensityCoversOnlyClustersWithPopulation) {
  const std::vector<ClusterCounts> in = {
      cluster("Big", "JP", 100, 100, std::nullopt, 40e6), cluster("Small", "GB", 10, 40, std::nullopt, 0.5e6),
      cluster("Unknown", "US", 50, 50), cluster("Empty", "FR", 1, 1, std::nullopt, 0)};
  const auto ranked = rank_clusters(in, two_metrics(1000, 1000));
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].cluster, "Big");
  EXPECT_DOUBLE_EQ(*ranked[0].intensity, 20.0 / 40.0);
  EXPECT_DOUBLE_EQ(*ranked[0].per_million[0], 2.5);
  EXPECT_EQ(ranked[0].intensity_rank, 2);
  EXPECT_EQ(ranked[1].cluster, "Unknown");
  EXPECT_FALSE(ranked[1].intensity.has_value());
  EXPECT_FALSE(ranked[1].intensity_rank.has_value());
  EXPECT_FALSE(ranked[1].per_million[0].has_value());
  EXPECT_EQ(ranked[2].cluster, "Small");
  EXPECT_DOUBLE_EQ(*ranked[2].intensity, 5.0 / 0.5);
  EXPECT_DOUBLE_EQ(*ranked[2].per_million[1], 80.0);
  EXPECT_EQ(ranked[2].intensity_rank, 1);
  EXPECT_EQ(ranked[3].cluster, "Empty");
  EXPECT_FALSE(ranked[3].intensity_rank.has_value());
}

TEST(Ranking, EconomyCountsListCrossBorderClustersUnderEachEconomy) {
  const std::vector<ClusterCounts> in = {cluster("Shenzhen–Hong Kong–Guangzhou", "CN/HK", 90, 90),
                                         cluster("Beijing", "CN", 80, 80), cluster("Boston", "US", 70, 70),
                                         cluster("Geneva", " CH / FR ", 60, 60), cluster("Out", "US", 1, 1)};
  const auto ranked = rank_clusters(in, two_metrics(1000, 1000, 4));
  EXPECT_TRUE(ranked[3].in_top);
  EXPECT_FALSE(ranked[4].in_top);
  const auto counts = count_by_economy(ranked);
  ASSERT_EQ(counts.size(), 5u);
  EXPECT_EQ(counts[0].economy, "CN");
  EXPECT_EQ(counts[0].clusters, 2);
  EXPECT_EQ(counts[0].cross_border, 1);
  EXPECT_EQ(counts[1].economy, "CH");
  EXPECT_EQ(counts[1].cross_border, 1);
  EXPECT_EQ(counts[2].economy, "FR");
  EXPECT_EQ(counts[3].economy, "HK");
  EXPECT_EQ(counts[4].economy, "US");
  EXPECT_EQ(counts[4].clusters, 1);  // "Out" is ranked 5th, outside the top 4
  EXPECT_EQ(counts[4].cross_border, 0);
}

TEST(Ranking, TotalFromSharesIsTheMedianRatio) {
  EXPECT_FALSE(total_from_shares({}).has_value());
  EXPECT_FALSE(total_from_shares({{{5, 0}}}).has_value());
  EXPECT_DOUBLE_EQ(*total_from_shares({{{10, 1}}, {{30, 2}}, {{1, 100}}}), 1000.0);
  // Even count: mean of the middle two ratios (1000 and 2000); the outlier does not pull it.
  EXPECT_DOUBLE_EQ(*total_from_shares({{{10, 1}}, {{40, 2}}, {{1, 100}}, {{1e9, 1}}}), 1500.0);
}

TEST(Ranking, RefusesWhatCannotBeRanked) {
  const std::vector<ClusterCounts> in = {cluster("A", "JP", 1, std::nullopt)};
  RankOptions none = two_metrics(10, 10);
  none.weights = {0, 0, 0};
  try {
    rank_clusters(in, none);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
  }
  RankOptions zero_total = two_metrics(0, 10);
  EXPECT_THROW(rank_clusters(in, zero_total), Error);
  try {
    rank_clusters(in, two_metrics(10, 10));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kDataError);
    EXPECT_NE(std::string(e.what()).find("no publications count"), std::string::npos) << e.what();
  }
  // Publications unused: its absence no longer matters.
  RankOptions patents_only = two_metrics(10, 10);
  patents_only.weights = {1, 0, 0};
  EXPECT_EQ(rank_clusters(in, patents_only).size(), 1u);
  EXPECT_TRUE(rank_clusters({}, patents_only).empty());
}

// Random tables: a few clusters with small integer counts so that ties occur.
std::vector<ClusterCounts> random_table(bool with_deals) {
  const auto n = *rc::gen::inRange<std::size_t>(0, 40);
  std::vector<ClusterCounts> out;
  for (std::size_t i = 0; i < n; ++i) {
    ClusterCounts c;
    c.cluster = "c" + std::to_string(*rc::gen::inRange(0, 30));
    c.economy = *rc::gen::element<std::string>("US", "CN", "CN/HK", "DE");
    c.count[0] = *rc::gen::inRange(0, 50);
    c.count[1] = *rc::gen::inRange(0, 50);
    if (with_deals) c.count[2] = *rc::gen::inRange(0, 50);
    if (*rc::gen::arbitrary<bool>()) c.population = *rc::gen::inRange(0, 5'000'000);
    out.push_back(std::move(c));
  }
  return out;
}

RC_GTEST_PROP(RankingProperties, RankOrderFollowsScore, ()) {
  const auto in = random_table(true);
  RankOptions o;
  o.totals = {*rc::gen::inRange(1, 5000) * 1.0, *rc::gen::inRange(1, 5000) * 1.0, *rc::gen::inRange(1, 5000) * 1.0};
  o.weights = {*rc::gen::inRange(0, 3) * 1.0, *rc::gen::inRange(0, 3) * 1.0, 1.0};
  const auto ranked = rank_clusters(in, o);
  RC_ASSERT(ranked.size() == in.size());
  std::vector<bool> seen(in.size(), false);
  for (std::size_t k = 0; k < ranked.size(); ++k) {
    RC_ASSERT(ranked[k].rank == static_cast<int>(k + 1));
    RC_ASSERT(!seen[ranked[k].index]);
    seen[ranked[k].index] = true;
    if (k > 0) RC_ASSERT(ranked[k - 1].score >= ranked[k].score);
  }
  // Intensity ranks are a permutation of 1..m ordered by intensity.
  std::vector<const RankedCluster*> intense;
  for (const auto& r : ranked)
    if (r.intensity) intense.push_back(&r);
  std::sort(intense.begin(), intense.end(),
            [](const RankedCluster* a, const RankedCluster* b) { return *a->intensity_rank < *b->intensity_rank; });
  for (std::size_t k = 0; k < intense.size(); ++k) {
    RC_ASSERT(*intense[k]->intensity_rank == static_cast<int>(k + 1));
    if (k > 0) RC_ASSERT(*intense[k - 1]->intensity >= *intense[k]->intensity);
  }
}

RC_GTEST_PROP(RankingProperties, WeightZeroEqualsDroppingTheMetric, ()) {
  const auto with_deals = random_table(true);
  auto without = with_deals;
  for (auto& c : without) c.count[2] = std::nullopt;
  RankOptions o;
  o.totals = {1000, 2000, 300};
  o.weights = {1, 1, 0};
  const auto a = rank_clusters(with_deals, o);
  const auto b = rank_clusters(without, o);
  RC_ASSERT(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    RC_ASSERT(a[k].index == b[k].index);
    RC_ASSERT(a[k].score == b[k].score);
    RC_ASSERT(a[k].share == b[k].share);
    RC_ASSERT(a[k].per_million == b[k].per_million);
    RC_ASSERT(a[k].intensity_rank == b[k].intensity_rank);
    RC_ASSERT(!a[k].share[2].has_value());
  }
}

RC_GTEST_PROP(RankingProperties, ScalingTotalsScalesScoresAndKeepsRanks, ()) {
  const auto in = random_table(true);
  RankOptions o;
  o.totals = {1000, 2000, 300};
  o.weights = {1, 1, 1};
  // Powers of two keep every division exact, so the order cannot change by rounding.
  const double c = std::ldexp(1.0, *rc::gen::inRange(-20, 21));
  RankOptions scaled = o;
  for (double& t : scaled.totals) t *= c;
  const auto a = rank_clusters(in, o);
  const auto b = rank_clusters(in, scaled);
  RC_ASSERT(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    RC_ASSERT(a[k].index == b[k].index);
    RC_ASSERT(std::abs(b[k].score - a[k].score / c) <= 1e-12 * std::max(1.0, a[k].score / c));
    RC_ASSERT(a[k].intensity_rank == b[k].intensity_rank);
  }
}

}  // namespace
}  // namespace innocluster::rank
