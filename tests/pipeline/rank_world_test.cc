// `innocluster rank` on a planted world the test generates: three clusters of
// known make-up — a three-city cluster (Osaka, Kobe, Kyoto, joined by small
// "bridge" locations, with publications that cluster city by city and must be
// merged in), a single-city cluster (Munich) with fractional counts, and a
// cross-border cluster (Singapore and Johor Bahru) — plus isolated background
// activity that must stay noise. Counts, shares, names, economies and ranks
// are checked exactly.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gdal.h>
#include <nlohmann/json.hpp>
#include <ogr_srs_api.h>

#include "test_support.h"

namespace innocluster {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::TempDir;

struct Point {
  double lat, lon;
};

constexpr Point kOsaka{34.6937, 135.5023}, kKobe{34.6901, 135.1955}, kKyoto{35.0116, 135.7681},
    kMunich{48.1374, 11.5755}, kSingapore{1.2897, 103.8501}, kJohorBahru{1.4655, 103.7578};

Point between(Point a, Point b, double t) { return {a.lat + t * (b.lat - a.lat), a.lon + t * (b.lon - a.lon)}; }

// A deterministic jitter of up to ~0.5 km, so that rows of one place land on
// several rounded locations without leaving the place.
Point jitter(Point p, int i) {
  return {p.lat + 0.001 * ((i * 7) % 9 - 4), p.lon + 0.001 * ((i * 5) % 9 - 4)};
}

// Isolated background locations: a grid far from every cluster and from each
// other (>= 200 km apart), each carrying weight below the threshold.
Point background(int i) { return {-40.0 + 3.0 * (i % 20), -60.0 + 3.0 * (i / 20)}; }

class World {
 public:
  explicit World(const std::string& name) : name_(name) { csv_ << "id,year,lat,lon,field,org\n"; }

  // One document with rows at `points`.
  void document(const std::vector<Point>& points, const std::string& field, const std::string& org) {
    const std::string id = name_ + std::to_string(++documents_);
    for (const Point& p : points) csv_ << id << ",2021," << p.lat << ',' << p.lon << ',' << field << ',' << org << '\n';
  }
  void documents(int n, Point at, const std::string& field, const std::string& org) {
    for (int i = 0; i < n; ++i) document({jitter(at, i)}, field, org);
  }
  void write(const std::filesystem::path& path) const { testing::write_file(path, csv_.str()); }

 private:
  std::string name_;
  std::ostringstream csv_;
  int documents_ = 0;
};

std::string methodology() {
  return R"(name = "planted"
description = "Planted world for tests"
edition = 2025
[locations]
decimals = 3
[clusters]
merge_km = 5.0
top_n = 2
[naming]
fraction = 0.25
max_places = 3
min_population = 50000
economy_min_share = 0.05
[metrics.patents]
eps_km = 15.0
min_weight = 100
years = [2020, 2024]
[metrics.publications]
eps_km = 15.0
min_weight = 100
years = [2020, 2024]
)";
}

std::vector<std::map<std::string, std::string>> read_csv(const std::filesystem::path& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::istringstream h(line);
    std::string col;
    while (std::getline(h, col, ',')) header.push_back(col);
  }
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    // The fields checked here hold no quotes; descriptor columns may, and are
    // not read (split stops being exact after the first quoted field).
    std::map<std::string, std::string> row;
    std::istringstream r(line);
    std::string value;
    for (std::size_t i = 0; i < header.size() && std::getline(r, value, ','); ++i) {
      if (!value.empty() && value.front() == '"') break;
      row[header[i]] = value;
    }
    rows.push_back(row);
  }
  return rows;
}

double num(const std::map<std::string, std::string>& row, const std::string& key) { return std::stod(row.at(key)); }

