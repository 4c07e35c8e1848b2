// End-to-end: the `innocluster ingest` command on files, as a user runs it.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace innocluster {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::source_dir;
using testing::TempDir;
using testing::write_file;

std::string examples_args(const TempDir& out) {
  const auto ex = source_dir() / "examples";
  return "ingest --patents " + (ex / "patents.csv").string() + " --publications " +
         (ex / "publications.csv.gz").string() + " --deals " + (ex / "deals.jsonl").string() +
         " --out " + out.path().string();
}

// The example data against golden outputs committed under tests/fixtures/ingest/.
TEST(IngestCli, ExampleDataMatchesGoldenOutputs) {
  TempDir out;
  const auto result = run_cli(examples_args(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto golden = source_dir() / "tests" / "fixtures" / "ingest";
  for (const char* name : {"locations-patents.csv", "locations-publications.csv", "locations-deals.csv",
                           "rejected/patents.csv", "rejected/deals.csv"})
    EXPECT_EQ(read_file(out / name), read_file(golden / name)) << name;
  EXPECT_FALSE(std::filesystem::exists(out / "rejected" / "publications.csv"));
  EXPECT_NE(result.output.find("column 'Journal' is not part of the contribution schema"), std::string::npos);

  const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
  EXPECT_EQ(manifest["command"], "ingest");
  EXPECT_EQ(manifest["methodology"]["name"], "gii-2025");
  ASSERT_EQ(manifest["inputs"].size(), 3u);
  for (const auto& input : manifest["inputs"]) {
    EXPECT_EQ(input["read"].get<int>(), input["accepted"].get<int>() + input["rejected"].get<int>());
    int by_reason = 0;
    for (const auto& [reason, n] : input["rejected_by_reason"].items()) by_reason += n.get<int>();
    EXPECT_EQ(by_reason, input["rejected"].get<int>());
    // Every document with a readable id totals one, accepted or rejected.
    EXPECT_NEAR(input["weight_accepted"].get<double>() + input["weight_rejected"].get<double>(),
                input["documents_seen"].get<double>(), 1e-9);
  }
  const auto& patents = manifest["inputs"][0];
  EXPECT_EQ(patents["rejected"], 3);
  EXPECT_EQ(patents["rejected_by_reason"]["coordinate_out_of_range"], 1);
  EXPECT_EQ(patents["rejected_by_reason"]["year_outside_window"], 1);
  EXPECT_EQ(patents["rejected_by_reason"]["missing_id"], 1);
  EXPECT_EQ(patents["rejected_file"], "rejected/patents.csv");
}

TEST(IngestCli, OutputIsByteIdenticalAcrossRuns) {
  TempDir a, b;
  ASSERT_EQ(run_cli(examples_args(a)).exit_code, 0);
  ASSERT_EQ(run_cli(examples_args(b)).exit_code, 0);
  for (const char* name : {"locations-patents.csv", "locations-publications.csv", "locations-deals.csv",
                           "rejected/patents.csv"})
    EXPECT_EQ(read_file(a / name), read_file(b / name)) << name;
}

TEST(IngestCli, StrictTurnsRejectedRowsIntoExitCodeTwo) {
  TempDir out;
  const auto result = run_cli(examples_args(out) + " --strict");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  // The row outside the window is no defect: --strict counts the other three.
  EXPECT_NE(result.output.find("--strict: 3 rows were rejected"), std::string::npos) << result.output;
  EXPECT_TRUE(std::filesystem::exists(out / "manifest.json"));
}

TEST(IngestCli, ExitCodesNameTheProblem) {
  TempDir dir;
  write_file(dir / "nocol.csv", "id,lat,lon\n1,2,3\n");
  auto r = run_cli("ingest --patents " + (dir / "nocol.csv").string() + " --out " + (dir / "o").string());
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("nocol.csv:1: missing required column 'year'"), std::string::npos) << r.output;

  r = run_cli("ingest --patents " + (dir / "absent.csv").string() + " --out " + (dir / "o").string());
  EXPECT_EQ(r.exit_code, 64) << r.output;

  r = run_cli("ingest --deals " + (source_dir() / "examples" / "deals.jsonl").string() +
              " --methodology gii-2024 --out " + (dir / "o").string());
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("has no metric 'deals'"), std::string::npos) << r.output;

  write_file(dir / "m.toml", "name = 1\n");
  r = run_cli("ingest --patents " + (source_dir() / "examples" / "patents.csv").string() +
              " --methodology " + (dir / "m.toml").string() + " --out " + (dir / "o").string());
  EXPECT_EQ(r.exit_code, 78) << r.output;

  r = run_cli("ingest --out " + (dir / "o").string());
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("no contribution file given"), std::string::npos) << r.output;
}

TEST(IngestCli, HelpTeachesAndVersionAnswers) {
  auto r = run_cli("ingest --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("Examples:"), std::string::npos);
  EXPECT_NE(r.output.find("--strict"), std::string::npos);
  r = run_cli("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.rfind("innocluster ", 0), 0u) << r.output;
}

}  // namespace
}  // namespace innocluster
