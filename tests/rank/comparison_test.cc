// Matching the clusters of two runs: links from footprint overlap, statuses
// from links, and `innocluster compare` end to end on tiny hand-made runs
// with planted splits, merges, new and dropped clusters.

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/methodology.h"
#include "gdal_test_support.h"
#include "io/gis_writer.h"
#include "rank/comparison.h"
#include "report/manifest.h"
#include "test_support.h"

namespace innocluster {
namespace {

using rank::MatchStatus;
using testing::read_file;
using testing::run_cli;
using testing::TempDir;
using testing::wkb_of;

std::vector<unsigned char> box(double x0, double y0, double x1, double y1) {
  return wkb_of(fmt::format("POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))", x0, y0, x1, y1));
}

TEST(LinkFootprints, OverlapIsSharedAreaOverTheSmallerFootprint) {
  // [0,2]x[0,1] and [1,3]x[0,1] share 1 of 2: exactly 0.5. A small box inside
  // a large one shares all of the smaller. Disjoint boxes link nothing.
  const auto links = rank::link_footprints({box(0, 0, 2, 1), box(10, 0, 20, 10), box(30, 0, 31, 1)},
                                           {box(1, 0, 3, 1), box(12, 2, 13, 3), box(40, 0, 41, 1)}, 0.5);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].previous, 0u);
  EXPECT_EQ(links[0].current, 0u);
  EXPECT_DOUBLE_EQ(links[0].overlap, 0.5);
  EXPECT_EQ(links[1].previous, 1u);
  EXPECT_EQ(links[1].current, 1u);
  EXPECT_DOUBLE_EQ(links[1].overlap, 1.0);
  EXPECT_TRUE(rank::link_footprints({box(0, 0, 2, 1)}, {box(1, 0, 3, 1)}, 0.51).empty());
  // A missing footprint links nothing.
  EXPECT_TRUE(rank::link_footprints({{}}, {box(1, 0, 3, 1)}, 0.1).empty());
}

TEST(MatchClusters, StatusesFollowTheLinks) {
  // previous 0 -> current 0 (kept); previous 1 -> current 1 and 2 (split);
  // previous 2 and 3 -> current 3 (merged); previous 4 dropped; current 4 new.
  const std::vector<rank::FootprintLink> links = {{0, 0, 0.9}, {1, 1, 0.8}, {1, 2, 0.7}, {2, 3, 1.0}, {3, 3, 0.6}};
  const auto m = rank::match_clusters(5, 5, links);
  ASSERT_EQ(m.size(), 6u);
  const MatchStatus expected[] = {MatchStatus::kKept, MatchStatus::kSplit, MatchStatus::kSplit,
                                  MatchStatus::kMerged, MatchStatus::kNew, MatchStatus::kDropped};
  for (std::size_t i = 0; i < m.size(); ++i) EXPECT_EQ(m[i].status, expected[i]) << i;
  EXPECT_EQ(m[3].previous, (std::vector<std::size_t>{2, 3}));
  EXPECT_DOUBLE_EQ(m[3].overlap, 1.0);
  EXPECT_EQ(m[5].previous, (std::vector<std::size_t>{4}));
  EXPECT_FALSE(m[5].current);
  // Many to many: a current part of a split that also merged counts as merged.
  const auto mm = rank::match_clusters(2, 2, {{0, 0, 1}, {0, 1, 1}, {1, 1, 1}});
  EXPECT_EQ(mm[0].status, MatchStatus::kSplit);
  EXPECT_EQ(mm[1].status, MatchStatus::kMerged);
}

// A hand-made rank run: manifest.json and clusters.geojson.
struct PlantedCluster {
  std::string name;
  int rank;
  double patents;
  std::vector<unsigned char> footprint;
};

void write_run(const std::filesystem::path& dir, const std::string& methodology, int edition,
               const std::vector<PlantedCluster>& clusters, const std::string& patents_path = "patents.csv") {
  std::filesystem::create_directories(dir);
  Methodology m = load_methodology(resolve_methodology_path(methodology));
  if (edition != m.edition) m = at_edition(m, edition);
  Json manifest = manifest_header("rank", m, false);
  manifest["inputs"] = Json::array({{{"source", "patents"}, {"path", patents_path}, {"bytes", 100}}});
  manifest["run"] = {{"population_source", "gazetteer"}};
  write_manifest(dir, manifest);
  double total = 0;
  for (const auto& c : clusters) total += c.patents;
  FeatureTable t;
  t.layer = "clusters";
  t.fields = {{"rank", FieldType::kInteger},   {"name", FieldType::kString},  {"economy", FieldType::kString},
              {"patents", FieldType::kReal},   {"share_patents", FieldType::kReal}, {"score", FieldType::kReal},
              {"in_top", FieldType::kInteger}, {"cluster_id", FieldType::kInteger}};
  for (const auto& c : clusters) {
    const double share = 100 * c.patents / total;
    t.rows.push_back({std::int64_t{c.rank}, c.name, std::string("XX"), c.patents, share, share,
                      std::int64_t{c.rank <= 3 ? 1 : 0}, std::int64_t{c.rank - 1}});
    t.geometry_wkb.push_back(c.footprint);
  }
  write_geojson(dir / "clusters.geojson", t);
}

