// TopoJSON decoding: quantized, delta-encoded arcs stitched into rings, on a
// hand-made topology whose answer is known, and on the shipped outlines.

#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/topojson.h"
#include "report/world_map.h"

namespace innocluster::topojson {
namespace {

using nlohmann::json;

// Two unit squares side by side sharing the edge B–C, in quantized integers:
//   D(0,4) C(2,4) F(4,4)
//   A(0,0) B(2,0) E(4,0)
// arc 0: B→C; arc 1: C→D→A→B; arc 2: C→F→E→B (deltas after the first position).
// With scale (0.5, 0.25) and translate (10, 20): A = (10, 20), B = (11, 20),
// C = (11, 21), D = (10, 21), E = (12, 20), F = (12, 21).
json two_squares() {
  return json::parse(R"({
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
    "arcs": [[[2, 0], [0, 4]],
             [[2, 4], [-2, 0], [0, -4], [2, 0]],
             [[2, 4], [2, 0], [0, -4], [-2, 0]]],
    "objects": {"countries": {"type": "GeometryCollection", "geometries": [
      {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "West"}},
      {"type": "MultiPolygon", "arcs": [[[-3, -1]]], "id": 2, "properties": {"name": "East"}},
      {"type": null, "id": "003"}
    ]}}
  })");
}

TEST(TopoJson, StitchesQuantizedDeltaArcsForwardAndReversed) {
  const std::vector<Feature> f = decode(two_squares(), "countries", "test.json");
  ASSERT_EQ(f.size(), 3u);
  const Position a{10, 20}, b{11, 20}, c{11, 21}, d{10, 21}, e{12, 20}, fpos{12, 21};
  EXPECT_EQ(f[0].id, "001");
  EXPECT_EQ(f[0].name, "West");
  ASSERT_EQ(f[0].polygons.size(), 1u);
  EXPECT_EQ(f[0].polygons[0], (Polygon{{b, c, d, a, b}}));
  EXPECT_EQ(f[1].id, "2");  // numeric ids as their JSON text
  EXPECT_EQ(f[1].name, "East");
  ASSERT_EQ(f[1].polygons.size(), 1u);
  EXPECT_EQ(f[1].polygons[0], (Polygon{{b, e, fpos, c, b}}));
  EXPECT_TRUE(f[2].polygons.empty());  // null geometry: no shape
  EXPECT_EQ(f[2].name, "");
}

TEST(TopoJson, UnquantizedArcsAreAbsolute) {
  const json t = json::parse(R"({"type": "Topology",
    "arcs": [[[0.5, 1.5], [2.5, 1.5], [2.5, 3.5], [0.5, 1.5]]],
    "objects": {"one": {"type": "Polygon", "arcs": [[0]]}}})");
  const std::vector<Feature> f = decode(t, "one", "t.json");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].polygons[0][0], (Ring{{0.5, 1.5}, {2.5, 1.5}, {2.5, 3.5}, {0.5, 1.5}}));
}

TEST(TopoJson, MalformedTopologiesAreDataErrorsNamingTheFile) {
  auto expect_error = [](const json& t, const std::string& object, const std::string& words) {
    try {
      decode(t, object, "outlines.json");
      FAIL() << "no error for " << words;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kDataError);
      EXPECT_NE(std::string(e.what()).find("outlines.json"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  expect_error(two_squares(), "land", "no object 'land'");
  json bad_index = two_squares();
  bad_index["objects"]["countries"]["geometries"][0]["arcs"] = json::parse("[[0, 7]]");
  expect_error(bad_index, "countries", "arc index 7 is out of range");
  json point = two_squares();
  point["objects"]["countries"]["geometries"][0] = json::parse(R"({"type": "Point", "coordinates": [1, 2]})");
  expect_error(point, "countries", "geometry type 'Point'");
  expect_error(json::parse(R"({"type": "FeatureCollection"})"), "countries", "not a TopoJSON topology");
  json bad_transform = two_squares();
  bad_transform["transform"]["scale"] = json::parse("[1]");
  expect_error(bad_transform, "countries", "two scales");
}

TEST(TopoJson, ShippedWorldOutlines) {
  const std::string path = report::world_atlas_path();
  ASSERT_TRUE(std::filesystem::exists(path)) << path << ": run scripts/setup.sh";
  const std::vector<Feature> countries = read_file(path, "countries");
  EXPECT_EQ(countries.size(), 177u);  // Natural Earth 1:110m admin-0 countries
  std::size_t found = 0;
  for (const Feature& f : countries) {
    for (const Polygon& p : f.polygons)
      for (const Ring& r : p) {
        ASSERT_GE(r.size(), 4u) << f.name;
        EXPECT_EQ(r.front(), r.back()) << f.name;  // closed
        for (const Position& pos : r) {
          ASSERT_LE(std::abs(pos.lon), 180.0) << f.name;
          ASSERT_LE(std::abs(pos.lat), 90.0) << f.name;
        }
      }
    if (f.name == "Japan" || f.name == "Germany" || f.name == "Brazil") ++found;
  }
  EXPECT_EQ(found, 3u);
}

TEST(TopoJson, MissingFileSaysHowToInstall) {
  try {
    read_file("/nonexistent/countries-110m.json", "countries");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
    EXPECT_NE(std::string(e.what()).find("scripts/setup.sh"), std::string::npos);
  }
}

}  // namespace
}  // namespace innocluster::topojson
