// `innocluster demo` end to end, at a small scale: every output is written,
// the run says it is synthetic, the top 15 by size carry the names of the
// published GII 2025 top 15 in the published order, the previous edition,
// the two-metric run, their comparisons and the sensitivity run are written
// and shown in the report, and a second run reuses the world.

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace innocluster {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::TempDir;

// Names of the published 2025 ranks 1..15 (tests/fixtures/reference).
std::vector<std::string> published_top15() {
  std::istringstream in(read_file(testing::source_dir() / "tests/fixtures/reference/gii2025_size_known.csv"));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  while (std::getline(in, line) && names.size() < 15) {
    const std::size_t a = line.find(','), b = line.find(',', a + 1);
    EXPECT_EQ(std::stoi(line.substr(0, a)), static_cast<int>(names.size()) + 1);
    names.push_back(line.substr(a + 1, b - a - 1));
  }
  return names;
}

TEST(DemoCli, SmallWorldRanksThePublishedTop15InOrder) {
  TempDir dir;
  const std::string args = "demo --scale 0.01 --samples 20 --out " + dir.path().string();
  const auto result = run_cli(args);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("SYNTHETIC DATA"), std::string::npos);
  EXPECT_NE(result.output.find("generating the synthetic world"), std::string::npos);
  EXPECT_NE(result.output.find("report: " + (dir / "report.html").string()), std::string::npos);
  for (const char* f : {"clusters.csv", "clusters.json", "clusters.geojson", "clusters.gpkg", "economies.csv",
                        "manifest.json", "world/patents.csv", "world/publications.csv", "world/deals.csv",
                        "world/synthetic.json"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;

  const auto manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
  EXPECT_EQ(manifest["command"], "demo");
  EXPECT_EQ(manifest["synthetic"], true);
  EXPECT_EQ(manifest["methodology"]["name"], "gii-2025");
  EXPECT_EQ(manifest["world"]["scale"], 0.01);
  EXPECT_EQ(manifest["world"]["seed"], 1);
  EXPECT_DOUBLE_EQ(manifest["methodology"]["metrics"]["patents"]["min_weight"].get<double>(), 45);
  EXPECT_DOUBLE_EQ(manifest["methodology"]["metrics"]["deals"]["min_weight"].get<double>(), 8);
  // The world covers the previous edition too: rows outside this run's
  // windows are rejected, for that reason only, and the counts balance.
  for (const auto& input : manifest["inputs"]) {
    EXPECT_GT(input["rejected"].get<int>(), 0) << input["source"];
    EXPECT_EQ(input["rejected_by_reason"], nlohmann::json({{"year_outside_window", input["rejected"]}}));
    EXPECT_EQ(input["read"].get<int>(), input["accepted"].get<int>() + input["rejected"].get<int>());
  }
  EXPECT_EQ(manifest["report"]["extras"],
            nlohmann::json({"comparison", "methodology_comparison", "sensitivity"}));

  const auto clusters = nlohmann::json::parse(read_file(dir / "clusters.json"));
  ASSERT_GE(clusters.size(), 15u);
  const std::vector<std::string> expected = published_top15();
  std::vector<std::string> got;
  for (std::size_t i = 0; i < 15; ++i) {
    got.push_back(clusters[i]["name"].get<std::string>());
    EXPECT_EQ(clusters[i]["synthetic"], true);
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(clusters[0]["economy"], "CN/HK");

  // The previous edition, the two-metric method, their comparisons and the
  // sensitivity run, each in its directory, and all of them in the report.
  for (const char* f : {"previous/clusters.csv", "previous/manifest.json", "two-metric/clusters.csv",
                        "two-metric/manifest.json", "comparison/comparison.csv", "comparison/comparison.json",
                        "methodology-comparison/comparison.csv", "methodology-comparison/comparison.json",
                        "sensitivity/sensitivity.csv", "sensitivity/sensitivity.json"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  const auto previous = nlohmann::json::parse(read_file(dir / "previous/manifest.json"));
  EXPECT_EQ(previous["methodology"]["edition"], 2024);
  EXPECT_EQ(previous["world"]["directory"], "../world");
  const auto two_metric = nlohmann::json::parse(read_file(dir / "two-metric/manifest.json"));
  EXPECT_EQ(two_metric["methodology"]["name"], "gii-2024");
  EXPECT_EQ(two_metric["methodology"]["edition"], 2025);
  EXPECT_EQ(two_metric["inputs"].size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(read_file(dir / "comparison/comparison.json"))["kind"], "edition");
  EXPECT_EQ(nlohmann::json::parse(read_file(dir / "methodology-comparison/comparison.json"))["kind"], "methodology");
  EXPECT_EQ(nlohmann::json::parse(read_file(dir / "sensitivity/sensitivity.json"))["samples"], 20);
  const std::string report = read_file(dir / "report.html");
  for (const char* key : {"\"comparison\":", "\"methodology_comparison\":", "\"sensitivity\":"})
    EXPECT_NE(report.find(key), std::string::npos) << key;
  for (const char* line : {"vs the previous edition:", "methodology comparison:", "sensitivity (20 samples)",
                           "outputs:\n  previous edition", "  sensitivity  "})
    EXPECT_NE(result.output.find(line), std::string::npos) << line;

  // The same arguments reuse the world and give the same tables.
  const std::string first = read_file(dir / "clusters.csv");
  const auto again = run_cli(args);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("reusing the synthetic world"), std::string::npos);
  EXPECT_EQ(read_file(dir / "clusters.csv"), first);

  // Into the same directory without the comparisons and the sensitivity run:
  // their earlier outputs go, so that nothing there is from another run. A
  // directory of the same name that a demo did not write (here two-metric/
  // made to look like the user's own rank run) stays.
  auto user_run = nlohmann::json::parse(read_file(dir / "two-metric/manifest.json"));
  user_run["command"] = "rank";
  testing::write_file(dir / "two-metric/manifest.json", user_run.dump());
  const auto fewer = run_cli("demo --scale 0.01 --no-compare --no-sensitivity --out " + dir.path().string());
  ASSERT_EQ(fewer.exit_code, 0) << fewer.output;
  for (const char* d : {"previous", "comparison", "methodology-comparison", "sensitivity"}) {
    EXPECT_FALSE(std::filesystem::exists(dir / d)) << d;
    EXPECT_NE(fewer.output.find("demo: removed " + (dir / d).string() + " (left by an earlier demo"),
              std::string::npos)
        << fewer.output;
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "two-metric/clusters.csv"));
  EXPECT_EQ(fewer.output.find("removed " + (dir / "two-metric").string()), std::string::npos) << fewer.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "clusters.csv"));
}

TEST(DemoCli, WithoutComparisonAndSensitivityTheWorldHoldsTheRunsWindowsOnly) {
  TempDir dir;
  const auto result = run_cli("demo --scale 0.01 --no-compare --no-sensitivity --out " + dir.path().string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
  for (const auto& input : manifest["inputs"]) EXPECT_EQ(input["rejected"], 0);
  EXPECT_FALSE(manifest["report"].contains("extras"));
  for (const char* d : {"previous", "two-metric", "comparison", "methodology-comparison", "sensitivity"})
    EXPECT_FALSE(std::filesystem::exists(dir / d)) << d;
  EXPECT_EQ(result.output.find("vs the previous edition"), std::string::npos);
  EXPECT_NE(result.output.find("report: "), std::string::npos);
}

}  // namespace
}  // namespace innocluster
