// Sensitivity: the draws, the percentiles, and run_sensitivity against a
// brute-force oracle (every sample re-run in full on all locations and
// matched by a plain map), on random worlds; determinism across thread
// counts; `innocluster sensitivity` end to end.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <sstream>

#include "pipeline/rank.h"
#include "pipeline/sensitivity.h"
#include "rank/ranking.h"
#include "rank/sensitivity.h"
#include "test_support.h"

namespace innocluster {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::run_cli_in;
using testing::source_dir;
using testing::TempDir;

std::size_t index_of(Source s) { return static_cast<std::size_t>(s); }

Methodology two_metrics(double min_weight) {
  Methodology m;
  m.name = "test";
  m.edition = 2025;
  m.merge_km = 5;
  m.top_n = 3;
  for (Source s : {Source::kPatents, Source::kPublications}) {
    MetricSettings metric;
    metric.eps_km = 15;
    metric.min_weight = min_weight;
    metric.years = {2020, 2024};
    m.metrics[index_of(s)] = metric;
  }
  return m;
}

TEST(DrawChoices, StayInTheirRangesAndRepeatForTheSameSeed) {
  const Methodology m = two_metrics(100);
  const std::vector<Source> sources = {Source::kPatents, Source::kPublications};
  rank::SensitivityOptions options;
  options.seed = 42;
  for (int k = 0; k < 500; ++k) {
    const rank::SampleChoices c = rank::draw_choices(m, sources, options, k);
    for (Source s : sources) {
      EXPECT_GE(c.eps_km[index_of(s)], 12.0);
      EXPECT_LT(c.eps_km[index_of(s)], 18.0);
      EXPECT_GE(c.min_weight[index_of(s)], 80.0);
      EXPECT_LT(c.min_weight[index_of(s)], 120.0);
      EXPECT_GT(c.weight[index_of(s)], 0.0);
    }
    EXPECT_EQ(c.eps_km[index_of(Source::kDeals)], 0.0);
    EXPECT_NEAR(c.weight[0] + c.weight[1], 2.0, 1e-12);  // the weights keep their sum
    EXPECT_GE(c.merge_km, 4.0);
    EXPECT_LT(c.merge_km, 6.0);
    const rank::SampleChoices again = rank::draw_choices(m, sources, options, k);
    EXPECT_EQ(again.eps_km, c.eps_km);
    EXPECT_EQ(again.weight, c.weight);
    EXPECT_EQ(again.merge_km, c.merge_km);
  }
  options.seed = 43;
  EXPECT_NE(rank::draw_choices(m, sources, options, 0).eps_km, rank::draw_choices(m, sources, {}, 0).eps_km);
  options.weight_concentration = 0;  // weights not perturbed
  EXPECT_EQ(rank::draw_choices(m, sources, options, 3).weight[0], 1.0);
}

TEST(DrawChoices, WeightsVaryAroundEqual) {
  Methodology m = two_metrics(100);
  m.metrics[index_of(Source::kDeals)] = m.metrics[0];
  const std::vector<Source> sources = {Source::kPatents, Source::kPublications, Source::kDeals};
  rank::SensitivityOptions options;
  double sum = 0, sum_squares = 0;
  const int n = 4000;
  for (int k = 0; k < n; ++k) {
    const double w = rank::draw_choices(m, sources, options, k).weight[0];
    sum += w;
    sum_squares += w * w;
  }
  // Dirichlet(10, 10, 10) x 3: mean 1, standard deviation 3 x sqrt(2/(9 x 31)) = 0.254.
  const double mean = sum / n, sd = std::sqrt(sum_squares / n - mean * mean);
  EXPECT_NEAR(mean, 1.0, 0.02);
  EXPECT_NEAR(sd, 0.254, 0.02);
}

TEST(NearestRankPercentile, PicksTheValueAtTheCeilingPosition) {
  std::vector<int> v;
  for (int i = 20; i >= 1; --i) v.push_back(i);
  EXPECT_EQ(rank::nearest_rank_percentile(v, 0.05), 1);
  EXPECT_EQ(rank::nearest_rank_percentile(v, 0.5), 10);
  EXPECT_EQ(rank::nearest_rank_percentile(v, 0.95), 19);
  EXPECT_EQ(rank::nearest_rank_percentile(v, 1.0), 20);
  EXPECT_EQ(rank::nearest_rank_percentile({7}, 0.05), 7);
  const RankInterval i = rank_interval({5, 6, 7}, 2);  // widened to hold the base rank
  EXPECT_EQ(i.p05, 2);
  EXPECT_EQ(i.median, 6);
  EXPECT_EQ(i.p95, 7);
}

// A random world of two sources: clumps of locations around shared centres
// (clusters), and scattered single locations (noise).
std::vector<SourceIngest> random_world() {
  const int centres = *rc::gen::inRange(1, 6);
  std::vector<std::pair<double, double>> at;
  for (int c = 0; c < centres; ++c)
    at.emplace_back(*rc::gen::inRange(-600, 600) / 10.0, *rc::gen::inRange(-1790, 1790) / 10.0);
  std::vector<SourceIngest> out;
  for (Source s : {Source::kPatents, Source::kPublications}) {
    SourceIngest in;
    in.source = s;
    const int n = *rc::gen::inRange(1, 120);
    for (int i = 0; i < n; ++i) {
      double lat, lon;
      if (*rc::gen::inRange(0, 4) > 0) {
        const auto& c = at[static_cast<std::size_t>(*rc::gen::inRange(0, centres))];
        lat = c.first + *rc::gen::inRange(-250, 250) / 1000.0;
        lon = c.second + *rc::gen::inRange(-250, 250) / 1000.0;
      } else {
        lat = *rc::gen::inRange(-800, 800) / 10.0;
        lon = *rc::gen::inRange(-1800, 1800) / 10.0;
      }
      in.locations.lat_e7.push_back(static_cast<std::int32_t>(std::lround(lat * 1e7)));
      in.locations.lon_e7.push_back(static_cast<std::int32_t>(std::lround(lon * 1e7)));
      const FixedWeight w = kWeightOne * *rc::gen::inRange(1, 20) / 4;
      in.locations.weight.push_back(w);
      in.weights.accepted_total += w;
    }
    out.push_back(std::move(in));
  }
  return out;
}

MergedClusters detect_and_merge(const std::vector<SourceIngest>& sources, const Methodology& m,
                                std::vector<SourceDetection>& detections) {
  detections.clear();
  for (const SourceIngest& s : sources) detections.push_back(detect_source(s, *m.metric(s.source), 1));
  std::vector<SourceLabels> labels;
  for (std::size_t i = 0; i < sources.size(); ++i)
    labels.push_back({sources[i].source, &sources[i].locations, detections[i].result.cluster,
                      detections[i].result.clusters});
  return merge_clusters(labels, m.merge_km, 1);
}

// Size ranks of merged clusters under weights (unnamed, as the samples rank).
std::vector<int> ranks_of(const std::vector<SourceIngest>& sources, const MergedClusters& merged,
                          const std::array<double, 3>& weights) {
  std::vector<rank::ClusterCounts> rows(static_cast<std::size_t>(merged.count));
  rank::RankOptions options;
  for (const SourceIngest& s : sources) {
    const std::size_t si = index_of(s.source);
    options.totals[si] = to_double(s.weights.accepted_total);
    options.weights[si] = weights[si];
    for (auto& r : rows) r.count[si] = 0.0;
    for (std::size_t i = 0; i < s.locations.size(); ++i)
      if (merged.of_location[si][i] >= 0) *rows[static_cast<std::size_t>(merged.of_location[si][i])].count[si] += to_double(s.locations.weight[i]);
  }
  std::vector<int> out(rows.size(), 0);
  if (!rows.empty())
    for (const auto& r : rank::rank_clusters(rows, options)) out[r.index] = r.rank;
  return out;
}

// The oracle: sample k re-run in full (every location), and each base
// cluster matched through a map of activity by sample cluster.
std::vector<int> oracle_sample(const std::vector<SourceIngest>& sources, const MergedClusters& base,
                               const Methodology& m, const rank::SampleChoices& c, int top_n) {
  Methodology sample = m;
  for (const SourceIngest& s : sources) {
    sample.metrics[index_of(s.source)]->eps_km = c.eps_km[index_of(s.source)];
    sample.metrics[index_of(s.source)]->min_weight = c.min_weight[index_of(s.source)];
  }
  sample.merge_km = c.merge_km;
  std::vector<SourceDetection> detections;
  const MergedClusters merged = detect_and_merge(sources, sample, detections);
  const std::vector<int> rank_of = ranks_of(sources, merged, c.weight);
  std::vector<std::map<int, double>> parts(static_cast<std::size_t>(base.count));
  std::vector<double> activity(static_cast<std::size_t>(base.count), 0.0);
  for (const SourceIngest& s : sources) {
    const std::size_t si = index_of(s.source);
    const double total = to_double(s.weights.accepted_total);
    for (std::size_t i = 0; i < s.locations.size(); ++i) {
      const int b = base.of_location[si][i];
      if (b < 0) continue;
      const double a = to_double(s.locations.weight[i]) / total;
      activity[static_cast<std::size_t>(b)] += a;
      if (merged.of_location[si][i] >= 0) parts[static_cast<std::size_t>(b)][merged.of_location[si][i]] += a;
    }
  }
  std::vector<int> out;
  for (std::size_t b = 0; b < parts.size(); ++b) {
    int best = -1;
    double best_activity = -1;
    for (const auto& [cluster, a] : parts[b])
      if (a > best_activity * (1 + 1e-12)) {  // the map is in cluster order: ties keep the smaller
        best = cluster;
        best_activity = a;
      }
    out.push_back(best >= 0 && best_activity >= 0.5 * activity[b] * (1 - 1e-12)
                      ? rank_of[static_cast<std::size_t>(best)]
                      : std::max(merged.count, top_n) + 1);
  }
  return out;
}

RC_GTEST_PROP(Sensitivity, AgreesWithFullRerunsAndIsTheSameOnAnyThreadCount, ()) {
  const std::vector<SourceIngest> sources = random_world();
  const Methodology m = two_metrics(*rc::gen::inRange(2, 16));
  std::vector<SourceDetection> detections;
  const MergedClusters base = detect_and_merge(sources, m, detections);
  RC_TAG(base.count == 0 ? "no cluster" : base.count == 1 ? "one cluster" : "clusters");
  rank::SensitivityOptions options;
  options.samples = *rc::gen::inRange(1, 8);
  options.seed = *rc::gen::arbitrary<std::uint64_t>();
  options.top_n = m.top_n;
  options.threads = 1;
  const rank::SensitivityResult one = rank::run_sensitivity(sources, base, m, options);
  options.threads = *rc::gen::inRange(2, 5);
  const rank::SensitivityResult many = rank::run_sensitivity(sources, base, m, options);
  RC_ASSERT(one.clusters.size() == static_cast<std::size_t>(base.count));
  RC_ASSERT(one.sample_clusters == many.sample_clusters);
  const std::vector<int> base_rank = ranks_of(sources, base, {1, 1, 0});
  for (std::size_t b = 0; b < one.clusters.size(); ++b) {
    RC_ASSERT(one.clusters[b].ranks == many.clusters[b].ranks);
    RC_ASSERT(one.clusters[b].in_top <= one.clusters[b].matched);
    const RankInterval interval = rank_interval(one.clusters[b].ranks, base_rank[b]);
    RC_ASSERT(interval.p05 <= base_rank[b]);
    RC_ASSERT(base_rank[b] <= interval.p95);
    RC_ASSERT(interval.p05 <= interval.median);
    RC_ASSERT(interval.median <= interval.p95);
  }
  for (int k = 0; k < options.samples; ++k) {
    const std::vector<int> expected = oracle_sample(sources, base, m, one.choices[static_cast<std::size_t>(k)], m.top_n);
    for (std::size_t b = 0; b < expected.size(); ++b) RC_ASSERT(one.clusters[b].ranks[static_cast<std::size_t>(k)] == expected[b]);
  }
}

// Without perturbation every sample is the base run: each cluster keeps its rank.
RC_GTEST_PROP(Sensitivity, WithoutPerturbationEverySampleIsTheBaseRun, ()) {
  const std::vector<SourceIngest> sources = random_world();
  const Methodology m = two_metrics(*rc::gen::inRange(2, 16));
  std::vector<SourceDetection> detections;
  const MergedClusters base = detect_and_merge(sources, m, detections);
  rank::SensitivityOptions options;
  options.samples = 3;
  options.range = 0;
  options.weight_concentration = 0;
  options.top_n = 2;
  const rank::SensitivityResult r = rank::run_sensitivity(sources, base, m, options);
  const std::vector<int> base_rank = ranks_of(sources, base, {1, 1, 0});
  for (std::size_t b = 0; b < r.clusters.size(); ++b) {
    RC_ASSERT(r.clusters[b].matched == 3);
    for (int rk : r.clusters[b].ranks) RC_ASSERT(rk == base_rank[b]);
    RC_ASSERT(r.clusters[b].in_top == (base_rank[b] <= 2 ? 3 : 0));
  }
}

// End to end on the example data (thresholds scaled down to its size).
std::string rank_examples(const std::filesystem::path& out, const std::filesystem::path& patents) {
  const auto ex = source_dir() / "examples";
  return "rank --patents " + patents.string() + " --publications " + (ex / "publications.csv.gz").string() +
         " --deals " + (ex / "deals.jsonl").string() + " --min-weight 2 --out " + out.string();
}

TEST(SensitivityCli, SameOutputOnAnyThreadCountAndIntervalsHoldTheRank) {
  TempDir dir;
  ASSERT_EQ(run_cli(rank_examples(dir / "run", source_dir() / "examples" / "patents.csv")).exit_code, 0);
  const std::string run = " --run " + (dir / "run").string() + " --samples 40 --seed 7";
  auto one = run_cli("sensitivity" + run + " --threads 1 --out " + (dir / "s1").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  auto two = run_cli("sensitivity" + run + " --threads 3 --out " + (dir / "s3").string());
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const std::string csv = read_file(dir / "s1" / "sensitivity.csv");
  EXPECT_EQ(csv, read_file(dir / "s3" / "sensitivity.csv"));
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "name,economy,rank,rank_median,rank_p05,rank_p95,top_share,matched_share,cluster_id");
  int rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    std::vector<std::string> f;
    std::istringstream r(line);
    for (std::string v; std::getline(r, v, ',');) f.push_back(v);
    ASSERT_EQ(f.size(), 9u) << line;
    EXPECT_EQ(std::stoi(f[2]), rows);  // in base rank order
    EXPECT_LE(std::stoi(f[4]), std::stoi(f[2])) << line;
    EXPECT_GE(std::stoi(f[5]), std::stoi(f[2])) << line;
  }
  EXPECT_EQ(rows, 9);
  EXPECT_NE(one.output.find("40 samples (seed 7)"), std::string::npos) << one.output;
  // Another seed, other draws.
  ASSERT_EQ(run_cli("sensitivity --run " + (dir / "run").string() + " --samples 40 --seed 8 --out " +
                    (dir / "s8").string())
                .exit_code,
            0);
  EXPECT_NE(read_file(dir / "s8" / "sensitivity.json"), read_file(dir / "s1" / "sensitivity.json"));
}