// previous: A B C D E G; current: CD A B1 F B2 G2 (see each line).
void write_planted_pair(const TempDir& dir, const std::string& current_methodology = "gii-2025",
                        int current_edition = 2025) {
  write_run(dir / "previous", "gii-2025", 2024,
            {{"A", 1, 60, box(0, 0, 1, 1)},
             {"B", 2, 50, box(10, 0, 12, 1)},
             {"C", 3, 40, box(20, 0, 21, 1)},
             {"D", 4, 30, box(21.2, 0, 22, 1)},
             {"E", 5, 20, box(30, 0, 31, 1)},
             {"G", 6, 10, box(50, 0, 51, 1)}});
  write_run(dir / "current", current_methodology, current_edition,
            {{"CD", 1, 80, box(20, 0, 22, 1)},          // C and D merged
             {"A", 2, 66, box(0, 0, 1, 1.2)},           // kept, grew 10%
             {"B1", 3, 40, box(10, 0, 10.9, 1)},        // B split ...
             {"F", 4, 35, box(40, 0, 41, 1)},           // new
             {"B2", 5, 30, box(11.1, 0, 12, 1)},        // ... in two
             {"G2", 6, 5, box(50.6, 0, 51.6, 1)}});     // shares 0.4 of G: not the same cluster
}

std::vector<std::map<std::string, std::string>> read_csv_rows(const std::filesystem::path& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::istringstream h(line);
  for (std::string col; std::getline(h, col, ',');) header.push_back(col);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::istringstream r(line);
    std::string value;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (!std::getline(r, value, ',')) value.clear();
      row[header[i]] = value;
    }
    rows.push_back(row);
  }
  return rows;
}

TEST(CompareCli, PlantedSplitsMergesNewAndDropped) {
  TempDir dir;
  write_planted_pair(dir);
  const auto result = run_cli("compare --previous " + (dir / "previous").string() + " --current " +
                              (dir / "current").string() + " --out " + (dir / "cmp").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("comparison of edition: gii-2025 (edition 2024, 6 clusters) -> gii-2025 (edition "
                               "2025, 6 clusters)"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("clusters: 1 kept, 2 split parts, 1 merged, 2 new, 2 dropped"), std::string::npos)
      << result.output;
  const auto rows = read_csv_rows(dir / "cmp" / "comparison.csv");
  ASSERT_EQ(rows.size(), 8u);
  struct Expected {
    const char *name, *status, *rank_previous, *rank_current, *rank_change, *previous_names;
  };
  const Expected expected[] = {
      {"CD", "merged", "3", "1", "2", "C; D"}, {"A", "kept", "1", "2", "-1", "A"},
      {"B1", "split", "2", "3", "-1", "B"},    {"F", "new", "", "4", "", ""},
      {"B2", "split", "2", "5", "-3", "B"},    {"G2", "new", "", "6", "", ""},
      {"E", "dropped", "5", "", "", "E"},      {"G", "dropped", "6", "", "", "G"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].at("name"), expected[i].name) << i;
    EXPECT_EQ(rows[i].at("status"), expected[i].status) << i;
    EXPECT_EQ(rows[i].at("rank_previous"), expected[i].rank_previous) << i;
    EXPECT_EQ(rows[i].at("rank_current"), expected[i].rank_current) << i;
    EXPECT_EQ(rows[i].at("rank_change"), expected[i].rank_change) << i;
    EXPECT_EQ(rows[i].at("previous_names"), expected[i].previous_names) << i;
  }
  // Growth: the merged cluster against C + D (70 -> 80), the kept one 60 -> 66,
  // a split part against the whole it came from (50 -> 40).
  EXPECT_EQ(rows[0].at("patents_previous"), "70");
  EXPECT_EQ(rows[0].at("patents_current"), "80");
  EXPECT_EQ(rows[0].at("growth_patents"), "14.286");
  EXPECT_EQ(rows[1].at("growth_patents"), "10");
  EXPECT_EQ(rows[2].at("growth_patents"), "-20");
  // Shares: A had 60/210 of the previous total, 66/256 of the current.
  EXPECT_EQ(rows[1].at("share_patents_previous"), "28.571429");
  EXPECT_EQ(rows[1].at("share_patents_current"), "25.78125");
  EXPECT_EQ(rows[1].at("share_change_patents"), "-2.790179");
  EXPECT_EQ(rows[1].at("overlap"), "1");

  const auto json = nlohmann::json::parse(read_file(dir / "cmp" / "comparison.json"));
  EXPECT_EQ(json["kind"], "edition");
  EXPECT_EQ(json["statuses"]["split"], 2);
  EXPECT_EQ(json["previous"]["edition"], 2024);
  EXPECT_EQ(json["previous"]["file_edition"], 2025);
}

