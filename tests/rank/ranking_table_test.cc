// Cluster tables from files: reading, settling weights and totals, the output
// columns, and the published GII 2023 ranking (src/io/cluster_table_reader.h,
// src/rank/ranking_table.h).

#include "rank/ranking_table.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "test_support.h"

namespace innocluster::rank {
namespace {

using testing::read_file;
using testing::source_dir;
using testing::TempDir;
using testing::write_file;

std::filesystem::path gii2023() {
  return source_dir() / "tests" / "fixtures" / "reference" / "gii2023_size_top10.csv";
}

// Runs `f` and returns the Error it throws (failing the test when none).
template <typename F>
Error error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ExitCode::kOk, "");
}

ClusterTable table_of(const TempDir& dir, const std::string& csv) {
  write_file(dir / "t.csv", csv);
  return read_cluster_table((dir / "t.csv").string());
}

TEST(RankingTable, ReadsPublishedColumnNamesAsAliases) {
  const ClusterTable t = read_cluster_table(gii2023().string());
  ASSERT_EQ(t.rows.size(), 10u);
  EXPECT_EQ(t.header[*t.count_column[0]], "pct_applications");
  EXPECT_EQ(t.header[*t.count_column[1]], "scientific_publications");
  EXPECT_FALSE(t.count_column[2].has_value());
  EXPECT_EQ(t.header[*t.share_column[0]], "share_pct_pct");
  EXPECT_EQ(t.header[*t.share_column[1]], "share_pubs_pct");
  EXPECT_EQ(t.rows[5].cluster, "San Jose–San Francisco, CA");
  EXPECT_EQ(t.rows[5].line, 7u);
  EXPECT_DOUBLE_EQ(*t.rows[0].count[0], 127418);
  EXPECT_DOUBLE_EQ(*t.rows[0].share_percent[1], 1.5);
  EXPECT_EQ(canonical_column_name(" Share_VC_Pct "), "share_deals");
  EXPECT_EQ(canonical_column_name("Previous_Rank"), "previous_rank");
}

TEST(RankingTable, ReproducesTheGii2023RanksWithTotalsEstimatedFromShares) {
  const ClusterTable t = read_cluster_table(gii2023().string());
  const RankSettings s = settle_rank_settings(t, {}, {}, 10);
  EXPECT_EQ(s.total_source[0], TotalSource::kFromShares);
  EXPECT_EQ(s.total_source[1], TotalSource::kFromShares);
  EXPECT_EQ(s.total_source[2], TotalSource::kUnused);
  EXPECT_EQ(s.share_rows[0], 10u);
  // About 1.26 million PCT applications and 7.4 million articles (2017–2021).
  EXPECT_NEAR(s.options.totals[0], 1.2595e6, 1e3);
  EXPECT_NEAR(s.options.totals[1], 7.42e6, 1e4);
  const auto ranked = rank_clusters(cluster_counts(t, s.options), s.options);
  ASSERT_EQ(ranked.size(), 10u);
  const std::size_t rank_column = 0;  // the published rank is the first column
  for (const RankedCluster& r : ranked) {
    EXPECT_EQ(std::to_string(r.rank), t.rows[r.index].fields[rank_column]) << r.cluster;
    // Our score matches the published total share up to its rounding.
    EXPECT_NEAR(r.score, std::stod(std::string(t.rows[r.index].fields[7])), 0.1) << r.cluster;
  }
  EXPECT_NEAR(ranked[0].score, 11.67, 0.01);
}

TEST(RankingTable, WeightsDefaultToOnePerCountColumn) {
  TempDir dir;
  const ClusterTable t = table_of(dir, "cluster,economy,patents,publications,deals\nA,US,1,2,3\nB,DE,4,5,6\n");
  RankSettings s = settle_rank_settings(t, {}, {}, 100);
  EXPECT_EQ(s.options.weights, (std::array<double, 3>{1, 1, 1}));
  EXPECT_EQ(s.total_source[2], TotalSource::kTableSum);
  EXPECT_DOUBLE_EQ(s.options.totals[2], 9);

  s = settle_rank_settings(t, parse_metric_values("deals=0", "--weights"),
                           parse_metric_values("patents=100", "--totals"), 100);
  EXPECT_EQ(s.options.weights, (std::array<double, 3>{1, 1, 0}));
  EXPECT_EQ(s.total_source[0], TotalSource::kGiven);
  EXPECT_DOUBLE_EQ(s.options.totals[0], 100);
  EXPECT_EQ(s.total_source[2], TotalSource::kUnused);
}

