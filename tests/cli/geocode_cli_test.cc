// End-to-end: `innocluster geocode` on files, and address-only rows through
// `innocluster ingest` (placed, rejected with their reason, counted in the
// manifest).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace innocluster {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::TempDir;
using testing::write_file;

constexpr const char* kFields =
    "id,city,region,country\n"
    "1,München,,DE\n"
    "2,Springfield,IL,USA\n"
    "3,Springfield,Massachusetts,US\n"
    "4,東京都,,日本\n"
    "5,Sao Paulo,,Brazil\n"
    "6,,Bayern,DE\n"
    "7,,,France\n"
    "8,Xqzzyville,,DE\n"
    "9,Paris,,Atlantis\n"
    "10,,,\n"
    "11,\"Frankfurt\",Brandenburg,DEU\n";

TEST(GeocodeCli, PlacesFieldsWithMatchLevelsAndReasons) {
  TempDir dir;
  write_file(dir / "in.csv", kFields);
  const auto result = run_cli("geocode --input " + (dir / "in.csv").string() + " --out " + (dir / "out.csv").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read_file(dir / "out.csv"),
            "id,city,region,country,lat,lon,match,place_id,candidates,reason,place\n"
            "1,München,,DE,48.13743,11.57549,city,2867714,1,,Munich\n"
            "2,Springfield,IL,USA,39.80172,-89.64371,city,4250542,30,,Springfield\n"
            "3,Springfield,Massachusetts,US,42.10148,-72.58981,city,4951788,30,,Springfield\n"
            "4,東京都,,日本,35.6895,139.69171,city,1850147,1,,Tokyo\n"
            "5,Sao Paulo,,Brazil,-23.5475,-46.63611,city,3448439,2,,São Paulo\n"
            "6,,Bayern,DE,48.13743,11.57549,region,2867714,0,no_city,Munich\n"
            "7,,,France,48.85341,2.3488,country,2988507,0,no_city,Paris\n"
            "8,Xqzzyville,,DE,52.52437,13.41053,country,2950159,0,no_place_match,Berlin\n"
            "9,Paris,,Atlantis,,,none,,0,no_country_match,\n"
            "10,,,,,,none,,0,empty_address,\n"
            "11,Frankfurt,Brandenburg,DEU,52.34714,14.55062,city,2925535,2,,Frankfurt (Oder)\n");
  EXPECT_NE(result.output.find("11 rows: 6 city (54.5%), 1 region, 2 country, 2 none; 1 empty_address, 1 no_country_match, 1 no_place_match, 2 no_city"), std::string::npos) << result.output;
}

TEST(GeocodeCli, OutputDoesNotDependOnThreads) {
  TempDir dir;
  std::string input = "address\n";
  for (int i = 0; i < 3000; ++i)  // several blocks of work
    input += i % 3 == 0 ? "\"München, DE\"\n" : i % 3 == 1 ? "\"Springfield, IL\"\n" : "\"Nowhere, Atlantis\"\n";
  write_file(dir / "in.csv", input);
  const std::string base = "geocode --input " + (dir / "in.csv").string() + " --out ";
  ASSERT_EQ(run_cli(base + (dir / "a.csv").string() + " --threads 1").exit_code, 0);
  ASSERT_EQ(run_cli(base + (dir / "b.csv").string() + " --threads 2").exit_code, 0);
  ASSERT_EQ(run_cli(base + (dir / "c.csv").string() + " --threads 7").exit_code, 0);
  const std::string a = read_file(dir / "a.csv");
  EXPECT_EQ(a, read_file(dir / "b.csv"));
  EXPECT_EQ(a, read_file(dir / "c.csv"));
  EXPECT_EQ(a.substr(0, a.find('\n', a.find('\n') + 1)),
            "address,lat,lon,match,place_id,candidates,reason,place\n"
            "\"München, DE\",48.13743,11.57549,city,2867714,1,,Munich");
}

TEST(GeocodeCli, ErrorsNameFileAndLine) {
  TempDir dir;
  const auto run = [&](const std::string& content) {
    write_file(dir / "in.csv", content);
    return run_cli("geocode --input " + (dir / "in.csv").string() + " --out " + (dir / "out.csv").string());
  };
  const std::string file = (dir / "in.csv").string();
  auto r = run("id,name\n1,x\n");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.output.find(file + ":1: no address column"), std::string::npos) << r.output;
  r = run("city,country\nMünchen,DE\nBerlin,DE,extra\n");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.output.find(file + ":3: 3 fields where the header has 2"), std::string::npos) << r.output;
  r = run("city,country\n\"München,DE\n");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.output.find(file + ":2:"), std::string::npos) << r.output;
  r = run("city,lat\nMünchen,1\n");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.output.find("column 'lat' would clash"), std::string::npos) << r.output;
  r = run("city,address\nMünchen,x\n");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_FALSE(std::filesystem::exists(dir / "out.csv"));
  r = run_cli("geocode --input " + (dir / "missing.csv").string() + " --out " + (dir / "out.csv").string());
  EXPECT_EQ(r.exit_code, 64);
}

