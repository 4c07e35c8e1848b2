// The GDAL module (io/gdal_module.h): the executable starts without GDAL, and
// a missing module is a clear error, not a crash.

#include "io/gdal_module.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

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

TEST(GdalModule, AMissingModuleIsAClearError) {
  testing::TempDir dir;
  const testing::CommandResult r =
      testing::run_rank_with_env(dir.path(), "INNOCLUSTER_GDAL_MODULE", "/nonexistent/libinnocluster_gdal.so");
  testing::expect_load_failure(r, {"cannot load libinnocluster_gdal.so",
                                   "/nonexistent/libinnocluster_gdal.so: no such file", "scripts/build.sh"});
}

}  // namespace
}  // namespace innocluster