// Writes the planted world's patents.csv, publications.csv and planted.toml into `dir`.
void write_planted_world(const TempDir& dir) {
  World patents("P"), publications("A");
  // Osaka–Kobe–Kyoto: 400 two-inventor applications in Osaka (count 400),
  // 200 in Kobe, 150 in Kyoto, and three bridges of 30 (Osaka–Kobe is 28 km,
  // Osaka–Kyoto 43 km: the bridges keep every hop under eps = 15 km).
  for (int i = 0; i < 400; ++i) patents.document({jitter(kOsaka, i), jitter(kOsaka, i + 1)}, "H04L 5/00", "Panasonic");
  patents.documents(200, kKobe, "A61K 31/00", "Kobe Steel");
  patents.documents(150, kKyoto, "G06F 3/01", "Kyocera");
  patents.documents(30, between(kOsaka, kKobe, 0.5), "H04L 5/00", "Panasonic");
  patents.documents(30, between(kOsaka, kKyoto, 1.0 / 3), "H04L 5/00", "Panasonic");
  patents.documents(30, between(kOsaka, kKyoto, 2.0 / 3), "H04L 5/00", "Panasonic");
  // Munich: 100 single-inventor applications, and 90 with two inventors in
  // Munich and a third in the background (2/3 each in Munich).
  patents.documents(100, kMunich, "B60W 10/00", "BMW");
  for (int i = 0; i < 90; ++i) patents.document({jitter(kMunich, i), jitter(kMunich, i + 3), background(i)}, "B60W 10/00", "BMW");
  // Singapore (300) and Johor Bahru (150), 22 km apart, joined by one bridge (30).
  patents.documents(300, kSingapore, "H01L 21/00", "Micron");
  patents.documents(150, kJohorBahru, "H01L 21/00", "Micron");
  patents.documents(30, between(kSingapore, kJohorBahru, 0.5), "H01L 21/00", "Micron");
  // Background: 100 isolated single-inventor applications.
  for (int i = 100; i < 200; ++i) patents.document({background(i)}, "E04B 1/00", "Builder");

  // Publications cluster city by city (no bridges): merged into the patents clusters.
  publications.documents(300, kKyoto, "Physics", "Kyoto University");
  publications.documents(200, kOsaka, "Chemistry", "Osaka University");
  publications.documents(100, kKobe, "Clinical Medicine", "Kobe University");
  publications.documents(250, kMunich, "Physics", "TU Munich");
  publications.documents(150, kSingapore, "Engineering", "NUS");
  for (int i = 200; i < 250; ++i) publications.document({background(i)}, "Biology", "Field station");

  patents.write(dir / "patents.csv");
  publications.write(dir / "publications.csv");
  testing::write_file(dir / "planted.toml", methodology());
}

std::string rank_args(const TempDir& dir, int threads = 2) {
  return "rank --patents " + (dir / "patents.csv").string() + " --publications " +
         (dir / "publications.csv").string() + " --methodology " + (dir / "planted.toml").string() +
         " --threads " + std::to_string(threads) + " --out " + (dir / "out").string();
}

TEST(RankWorld, FindsMergesNamesMeasuresAndRanksPlantedClusters) {
  TempDir dir;
  write_planted_world(dir);
  const auto result = run_cli(rank_args(dir));
  ASSERT_EQ(result.exit_code, 0) << result.output;

  // World totals: every document counts 1.
  const double patents_total = 400 + 200 + 150 + 90 + 100 + 90 + 300 + 150 + 30 + 100;   // 1610
  const double publications_total = 300 + 200 + 100 + 250 + 150 + 50;                  // 1050
  struct Expected {
    const char* name;
    const char* economy;
    double patents, publications;
  };
  const Expected expected[] = {
      {"Osaka–Kyoto–Kobe", "JP", 840, 600},
      {"Singapore–Johor Bahru", "SG/MY", 480, 150},
      {"Munich", "DE", 160, 250},
  };
  const auto rows = read_csv(dir / "out" / "clusters.csv");
  ASSERT_EQ(rows.size(), 3u) << read_file(dir / "out" / "clusters.csv");
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& row = rows[i];
    const Expected& e = expected[i];
    SCOPED_TRACE(e.name);
    EXPECT_EQ(row.at("rank"), std::to_string(i + 1));
    EXPECT_EQ(row.at("name"), e.name);
    EXPECT_EQ(row.at("economy"), e.economy);
    EXPECT_EQ(num(row, "patents"), e.patents);
    EXPECT_EQ(num(row, "publications"), e.publications);
    const double share_p = 100 * e.patents / patents_total, share_a = 100 * e.publications / publications_total;
    EXPECT_NEAR(num(row, "share_patents"), share_p, 5e-7);
    EXPECT_NEAR(num(row, "share_publications"), share_a, 5e-7);
    EXPECT_NEAR(num(row, "score"), share_p + share_a, 1e-6);
    EXPECT_EQ(row.at("in_top"), i < 2 ? "1" : "0");
    EXPECT_GT(num(row, "population"), 0);
  }

  // Background stays noise: every background location is noise in its source.
  const auto manifest = nlohmann::json::parse(read_file(dir / "out" / "manifest.json"));
  const auto& detection = manifest["run"]["detection"];
  EXPECT_EQ(detection[0]["source"], "patents");
  EXPECT_EQ(detection[0]["clusters"], 3);
  EXPECT_NEAR(detection[0]["noise_weight"].get<double>(), 100 + 90.0 / 3, 1e-6);
  EXPECT_EQ(detection[1]["clusters"], 5);  // Kyoto, Osaka, Kobe, Munich, Singapore
  EXPECT_NEAR(detection[1]["noise_weight"].get<double>(), 50, 1e-9);

  // The economies of the top 2.
  EXPECT_EQ(read_file(dir / "out" / "economies.csv"),
            "economy,name,clusters_in_top,cross_border_in_top\n"
            "JP,Japan,1,0\n"
            "MY,Malaysia,1,1\n"
            "SG,Singapore,1,1\n");
}

}  // namespace
}  // namespace innocluster