TEST(GeocodeIngestCli, AddressOnlyRowsArePlacedOrRejectedAndCounted) {
  TempDir dir;
  write_file(dir / "p.csv",
             "id,year,lat,lon,city,region,country\n"
             "P1,2021,35.6895,139.6917,,,\n"        // coordinates: no geocoding
             "P2,2021,,,München,,DE\n"              // city
             "P2,2021,,,Muenchen,Bayern,Germany\n"  // city, same place
             "P3,2022,,,東京,,JP\n"                  // city
             "P4,2022,,,,Bavaria,DE\n"              // region only -> rejected
             "P5,2022,,,,,France\n"                 // country only -> rejected
             "P6,2022,,,Paris,,Atlantis\n"          // unknown country -> rejected
             "P7,2022,,,Xqzzyville,,DE\n"           // unknown place: country only -> rejected
             "P8,2022,,,,,\n"                       // nothing -> missing coordinates
             "P9,2022,48.1,,München,,DE\n");        // half coordinates: not geocoded
  const auto result = run_cli("ingest --patents " + (dir / "p.csv").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("patents: geocoded 3 of 7 address-only rows at city level (42.9%); 1 region only, "
                               "2 country only, 1 not placed"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(read_file(dir / "out" / "locations-patents.csv"),
            "lat,lon,weight\n35.690,139.692,2\n48.137,11.575,1\n");
  const std::string rejected = read_file(dir / "out" / "rejected" / "p.csv");
  EXPECT_NE(rejected.find("\n6,region_only,\"address 'Bavaria, DE': no city, so placed only at region level"),
            std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find("\n7,country_only,\"address 'France': no city"), std::string::npos) << rejected;
  EXPECT_NE(rejected.find("\n8,no_country_match,\"address 'Paris, Atlantis': the country is neither"),
            std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find("\n9,country_only,\"address 'Xqzzyville, DE': no place of that city name"),
            std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find("\n10,missing_coordinates,empty lat,"), std::string::npos) << rejected;
  EXPECT_NE(rejected.find("\n11,missing_coordinates,empty lon,"), std::string::npos) << rejected;

  const auto manifest = nlohmann::json::parse(read_file(dir / "out" / "manifest.json"));
  const auto& input = manifest["inputs"][0];
  EXPECT_EQ(input["read"], 10);
  EXPECT_EQ(input["accepted"], 4);
  EXPECT_EQ(input["rejected"], 6);
  EXPECT_EQ(input["rejected_by_reason"],
            nlohmann::json({{"missing_coordinates", 2}, {"no_country_match", 1}, {"region_only", 1}, {"country_only", 2}}));
  const auto& g = input["geocoding"];
  EXPECT_EQ(g["rows"], 7);
  EXPECT_EQ(g["placed"], 3);
  EXPECT_DOUBLE_EQ(g["rate"].get<double>(), 3.0 / 7.0);
  EXPECT_EQ(g["by_match"], nlohmann::json({{"city", 3}, {"region", 1}, {"country", 2}, {"none", 1}}));
  EXPECT_DOUBLE_EQ(g["rate_by_match"]["country"].get<double>(), 2.0 / 7.0);
  EXPECT_EQ(g["distinct_addresses"], 7);
  // Counts balance: every geocoded row is accepted (city) or rejected with a geocoding reason.
  EXPECT_EQ(g["by_match"]["city"].get<int>() + 1, input["accepted"].get<int>());
}

TEST(GeocodeIngestCli, OneAddressColumnAndAFileWithoutAddressesIsNotGeocoded) {
  TempDir dir;
  write_file(dir / "d.csv",
             "id,year,address\n"
             "D1,2022,\"Mountain View, CA 94043, USA\"\n"
             "D2,2022,\"Cambridge, UK\"\n"
             "D3,2022,\"Nowhere, Atlantis\"\n");
  write_file(dir / "p.csv", "id,year,lat,lon\nP1,2022,35.6895,139.6917\n");
  const auto result = run_cli("ingest --deals " + (dir / "d.csv").string() + " --patents " +
                              (dir / "p.csv").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read_file(dir / "out" / "locations-deals.csv"), "lat,lon,weight\n37.386,-122.084,1\n52.200,0.117,1\n");
  const auto manifest = nlohmann::json::parse(read_file(dir / "out" / "manifest.json"));
  EXPECT_FALSE(manifest["inputs"][0].contains("geocoding"));  // patents: coordinates only
  EXPECT_EQ(manifest["inputs"][1]["geocoding"]["placed"], 2);
  EXPECT_EQ(manifest["inputs"][1]["rejected_by_reason"], nlohmann::json({{"no_country_match", 1}}));
}

TEST(GeocodeRankCli, AddressOnlyRowsClusterAndCountryOnlyRowsMakeNoCluster) {
  TempDir dir;
  std::string rows = "id,year,lat,lon,city,country,field\n";
  const char* cities[] = {"München,DE", "Muenchen,Germany", "Munich,DEU", "東京,JP", "Tokyo,Japan"};
  for (int i = 0; i < 40; ++i) rows += "P" + std::to_string(i) + ",2022,,," + cities[i % 5] + ",H04L 5/00\n";
  for (int i = 0; i < 10; ++i) rows += "F" + std::to_string(i) + ",2022,,,,France,H04L 5/00\n";  // country only
  write_file(dir / "p.csv", rows);
  const auto result = run_cli("rank --patents " + (dir / "p.csv").string() + " --min-weight 2 --out " +
                              (dir / "out").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string clusters = read_file(dir / "out" / "clusters.csv");
  EXPECT_NE(clusters.find("\n1,Munich,DE,24,"), std::string::npos) << clusters;
  EXPECT_NE(clusters.find("\n2,Tokyo,JP,16,"), std::string::npos) << clusters;
  EXPECT_EQ(clusters.find("Paris"), std::string::npos) << clusters;  // no cluster at France's largest city
  const auto manifest = nlohmann::json::parse(read_file(dir / "out" / "manifest.json"));
  EXPECT_EQ(manifest["inputs"][0]["geocoding"]["by_match"],
            nlohmann::json({{"city", 40}, {"region", 0}, {"country", 10}, {"none", 0}}));
  EXPECT_EQ(manifest["inputs"][0]["rejected_by_reason"], nlohmann::json({{"country_only", 10}}));
}

}  // namespace
}  // namespace innocluster
