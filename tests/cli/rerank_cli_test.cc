// End-to-end: `innocluster rerank` on files, as a user runs it.

#include <sstream>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"

namespace innocluster {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::source_dir;
using testing::TempDir;
using testing::write_file;

// Published GII 2023 top 10 (WIPO), committed as a fixture; see its README.
std::filesystem::path gii2023() {
  return source_dir() / "tests" / "fixtures" / "reference" / "gii2023_size_top10.csv";
}

// Naive split of a CSV line (the tests' tables quote only cluster names).
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') quoted = !quoted;
    else if (ch == ',' && !quoted) out.push_back(std::exchange(cell, {}));
    else cell.push_back(ch);
  }
  out.push_back(cell);
  return out;
}

std::vector<std::vector<std::string>> rows_of(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) rows.push_back(cells(line));
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST(RerankCli, ReproducesTheGii2023PublishedRanks) {
  // The fixture is a copy of the shared reference table; the copy must not drift.
  const auto shared = source_dir() / ".." / "shared" / "reference" / "gii2023_size_top10.csv";
  if (std::filesystem::exists(shared)) {
    EXPECT_EQ(read_file(gii2023()), read_file(shared));
  }

  TempDir dir;
  const auto r = run_cli("rerank --table " + gii2023().string() + " --top 10 --out " + (dir / "r.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = rows_of(read_file(dir / "r.csv"));
  ASSERT_EQ(rows.size(), 11u);
  const auto& h = rows[0];
  const std::size_t rank = column(h, "rank"), published = column(h, "input_rank"),
                    share = column(h, "share_patents"), published_share = column(h, "input_share_patents");
  for (std::size_t k = 1; k <= 10; ++k) {
    EXPECT_EQ(rows[k][rank], std::to_string(k)) << rows[k][0];
    EXPECT_EQ(rows[k][published], std::to_string(k)) << rows[k][0];
    // Published shares are rounded to 0.1 and the estimated total is a median
    // of their ratios, so a share may differ from the published one by ~0.1.
    EXPECT_NEAR(std::stod(rows[k][share]), std::stod(rows[k][published_share]), 0.1) << rows[k][0];
  }
  EXPECT_EQ(rows[1][0], "Tokyo–Yokohama");
  EXPECT_EQ(rows[6][0], "San Jose–San Francisco, CA");
  EXPECT_NE(r.output.find("median of 10 published shares"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("top 10 by economy: US 4, CN 3 (1 cross-border), JP 2, HK 1 (1 cross-border), KR 1"),
            std::string::npos)
      << r.output;
}

TEST(RerankCli, DroppingDealsGivesTheTwoMetricRanking) {
  TempDir dir;
  // B leads on deals alone; without deals A leads.
  write_file(dir / "t.csv",
             "cluster,economy,patents,publications,deals\n"
             "A,US,60,50,10\n"
             "B,CN,40,40,80\n"
             "C,DE,0,10,10\n");
  const auto three = run_cli("rerank --table " + (dir / "t.csv").string() + " --out " + (dir / "3.csv").string());
  ASSERT_EQ(three.exit_code, 0) << three.output;
  EXPECT_EQ(read_file(dir / "3.csv"),
            "cluster,economy,patents,publications,deals,share_patents,share_publications,share_deals,score,rank\n"
            "B,CN,40,40,80,40,40,80,160,1\n"
            "A,US,60,50,10,60,50,10,120,2\n"
            "C,DE,0,10,10,0,10,10,20,3\n");

  const auto two = run_cli("rerank --table " + (dir / "t.csv").string() + " --weights deals=0 --out " +
                           (dir / "2.csv").string());
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_EQ(read_file(dir / "2.csv"),
            "cluster,economy,deals,patents,publications,share_patents,share_publications,score,rank\n"
            "A,US,10,60,50,60,50,110,1\n"
            "B,CN,80,40,40,40,40,80,2\n"
            "C,DE,10,0,10,0,10,10,3\n");
  EXPECT_NE(two.output.find("score = patents + publications"), std::string::npos) << two.output;

  // The same ranking from a table without the deals column.
  write_file(dir / "t2.csv", "cluster,economy,patents,publications\nA,US,60,50\nB,CN,40,40\nC,DE,0,10\n");
  ASSERT_EQ(run_cli("rerank --table " + (dir / "t2.csv").string() + " --out " + (dir / "2b.csv").string()).exit_code, 0);
  const auto a = rows_of(read_file(dir / "2.csv")), b = rows_of(read_file(dir / "2b.csv"));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(std::vector(a[k].begin() + 3, a[k].end()), std::vector(b[k].begin() + 2, b[k].end()));
  }
}

TEST(RerankCli, TotalsWeightsPopulationAndEconomies) {
  TempDir dir;
  write_file(dir / "t.csv",
             "cluster,economy,patents,publications,population\n"
             "A,US,100,100,2000000\n"
             "B,CN/HK,50,400,\n");
  const auto r = run_cli("rerank --table " + (dir / "t.csv").string() +
                         " --totals patents=1000,publications=4000 --weights publications=2 --top 1 --economies " +
                         (dir / "e.csv").string() + " --out " + (dir / "r.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // A: 10 + 2 × 2.5 = 15; B: 5 + 2 × 10 = 25.
  EXPECT_EQ(read_file(dir / "r.csv"),
            "cluster,economy,patents,publications,population,share_patents,share_publications,score,rank,"
            "patents_per_million,publications_per_million,intensity,intensity_rank\n"
            "B,CN/HK,50,400,,5,10,25,1,,,,\n"
            "A,US,100,100,2000000,10,2.5,15,2,50,50,7.5,1\n");
  EXPECT_EQ(read_file(dir / "e.csv"), "economy,clusters,cross_border\nCN,1,1\nHK,1,1\n");
  EXPECT_NE(r.output.find("score = patents + 2 × publications"), std::string::npos) << r.output;
}

TEST(RerankCli, ErrorsNameTheProblemAndExitCodesTellThemApart) {
  TempDir dir;
  write_file(dir / "t.csv", "cluster,economy,patents,publications\nA,US,1,2\nB,US,3,\n");
  const std::string table = " --table " + (dir / "t.csv").string() + " --out " + (dir / "o.csv").string();

  auto r = run_cli("rerank" + table);
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("t.csv:3: cluster 'B' has no publications count"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "o.csv"));

  r = run_cli("rerank" + table + " --weights publications=0");
  EXPECT_EQ(r.exit_code, 0) << r.output;

  r = run_cli("rerank" + table + " --weights vc=1");
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("--weights: unknown metric 'vc'"), std::string::npos) << r.output;

  r = run_cli("rerank" + table + " --weights deals=1");
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("t.csv:1: --weights gives deals but the table has no deals column"), std::string::npos)
      << r.output;

  r = run_cli("rerank" + table + " --totals patents=0");
  EXPECT_EQ(r.exit_code, 64) << r.output;

  r = run_cli("rerank --table " + (dir / "missing.csv").string() + " --out " + (dir / "o.csv").string());
  EXPECT_EQ(r.exit_code, 64) << r.output;

  r = run_cli("rerank --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("Examples:"), std::string::npos);
  EXPECT_NE(r.output.find("--weights deals=0"), std::string::npos);
}

}  // namespace
}  // namespace innocluster
