#include "io/gis_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "gdal_test_support.h"
#include "test_support.h"

namespace innocluster {
namespace {

using testing::Dataset;
using testing::Feature;
using testing::TempDir;
using testing::wkb_of;

// Two features: a Polygon and a MultiPolygon (one part with a hole), and
// every kind of value, nulls and non-ASCII text included.
FeatureTable sample_table() {
  FeatureTable table;
  table.layer = "clusters";
  table.fields = {{"rank", FieldType::kInteger},
                  {"name", FieldType::kString},
                  {"score", FieldType::kReal},
                  {"population", FieldType::kReal},
                  {"economy", FieldType::kString}};
  table.rows = {
      {std::int64_t{1}, std::string("Osaka–Kobe–Kyoto"), 12.5, std::monostate{}, std::string("JP")},
      {std::int64_t{9007199254740993}, std::string("Shenzhen–Hong Kong–Guangzhou \"SHG\""), 0.1,
       1234567.0, std::monostate{}},
  };
  table.geometry_wkb = {
      wkb_of("POLYGON ((135 34,136 34,136 35,135 35,135 34))"),
      wkb_of("MULTIPOLYGON (((113.5 22,114.5 22,114.5 23,113.5 23,113.5 22),"
             "(113.75 22.25,113.75 22.5,114 22.5,114 22.25,113.75 22.25)),"
             "((-0.5 51.25,0.25 51.25,0.25 51.75,-0.5 51.75,-0.5 51.25)))"),
  };
  return table;
}

struct Envelope {
  double min_x, max_x, min_y, max_y;
};

// Reads the file back with GDAL and checks it holds sample_table().
void expect_sample_layer(const std::filesystem::path& path) {
  GDALAllRegister();
  Dataset dataset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  ASSERT_TRUE(dataset) << path;
  ASSERT_EQ(GDALDatasetGetLayerCount(dataset.get()), 1);
  OGRLayerH layer = GDALDatasetGetLayer(dataset.get(), 0);
  EXPECT_STREQ(OGR_L_GetName(layer), "clusters");
  ASSERT_EQ(OGR_L_GetFeatureCount(layer, TRUE), 2);

  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
  ASSERT_EQ(OGR_FD_GetFieldCount(definition), 5);
  const char* names[] = {"rank", "name", "score", "population", "economy"};
  for (int i = 0; i < 5; ++i) EXPECT_STREQ(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, i)), names[i]);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(definition, 0)), OFTInteger64);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(definition, 2)), OFTReal);

  OGR_L_ResetReading(layer);
  Feature first(OGR_L_GetNextFeature(layer));
  Feature second(OGR_L_GetNextFeature(layer));
  ASSERT_TRUE(first && second);

  EXPECT_EQ(OGR_F_GetFieldAsInteger64(first.get(), 0), 1);
  EXPECT_STREQ(OGR_F_GetFieldAsString(first.get(), 1), "Osaka–Kobe–Kyoto");
  EXPECT_EQ(OGR_F_GetFieldAsDouble(first.get(), 2), 12.5);
  EXPECT_TRUE(OGR_F_IsFieldNull(first.get(), 3));
  EXPECT_STREQ(OGR_F_GetFieldAsString(first.get(), 4), "JP");

  EXPECT_EQ(OGR_F_GetFieldAsInteger64(second.get(), 0), 9007199254740993);  // not rounded through a double
  EXPECT_STREQ(OGR_F_GetFieldAsString(second.get(), 1), "Shenzhen–Hong Kong–Guangzhou \"SHG\"");
  EXPECT_EQ(OGR_F_GetFieldAsDouble(second.get(), 2), 0.1);
  EXPECT_EQ(OGR_F_GetFieldAsDouble(second.get(), 3), 1234567.0);
  EXPECT_TRUE(OGR_F_IsFieldNull(second.get(), 4));

  struct Expected {
    double area;
    Envelope envelope;
  };
  const Expected expected[] = {{1.0, {135, 136, 34, 35}}, {1.0 - 0.0625 + 0.375, {-0.5, 114.5, 22, 51.75}}};
  OGRFeatureH features[] = {first.get(), second.get()};
  for (int i = 0; i < 2; ++i) {
    OGRGeometryH geometry = OGR_F_GetGeometryRef(features[i]);
    ASSERT_TRUE(geometry);
    // GeoPackage layers hold MultiPolygons only; GeoJSON keeps a one-part footprint a Polygon.
    const OGRwkbGeometryType type = i == 1 || path.extension() == ".gpkg" ? wkbMultiPolygon : wkbPolygon;
    EXPECT_EQ(wkbFlatten(OGR_G_GetGeometryType(geometry)), type) << "feature " << i;
    EXPECT_TRUE(OGR_G_IsValid(geometry)) << "feature " << i;
    EXPECT_NEAR(OGR_G_Area(geometry), expected[i].area, 1e-12) << "feature " << i;
    OGREnvelope envelope;
    OGR_G_GetEnvelope(geometry, &envelope);
    EXPECT_EQ(envelope.MinX, expected[i].envelope.min_x);
    EXPECT_EQ(envelope.MaxX, expected[i].envelope.max_x);
    EXPECT_EQ(envelope.MinY, expected[i].envelope.min_y);
    EXPECT_EQ(envelope.MaxY, expected[i].envelope.max_y);
  }
}

