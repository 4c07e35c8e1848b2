#include "geo/population_raster.h"

#include <gtest/gtest.h>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "gdal_test_support.h"
#include "test_support.h"

namespace innocluster::geo {
namespace {

using testing::Dataset;
using testing::TempDir;
using testing::wkb_of;

// The test grid: 100 x 100 cells of 0.01°, lon 10..11, lat 49..50, north up.
// Cell (col c, row r) — row 0 is the northernmost — holds 100 r + c + 1
// inhabitants (integers, exact in Float32 and in any sum here), except one
// nodata cell.
constexpr int kSize = 100;
constexpr double kCell = 0.01;
constexpr double kWest = 10.0;
constexpr double kNorth = 50.0;
constexpr float kNoData = -9999;
constexpr int kNoDataCol = 5;
constexpr int kNoDataRow = 5;

double cell_value(int col, int row) { return 100.0 * row + col + 1; }

struct RasterSpec {
  int epsg = 4326;
  int bands = 1;
  bool with_nodata = true;
  std::function<float(int, int)> value = [](int col, int row) {
    return col == kNoDataCol && row == kNoDataRow ? kNoData : static_cast<float>(cell_value(col, row));
  };
};

std::string make_raster(const std::filesystem::path& path, const RasterSpec& spec = {}) {
  GDALAllRegister();
  Dataset dataset(GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), kSize, kSize, spec.bands,
                             GDT_Float32, nullptr));
  if (!dataset) throw std::runtime_error("cannot create " + path.string());
  double transform[6] = {kWest, kCell, 0, kNorth, 0, -kCell};
  if (spec.epsg == 3857) {  // a projected grid of 1 km cells
    transform[0] = 1.0e6;
    transform[1] = 1000;
    transform[3] = 6.0e6;
    transform[5] = -1000;
  }
  GDALSetGeoTransform(dataset.get(), transform);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, spec.epsg);
  GDALSetSpatialRef(dataset.get(), srs);
  OSRDestroySpatialReference(srs);
  std::vector<float> cells(kSize * kSize);
  for (int r = 0; r < kSize; ++r)
    for (int c = 0; c < kSize; ++c) cells[static_cast<std::size_t>(r * kSize + c)] = spec.value(c, r);
  for (int b = 1; b <= spec.bands; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(dataset.get(), b);
    if (spec.with_nodata) GDALSetRasterNoDataValue(band, kNoData);
    if (GDALRasterIO(band, GF_Write, 0, 0, kSize, kSize, cells.data(), kSize, kSize, GDT_Float32, 0, 0) !=
        CE_None)
      throw std::runtime_error("cannot write " + path.string());
  }
  return path.string();
}

// Sum of the cells in columns [c0, c1] and rows [r0, r1], nodata left out,
// with `keep` deciding per cell: the expected values, computed without GEOS.
double expected_sum(int c0, int c1, int r0, int r1,
                    const std::function<bool(int, int)>& keep = [](int, int) { return true; }) {
  double sum = 0;
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c)
      if (!(c == kNoDataCol && r == kNoDataRow) && keep(c, r)) sum += cell_value(c, r);
  return sum;
}

class Population : public ::testing::Test {
 protected:
  TempDir dir_;
  std::string path_ = make_raster(dir_ / "pop.tif");
  PopulationRaster raster_ = PopulationRaster::open(path_);
};

TEST_F(Population, SquareOnCellEdgesCountsEveryCellInsideButNodata) {
  // lon 10.00..10.10, lat 49.90..50.00: columns 0..9, rows 0..9, the nodata cell among them.
  EXPECT_EQ(raster_.sum_within(wkb_of("POLYGON ((10 49.9,10.1 49.9,10.1 50,10 50,10 49.9))")),
            expected_sum(0, 9, 0, 9));
  EXPECT_EQ(expected_sum(0, 9, 0, 9), 45550.0 - 506.0);
}

TEST_F(Population, HoleLeavesItsCellsOut) {
  // The hole covers the cell of column 2, row 2 (centre 10.025, 49.975).
  const auto polygon = wkb_of(
      "POLYGON ((10 49.9,10.1 49.9,10.1 50,10 50,10 49.9),"
      "(10.02 49.97,10.03 49.97,10.03 49.98,10.02 49.98,10.02 49.97))");
  EXPECT_EQ(raster_.sum_within(polygon), expected_sum(0, 9, 0, 9) - cell_value(2, 2));
}

TEST_F(Population, TriangleCountsCellsByTheirCentre) {
  // Right angle at (10.2, 49.2), legs of 0.305°: the hypotenuse passes half a
  // cell from any centre, so "centre inside" is unambiguous: the cell i
  // columns east and k rows north of the corner counts when i + k <= 29.
  const auto triangle = wkb_of("POLYGON ((10.2 49.2,10.505 49.2,10.2 49.505,10.2 49.2))");
  const double expected = expected_sum(20, 50, 49, 79, [](int c, int r) {
    const int i = c - 20;
    const int k = 79 - r;
    return i + k <= 29;
  });
  EXPECT_GT(expected, 0);
  EXPECT_EQ(raster_.sum_within(triangle), expected);
}

