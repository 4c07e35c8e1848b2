// The geocoder: name keys (ICU folding, with an ASCII shortcut held equal to
// ICU by a property test), the matching rules on a small synthetic
// gazetteer against a brute-force oracle, and the tricky cases on the
// installed GeoNames cities1000 (exonyms, non-Latin scripts, missing
// diacritics, homonyms resolved by region and by population, unknown places,
// empty fields, country spellings, one-text addresses).

#include "geo/geocoder.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "geo/geo_test_support.h"
#include "test_support.h"

namespace innocluster::geo {
namespace {

using testing::FixturePlace;
using testing::geonames_line;
using testing::TempDir;
using testing::write_file;

// ---------------------------------------------------------------- name keys

TEST(NameKey, FoldsCaseDiacriticsWidthAndPunctuation) {
  const NameFolder f;
  EXPECT_EQ(f.key("MÜNCHEN"), "munchen");
  EXPECT_EQ(f.key("München"), "munchen");
  EXPECT_EQ(f.key("São Paulo"), "sao paulo");
  EXPECT_EQ(f.key("Frankfurt (Oder)"), "frankfurt oder");
  EXPECT_EQ(f.key("  St. John's--Newfoundland "), "st john s newfoundland");
  EXPECT_EQ(f.key("ＴＯＫＹＯ"), "tokyo");  // full-width letters
  EXPECT_EQ(f.key("İstanbul"), "istanbul");
  EXPECT_EQ(f.key("Straße"), "strasse");
  EXPECT_EQ(f.key("Ærøskøbing"), "ærøskøbing");  // letters that do not decompose stay
  EXPECT_EQ(f.key("東京都"), "東京都");
  EXPECT_EQ(f.key("Москва"), "москва");
  EXPECT_EQ(f.key("서울특별시"), "서울특별시");
  EXPECT_EQ(f.key("Zürich, CH-8001"), "zurich ch 8001");
  EXPECT_EQ(f.key(""), "");
  EXPECT_EQ(f.key(" .,;- "), "");
}

RC_GTEST_PROP(NameKey, AsciiShortcutEqualsIcu, ()) {
  const std::string text = *rc::gen::container<std::string>(rc::gen::inRange<char>(1, 127));
  static const NameFolder f;
  std::string icu;
  f.key_through_icu(text, icu);
  RC_ASSERT(f.key(text) == icu);
}

TEST(NameKey, StripsCommonWordsOnce) {
  EXPECT_EQ(strip_common_words("osaka shi"), "osaka");
  EXPECT_EQ(strip_common_words("suwon si"), "suwon");
  EXPECT_EQ(strip_common_words("city of london"), "london");
  EXPECT_EQ(strip_common_words("quezon city"), "quezon");
  EXPECT_EQ(strip_common_words("ville de paris"), "paris");
  EXPECT_EQ(strip_common_words("stadt koln"), "koln");
  EXPECT_EQ(strip_common_words("東京都"), "東京");
  EXPECT_EQ(strip_common_words("深圳市"), "深圳");
  EXPECT_EQ(strip_common_words("서울특별시"), "서울");
  EXPECT_EQ(strip_common_words("city"), "city");  // nothing would be left
  EXPECT_EQ(strip_common_words("市"), "市");
  EXPECT_EQ(strip_common_words("new york"), "new york");
  EXPECT_EQ(strip_region_words("osaka fu"), "osaka");
  EXPECT_EQ(strip_region_words("hubei sheng"), "hubei");
  EXPECT_EQ(drop_numbers("ca 94043"), "ca");
  EXPECT_EQ(drop_numbers("80331 munchen"), "munchen");
  EXPECT_EQ(drop_numbers("8001"), "8001");
}

// ------------------------------------------------- rules on a small gazetteer

struct SmallWorld {
  TempDir dir;
  std::string countries, regions;
  SmallWorld() {
    countries = (dir / "countries.tsv").string();
    regions = (dir / "regions.tsv").string();
    write_file(countries, "country\tname\tsource\nDE\tDE\tx\nDE\tGermany\tx\nDE\tDeutschland\tx\nFR\tFR\tx\nFR\tFrance\tx\n");
    write_file(regions,
               "country\tadmin1\tname\tsource\nDE\t01\tNord\tx\nDE\t02\tSud\tx\nFR\t01\tNord\tx\nFR\t02\tSud\tx\n");
  }
  Geocoder build(const std::vector<FixturePlace>& places) const {
    std::string text;
    for (const FixturePlace& p : places) text += geonames_line(p) + "\n";
    GazetteerOptions options;
    options.alternate_names = true;
    return Geocoder(Gazetteer::parse(text, "mem", options), countries, regions);
  }
};

FixturePlace place(std::uint32_t id, std::string name, std::string country, std::string admin1,
                   std::uint64_t population, std::string alternates = "") {
  FixturePlace p;
  p.id = id;
  p.name = std::move(name);
  p.country = std::move(country);
  p.admin1 = std::move(admin1);
  p.population = population;
  p.alternate_names = std::move(alternates);
  p.lat = id;  // distinct positions
  return p;
}

TEST(GeocoderRules, CountryRestrictsRegionNarrowsPopulationDecides) {
  const SmallWorld w;
  const Geocoder g = w.build({place(1, "Linden", "DE", "01", 5000), place(2, "Linden", "DE", "02", 9000),
                              place(3, "Linden", "FR", "01", 90000), place(4, "Berg", "DE", "01", 100)});
  const auto id = [&g](const GeocodeResult& r) { return g.gazetteer().geonameid(r.place); };
  GeocodeResult r = g.geocode("Linden", "", "DE");
  EXPECT_EQ(r.match, MatchLevel::kCity);
  EXPECT_EQ(id(r), 2u);  // the larger of the two German ones
  EXPECT_EQ(r.candidates, 2u);
  EXPECT_EQ(id(g.geocode("LINDEN", "Nord", "Deutschland")), 1u);
  EXPECT_EQ(id(g.geocode("Linden", "", "")), 3u);          // no country: the world's largest
  EXPECT_EQ(g.geocode("Linden", "", "").candidates, 3u);
  EXPECT_EQ(id(g.geocode("Linden", "Nowhere", "DE")), 2u);  // an unknown region narrows nothing
  EXPECT_EQ(id(g.geocode("Linden", "Nord", "FR")), 3u);
}

TEST(GeocoderRules, EqualPopulationGoesToTheSmallerGeonameid) {
  const SmallWorld w;
  const Geocoder g = w.build({place(9, "Au", "DE", "01", 1000), place(7, "Au", "DE", "02", 1000)});
  EXPECT_EQ(g.gazetteer().geonameid(g.geocode("Au", "", "DE").place), 7u);
}

TEST(GeocoderRules, OwnNameBeatsAlternateNameUnlessTenTimesSmaller) {
  const SmallWorld w;
  const Geocoder g = w.build({place(1, "Grossstadt", "DE", "01", 500000, "Altheim"),
                              place(2, "Altheim", "DE", "02", 60000), place(3, "Neustadt", "FR", "01", 2000000, "Dorf"),
                              place(4, "Dorf", "FR", "02", 150000)});
  const auto id = [&g](const GeocodeResult& r) { return g.gazetteer().geonameid(r.place); };
  EXPECT_EQ(id(g.geocode("Altheim", "", "DE")), 2u);  // 500,000 is not ten times 60,000
  EXPECT_EQ(id(g.geocode("Dorf", "", "FR")), 3u);     // 2,000,000 is more than ten times 150,000
  EXPECT_EQ(id(g.geocode("Grossstadt", "", "DE")), 1u);
}

TEST(GeocoderRules, FallsBackToRegionAndCountryWithTheReason) {
  const SmallWorld w;
  const Geocoder g = w.build({place(1, "Aa", "DE", "01", 10), place(2, "Bb", "DE", "01", 20), place(3, "Cc", "DE", "02", 5)});
  const auto id = [&g](const GeocodeResult& r) { return g.gazetteer().geonameid(r.place); };
  GeocodeResult r = g.geocode("", "Nord", "DE");
  EXPECT_EQ(r.match, MatchLevel::kRegion);
  EXPECT_EQ(r.reason, GeocodeReason::kNoCity);
  EXPECT_EQ(id(r), 2u);  // the region's most populous place stands for it
  r = g.geocode("Zz", "Sud", "DE");
  EXPECT_EQ(r.match, MatchLevel::kRegion);
  EXPECT_EQ(r.reason, GeocodeReason::kNoPlaceMatch);
  EXPECT_EQ(id(r), 3u);
  r = g.geocode("Zz", "", "Germany");
  EXPECT_EQ(r.match, MatchLevel::kCountry);
  EXPECT_EQ(id(r), 2u);
  r = g.geocode("Aa", "", "Atlantis");
  EXPECT_EQ(r.match, MatchLevel::kNone);
  EXPECT_EQ(r.reason, GeocodeReason::kNoCountryMatch);
  EXPECT_EQ(r.place, kNoPlace);
  r = g.geocode(" ", "", "");
  EXPECT_EQ(r.match, MatchLevel::kNone);
  EXPECT_EQ(r.reason, GeocodeReason::kEmptyAddress);
  r = g.geocode("Zz", "", "");
  EXPECT_EQ(r.match, MatchLevel::kNone);
  EXPECT_EQ(r.reason, GeocodeReason::kNoPlaceMatch);
  EXPECT_EQ(r.candidates, 0u);
}

TEST(GeocoderRules, RefusesAGazetteerWithoutAlternateNames) {
  const SmallWorld w;
  try {
    Geocoder(Gazetteer::parse(geonames_line(place(1, "Aa", "DE", "01", 1)) + "\n", "mem"), w.countries, w.regions);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
  }
}

TEST(GeocoderRules, MalformedTableRowNamesFileAndLine) {
  SmallWorld w;
  write_file(w.regions, "country\tadmin1\tname\tsource\nDE\t01\tNord\tx\nDE\t02\n");
  try {
    w.build({place(1, "Aa", "DE", "01", 1)});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kDataError);
    EXPECT_NE(std::string(e.what()).find(w.regions + ":3:"), std::string::npos) << e.what();
  }
}

// The brute-force oracle of the rules above, for one name and country.
std::uint32_t oracle(const std::vector<FixturePlace>& places, const std::string& name, const std::string& country,
                     const std::string& admin1) {
  const auto better = [](const FixturePlace* a, const FixturePlace* b) {
    return b == nullptr || a->population > b->population || (a->population == b->population && a->id < b->id);
  };
  const FixturePlace *any = nullptr, *own = nullptr, *any_region = nullptr, *own_region = nullptr;
  for (const FixturePlace& p : places) {
    if (!country.empty() && p.country != country) continue;
    const bool by_own = p.name == name;
    bool by_alternate = false;
    for (std::size_t s = 0; s <= p.alternate_names.size();) {
      const std::size_t e = std::min(p.alternate_names.find(',', s), p.alternate_names.size());
      by_alternate |= p.alternate_names.substr(s, e - s) == name;
      s = e + 1;
    }
    if (!by_own && !by_alternate) continue;
    const bool in_region = !admin1.empty() && p.admin1 == admin1;
    if (better(&p, any)) any = &p;
    if (by_own && better(&p, own)) own = &p;
    if (in_region && better(&p, any_region)) any_region = &p;
    if (in_region && by_own && better(&p, own_region)) own_region = &p;
  }
  if (any_region != nullptr) any = any_region, own = own_region;
  if (any == nullptr) return 0;
  if (own == nullptr || static_cast<double>(any->population) > 10.0 * static_cast<double>(own->population))
    return any->id;
  return own->id;
}

RC_GTEST_PROP(GeocoderRules, MatchesTheBruteForceOracle, ()) {
  static const SmallWorld w;
  const std::vector<std::string> names = {"Aa", "Bb", "Cc"};
  const auto n = *rc::gen::inRange<std::size_t>(1, 12);
  std::vector<FixturePlace> places;
  for (std::size_t i = 0; i < n; ++i) {
    std::string alternates;
    for (const std::string& a : names)
      if (*rc::gen::inRange(0, 3) == 0) alternates += (alternates.empty() ? "" : ",") + a;
    places.push_back(place(static_cast<std::uint32_t>(i + 1), *rc::gen::elementOf(names),
                           *rc::gen::element<std::string>("DE", "FR"), *rc::gen::element<std::string>("01", "02"),
                           *rc::gen::element<std::uint64_t>(0, 10, 100, 1000, 20000), alternates));
  }
  const Geocoder g = w.build(places);
  const std::string name = *rc::gen::elementOf(names);
  const std::string country = *rc::gen::element<std::string>("", "DE", "FR");
  const std::string region = *rc::gen::element<std::string>("", "01", "02");
  const std::string region_name = region.empty() ? "" : region == "01" ? "Nord" : "Sud";
  const GeocodeResult r = g.geocode(name, region_name, country);
  const std::uint32_t expected = oracle(places, name, country, region);
  if (expected == 0) {
    RC_ASSERT(r.match != MatchLevel::kCity);
  } else {
    RC_ASSERT(r.match == MatchLevel::kCity);
    RC_ASSERT(g.gazetteer().geonameid(r.place) == expected);
  }
}

// ----------------------------------------------- GeoNames cities1000, as installed

const Geocoder& world() {
  static const Geocoder g = Geocoder::load_default();
  return g;
}

// "name (CC)" of the place an address goes to, or the match level and reason.
std::string where(const GeocodeResult& r) {
  if (r.match != MatchLevel::kCity)
    return fmt::format("{}/{}", match_level_name(r.match), geocode_reason_code(r.reason));
  const Gazetteer& g = world().gazetteer();
  return fmt::format("{} ({}.{})", g.name(r.place), g.country(r.place), g.admin1(r.place));
}
std::string where(std::string_view city, std::string_view region, std::string_view country) {
  return where(world().geocode(city, region, country));
}

TEST(GeocoderWorld, Exonyms) {
  for (const char* name : {"Munich", "München", "Muenchen", "MUNCHEN", "Monaco di Baviera", "Мюнхен", "慕尼黑"})
    EXPECT_EQ(where(name, "", "DE"), "Munich (DE.02)") << name;
  EXPECT_EQ(where("Cologne", "", "Germany"), "Köln (DE.07)");
  EXPECT_EQ(where("Köln", "", "DEU"), "Köln (DE.07)");
  EXPECT_EQ(where("Bombay", "", "India"), "Mumbai (IN.16)");
  EXPECT_EQ(where("Peking", "", "China"), "Beijing (CN.22)");
}

TEST(GeocoderWorld, NonLatinScripts) {
  EXPECT_EQ(where("東京", "", "JP"), "Tokyo (JP.40)");
  EXPECT_EQ(where("東京都", "", "日本"), "Tokyo (JP.40)");
  EXPECT_EQ(where("Москва", "", "Россия"), "Moscow (RU.48)");
  EXPECT_EQ(where("서울", "", "KR"), "Seoul (KR.11)");
  EXPECT_EQ(where("서울특별시", "", "대한민국"), "Seoul (KR.11)");
  EXPECT_EQ(where("深圳市", "广东省", "中国"), "Shenzhen (CN.30)");
  EXPECT_EQ(where("Αθήνα", "", "GR"), "Athens (GR.ESYE31)");
}

TEST(GeocoderWorld, MissingDiacriticsAndNoise) {
  EXPECT_EQ(where("Sao Paulo", "", "Brazil"), "São Paulo (BR.27)");
  EXPECT_EQ(where("ZURICH", "", "Switzerland"), "Zürich (CH.ZH)");
  EXPECT_EQ(where("Lodz", "", "Poland"), "Łódź (PL.74)");
  EXPECT_EQ(where("Osaka-shi", "Osaka-fu", "JP"), "Osaka (JP.32)");
  EXPECT_EQ(where("Suwon-si", "Gyeonggi-do", "KR"), "Suwon (KR.13)");
  EXPECT_EQ(where("Shenzhen Shi", "", "P.R. China"), "Shenzhen (CN.30)");
  EXPECT_EQ(where("Mexico City", "", "MX"), "Mexico City (MX.09)");
  EXPECT_EQ(where("Frankfurt/Main", "", "DE"), "Frankfurt am Main (DE.05)");
}

TEST(GeocoderWorld, HomonymsByRegionAndPopulation) {
  EXPECT_EQ(where("Springfield", "IL", "USA"), "Springfield (US.IL)");
  EXPECT_EQ(where("Springfield", "Illinois", "US"), "Springfield (US.IL)");
  EXPECT_EQ(where("Springfield", "MA", "US"), "Springfield (US.MA)");
  EXPECT_EQ(where("Springfield", "Massachusetts", "United States"), "Springfield (US.MA)");
  EXPECT_EQ(where("Springfield", "", "US"), "Springfield (US.MO)");  // the most populous
  EXPECT_EQ(where("Frankfurt", "", "DE"), "Frankfurt am Main (DE.05)");
  EXPECT_EQ(where("Frankfurt", "Brandenburg", "DE"), "Frankfurt (Oder) (DE.11)");
  EXPECT_EQ(where("Frankfurt (Oder)", "", "DE"), "Frankfurt (Oder) (DE.11)");
  EXPECT_EQ(where("Cambridge", "", "GB"), "Cambridge (GB.ENG)");
  EXPECT_EQ(where("Cambridge", "", "UK"), "Cambridge (GB.ENG)");
  EXPECT_EQ(where("Cambridge", "", "US"), "Cambridge (US.MA)");
  EXPECT_EQ(where("Cambridge", "", "Canada"), "Cambridge (CA.08)");
  EXPECT_EQ(where("Manchester", "", "US"), "Manchester (US.NH)");  // own name over Richmond's alternate name
  const GeocodeResult r = world().geocode("Springfield", "", "US");
  EXPECT_GT(r.candidates, 20u);
}

TEST(GeocoderWorld, CountrySpellings) {
  for (const char* country : {"US", "USA", "usa", "U.S.A.", "United States", "United States of America", "Estados Unidos"})
    EXPECT_EQ(where("Boston", "", country), "Boston (US.MA)") << country;
  for (const char* country : {"KR", "KOR", "Korea, Republic of", "Republic of Korea", "South Korea", "Korea"})
    EXPECT_EQ(where("Seoul", "", country), "Seoul (KR.11)") << country;
  for (const char* country : {"CN", "CHN", "China", "P.R. China", "PR China", "People's Republic of China"})
    EXPECT_EQ(where("Shenzhen", "", country), "Shenzhen (CN.30)") << country;
  for (const char* country : {"GB", "GBR", "UK", "United Kingdom", "Great Britain", "England"})
    EXPECT_EQ(where("Oxford", "", country), "Oxford (GB.ENG)") << country;
  EXPECT_EQ(where("Munich", "", "Allemagne"), "Munich (DE.02)");
  EXPECT_EQ(where("Springfield", "", "Atlantis"), "none/no_country_match");
}

TEST(GeocoderWorld, UnknownPlacesAndEmptyFields) {
  EXPECT_EQ(where("Xqzzyville", "", "DE"), "country/no_place_match");
  EXPECT_EQ(where("Xqzzyville", "Bavaria", "DE"), "region/no_place_match");
  EXPECT_EQ(where("Xqzzyville", "", ""), "none/no_place_match");
  EXPECT_EQ(where("", "Bayern", "DE"), "region/no_city");
  EXPECT_EQ(where("", "", "France"), "country/no_city");
  EXPECT_EQ(where("", "", ""), "none/empty_address");
  EXPECT_EQ(where("  ", " ", "\t"), "none/empty_address");
  EXPECT_EQ(where("...", "", ""), "none/no_place_match");
  // A region or country match is represented by its most populous place.
  EXPECT_EQ(world().gazetteer().name(world().geocode("", "Bayern", "DE").place), "Munich");
}

TEST(GeocoderWorld, OneTextAddresses) {
  const auto at = [](std::string_view address) { return where(world().geocode_address(address)); };
  EXPECT_EQ(at("München, DE"), "Munich (DE.02)");
  EXPECT_EQ(at("Springfield, IL"), "Springfield (US.IL)");  // a region, not Israel
  EXPECT_EQ(at("Springfield, MA, USA"), "Springfield (US.MA)");
  EXPECT_EQ(at("Mountain View, CA 94043, USA"), "Mountain View (US.CA)");
  EXPECT_EQ(at("1600 Amphitheatre Parkway, Mountain View, CA, USA"), "Mountain View (US.CA)");
  EXPECT_EQ(at("Cambridge, UK"), "Cambridge (GB.ENG)");
  EXPECT_EQ(at("東京都, JP"), "Tokyo (JP.40)");
  EXPECT_EQ(at("Tokyo"), "Tokyo (JP.40)");
  EXPECT_EQ(at("Germany"), "country/no_city");
  EXPECT_EQ(at("Nowhere, California, US"), "region/no_place_match");
  EXPECT_EQ(at(" , ,"), "none/empty_address");
  EXPECT_EQ(at("Kinshasa, Congo, The Democratic Republic of the"), "Kinshasa (CD.06)");
  EXPECT_EQ(at("Gaza, Palestine, State of"), "Gaza (PS.GZ)");
}

TEST(GeocoderWorld, BuildsItsIndexOnce) {
  EXPECT_GT(world().name_keys(), 500000u);
  EXPECT_EQ(world().gazetteer().size(), world().gazetteer().summary().places);
}

}  // namespace
}  // namespace innocluster::geo
