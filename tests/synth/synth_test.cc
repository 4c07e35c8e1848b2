// The synthetic world: deterministic bytes, the documented totals and
// proportions, rows the ingest stage accepts without exception, and the
// synthetic marker carried into every output.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "synth/random.h"
#include "synth/world.h"
#include "synth/world_clusters.h"
#include "test_support.h"

namespace innocluster::synth {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::TempDir;

constexpr const char* kFiles[] = {"patents.csv", "publications.csv", "deals.csv", "synthetic.json"};

SynthOptions small(double scale, int threads = 0) {
  SynthOptions o;
  o.scale = scale;
  o.seed = 3;
  o.threads = threads;
  return o;
}

TEST(SynthRandom, StreamsAreFixedAndDistinct) {
  Random a(stream_seed(1, 0)), b(stream_seed(1, 0)), c(stream_seed(1, 1));
  const std::uint64_t first = a.next();
  EXPECT_EQ(first, b.next());
  EXPECT_NE(first, c.next());
  Random r(42);
  for (int i = 0; i < 1000; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_LT(r.below(7), 7u);
  }
}

TEST(SynthWorld, SameArgumentsGiveByteIdenticalFilesWhateverTheThreads) {
  TempDir one, two;
  generate_world(small(0.002, 1), one.path());
  generate_world(small(0.002, 2), two.path());
  for (const char* f : kFiles) EXPECT_EQ(read_file(one / f), read_file(two / f)) << f;
  TempDir other_seed;
  SynthOptions o = small(0.002);
  o.seed = 4;
  generate_world(o, other_seed.path());
  EXPECT_NE(read_file(one / "patents.csv"), read_file(other_seed / "patents.csv"));
}

TEST(SynthWorld, SharesFollowThePublishedRanking) {
  const auto clusters = world_clusters();
  const auto shares = world_shares();
  ASSERT_EQ(clusters.size(), 100u);
  ASSERT_EQ(shares.size(), 100u);
  // Published counts become shares of the world totals: 117,542 of 1.306 M
  // PCT applications is 9.0%.
  EXPECT_NEAR(shares[0][0], 9.0, 0.01);
  EXPECT_NEAR(shares[0][1], 2.4, 0.01);
  EXPECT_NEAR(shares[0][2], 2.93, 0.01);
  std::array<double, 3> sum{};
  double previous = 1e9;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    EXPECT_EQ(clusters[i].rank, static_cast<int>(i) + 1);
    double score = 0;
    for (std::size_t m = 0; m < 3; ++m) {
      EXPECT_GT(shares[i][m], 0) << clusters[i].name;
      score += shares[i][m];
      sum[m] += shares[i][m];
    }
    // The published top 16 come in order of score, with a margin.
    if (i < 16) {
      EXPECT_LT(score, previous - 0.05) << clusters[i].name;
    }
    previous = score;
  }
  // The top 100 hold about 70% of PCT filings and VC deals and about half of
  // the articles (METHOD.md); the rest is background.
  EXPECT_GT(sum[0], 60);
  EXPECT_LT(sum[0], 80);
  EXPECT_GT(sum[1], 40);
  EXPECT_LT(sum[1], 60);
  EXPECT_GT(sum[2], 60);
  EXPECT_LT(sum[2], 85);
}