TEST_F(Population, MultiPolygonSumsItsParts) {
  const auto two = wkb_of(
      "MULTIPOLYGON (((10 49.9,10.1 49.9,10.1 50,10 50,10 49.9)),"
      "((10.5 49.0,10.52 49.0,10.52 49.03,10.5 49.03,10.5 49.0)))");
  EXPECT_EQ(raster_.sum_within(two), expected_sum(0, 9, 0, 9) + expected_sum(50, 51, 97, 99));
}

TEST_F(Population, OutsideOrPartlyOutsideTheRaster) {
  EXPECT_EQ(raster_.sum_within(wkb_of("POLYGON ((20 49,21 49,21 50,20 50,20 49))")), 0.0);
  EXPECT_EQ(raster_.sum_within(wkb_of("POLYGON ((-179 -89,179 -89,179 -80,-179 -80,-179 -89))")), 0.0);
  // Reaches past the north-west corner: only columns 0..1, rows 0..1 are in the raster.
  EXPECT_EQ(raster_.sum_within(wkb_of("POLYGON ((9.5 49.98,10.02 49.98,10.02 50.5,9.5 50.5,9.5 49.98))")),
            1.0 + 2.0 + 101.0 + 102.0);
  // The whole raster, from a polygon far larger than it.
  EXPECT_EQ(raster_.sum_within(wkb_of("POLYGON ((0 40,20 40,20 60,0 60,0 40))")),
            expected_sum(0, kSize - 1, 0, kSize - 1));
}

TEST_F(Population, FootprintNarrowerThanACellMayHoldNoCentre) {
  EXPECT_EQ(raster_.sum_within(wkb_of("POLYGON ((10.001 49.5,10.004 49.5,10.004 49.6,10.001 49.6,10.001 49.5))")),
            0.0);
  EXPECT_EQ(raster_.sum_within({}), 0.0);
}

TEST_F(Population, NonPolygonIsAProgramError) {
  try {
    raster_.sum_within(wkb_of("POINT (10.5 49.5)"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kFailure);
  }
}

TEST_F(Population, DescriptionNamesFileSizeResolutionAndCrs) {
  const std::string text = raster_.description();
  EXPECT_NE(text.find(path_), std::string::npos) << text;
  EXPECT_NE(text.find("100x100 cells"), std::string::npos) << text;
  EXPECT_NE(text.find("36\""), std::string::npos) << text;  // 0.01° = 36 arc-seconds
  EXPECT_NE(text.find("EPSG:4326"), std::string::npos) << text;
  EXPECT_NE(text.find("nodata -9999"), std::string::npos) << text;
}

ExitCode open_error(const std::string& path, std::string* message = nullptr) {
  try {
    PopulationRaster::open(path);
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  return ExitCode::kOk;
}

TEST(PopulationOpen, MissingFileIsNoInput) {
  TempDir dir;
  std::string message;
  EXPECT_EQ(open_error((dir / "absent.tif").string(), &message), ExitCode::kNoInput);
  EXPECT_NE(message.find("absent.tif"), std::string::npos) << message;
}

TEST(PopulationOpen, NotARasterIsDataError) {
  TempDir dir;
  testing::write_file(dir / "pop.tif", "not a tiff\n");
  EXPECT_EQ(open_error((dir / "pop.tif").string()), ExitCode::kDataError);
}

TEST(PopulationOpen, ProjectedRasterIsDataErrorThatSaysHowToReproject) {
  TempDir dir;
  RasterSpec spec;
  spec.epsg = 3857;
  std::string message;
  EXPECT_EQ(open_error(make_raster(dir / "mercator.tif", spec), &message), ExitCode::kDataError);
  EXPECT_NE(message.find("mercator.tif"), std::string::npos) << message;
  EXPECT_NE(message.find("gdalwarp -t_srs EPSG:4326"), std::string::npos) << message;
}

TEST(PopulationOpen, SeveralBandsIsDataError) {
  TempDir dir;
  RasterSpec spec;
  spec.bands = 2;
  EXPECT_EQ(open_error(make_raster(dir / "two.tif", spec)), ExitCode::kDataError);
}

TEST(PopulationOpen, UndeclaredNegativeNodataIsDataErrorWhenMet) {
  TempDir dir;
  RasterSpec spec;
  spec.with_nodata = false;
  const PopulationRaster raster = PopulationRaster::open(make_raster(dir / "pop.tif", spec));
  // Away from the -9999 cell all is well; over it, the sum refuses to go on.
  EXPECT_EQ(raster.sum_within(wkb_of("POLYGON ((10.5 49,10.6 49,10.6 49.1,10.5 49.1,10.5 49))")),
            expected_sum(50, 59, 90, 99));
  try {
    raster.sum_within(wkb_of("POLYGON ((10 49.9,10.1 49.9,10.1 50,10 50,10 49.9))"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kDataError);
    EXPECT_NE(std::string(e.what()).find("-a_nodata"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace innocluster::geo
