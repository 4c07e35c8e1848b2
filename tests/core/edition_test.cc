// Editions: a methodology's year windows moved to another edition, and
// --edition selecting the records of that edition's years.

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/methodology.h"
#include "test_support.h"

namespace innocluster {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::TempDir;


TEST(AtEdition, MovesEveryWindowByTheYearsBetweenEditions) {
  const Methodology m = load_methodology(resolve_methodology_path("gii-2025"));
  const Methodology e = at_edition(m, 2024);
  EXPECT_EQ(e.edition, 2024);
  EXPECT_EQ(e.edition_shift, -1);
  EXPECT_EQ(e.metric(Source::kPatents)->years.first, 2019);
  EXPECT_EQ(e.metric(Source::kPatents)->years.last, 2023);
  EXPECT_EQ(e.metric(Source::kPublications)->years.first, 2018);
  EXPECT_EQ(e.metric(Source::kPublications)->years.last, 2022);
  EXPECT_EQ(e.metric(Source::kDeals)->years.first, 2019);
  EXPECT_EQ(e.metric(Source::kDeals)->years.last, 2023);
  // Nothing else moves.
  EXPECT_EQ(e.metric(Source::kPatents)->eps_km, m.metric(Source::kPatents)->eps_km);
  EXPECT_EQ(e.merge_km, m.merge_km);
  // Editions compose: 2025 -> 2022 -> 2025 is the file again.
  const Methodology back = at_edition(at_edition(m, 2022), 2025);
  EXPECT_EQ(back.edition_shift, 0);
  for (Source s : kAllSources) {
    EXPECT_EQ(back.metric(s)->years.first, m.metric(s)->years.first);
    EXPECT_EQ(back.metric(s)->years.last, m.metric(s)->years.last);
  }
  // gii-2024 at edition 2025 counts what gii-2025 counts, for its two metrics.
  const Methodology two = at_edition(load_methodology(resolve_methodology_path("gii-2024")), 2025);
  for (Source s : {Source::kPatents, Source::kPublications}) {
    EXPECT_EQ(two.metric(s)->years.first, m.metric(s)->years.first);
    EXPECT_EQ(two.metric(s)->years.last, m.metric(s)->years.last);
  }
}

TEST(AtEdition, RefusesYearsOutsideTheRange) {
  const Methodology m = load_methodology(resolve_methodology_path("gii-2025"));
  try {
    at_edition(m, 1901);  // patents would start in 1896
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("--edition 1901: methodology 'gii-2025' (edition 2025) windows patents "
                                         "2020-2024, which would move to 1896-1900, outside 1900-2100"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(at_edition(m, 2101), Error);
}

// Rows of 2017 to 2025, ten per year: each edition accepts its five years.
TEST(EditionCli, SelectsTheRecordsOfTheEditionsYears) {
  TempDir dir;
  std::string csv = "id,year,lat,lon\n";
  for (int year = 2017; year <= 2025; ++year)
    for (int i = 0; i < 10; ++i) csv += fmt::format("P{}-{},{},35.{},139.6\n", year, i, year, i);
  testing::write_file(dir / "patents.csv", csv);
  struct Case {
    int edition, first, last;
  };
  for (const Case c : {Case{2025, 2020, 2024}, Case{2024, 2019, 2023}, Case{2022, 2017, 2021}}) {
    const auto out = dir / std::to_string(c.edition);
    const auto result =
        run_cli(fmt::format("ingest --patents {} --edition {} --out {}", (dir / "patents.csv").string(), c.edition,
                            out.string()));
    ASSERT_EQ(result.exit_code, 0) << result.output;
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    EXPECT_EQ(manifest["methodology"]["edition"], c.edition);
    EXPECT_EQ(manifest["methodology"]["file_edition"], 2025);
    EXPECT_EQ(manifest["methodology"]["metrics"]["patents"]["years"], nlohmann::json::array({c.first, c.last}));
    const auto& input = manifest["inputs"][0];
    EXPECT_EQ(input["accepted"], 50) << c.edition;
    EXPECT_EQ(input["rejected_by_reason"]["year_outside_window"], 40) << c.edition;
    EXPECT_EQ(input["rejected"], 40) << c.edition;
    // Rows of other years are counted, not copied: they are not defects.
    EXPECT_FALSE(std::filesystem::exists(out / "rejected" / "patents.csv")) << c.edition;
  }
}

TEST(EditionCli, UnknownMethodologyNameListsTheShippedOnes) {
  TempDir dir;
  testing::write_file(dir / "patents.csv", "id,year,lat,lon\nP1,2021,35.6,139.6\n");
  auto result = run_cli("ingest --patents " + (dir / "patents.csv").string() + " --methodology gii-2023 --out " +
                        (dir / "out").string());
  EXPECT_EQ(result.exit_code, 66);
  EXPECT_NE(result.output.find("methodology 'gii-2023' not found"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("methodologies available by name: gii-2024, gii-2025"), std::string::npos)
      << result.output;
  result = run_cli("ingest --patents " + (dir / "patents.csv").string() + " --edition 1800 --out " +
                   (dir / "out").string());
  EXPECT_EQ(result.exit_code, 64);
}

}  // namespace
}  // namespace innocluster
