// innocluster detect: arguments, bad rows, outputs.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace innocluster {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::TempDir;
using testing::write_file;

TEST(DetectCli, HelpTeachesWithAnExample) {
  const auto res = run_cli("detect --help");
  EXPECT_EQ(res.exit_code, 0);
  EXPECT_NE(res.output.find("innocluster detect --input points.csv --eps-km 15"), std::string::npos);
  EXPECT_NE(res.output.find("--skip-bad-rows"), std::string::npos);
}

TEST(DetectCli, LabelsEveryRowInOrderWithDefaultWeights) {
  TempDir dir;
  // Two points 1.1 km apart and one far away; weight column absent (1 each).
  write_file(dir / "p.csv", "Lat,Lon\n10,20\n10.01,20\n-40,100\n");
  const auto res = run_cli("detect --input " + (dir / "p.csv").string() +
                           " --eps-km 2 --min-weight 2 --out " + (dir / "l.csv").string() + " --stats " +
                           (dir / "s.json").string());
  ASSERT_EQ(res.exit_code, 0) << res.output;
  EXPECT_EQ(read_file(dir / "l.csv"), "cluster,core\n0,1\n0,1\n-1,0\n");
  const auto stats = nlohmann::json::parse(read_file(dir / "s.json"));
  EXPECT_EQ(stats["points"], 3);
  EXPECT_EQ(stats["clusters"], 1);
  EXPECT_EQ(stats["noise"], 1);
  for (const char* phase : {"read", "index", "core", "connect", "border", "write"})
    EXPECT_TRUE(stats["seconds"].contains(phase)) << phase;
  EXPECT_GT(stats["peak_memory_bytes"].get<double>(), 0);
}

TEST(DetectCli, BadRowsFailWithTheirLinesUnlessSkipped) {
  TempDir dir;
  write_file(dir / "p.csv", "lat,lon,weight\n10,20,1\n95,20,1\n10,20,-1\n\n10.001,20,abc\n10,20\n");
  const std::string base = "detect --input " + (dir / "p.csv").string() + " --eps-km 1 --min-weight 1 --out " +
                           (dir / "l.csv").string();
  auto res = run_cli(base);
  EXPECT_EQ(res.exit_code, 65) << res.output;
  EXPECT_NE(res.output.find("p.csv:3: coordinate_out_of_range"), std::string::npos) << res.output;
  EXPECT_NE(res.output.find("p.csv:4: bad_weight"), std::string::npos) << res.output;
  EXPECT_NE(res.output.find("p.csv:6: bad_weight"), std::string::npos) << res.output;
  EXPECT_NE(res.output.find("p.csv:7: field_count"), std::string::npos) << res.output;
  EXPECT_NE(res.output.find("--skip-bad-rows"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "l.csv"));

  res = run_cli(base + " --skip-bad-rows");
  ASSERT_EQ(res.exit_code, 0) << res.output;
  EXPECT_EQ(read_file(dir / "l.csv"), "cluster,core\n0,1\n-1,0\n-1,0\n-1,0\n-1,0\n");
  const std::string rejected = read_file(dir / "l.csv.rejected.csv");
  EXPECT_EQ(rejected.rfind("line,reason,detail,record\n3,coordinate_out_of_range,", 0), 0u) << rejected;
  EXPECT_NE(rejected.find("\n7,field_count,"), std::string::npos);
}

TEST(DetectCli, MissingColumnAndBadArguments) {
  TempDir dir;
  write_file(dir / "p.csv", "latitude,lon\n1,2\n");
  auto res = run_cli("detect --input " + (dir / "p.csv").string() + " --eps-km 1 --min-weight 1 --out " +
                     (dir / "l.csv").string());
  EXPECT_EQ(res.exit_code, 65);
  EXPECT_NE(res.output.find("p.csv:1: missing required column 'lat'"), std::string::npos) << res.output;
  write_file(dir / "q.csv", "lat,lon\n1,2\n");
  res = run_cli("detect --input " + (dir / "q.csv").string() + " --eps-km 0 --min-weight 1 --out " +
                (dir / "l.csv").string());
  EXPECT_EQ(res.exit_code, 64) << res.output;
  res = run_cli("detect --input " + (dir / "missing.csv").string() + " --eps-km 1 --min-weight 1 --out x.csv");
  EXPECT_EQ(res.exit_code, 64) << res.output;  // CLI11's ExistingFile check is a usage error
}

}  // namespace
}  // namespace innocluster
