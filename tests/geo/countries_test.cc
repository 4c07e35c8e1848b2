// Countries: ISO 3166-1 codes and names from Debian's iso-codes.

#include "geo/countries.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "test_support.h"

namespace innocluster::geo {
namespace {

using testing::TempDir;
using testing::write_file;

const Countries& iso_codes() {
  static const Countries c = load_countries();
  return c;
}

TEST(Countries, CodesAndNamesFromIsoCodes) {
  const Countries& c = iso_codes();
  EXPECT_EQ(c.name("DE"), "Germany");
  EXPECT_EQ(c.alpha2("DEU"), "DE");
  EXPECT_EQ(c.alpha3("DE"), "DEU");
  EXPECT_EQ(c.name("HK"), "Hong Kong");
  EXPECT_EQ(c.name("MO"), "Macao");
  EXPECT_EQ(c.name("TW"), "Taiwan") << "common_name preferred";
  EXPECT_EQ(c.name("KR"), "South Korea");
  EXPECT_EQ(c.name("CN"), "China");
  EXPECT_EQ(c.name("sgp"), "Singapore") << "either case";
  EXPECT_EQ(c.name("XK"), "Kosovo") << "GeoNames' code for Kosovo is added";
  EXPECT_EQ(c.alpha3("XK"), "XKX");
  EXPECT_FALSE(c.name("ZZ"));
  EXPECT_FALSE(c.name("DEUT"));
  EXPECT_EQ(c.find("ZZZ"), nullptr);
  EXPECT_GE(c.size(), 250u);
  EXPECT_TRUE(std::is_sorted(c.all().begin(), c.all().end(),
                             [](const Country& a, const Country& b) { return a.alpha2 < b.alpha2; }));
}

TEST(Countries, SmallFileAndErrors) {
  TempDir dir;
  write_file(dir / "c.json",
             R"({"3166-1": [{"alpha_2": "HK", "alpha_3": "HKG", "name": "Hong Kong", "numeric": "344"},
                            {"alpha_2": "KR", "alpha_3": "KOR", "common_name": "South Korea", "name": "Korea, Republic of"}]})");
  const Countries c = Countries::load((dir / "c.json").string());
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(c.name("KOR"), "South Korea");

  const auto error_of = [&](const std::string& text) {
    write_file(dir / "bad.json", text);
    try {
      Countries::load((dir / "bad.json").string());
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kDataError);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("{").find("bad.json: not an iso-codes ISO 3166-1 table: invalid JSON"), std::string::npos);
  EXPECT_NE(error_of(R"({"3166-2": []})").find("no \"3166-1\" array"), std::string::npos);
  EXPECT_NE(error_of(R"({"3166-1": [{"alpha_2": "H", "alpha_3": "HKG", "name": "x"}]})").find("lacks a valid"),
            std::string::npos);

  try {
    Countries::load((dir / "absent.json").string());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
    EXPECT_NE(std::string(e.what()).find("run scripts/setup.sh"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace innocluster::geo