TEST(SensitivityCli, FindsInputsGivenByRelativePathsFromAnyDirectory) {
  TempDir dir;
  std::filesystem::create_directories(dir / "inputs");
  std::filesystem::copy_file(source_dir() / "examples" / "patents.csv", dir / "inputs" / "patents.csv");
  // Ranked from inputs/, with the patents by a relative path.
  ASSERT_EQ(run_cli_in(dir / "inputs", rank_examples("../run", "patents.csv")).exit_code, 0);
  const auto manifest = nlohmann::json::parse(read_file(dir / "run" / "manifest.json"));
  ASSERT_EQ(manifest["inputs"][0]["source"], "patents");
  EXPECT_EQ(manifest["inputs"][0]["path"], "patents.csv");
  const std::filesystem::path recorded = manifest["inputs"][0]["absolute_path"].get<std::string>();
  EXPECT_TRUE(recorded.is_absolute()) << recorded;
  EXPECT_TRUE(std::filesystem::equivalent(recorded, dir / "inputs" / "patents.csv")) << recorded;
  // The report, meant to be shared, does not name the machine's directories.
  EXPECT_EQ(read_file(dir / "run" / "report.html").find("absolute_path"), std::string::npos);
  // Sensitivity from elsewhere: patents.csv is not found from there, its
  // absolute path is.
  auto result = run_cli_in(dir.path(), "sensitivity --run run --samples 4 --out s");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "s" / "sensitivity.csv"));
  // Another patents.csv that the path as given reaches from here: the file
  // of the recorded size is the one read.
  testing::write_file(dir / "patents.csv", "id,year,lat,lon\nP1,2021,35.69,139.69\n");
  result = run_cli_in(dir.path(), "sensitivity --run run --samples 4 --out s2");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read_file(dir / "s2" / "sensitivity.csv"), read_file(dir / "s" / "sensitivity.csv"));
  // With the recorded file gone, the other one is read, and the run's
  // clusters are no longer reproduced: the error names the file read.
  std::filesystem::remove(dir / "inputs" / "patents.csv");
  result = run_cli_in(dir.path(), "sensitivity --run run --samples 4 --out s3");
  EXPECT_EQ(result.exit_code, 65) << result.output;
  EXPECT_NE(result.output.find("the files read (patents.csv, "), std::string::npos) << result.output;
}