namespace innocluster {
namespace {

// A GeoTIFF over Munich (0.01-degree cells, EPSG:4326) that is empty but for
// one cell of a million people, the cell holding Munich's centre.
void write_munich_raster(const std::filesystem::path& path) {
  GDALAllRegister();
  constexpr int kCols = 40, kRows = 30;
  constexpr double kWest = 11.4, kNorth = 48.3, kCell = 0.01;
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), kCols, kRows, 1, GDT_Float32, nullptr);
  ASSERT_NE(ds, nullptr);
  double transform[6] = {kWest, kCell, 0, kNorth, 0, -kCell};
  GDALSetGeoTransform(ds, transform);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 4326);
  GDALSetSpatialRef(ds, srs);
  OSRDestroySpatialReference(srs);
  std::vector<float> cells(kCols * kRows, 0.0f);
  const auto col = static_cast<int>((kMunich.lon - kWest) / kCell), row = static_cast<int>((kNorth - kMunich.lat) / kCell);
  cells[static_cast<std::size_t>(row * kCols + col)] = 1e6f;
  ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, kCols, kRows, cells.data(), kCols, kRows,
                         GDT_Float32, 0, 0),
            CE_None);
  GDALClose(ds);
}

TEST(RankWorld, PopulationFromARasterGivesIntensityWhereItCovers) {
  TempDir dir;
  write_planted_world(dir);
  write_munich_raster(dir / "pop.tif");
  const auto result = run_cli(rank_args(dir) + " --population " + (dir / "pop.tif").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto rows = read_csv(dir / "out" / "clusters.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].at("name"), "Munich");
  EXPECT_EQ(rows[2].at("population"), "1000000");
  EXPECT_EQ(rows[2].at("intensity_rank"), "1");
  EXPECT_NEAR(num(rows[2], "intensity"), num(rows[2], "score"), 1e-6);  // per million = per 1
  EXPECT_NEAR(num(rows[2], "patents_per_million"), 160, 1e-9);
  for (std::size_t i = 0; i < 2; ++i) {  // outside the raster: no people, no intensity
    EXPECT_EQ(rows[i].at("population"), "0");
    EXPECT_EQ(rows[i].at("intensity"), "");
    EXPECT_EQ(rows[i].at("intensity_rank"), "");
  }
  const auto manifest = nlohmann::json::parse(read_file(dir / "out" / "manifest.json"));
  EXPECT_NE(manifest["run"]["population_source"].get<std::string>().find("pop.tif"), std::string::npos);
}

TEST(RankWorld, TablesAreByteIdenticalForAnyThreadCount) {
  TempDir one, two;
  write_planted_world(one);
  write_planted_world(two);
  ASSERT_EQ(run_cli(rank_args(one, 1)).exit_code, 0);
  ASSERT_EQ(run_cli(rank_args(two, 3)).exit_code, 0);
  for (const char* name : {"clusters.csv", "clusters.json", "clusters.geojson", "economies.csv"})
    EXPECT_EQ(read_file(one / "out" / name), read_file(two / "out" / name)) << name;
}

TEST(RankCli, AnInputPathThatIsNotUtf8IsRecordedWithReplacementCharacters) {
  // (The manifest had failed to be written, once every other output was.)
  TempDir dir;
  write_planted_world(dir);
  std::filesystem::rename(dir / "patents.csv", dir / "patents\xff.csv");
  const auto r = run_cli("rank --patents " + (dir / "patents\xff.csv").string() + " --publications " +
                         (dir / "publications.csv").string() + " --methodology " + (dir / "planted.toml").string() +
                         " --out " + (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string manifest = read_file(dir / "out" / "manifest.json");
  EXPECT_NE(manifest.find("patents\xef\xbf\xbd.csv"), std::string::npos) << manifest;
  EXPECT_TRUE(nlohmann::json::accept(manifest));
}

TEST(RankCli, BadOverridesAndHelp) {
  TempDir dir;
  write_planted_world(dir);
  auto r = run_cli(rank_args(dir) + " --min-weight grants=3");
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("--min-weight: unknown metric 'grants'"), std::string::npos) << r.output;
  r = run_cli(rank_args(dir) + " --min-weight deals=3");
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("--min-weight deals=3: methodology 'planted' has no metric 'deals'"), std::string::npos)
      << r.output;
  r = run_cli(rank_args(dir) + " --eps-km -2");
  EXPECT_EQ(r.exit_code, 64) << r.output;
  r = run_cli(rank_args(dir) + " --eps-km patents=0");
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("--eps-km patents=0: patents must be a positive number"), std::string::npos) << r.output;
  testing::write_file(dir / "late.csv", "id,year,lat,lon\nA,2010,1,1\n");
  r = run_cli("rank --patents " + (dir / "late.csv").string() + " --publications " +
              (dir / "publications.csv").string() + " --methodology " + (dir / "planted.toml").string() +
              " --out " + (dir / "late").string());
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("late.csv: no patents row carries weight (1 read, 1 rejected: see "), std::string::npos)
      << r.output;
  r = run_cli("rank --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("Examples:"), std::string::npos);
  EXPECT_NE(r.output.find("--population"), std::string::npos);
}

}  // namespace
}  // namespace innocluster