TEST(GisWriter, GeoJsonReadsBackWithEveryValue) {
  TempDir dir;
  write_geojson(dir / "clusters.geojson", sample_table());
  expect_sample_layer(dir / "clusters.geojson");
  EXPECT_EQ(testing::names_in(dir.path()), std::vector<std::string>{"clusters.geojson"}) << "no temporary left behind";
}

TEST(GisWriter, GeoJsonIsRfc7946TextAndByteIdentical) {
  TempDir dir;
  write_geojson(dir / "a.geojson", sample_table());
  write_geojson(dir / "b.geojson", sample_table());
  const std::string text = testing::read_file(dir / "a.geojson");
  EXPECT_EQ(text, testing::read_file(dir / "b.geojson"));
  EXPECT_EQ(text.rfind("{\n\"type\": \"FeatureCollection\",\n\"name\": \"clusters\",\n\"features\": [", 0), 0u)
      << text;
  EXPECT_EQ(text.find("\"crs\""), std::string::npos) << "RFC 7946 has no crs member";
  EXPECT_EQ(text.find("\"bbox\""), std::string::npos);
  EXPECT_NE(text.find("\"name\": \"Osaka–Kobe–Kyoto\""), std::string::npos) << "UTF-8 kept as is";
  EXPECT_NE(text.find("\"population\": null"), std::string::npos);
  EXPECT_NE(text.find("\"score\": 0.1,"), std::string::npos) << "a real in 15 digits when they suffice";
  EXPECT_NE(text.find("[ 135.0, 34.0 ]"), std::string::npos) << "longitude first";
}

TEST(GisWriter, GeoPackageReadsBackWithEveryValueAndIsByteIdentical) {
  TempDir dir;
  write_geopackage(dir / "a.gpkg", sample_table());
  write_geopackage(dir / "b.gpkg", sample_table());
  expect_sample_layer(dir / "a.gpkg");
  EXPECT_EQ(testing::read_file(dir / "a.gpkg"), testing::read_file(dir / "b.gpkg"));
  EXPECT_EQ(testing::names_in(dir.path()), (std::vector<std::string>{"a.gpkg", "b.gpkg"}))
      << "no temporary or journal left behind";
}

TEST(GisWriter, GeoPackageReplacesAnExistingFile) {
  TempDir dir;
  write_geopackage(dir / "c.gpkg", sample_table());
  write_geopackage(dir / "c.gpkg", sample_table());
  expect_sample_layer(dir / "c.gpkg");
}

TEST(GisWriter, NullGeometryAndNonFiniteRealAreWrittenAsNull) {
  TempDir dir;
  FeatureTable table;
  table.layer = "clusters";
  table.fields = {{"score", FieldType::kReal}};
  table.rows = {{std::nan("")}};
  table.geometry_wkb = {{}};
  for (const auto& name : {"n.geojson", "n.gpkg"}) {
    const auto path = dir / name;
    if (path.extension() == ".gpkg") {
      write_geopackage(path, table);
    } else {
      write_geojson(path, table);
    }
    Dataset dataset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    ASSERT_TRUE(dataset);
    OGRLayerH layer = GDALDatasetGetLayer(dataset.get(), 0);
    Feature feature(OGR_L_GetNextFeature(layer));
    ASSERT_TRUE(feature);
    EXPECT_TRUE(OGR_F_IsFieldNull(feature.get(), 0)) << name;
    EXPECT_EQ(OGR_F_GetGeometryRef(feature.get()), nullptr) << name;
  }
}

TEST(GisWriter, UnwritablePathIsCannotCreateAndNamesThePath) {
  TempDir dir;
  for (const auto& name : {"missing/clusters.geojson", "missing/clusters.gpkg"}) {
    const auto path = dir / name;
    try {
      if (path.extension() == ".gpkg") {
        write_geopackage(path, sample_table());
      } else {
        write_geojson(path, sample_table());
      }
      FAIL() << "no error for " << path;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCannotCreate);
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(testing::names_in(dir.path()).empty());
}

TEST(GisWriter, MalformedTableIsAProgramError) {
  TempDir dir;
  FeatureTable table = sample_table();
  table.rows[1][0] = std::string("not an integer");
  try {
    write_geojson(dir / "bad.geojson", table);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kFailure);
  }
  table = sample_table();
  table.geometry_wkb[0] = wkb_of("POINT (1 2)");
  EXPECT_THROW(write_geopackage(dir / "bad.gpkg", table), Error);
  EXPECT_TRUE(testing::names_in(dir.path()).empty());
}

}  // namespace
}  // namespace innocluster
