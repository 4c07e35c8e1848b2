// The GDAL module (io/gdal_module.h): the executable starts without GDAL, a
// missing module is a clear error, not a crash, and tables and failures cross
// its C boundary unchanged.

#include "io/gdal_module.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>

#include "core/error.h"

#include "test_support.h"

namespace innocluster {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(GdalModule, TheExecutableDoesNotLinkGdal) {
  // The dynamic section of the executable names no GDAL library: ldd lists
  // what would be loaded at start.
  const std::string libs = testing::libraries_loaded_at_start();
  EXPECT_THAT(libs, HasSubstr("libc.so"));
  EXPECT_THAT(libs, Not(HasSubstr("libgdal")));
}

TEST(GdalModule, LoadsAndWritesThroughIt) {
  testing::TempDir dir;
  const testing::CommandResult r =
      testing::run_cli("rank --patents " + (testing::source_dir() / "examples/patents.csv").string() +
                       " --min-weight 2 --out " + (dir / "run").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "run/clusters.gpkg"));
  EXPECT_TRUE(std::filesystem::exists(dir / "run/clusters.geojson"));
}

TEST(GdalModule, TablesCrossTheBoundaryUnchanged) {
  // Every kind of value, text with a NUL byte and none at all, a row shorter
  // than the fields and one longer, and fewer geometries than rows: the view
  // carries the table as it is (the writer reports what breaks its rules).
  FeatureTable table;
  table.layer = "clusters";
  table.fields = {{"id", FieldType::kInteger}, {"share", FieldType::kReal}, {"name", FieldType::kString}};
  table.rows = {
      {std::int64_t{-7}, 0.25, std::string("Tokyo\0Yokohama", 14)},
      {std::monostate{}, std::numeric_limits<double>::quiet_NaN(), std::string()},
      {std::int64_t{std::numeric_limits<std::int64_t>::max()}},
      {std::int64_t{1}, 2.0, std::string("x"), std::string("extra")},
  };
  table.geometry_wkb = {{1, 3, 0, 0, 0}, {}, {0xff}};
  const gdal::TableView view(table);
  const FeatureTable back = gdal::table_from_view(*view.get());
  EXPECT_EQ(back.layer, table.layer);
  ASSERT_EQ(back.fields.size(), table.fields.size());
  for (std::size_t f = 0; f < table.fields.size(); ++f) {
    EXPECT_EQ(back.fields[f].name, table.fields[f].name);
    EXPECT_EQ(back.fields[f].type, table.fields[f].type);
  }
  ASSERT_EQ(back.rows.size(), table.rows.size());
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    ASSERT_EQ(back.rows[r].size(), table.rows[r].size()) << r;
    for (std::size_t f = 0; f < table.rows[r].size(); ++f) {
      const auto* nan = std::get_if<double>(&table.rows[r][f]);
      if (nan && *nan != *nan) {
        const auto* got = std::get_if<double>(&back.rows[r][f]);
        ASSERT_NE(got, nullptr);
        EXPECT_NE(*got, *got);
      } else {
        EXPECT_EQ(back.rows[r][f], table.rows[r][f]) << r << " " << f;
      }
    }
  }
  EXPECT_EQ(back.geometry_wkb, table.geometry_wkb);
}

TEST(GdalModule, AFailureCrossesAsItsCodeAndMessage) {
  InnoclusterGdalStatus ok{0, nullptr};
  EXPECT_NO_THROW(gdal::throw_if_failed(ok));
  const char* text = "out.gpkg: cannot create: disk full";
  InnoclusterGdalStatus failed{static_cast<int>(ExitCode::kCannotCreate), static_cast<char*>(std::malloc(64))};
  std::strcpy(failed.message, text);
  try {
    gdal::throw_if_failed(failed);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotCreate);
    EXPECT_STREQ(e.what(), text);
  }
  EXPECT_EQ(failed.message, nullptr);  // freed, and forgotten
}

TEST(GdalModule, AMissingModuleIsAClearError) {
  testing::TempDir dir;
  const testing::CommandResult r =
      testing::run_rank_with_env(dir.path(), "INNOCLUSTER_GDAL_MODULE", "/nonexistent/libinnocluster_gdal.so");
  testing::expect_load_failure(r, {"cannot load libinnocluster_gdal.so",
                                   "/nonexistent/libinnocluster_gdal.so: no such file", "scripts/build.sh"});
}

}  // namespace
}  // namespace innocluster