TEST(RankingTable, MetricsWithoutColumnsAreErrors) {
  TempDir dir;
  const ClusterTable t = table_of(dir, "cluster,economy,patents,publications\nA,US,1,2\n");
  Error e = error_of([&] { settle_rank_settings(t, parse_metric_values("deals=1", "--weights"), {}, 10); });
  EXPECT_EQ(e.code(), ExitCode::kDataError);
  EXPECT_NE(std::string(e.what()).find("t.csv:1: --weights gives deals but the table has no deals column"),
            std::string::npos)
      << e.what();
  e = error_of([&] { settle_rank_settings(t, {}, parse_metric_values("deals=236000", "--totals"), 10); });
  EXPECT_EQ(e.code(), ExitCode::kDataError);
  // A total for a metric explicitly dropped is harmless.
  EXPECT_NO_THROW(settle_rank_settings(t, parse_metric_values("deals=0", "--weights"),
                                       parse_metric_values("deals=236000", "--totals"), 10));
  e = error_of([&] { settle_rank_settings(t, parse_metric_values("patents=0,publications=0", "--weights"), {}, 10); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  const ClusterTable bare = table_of(dir, "cluster,economy,note\nA,US,x\n");
  e = error_of([&] { settle_rank_settings(bare, {}, {}, 10); });
  EXPECT_EQ(e.code(), ExitCode::kDataError);
  EXPECT_NE(std::string(e.what()).find("t.csv:1: no count column"), std::string::npos) << e.what();
}

TEST(RankingTable, ParsesMetricValuesStrictly) {
  const MetricValues v = parse_metric_values(" Patents=1.5 , deals=0 ", "--weights");
  EXPECT_EQ(v[0], 1.5);
  EXPECT_FALSE(v[1].has_value());
  EXPECT_EQ(v[2], 0.0);
  EXPECT_FALSE(parse_metric_values("", "--totals")[0].has_value());
  for (const char* bad : {"vc=1", "patents", "patents=", "patents=1x", "patents=1,patents=2", "patents=nan"}) {
    const Error e = error_of([&] { parse_metric_values(bad, "--weights"); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << bad;
    EXPECT_NE(std::string(e.what()).find("--weights"), std::string::npos) << e.what();
  }
  EXPECT_NE(std::string(error_of([] { parse_metric_values("vc=1", "--weights"); }).what())
                .find("the metrics are patents, publications, deals"),
            std::string::npos);
}

TEST(RankingTable, BadCellsNameFileAndLine) {
  TempDir dir;
  const auto message = [&](const std::string& csv) {
    return std::string(error_of([&] { table_of(dir, csv); }).what());
  };
  EXPECT_NE(message("cluster,economy,patents\nA,US,12\nB,US,\"12,345\"\n").find("t.csv:3: column 'patents': '12,345' is not a number"),
            std::string::npos);
  EXPECT_NE(message("cluster,economy,patents\nA,US,-1\n").find("t.csv:2: column 'patents': -1 is negative"),
            std::string::npos);
  EXPECT_NE(message("cluster,patents\nA,1\n").find("t.csv:1: missing required column 'economy'"), std::string::npos);
  EXPECT_NE(message("cluster,economy,patents,PCT_applications\nA,US,1,1\n")
                .find("columns 'patents' and 'PCT_applications' both give 'patents'"),
            std::string::npos);
  EXPECT_NE(message("cluster,economy,patents\nA,US\n").find("t.csv:2: 2 fields where the header has 3"),
            std::string::npos);
  EXPECT_NE(message("cluster,economy,patents\n,US,1\n").find("t.csv:2: empty 'cluster' cell"), std::string::npos);

  // An empty count is an error only when the metric is used.
  const ClusterTable t = table_of(dir, "cluster,economy,patents,deals\nA,US,1,\nB,US,2,3\n");
  RankSettings s = settle_rank_settings(t, {}, {}, 10);
  const Error e = error_of([&] { cluster_counts(t, s.options); });
  EXPECT_EQ(e.code(), ExitCode::kDataError);
  EXPECT_NE(std::string(e.what()).find("t.csv:2: cluster 'A' has no deals count (column 'deals' is empty)"),
            std::string::npos)
      << e.what();
  s = settle_rank_settings(t, parse_metric_values("deals=0", "--weights"), {}, 10);
  EXPECT_EQ(cluster_counts(t, s.options).size(), 2u);
}

TEST(RankingTable, CarriesExtraColumnsAndRenamesClashes) {
  const ClusterTable t = read_cluster_table(gii2023().string());
  const RankSettings s = settle_rank_settings(t, {}, {}, 10);
  const std::vector<std::string> expected = {
      "cluster",        "economy",          "input_rank",    "input_share_patents", "input_share_publications",
      "total_share",    "previous_rank",    "rank_change",   "patents",             "publications",
      "share_patents",  "share_publications", "score",       "rank"};
  EXPECT_EQ(ranking_columns(t, s.options), expected);

  // A dropped metric's columns stay as they were; population adds intensity.
  TempDir dir;
  const ClusterTable p = table_of(dir, "Cluster,Economy,Patents,VC_deals,population,rank,input_rank\nA,US,1,2,3,4,5\n");
  const RankSettings d = settle_rank_settings(p, parse_metric_values("deals=0", "--weights"), {}, 10);
  const std::vector<std::string> with_population = {
      "cluster", "economy", "VC_deals", "input_input_rank", "input_rank", "patents",
      "population", "share_patents", "score", "rank", "patents_per_million", "intensity", "intensity_rank"};
  EXPECT_EQ(ranking_columns(p, d.options), with_population);
}

TEST(RankingTable, WritesTheRankedTable) {
  TempDir dir;
  const ClusterTable t = table_of(dir,
                                  "cluster,economy,patents,publications,population,note\n"
                                  "Small,GB,1,3,500000,\"a, b\"\n"
                                  "Big,JP,3,1,,\n");
  const RankSettings s = settle_rank_settings(t, {}, {}, 1);
  const auto ranked = rank_clusters(cluster_counts(t, s.options), s.options);
  write_ranking_csv(dir / "out.csv", t, ranked, s.options);
  EXPECT_EQ(read_file(dir / "out.csv"),
            "cluster,economy,note,patents,publications,population,share_patents,share_publications,score,rank,"
            "patents_per_million,publications_per_million,intensity,intensity_rank\n"
            "Big,JP,,3,1,,75,25,100,1,,,,\n"
            "Small,GB,\"a, b\",1,3,500000,25,75,100,2,2,6,200,1\n");
}

}  // namespace
}  // namespace innocluster::rank