TEST(SynthWorld, TotalsMatchTheWorldAtScaleAndIngestAcceptsEveryRow) {
  TempDir world, run;
  const double scale = 0.01;
  const WorldSummary summary = generate_world(small(scale), world.path());
  const auto shares = world_shares();
  double planned_score = 0, score = 0;
  for (std::size_t m = 0; m < 3; ++m) {
    const SourceTotals& s = summary.sources[m];
    // Documents: the world total at scale, up to the rounding of each
    // cluster and block of background cells (well under one document each).
    EXPECT_NEAR(static_cast<double>(s.documents), kWorldTotals[m] * scale, 200) << s.file;
    EXPECT_EQ(s.documents, s.cluster_documents + s.background_documents);
    // The clusters' part of each source follows the planned shares, up to
    // the activity of secondary places moved to their strongest source.
    double cluster_share = 0;
    for (const auto& sh : shares) cluster_share += sh[m] / 100;
    const double planned = cluster_share * kWorldTotals[m] * scale;
    EXPECT_NEAR(static_cast<double>(s.cluster_documents), planned, 0.15 * planned) << s.file;
    planned_score += cluster_share;
    score += static_cast<double>(s.cluster_documents) / (kWorldTotals[m] * scale);
  }
  // ... and moving activity between sources keeps its share: the clusters'
  // summed score is as planned.
  EXPECT_NEAR(score, planned_score, 0.005 * planned_score);
  // Rows per document: ~3 inventors, ~4.6 authors, one row per deal.
  const double inventors = static_cast<double>(summary.sources[0].rows) / static_cast<double>(summary.sources[0].documents);
  const double authors = static_cast<double>(summary.sources[1].rows) / static_cast<double>(summary.sources[1].documents);
  EXPECT_GT(inventors, 2.9);
  EXPECT_LT(inventors, 3.5);
  EXPECT_GT(authors, 4.3);
  EXPECT_LT(authors, 4.9);
  EXPECT_EQ(summary.sources[2].rows, summary.sources[2].documents);

  const auto result = run_cli("ingest --patents " + (world / "patents.csv").string() + " --publications " +
                              (world / "publications.csv").string() + " --deals " + (world / "deals.csv").string() +
                              " --strict --out " + run.path().string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("SYNTHETIC DATA"), std::string::npos);
  const auto manifest = nlohmann::json::parse(read_file(run / "manifest.json"));
  EXPECT_EQ(manifest["synthetic"], true);
  for (std::size_t m = 0; m < 3; ++m) {
    const auto& input = manifest["inputs"][m];
    EXPECT_EQ(input["synthetic"], true);
    EXPECT_EQ(input["rejected"], 0) << input["path"];
    EXPECT_EQ(input["read"], summary.sources[m].rows);
    EXPECT_EQ(input["documents"], summary.sources[m].documents);
  }
  const auto marker = nlohmann::json::parse(read_file(world / "synthetic.json"));
  EXPECT_EQ(marker["synthetic"], true);
  EXPECT_EQ(marker["scale"], scale);
  EXPECT_EQ(marker["seed"], 3);
  EXPECT_EQ(marker["sources"]["patents"]["rows"], summary.sources[0].rows);
  EXPECT_EQ(marker["sources"]["publications"]["years"], nlohmann::json::array({2019, 2023}));
  EXPECT_NE(marker["statement"].get<std::string>().find("SYNTHETIC DATA"), std::string::npos);
}

TEST(SynthWorld, YearsSpanTheRequestedWindowWithTrends) {
  TempDir world;
  SynthOptions o = small(0.002);
  o.years = YearWindow{2015, 2024};
  const WorldSummary summary = generate_world(o, world.path());
  EXPECT_EQ(summary.sources[1].years.first, 2015);
  std::istringstream in(read_file(world / "deals.csv"));
  std::string line;
  std::getline(in, line);
  std::set<int> years;
  while (std::getline(in, line)) years.insert(std::stoi(line.substr(line.find(',') + 1, 4)));
  EXPECT_EQ(*years.begin(), 2015);
  EXPECT_EQ(*years.rbegin(), 2024);
}

TEST(SynthWorld, RejectsABadScale) {
  TempDir world;
  EXPECT_THROW(generate_world(small(0), world.path()), Error);
  SynthOptions o = small(0.01);
  o.years = YearWindow{2024, 2015};
  EXPECT_THROW(generate_world(o, world.path()), Error);
}

TEST(SynthMarker, RunsOnOtherDataAreNotSynthetic) {
  TempDir run;
  const auto result = run_cli("rank --min-weight 2 --patents " +
                              (testing::source_dir() / "examples/patents.csv").string() + " --out " +
                              run.path().string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.find("SYNTHETIC"), std::string::npos);
  const auto manifest = nlohmann::json::parse(read_file(run / "manifest.json"));
  EXPECT_EQ(manifest["synthetic"], false);
  const auto clusters = nlohmann::json::parse(read_file(run / "clusters.json"));
  ASSERT_FALSE(clusters.empty());
  EXPECT_EQ(clusters[0]["synthetic"], false);
  EXPECT_FALSE(in_synthetic_directory(testing::source_dir() / "examples/patents.csv"));
}

}  // namespace
}  // namespace innocluster::synth
