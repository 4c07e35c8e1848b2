// innocluster detect: arguments, bad rows, outputs.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"

namespace innocluster {
namespace {

using testing::names_in;
using testing::read_file;
using testing::run_cli;
using testing::run_cli_in;
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

// Large enough for the engine's arrays to be advised onto huge pages (at
// least 4 MiB each) when INNOCLUSTER_HUGE_PAGES=1, and for the file to be
// read in slices: the labels are the same bytes whichever way, and at any
// thread count.
TEST(DetectCli, SameLabelsWithHugePagesAndAnyThreads) {
  TempDir dir;
  std::string text = "lat,lon,weight\n";
  std::uint64_t state = 12345;
  auto next = [&] {  // a fixed sequence in [0, 1)
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  const double centres[][2] = {{48.85, 2.35}, {35.68, 139.69}, {-33.87, 151.21}, {0, 179.5}, {0, -179.5}};
  for (int i = 0; i < 600000; ++i) {
    const auto& c = centres[i % 5];
    text += std::to_string(c[0] + (next() - 0.5) * next()) + "," + std::to_string(c[1] + (next() - 0.5) * next()) +
            (i % 3 ? ",1\n" : ",0.5\n");
  }
  write_file(dir / "p.csv", text);
  auto labels = [&](const char* huge, int threads) {
    ::setenv("INNOCLUSTER_HUGE_PAGES", huge, 1);
    const auto res = run_cli("detect --input " + (dir / "p.csv").string() + " --eps-km 5 --min-weight 300 --threads " +
                             std::to_string(threads) + " --out " + (dir / "l.csv").string() + " --stats " +
                             (dir / "s.json").string());
    ::unsetenv("INNOCLUSTER_HUGE_PAGES");
    EXPECT_EQ(res.exit_code, 0) << res.output;
    EXPECT_EQ(nlohmann::json::parse(read_file(dir / "s.json"))["read_threads"], threads);
    return read_file(dir / "l.csv");
  };
  const std::string base = labels("0", 1);
  EXPECT_NE(base.find("\n0,1\n"), std::string::npos);   // some cluster
  EXPECT_NE(base.find("\n-1,0\n"), std::string::npos);  // and some noise
  EXPECT_EQ(labels("1", 1), base);
  EXPECT_EQ(labels("0", 2), base);
  EXPECT_EQ(labels("1", 3), base);
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

TEST(DetectCli, OutputsAreCheckedBeforeTheWorkAndMadeWhenWritten) {
  TempDir dir;
  write_file(dir / "p.csv", "lat,lon\n10,20\n");
  const std::string base = "detect --input p.csv --eps-km 1 --min-weight 1 --out l.csv";
  // A stats file in no directory, or a directory in the labels' place: the
  // command fails before any work (before the bad row here, which would fail
  // with 65), and writes nothing.
  write_file(dir / "p.csv", "lat,lon\n10,200\n");
  auto res = run_cli_in(dir.path(), base + " --stats no-such-dir/s.json");
  EXPECT_EQ(res.exit_code, 73) << res.output;
  EXPECT_NE(res.output.find("no-such-dir/s.json: cannot create"), std::string::npos) << res.output;
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"p.csv"});
  std::filesystem::create_directory(dir / "d.csv");
  res = run_cli_in(dir.path(), "detect --input p.csv --eps-km 1 --min-weight 1 --out d.csv --stats s.json");
  EXPECT_EQ(res.exit_code, 73) << res.output;
  EXPECT_NE(res.output.find("d.csv: cannot replace: Is a directory"), std::string::npos) << res.output;
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"d.csv", "p.csv"}));
  std::filesystem::remove(dir / "d.csv");
  write_file(dir / "p.csv", "lat,lon\n10,20\n");
  // The stats may not go to the labels file however it is spelt, nor to the
  // rejected rows' file.
  for (const std::string& stats : std::vector<std::string>{"l.csv", "./l.csv", (dir / "l.csv").string(),
                                                            "../" + dir.path().filename().string() + "/l.csv"}) {
    res = run_cli_in(dir.path(), base + " --stats " + stats);
    EXPECT_EQ(res.exit_code, 64) << stats << ": " << res.output;
    EXPECT_NE(res.output.find("the labels go to that file"), std::string::npos) << res.output;
  }
  res = run_cli_in(dir.path(), base + " --skip-bad-rows --stats ./l.csv.rejected.csv");
  EXPECT_EQ(res.exit_code, 64) << res.output;
  EXPECT_NE(res.output.find("the rejected rows go to that file"), std::string::npos) << res.output;
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"p.csv"});
  // A failure during the work leaves no file behind.
  write_file(dir / "p.csv", "lat,lon\n10,200\n");
  res = run_cli_in(dir.path(), base + " --stats s.json");
  EXPECT_EQ(res.exit_code, 65) << res.output;
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"p.csv"});
  // Both written, over earlier ones; a link in the labels' place is replaced,
  // not followed, so its target may take the stats.
  write_file(dir / "p.csv", "lat,lon\n10,20\n");
  write_file(dir / "s.json", "old\n");
  std::filesystem::create_symlink("s.json", dir / "l.csv");
  res = run_cli_in(dir.path(), base + " --stats s.json");
  ASSERT_EQ(res.exit_code, 0) << res.output;
  EXPECT_FALSE(std::filesystem::is_symlink(dir / "l.csv"));
  EXPECT_EQ(read_file(dir / "l.csv"), "cluster,core\n0,1\n");
  EXPECT_EQ(nlohmann::json::parse(read_file(dir / "s.json"))["points"], 1);
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"l.csv", "p.csv", "s.json"}));
}

TEST(DetectCli, AnInputPathThatIsNotUtf8IsRecordedWithReplacementCharacters) {
  TempDir dir;
  write_file(dir / "p\xff.csv", "lat,lon\n0,0\n0,0.001\n");
  const auto res = run_cli("detect --input " + (dir / "p\xff.csv").string() + " --eps-km 1 --min-weight 2 --out " +
                           (dir / "l.csv").string() + " --stats " + (dir / "s.json").string());
  ASSERT_EQ(res.exit_code, 0) << res.output;
  const std::string stats = read_file(dir / "s.json");
  EXPECT_NE(stats.find("p\xef\xbf\xbd.csv"), std::string::npos) << stats;
  EXPECT_EQ(nlohmann::json::parse(stats)["clusters"], 1);
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
