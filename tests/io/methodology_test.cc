// Methodology files: the shipped files load with their exact values; names
// resolve; every kind of mistake in a file is an Error(kConfig) that names the
// file, the line and the key.

#include "core/methodology.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/source.h"
#include "test_support.h"

namespace innocluster {
namespace {

using testing::TempDir;
using testing::write_file;

// A small valid file; tests replace single lines so line numbers stay put.
const std::vector<std::string> kValidLines = {
    R"(name = "t")",            // 1
    R"(description = "test")",  // 2
    "edition = 2025",           // 3
    "[locations]",              // 4
    "decimals = 3",             // 5
    "[clusters]",               // 6
    "merge_km = 5.0",           // 7
    "top_n = 100",              // 8
    "[metrics.patents]",        // 9
    "weight = 1.0",             // 10
    "eps_km = 15.0",            // 11
    "min_weight = 4500",        // 12
    "years = [2020, 2024]",     // 13
    "[naming]",                 // 14
    "fraction = 0.25",          // 15
    "max_places = 3",           // 16
    "min_population = 50000",   // 17
    "economy_min_share = 0.01", // 18
};

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return text;
}

// The valid file with 1-based line `line` replaced by `text` (may hold "\n").
std::string with_line(int line, const std::string& text) {
  std::vector<std::string> lines = kValidLines;
  lines.at(static_cast<std::size_t>(line - 1)) = text;
  return join(lines);
}

std::string valid_file() { return join(kValidLines); }

// Loads `text` from a scratch file and returns the Error message with the
// scratch path replaced by "FILE"; fails the test unless Error(`code`) is thrown.
std::string load_error(const std::string& text, ExitCode code = ExitCode::kConfig) {
  TempDir dir;
  const std::string path = (dir / "m.toml").string();
  write_file(path, text);
  try {
    load_methodology(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code);
    std::string message = e.what();
    for (std::size_t at; (at = message.find(path)) != std::string::npos;)
      message.replace(at, path.size(), "FILE");
    return message;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return "";
}

Methodology load_text(const std::string& text) {
  TempDir dir;
  write_file(dir / "m.toml", text);
  return load_methodology((dir / "m.toml").string());
}

std::string shipped(const std::string& file) {
  return (testing::source_dir() / "methodologies" / file).string();
}

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// --- shipped files -----------------------------------------------------------

TEST(MethodologyShipped, Gii2025HasExactValues) {
  const Methodology m = load_methodology(shipped("gii-2025.toml"));
  EXPECT_EQ(m.name, "gii-2025");
  EXPECT_EQ(m.path, shipped("gii-2025.toml"));
  EXPECT_EQ(m.edition, 2025);
  EXPECT_FALSE(m.description.empty());
  EXPECT_EQ(m.location_decimals, 3);
  EXPECT_EQ(m.merge_km, 5.0);
  EXPECT_EQ(m.top_n, 100);

  ASSERT_TRUE(m.metric(Source::kPatents));
  const MetricSettings& patents = *m.metric(Source::kPatents);
  EXPECT_EQ(patents.weight, 1.0);
  EXPECT_EQ(patents.eps_km, 15.0);
  EXPECT_EQ(patents.min_weight, 4500.0);
  EXPECT_EQ(patents.years.first, 2020);
  EXPECT_EQ(patents.years.last, 2024);

  ASSERT_TRUE(m.metric(Source::kPublications));
  const MetricSettings& publications = *m.metric(Source::kPublications);
  EXPECT_EQ(publications.weight, 1.0);
  EXPECT_EQ(publications.eps_km, 15.0);
  EXPECT_EQ(publications.min_weight, 4500.0);
  EXPECT_EQ(publications.years.first, 2019);
  EXPECT_EQ(publications.years.last, 2023);

  ASSERT_TRUE(m.metric(Source::kDeals));
  const MetricSettings& deals = *m.metric(Source::kDeals);
  EXPECT_EQ(deals.weight, 1.0);
  EXPECT_EQ(deals.eps_km, 15.0);
  EXPECT_EQ(deals.min_weight, 800.0);
  EXPECT_EQ(deals.years.first, 2020);
  EXPECT_EQ(deals.years.last, 2024);

  EXPECT_EQ(m.naming.fraction, 0.25);
  EXPECT_EQ(m.naming.max_places, 3);
  EXPECT_EQ(m.naming.min_population, 50000);
  EXPECT_EQ(m.naming.economy_min_share, 0.01);
}

TEST(MethodologyShipped, Gii2024HasExactValuesAndTwoMetrics) {
  const Methodology m = load_methodology(shipped("gii-2024.toml"));
  EXPECT_EQ(m.name, "gii-2024");
  EXPECT_EQ(m.edition, 2024);
  EXPECT_EQ(m.location_decimals, 3);
  EXPECT_EQ(m.merge_km, 5.0);
  EXPECT_EQ(m.top_n, 100);

  ASSERT_TRUE(m.metric(Source::kPatents));
  EXPECT_EQ(m.metric(Source::kPatents)->weight, 1.0);
  EXPECT_EQ(m.metric(Source::kPatents)->eps_km, 15.0);
  EXPECT_EQ(m.metric(Source::kPatents)->min_weight, 4500.0);
  EXPECT_EQ(m.metric(Source::kPatents)->years.first, 2019);
  EXPECT_EQ(m.metric(Source::kPatents)->years.last, 2023);

  ASSERT_TRUE(m.metric(Source::kPublications));
  EXPECT_EQ(m.metric(Source::kPublications)->weight, 1.0);
  EXPECT_EQ(m.metric(Source::kPublications)->eps_km, 15.0);
  EXPECT_EQ(m.metric(Source::kPublications)->min_weight, 4500.0);
  EXPECT_EQ(m.metric(Source::kPublications)->years.first, 2018);
  EXPECT_EQ(m.metric(Source::kPublications)->years.last, 2022);

  EXPECT_FALSE(m.metric(Source::kDeals));

  EXPECT_EQ(m.naming.fraction, 0.25);
  EXPECT_EQ(m.naming.max_places, 3);
  EXPECT_EQ(m.naming.min_population, 50000);
  EXPECT_EQ(m.naming.economy_min_share, 0.01);
}

TEST(MethodologyShipped, DefaultNameResolves) {
  EXPECT_EQ(resolve_methodology_path(kDefaultMethodology), shipped("gii-2025.toml"));
}

// --- resolving names -----------------------------------------------------------

TEST(MethodologyResolve, ByNameWithOrWithoutSuffix) {
  EXPECT_EQ(resolve_methodology_path("gii-2025"), shipped("gii-2025.toml"));
  EXPECT_EQ(resolve_methodology_path("gii-2024.toml"), shipped("gii-2024.toml"));
}

TEST(MethodologyResolve, ExistingPathIsReturnedAsGiven) {
  TempDir dir;
  write_file(dir / "mine.toml", valid_file());
  EXPECT_EQ(resolve_methodology_path((dir / "mine.toml").string()), (dir / "mine.toml").string());
  EXPECT_EQ(resolve_methodology_path(shipped("gii-2024.toml")), shipped("gii-2024.toml"));
}

TEST(MethodologyResolve, EnvironmentDirectoryComesFirst) {
  TempDir dir;
  write_file(dir / "gii-2025.toml", valid_file());
  write_file(dir / "local.toml", valid_file());
  const ScopedEnv env("INNOCLUSTER_METHODOLOGIES", dir.path().string());
  EXPECT_EQ(resolve_methodology_path("gii-2025"), (dir / "gii-2025.toml").string());
  EXPECT_EQ(resolve_methodology_path("local"), (dir / "local.toml").string());
  EXPECT_EQ(resolve_methodology_path("gii-2024"), shipped("gii-2024.toml"));
}

TEST(MethodologyResolve, UnknownNameListsShippedNamesAndDirectories) {
  try {
    resolve_methodology_path("gii-1999");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
    const std::string message = e.what();
    EXPECT_NE(message.find("'gii-1999' not found"), std::string::npos) << message;
    EXPECT_NE(message.find("gii-2024, gii-2025"), std::string::npos) << message;
    EXPECT_NE(message.find((testing::source_dir() / "methodologies").string()), std::string::npos) << message;
  }
}

TEST(MethodologyResolve, MissingPathIsNoInput) {
  try {
    resolve_methodology_path("no/such/dir/x.toml");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
    EXPECT_NE(std::string(e.what()).find("'no/such/dir/x.toml' not found"), std::string::npos) << e.what();
  }
}

// --- loading: valid variants ---------------------------------------------------

TEST(MethodologyLoad, SmallFileLoads) {
  TempDir dir;
  write_file(dir / "m.toml", valid_file());
  const Methodology m = load_methodology((dir / "m.toml").string());
  EXPECT_EQ(m.path, (dir / "m.toml").string());
  EXPECT_EQ(m.name, "t");
  EXPECT_EQ(m.description, "test");
  EXPECT_EQ(m.edition, 2025);
  ASSERT_TRUE(m.metric(Source::kPatents));
  EXPECT_FALSE(m.metric(Source::kPublications));
  EXPECT_FALSE(m.metric(Source::kDeals));
  EXPECT_EQ(m.naming.fraction, 0.25);
  EXPECT_EQ(m.naming.max_places, 3);
  EXPECT_EQ(m.naming.min_population, 50000);
  EXPECT_EQ(m.naming.economy_min_share, 0.01);
}

TEST(MethodologyLoad, NamingBoundsAreInclusiveWhereDocumented) {
  EXPECT_EQ(load_text(with_line(15, "fraction = 1")).naming.fraction, 1.0);
  EXPECT_EQ(load_text(with_line(15, "fraction = 1e-9")).naming.fraction, 1e-9);
  EXPECT_EQ(load_text(with_line(16, "max_places = 1")).naming.max_places, 1);
  EXPECT_EQ(load_text(with_line(16, "max_places = 10")).naming.max_places, 10);
  EXPECT_EQ(load_text(with_line(17, "min_population = 0")).naming.min_population, 0);
  EXPECT_EQ(load_text(with_line(17, "min_population = 100000000")).naming.min_population, 100000000);
  EXPECT_EQ(load_text(with_line(18, "economy_min_share = 1")).naming.economy_min_share, 1.0);
}

TEST(MethodologyLoad, MetricWeightDefaultsToOne) {
  const Methodology m = load_text(with_line(10, "# no weight"));
  EXPECT_EQ(m.metric(Source::kPatents)->weight, 1.0);
}

TEST(MethodologyLoad, IntegersAcceptedWhereNumbersAreExpected) {
  const Methodology m = load_text(with_line(11, "eps_km = 12"));
  EXPECT_EQ(m.metric(Source::kPatents)->eps_km, 12.0);
  EXPECT_EQ(load_text(with_line(12, "min_weight = 2147483647")).metric(Source::kPatents)->min_weight,
            2147483647.0);
}

TEST(MethodologyLoad, InlineTablesAndDottedKeysAreTheSameSchema) {
  const Methodology m = load_text(
      "name = \"t\"\ndescription = \"d\"\nedition = 2024\nlocations.decimals = 0\n"
      "clusters = { merge_km = 0, top_n = 1 }\n"
      "metrics.deals = { weight = 0.5, eps_km = 500, min_weight = 0.25, years = [1900, 2100] }\n"
      "naming = { fraction = 0.5, max_places = 1, min_population = 0, economy_min_share = 1 }\n");
  EXPECT_EQ(m.location_decimals, 0);
  EXPECT_EQ(m.merge_km, 0.0);
  EXPECT_EQ(m.top_n, 1);
  ASSERT_TRUE(m.metric(Source::kDeals));
  EXPECT_EQ(m.metric(Source::kDeals)->weight, 0.5);
  EXPECT_EQ(m.metric(Source::kDeals)->min_weight, 0.25);
  EXPECT_EQ(m.metric(Source::kDeals)->years.first, 1900);
  EXPECT_EQ(m.metric(Source::kDeals)->years.last, 2100);
  EXPECT_EQ(m.naming.fraction, 0.5);
  EXPECT_EQ(m.naming.max_places, 1);
  EXPECT_EQ(m.naming.min_population, 0);
  EXPECT_EQ(m.naming.economy_min_share, 1.0);
}

// --- loading: errors ------------------------------------------------------------

TEST(MethodologyErrors, UnreadableFileIsNoInput) {
  TempDir dir;
  try {
    load_methodology((dir / "absent.toml").string());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
    EXPECT_NE(std::string(e.what()).find("absent.toml: cannot open methodology file"), std::string::npos)
        << e.what();
  }
  try {
    load_methodology(dir.path().string());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
  }
}

TEST(MethodologyErrors, SyntaxErrorNamesTheLine) {
  const std::string message = load_error(with_line(7, "merge_km = "));
  EXPECT_EQ(message.rfind("FILE:7: TOML syntax error", 0), 0u) << message;
}

TEST(MethodologyErrors, DuplicateKeyIsASyntaxError) {
  const std::string message = load_error(with_line(8, "merge_km = 4.0"));
  EXPECT_EQ(message.rfind("FILE:8: TOML syntax error", 0), 0u) << message;
}

TEST(MethodologyErrors, OutOfRangeNamesKeyValueAndRange) {
  EXPECT_EQ(load_error(with_line(11, "eps_km = -3")),
            "FILE:11: metrics.patents.eps_km = -3: must be > 0 and <= 500 (km)");
  EXPECT_EQ(load_error(with_line(11, "eps_km = 0.0")),
            "FILE:11: metrics.patents.eps_km = 0.0: must be > 0 and <= 500 (km)");
  EXPECT_EQ(load_error(with_line(11, "eps_km = nan")),
            "FILE:11: metrics.patents.eps_km = nan: must be > 0 and <= 500 (km)");
  EXPECT_EQ(load_error(with_line(5, "decimals = 8")), "FILE:5: locations.decimals = 8: must be from 0 to 7");
  EXPECT_EQ(load_error(with_line(7, "merge_km = 501")),
            "FILE:7: clusters.merge_km = 501: must be >= 0 and <= 500 (km)");
  EXPECT_EQ(load_error(with_line(8, "top_n = 0")), "FILE:8: clusters.top_n = 0: must be from 1 to 100000");
  EXPECT_EQ(load_error(with_line(3, "edition = 1899")), "FILE:3: edition = 1899: must be from 1900 to 2100");
  EXPECT_EQ(load_error(with_line(10, "weight = 1000.5")),
            "FILE:10: metrics.patents.weight = 1000.5: must be >= 0 and <= 1000");
  EXPECT_EQ(load_error(with_line(12, "min_weight = 2147483648")),
            "FILE:12: metrics.patents.min_weight = 2147483648: must be > 0 and <= 2147483647 (summed "
            "fractional count)");
  EXPECT_EQ(load_error(with_line(1, R"(name = "GII 2025")")),
            R"(FILE:1: name = "GII 2025": must be a string matching [a-z0-9][a-z0-9._-]*)");
  EXPECT_EQ(load_error(with_line(2, R"(description = "two\nlines")")),
            R"(FILE:2: description = "two\nlines": must be a non-empty single-line string)");
}

TEST(MethodologyErrors, NamingKeysAreCheckedLikeTheOthers) {
  EXPECT_EQ(load_error(with_line(15, "fraction = 0")),
            "FILE:15: naming.fraction = 0: must be > 0 and <= 1 (of the first place's activity)");
  EXPECT_EQ(load_error(with_line(15, "fraction = 1.5")),
            "FILE:15: naming.fraction = 1.5: must be > 0 and <= 1 (of the first place's activity)");
  EXPECT_EQ(load_error(with_line(15, "fraction = nan")),
            "FILE:15: naming.fraction = nan: must be > 0 and <= 1 (of the first place's activity)");
  EXPECT_EQ(load_error(with_line(15, R"(fraction = "1/4")")),
            R"(FILE:15: naming.fraction = "1/4": must be a number > 0 and <= 1 (of the first place's activity), not a string)");
  EXPECT_EQ(load_error(with_line(16, "max_places = 0")), "FILE:16: naming.max_places = 0: must be from 1 to 10");
  EXPECT_EQ(load_error(with_line(16, "max_places = 11")), "FILE:16: naming.max_places = 11: must be from 1 to 10");
  EXPECT_EQ(load_error(with_line(16, "max_places = 3.0")),
            "FILE:16: naming.max_places = 3.0: must be an integer from 1 to 10, not a float");
  EXPECT_EQ(load_error(with_line(17, "min_population = -1")),
            "FILE:17: naming.min_population = -1: must be from 0 to 100000000");
  EXPECT_EQ(load_error(with_line(17, "min_population = 100000001")),
            "FILE:17: naming.min_population = 100000001: must be from 0 to 100000000");
  EXPECT_EQ(load_error(with_line(17, "min_population = 5e4")),
            "FILE:17: naming.min_population = 50000.0: must be an integer from 0 to 100000000, not a float");
  EXPECT_EQ(load_error(with_line(18, "economy_min_share = 0")),
            "FILE:18: naming.economy_min_share = 0: must be > 0 and <= 1 (of the cluster's activity)");
  EXPECT_EQ(load_error(with_line(18, "economy_min_share = 1.01")),
            "FILE:18: naming.economy_min_share = 1.01: must be > 0 and <= 1 (of the cluster's activity)");
}

TEST(MethodologyErrors, NamingTableIsRequiredAndClosed) {
  std::vector<std::string> lines(kValidLines.begin(), kValidLines.begin() + 13);
  EXPECT_EQ(load_error(join(lines)), "FILE:1: naming: missing (required: a table)");
  EXPECT_EQ(load_error(with_line(16, "# max_places")),
            "FILE:14: naming.max_places: missing (required: an integer from 1 to 10)");
  EXPECT_EQ(load_error(with_line(17, "min_populaton = 50000")),
            "FILE:14: naming.min_population: missing (required: an integer from 0 to 100000000)\n"
            "FILE:17: naming.min_populaton: unknown key (did you mean 'min_population'?)");
  EXPECT_EQ(load_error(with_line(18, "economy_min_share = 0.01\nstate_codes = true")),
            "FILE:19: naming.state_codes: unknown key (known: fraction, max_places, min_population, "
            "economy_min_share)");
}

TEST(MethodologyErrors, YearWindowMustBeTwoOrderedYears) {
  const std::string range = "must be [first, last], two integers from 1900 to 2100 with first <= last";
  EXPECT_EQ(load_error(with_line(13, "years = [2024, 2020]")),
            "FILE:13: metrics.patents.years = [ 2024, 2020 ]: " + range);
  EXPECT_EQ(load_error(with_line(13, "years = [2020]")),
            "FILE:13: metrics.patents.years = [ 2020 ]: " + range);
  EXPECT_EQ(load_error(with_line(13, "years = [2020, 2101]")),
            "FILE:13: metrics.patents.years = [ 2020, 2101 ]: " + range);
  EXPECT_EQ(load_error(with_line(13, "years = [2020.0, 2024]")),
            "FILE:13: metrics.patents.years = [ 2020.0, 2024 ]: " + range);
  EXPECT_EQ(
      load_error(with_line(13, "years = 2020")),
      "FILE:13: metrics.patents.years = 2020: must be an array " + range.substr(8) + ", not an integer");
}

TEST(MethodologyErrors, WrongTypeNamesExpectedAndActualType) {
  EXPECT_EQ(load_error(with_line(11, R"(eps_km = "15")")),
            R"(FILE:11: metrics.patents.eps_km = "15": must be a number > 0 and <= 500 (km), not a string)");
  EXPECT_EQ(load_error(with_line(3, "edition = 2025.0")),
            "FILE:3: edition = 2025.0: must be an integer from 1900 to 2100, not a float");
  EXPECT_EQ(load_error(with_line(8, "top_n = true")),
            "FILE:8: clusters.top_n = true: must be an integer from 1 to 100000, not a boolean");
  EXPECT_EQ(load_error(with_line(1, "name = 7")),
            "FILE:1: name = 7: must be a string matching [a-z0-9][a-z0-9._-]*, not an integer");
  EXPECT_EQ(load_error(with_line(4, "locations = 3")),
            "FILE:4: locations = 3: must be a table, not an integer\n"
            "FILE:5: decimals: unknown key (known: name, description, edition, locations, clusters, naming, metrics)")
      << "a bare key after a non-table lands in the root table";
}

TEST(MethodologyErrors, MissingKeyIsReportedAtItsTable) {
  EXPECT_EQ(load_error(with_line(11, "# eps_km")),
            "FILE:9: metrics.patents.eps_km: missing (required: a number > 0 and <= 500 (km))");
  EXPECT_EQ(load_error(with_line(8, "")),
            "FILE:6: clusters.top_n: missing (required: an integer from 1 to 100000)");
  EXPECT_EQ(load_error(with_line(3, "")),
            "FILE:1: edition: missing (required: an integer from 1900 to 2100)");
  EXPECT_EQ(
      load_error(with_line(4, "[other]")),
      "FILE:1: locations: missing (required: a table)\nFILE:4: other: unknown key (known: name, description, "
      "edition, locations, clusters, naming, metrics)");
}

TEST(MethodologyErrors, UnknownKeysSuggestTheClosestKnownKey) {
  EXPECT_EQ(load_error(with_line(11, "esp_km = 15")),
            "FILE:9: metrics.patents.eps_km: missing (required: a number > 0 and <= 500 (km))\n"
            "FILE:11: metrics.patents.esp_km: unknown key (did you mean 'eps_km'?)");
  EXPECT_EQ(load_error(with_line(10, "colour = 1")),
            "FILE:10: metrics.patents.colour: unknown key (known: weight, eps_km, min_weight, years)");
}

TEST(MethodologyErrors, UnknownTopLevelKey) {
  std::vector<std::string> lines = kValidLines;
  lines.insert(lines.begin() + 3, "editon = 2025");  // line 4, before [locations]
  EXPECT_EQ(load_error(join(lines)), "FILE:4: editon: unknown key (did you mean 'edition'?)");
}

TEST(MethodologyErrors, UnknownMetricSuggestsKnownMetric) {
  std::string text = valid_file() + "[metrics.grants]\nweight = 1\n";
  EXPECT_EQ(load_error(text),
            "FILE:19: metrics.grants: unknown metric (known: patents, publications, deals)");
  text = valid_file() + "[metrics.deal]\nweight = 1\n";
  EXPECT_EQ(load_error(text), "FILE:19: metrics.deal: unknown metric (did you mean 'deals'?)");
}

TEST(MethodologyErrors, MetricsNeedOneMetricWithPositiveWeight) {
  EXPECT_EQ(load_error(with_line(10, "weight = 0")),
            "FILE:9: metrics: every metric has weight 0: at least one weight must be > 0");
  std::vector<std::string> lines(kValidLines.begin(), kValidLines.begin() + 8);
  lines.push_back("[metrics]");
  lines.insert(lines.end(), kValidLines.begin() + 13, kValidLines.end());
  EXPECT_EQ(
      load_error(join(lines)),
      "FILE:9: metrics: no metric given (need one or more of [metrics.patents], [metrics.publications], "
      "[metrics.deals])");
}

TEST(MethodologyErrors, EveryProblemIsReportedInLineOrder) {
  std::vector<std::string> lines = kValidLines;
  lines[12] = "years = [2024, 2020]";
  lines[4] = "decimals = -1";
  lines[2] = "edition = \"2025\"";
  EXPECT_EQ(load_error(join(lines)),
            "FILE:3: edition = \"2025\": must be an integer from 1900 to 2100, not a string\n"
            "FILE:5: locations.decimals = -1: must be from 0 to 7\n"
            "FILE:13: metrics.patents.years = [ 2024, 2020 ]: must be [first, last], two integers from 1900 "
            "to 2100 "
            "with first <= last");
}

}  // namespace
}  // namespace innocluster