TEST(SensitivityCli, ErrorsNameTheFileAndWhatToDo) {
  TempDir dir;
  const auto patents = dir / "patents.csv";
  std::filesystem::copy_file(source_dir() / "examples" / "patents.csv", patents);
  ASSERT_EQ(run_cli(rank_examples(dir / "run", patents)).exit_code, 0);
  // The inputs changed since the run.
  testing::write_file(patents, "id,year,lat,lon\nP1,2021,35.69,139.69\nP2,2021,35.69,139.69\n");
  auto result = run_cli("sensitivity --run " + (dir / "run").string() + " --samples 2 --out " + (dir / "s").string());
  EXPECT_EQ(result.exit_code, 65);
  EXPECT_NE(result.output.find("manifest.json: the inputs it lists no longer give the run's clusters"),
            std::string::npos)
      << result.output;
  // An input that is gone.
  std::filesystem::remove(patents);
  result = run_cli("sensitivity --run " + (dir / "run").string() + " --samples 2 --out " + (dir / "s").string());
  EXPECT_EQ(result.exit_code, 66);
  EXPECT_NE(result.output.find("the run read patents from '" + patents.string() + "', which is not found"),
            std::string::npos)
      << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "s" / "sensitivity.csv"));
  result = run_cli("sensitivity --run " + (dir / "none").string() + " --out " + (dir / "s").string());
  EXPECT_EQ(result.exit_code, 66);
  result = run_cli("sensitivity --run " + (dir / "run").string() + " --samples 0 --out " + (dir / "s").string());
  EXPECT_EQ(result.exit_code, 64);
}

}  // namespace
}  // namespace innocluster