// Every rank change is the difference of the two runs' ranks, read back from
// the runs themselves.
TEST(CompareCli, RankChangesAgreeWithTheTwoRuns) {
  TempDir dir;
  write_planted_pair(dir);
  ASSERT_EQ(run_cli("compare --previous " + (dir / "previous").string() + " --current " + (dir / "current").string() +
                    " --out " + (dir / "cmp").string())
                .exit_code,
            0);
  const auto previous = rank::read_rank_run(dir / "previous");
  const auto current = rank::read_rank_run(dir / "current");
  std::map<std::string, int> rank_previous, rank_current;
  for (const auto& c : previous.clusters) rank_previous[c.name] = c.rank;
  for (const auto& c : current.clusters) rank_current[c.name] = c.rank;
  for (const auto& row : read_csv_rows(dir / "cmp" / "comparison.csv")) {
    if (!row.at("rank_current").empty()) {
      EXPECT_EQ(std::stoi(row.at("rank_current")), rank_current.at(row.at("name")));
    }
    if (row.at("rank_previous").empty()) continue;
    int best = 1 << 30;  // a merged row takes the best rank of its previous clusters
    std::istringstream names(row.at("previous_names"));
    for (std::string n; std::getline(names, n, ';');) best = std::min(best, rank_previous.at(n.substr(n[0] == ' ')));
    EXPECT_EQ(std::stoi(row.at("rank_previous")), best);
    if (!row.at("rank_change").empty()) {
      EXPECT_EQ(std::stoi(row.at("rank_change")), best - rank_current.at(row.at("name")));
    }
  }
}

TEST(CompareCli, LabelsAMethodologyComparisonAndWarnsWhenInputsDiffer) {
  TempDir dir;
  write_planted_pair(dir, "gii-2024", 2024);
  // Same edition year on both sides (2024), other methodology: a methodology comparison...
  auto result = run_cli("compare --previous " + (dir / "previous").string() + " --current " +
                        (dir / "current").string() + " --out " + (dir / "cmp").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("comparison of methodology"), std::string::npos) << result.output;
  // ... whose windows differ (gii-2025 at edition 2024 counts publications 2018-2022, as gii-2024 does).
  EXPECT_EQ(result.output.find("warning"), std::string::npos) << result.output;
  // Other input files: the change mixes data and method.
  write_run(dir / "current", "gii-2024", 2024, {{"A", 1, 60, box(0, 0, 1, 1)}}, "other-patents.csv");
  result = run_cli("compare --previous " + (dir / "previous").string() + " --current " + (dir / "current").string() +
                   " --out " + (dir / "cmp").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("warning: the runs read different input files for patents (patents.csv vs "
                               "other-patents.csv)"),
            std::string::npos)
      << result.output;
}

TEST(CompareCli, ErrorsNameTheFileAndWhatToDo) {
  TempDir dir;
  write_planted_pair(dir);
  const std::string out = " --out " + (dir / "cmp").string();
  auto result = run_cli("compare --previous " + (dir / "nowhere").string() + " --current " +
                        (dir / "current").string() + out);
  EXPECT_EQ(result.exit_code, 66);
  EXPECT_NE(result.output.find("nowhere: no such directory; give the --out directory of an `innocluster rank` run"),
            std::string::npos)
      << result.output;
  std::filesystem::create_directories(dir / "unfinished");
  result = run_cli("compare --previous " + (dir / "unfinished").string() + " --current " +
                   (dir / "current").string() + out);
  EXPECT_EQ(result.exit_code, 66);
  EXPECT_NE(result.output.find("unfinished/manifest.json: missing: "), std::string::npos) << result.output;
  std::filesystem::create_directories(dir / "ingested");
  testing::write_file(dir / "ingested" / "manifest.json", R"({"tool": "innocluster", "command": "ingest"})");
  result = run_cli("compare --previous " + (dir / "ingested").string() + " --current " + (dir / "current").string() +
                   out);
  EXPECT_EQ(result.exit_code, 65);
  EXPECT_NE(result.output.find("the run was made by `innocluster ingest`, not `innocluster rank`"), std::string::npos)
      << result.output;
  std::filesystem::remove(dir / "current" / "clusters.geojson");
  result = run_cli("compare --previous " + (dir / "previous").string() + " --current " + (dir / "current").string() +
                   out);
  EXPECT_EQ(result.exit_code, 66);
  EXPECT_NE(result.output.find("current/clusters.geojson: missing (and no clusters.gpkg beside it)"),
            std::string::npos)
      << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "cmp" / "comparison.csv"));
  result = run_cli("compare --previous " + (dir / "previous").string() + out);
  EXPECT_EQ(result.exit_code, 64);
}

}  // namespace
}  // namespace innocluster
