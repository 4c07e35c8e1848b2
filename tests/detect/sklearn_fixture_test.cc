// The engine against scikit-learn's DBSCAN(metric="haversine") with
// sample_weight, on the fixtures made by
// tests/fixtures/detect/make_sklearn_fixtures.py (labels renumbered to our
// rule there; see that script).

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "detect/dbscan.h"
#include "detect/points_io.h"
#include "test_support.h"

namespace innocluster::detect {
namespace {

using innocluster::testing::read_file;
using innocluster::testing::run_cli;
using innocluster::testing::source_dir;
using innocluster::testing::TempDir;

struct FixtureCase {
  std::string name;
  double eps_km;
  double min_weight;
};

std::vector<FixtureCase> cases() {
  std::ifstream in(source_dir() / "tests/fixtures/detect/cases.csv");
  std::vector<FixtureCase> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    FixtureCase c;
    std::string eps, minw;
    std::getline(ss, c.name, ',');
    std::getline(ss, eps, ',');
    std::getline(ss, minw, ',');
    c.eps_km = std::stod(eps);
    c.min_weight = std::stod(minw);
    out.push_back(c);
  }
  return out;
}

std::string fixture(const std::string& file) { return (source_dir() / "tests/fixtures/detect" / file).string(); }

TEST(SklearnFixtures, SameLabelsAsScikitLearn) {
  const auto all = cases();
  ASSERT_EQ(all.size(), 5u);
  for (const FixtureCase& c : all) {
    SCOPED_TRACE(c.name);
    const PointsFile points = read_points(fixture(c.name + ".csv"), {});
    ASSERT_EQ(points.rejected, 0u);
    const DbscanResult r =
        weighted_dbscan(points.points, {c.eps_km, to_fixed_weight(c.min_weight), 2});
    std::ifstream want(fixture(c.name + ".labels.csv"));
    std::string line;
    std::getline(want, line);
    for (std::size_t i = 0; i < points.points.size(); ++i) {
      ASSERT_TRUE(std::getline(want, line));
      const auto comma = line.find(',');
      ASSERT_EQ(r.cluster[i], std::stoi(line.substr(0, comma))) << "row " << i;
      ASSERT_EQ(r.core[i], std::stoi(line.substr(comma + 1))) << "row " << i;
    }
    EXPECT_FALSE(std::getline(want, line));
  }
}

TEST(SklearnFixtures, CliWritesTheSameBytes) {
  TempDir dir;
  for (const FixtureCase& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto out = dir / (c.name + ".labels.csv");
    const auto res = run_cli(fmt::format("detect --input {} --eps-km {} --min-weight {} --threads 3 --out {}",
                                         fixture(c.name + ".csv"), c.eps_km, c.min_weight, out.string()));
    ASSERT_EQ(res.exit_code, 0) << res.output;
    EXPECT_EQ(read_file(out), read_file(fixture(c.name + ".labels.csv")));
  }
}

}  // namespace
}  // namespace innocluster::detect
