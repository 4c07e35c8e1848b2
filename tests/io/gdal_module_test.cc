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
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "innocluster/paths.h"
#include "test_binary.h"

#include "test_support.h"

namespace innocluster {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(GdalModule, TheExecutableDoesNotLinkGdal) {
  // The dynamic section of the build that loads libraries names no GDAL
  // library: ldd lists what would be loaded at start. (innocluster itself
  // loads none: MainCli tests.)
  const std::string libs = testing::libraries_loaded_at_start(kInnoclusterDynamicBinary);
  EXPECT_THAT(libs, HasSubstr("libc.so"));
  EXPECT_THAT(libs, Not(HasSubstr("libgdal")));
}

TEST(GdalModule, ExportsItsEntryPointAlone) {
  // Nothing else of the module may bind to (or from) the executable's or
  // another library's symbols.
  std::istringstream nm(testing::command_output("nm -D --defined-only " +
                                                (std::filesystem::path(kBuildDir) / gdal::kModuleFile).string()));
  std::vector<std::string> names;
  std::string address, kind, name;
  while (nm >> address >> kind >> name) names.push_back(name);
  EXPECT_EQ(names, std::vector<std::string>{"innocluster_gdal_module"});
}

TEST(GdalModule, ItsCFunctionsHandOverTablesAndFailures) {
  // The module's own functions, called as the library calls them: a table
  // read back through its handle, and a failure as a status.
  testing::TempDir dir;
  FeatureTable table;
  table.layer = "clusters";
  table.fields = {{"id", FieldType::kInteger}, {"name", FieldType::kString}};
  table.rows = {{std::int64_t{1}, std::string("Seoul")}, {std::int64_t{2}, std::monostate{}}};
  table.geometry_wkb = {{}, {}};
  write_geojson(dir / "t.geojson", table);
  const InnoclusterGdalModule& m = gdal::module();
  InnoclusterGdalStatus status{-1, nullptr};
  void* handle = m.read_feature_table((dir / "t.geojson").c_str(), &status);
  ASSERT_EQ(status.code, 0);
  ASSERT_NE(handle, nullptr);
  const InnoclusterGdalTable* view = m.table_view(handle);
  EXPECT_STREQ(view->layer, "clusters");
  ASSERT_EQ(view->field_count, 2u);
  EXPECT_STREQ(view->fields[1].name, "name");
  ASSERT_EQ(view->row_count, 2u);
  EXPECT_EQ(view->row_start[2], 4u);
  EXPECT_EQ(view->values[1].kind, 3);
  EXPECT_EQ(std::string(view->values[1].text, view->values[1].text_size), "Seoul");
  EXPECT_EQ(view->values[3].kind, 0);
  EXPECT_EQ(view->geometry_count, 2u);
  m.free_table(handle);

  status = {-1, nullptr};
  EXPECT_EQ(m.read_feature_table((dir / "absent.geojson").c_str(), &status), nullptr);
  EXPECT_EQ(status.code, static_cast<int>(ExitCode::kNoInput));
  ASSERT_NE(status.message, nullptr);
  EXPECT_THAT(std::string(status.message), HasSubstr("absent.geojson: no such file"));
  std::free(status.message);
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

TEST(GdalModule, AModuleOfAnotherBuildIsRefused) {
  testing::TempDir dir;
  const testing::CommandResult r = testing::run_rank_with_env(dir.path(), "INNOCLUSTER_GDAL_MODULE", kOtherGdalModule);
  testing::expect_load_failure(
      r, {"cannot load libinnocluster_gdal.so", std::string(kOtherGdalModule) + ": a GDAL module of another build",
          "(interface 1, this program's is " + std::to_string(gdal::kGdalModuleVersion) + ")"});
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
