#include "geo/population_raster.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include <fmt/format.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "core/error.h"
#include "geo/geos.h"
#include "io/gdal_module.h"
#include "io/gdal_support.h"

namespace innocluster::geo {
namespace {

// Cells read per RasterIO call: bounds memory (8 MB) for any footprint.
constexpr std::size_t kMaxCellsPerRead = std::size_t{1} << 20;

[[noreturn]] void data_error(const std::string& path, const std::string& message) {
  throw Error(ExitCode::kDataError, located(path, 0, message));
}

// An index range [first, last] of cells whose centres may fall in [lo, hi]
// along one axis, where centre(i) = origin + (i + 0.5) * step; empty when
// first > last. One extra cell each side absorbs rounding: the polygon test
// has the last word.
struct CellRange {
  long first = 0;
  long last = -1;
};

CellRange cells_between(double lo, double hi, double origin, double step, int count) {
  double a = (lo - origin) / step - 0.5;
  double b = (hi - origin) / step - 0.5;
  if (a > b) std::swap(a, b);
  // Clamp in floating point first: a far-away polygon must not overflow a long.
  const double first = std::max(std::ceil(a) - 1.0, 0.0);
  const double last = std::min(std::floor(b) + 1.0, static_cast<double>(count - 1));
  if (!(first <= last)) return {};
  return {static_cast<long>(first), static_cast<long>(last)};
}

struct PreparedDeleter {
  GEOSContextHandle_t handle;
  void operator()(const GEOSPreparedGeometry* p) const { geos::api().GEOSPreparedGeom_destroy_r(handle, p); }
};

}  // namespace

struct PopulationRaster::Impl {
  std::string path;
  GDALDatasetH dataset = nullptr;
  GDALRasterBandH band = nullptr;
  int width = 0;
  int height = 0;
  double transform[6] = {};  // GDAL geotransform: x = t0 + col*t1, y = t3 + row*t5
  bool has_nodata = false;
  double nodata = 0;
  double scale = 1;
  double offset = 0;
  std::string crs;
  mutable std::mutex read_mutex;  // a GDAL dataset handle is not safe for concurrent reads

  ~Impl() {
    if (dataset) GDALClose(dataset);
  }

  double sum_part(const geos::Context& ctx, const GEOSGeometry* part) const;
  void read_rows(long first_row, long rows, long first_col, long cols, std::vector<double>& cells) const;
};

}  // namespace innocluster::geo

namespace innocluster::gdal {

using namespace innocluster::geo;  // this file's helpers

PopulationRaster::Impl* module_open_raster(const std::string& path) {
  // Tell "cannot open" (exit 66) from "not a usable raster" (exit 65).
  if (std::FILE* probe = std::fopen(path.c_str(), "rb")) {
    std::fclose(probe);
  } else {
    throw Error(ExitCode::kNoInput, located(path, 0, fmt::format("cannot open the population raster: {}",
                                                                 std::strerror(errno))));
  }
  gdal::ensure_registered();
  gdal::ErrorScope errors;
  auto impl = std::make_unique<PopulationRaster::Impl>();
  impl->path = path;
  impl->dataset = GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!impl->dataset) data_error(path, "not a raster GDAL can read: " + errors.message());

  const int bands = GDALGetRasterCount(impl->dataset);
  if (bands != 1)
    data_error(path, fmt::format("has {} bands; a population raster has exactly one (extract it with "
                                 "gdal_translate -b N)",
                                 bands));
  impl->band = GDALGetRasterBand(impl->dataset, 1);
  if (GDALDataTypeIsComplex(GDALGetRasterDataType(impl->band)))
    data_error(path, "holds complex numbers, not population counts");
  impl->width = GDALGetRasterXSize(impl->dataset);
  impl->height = GDALGetRasterYSize(impl->dataset);

  double* t = impl->transform;
  if (GDALGetGeoTransform(impl->dataset, t) != CE_None)
    data_error(path, "has no georeferencing (no geotransform); a population raster must say where its "
                     "cells are");
  if (t[2] != 0 || t[4] != 0)
    data_error(path, "is rotated or sheared; warp it to a north-up grid first (gdalwarp -t_srs EPSG:4326 "
                     "-r sum IN OUT)");
  if (!(t[1] > 0) || t[5] == 0) data_error(path, "has a degenerate cell size in its geotransform");

  OGRSpatialReferenceH srs = GDALGetSpatialRef(impl->dataset);
  if (!srs)
    data_error(path, "has no coordinate reference system; if its grid is WGS 84 longitude/latitude, "
                     "declare it with: gdal_edit.py -a_srs EPSG:4326 " + path);
  const char* name = OSRGetName(srs);
  const char* authority = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  impl->crs = name ? name : "unnamed CRS";
  if (authority && code) impl->crs += fmt::format(" ({}:{})", authority, code);
  if (!OSRIsGeographic(srs))
    data_error(path, fmt::format("is on a projected CRS, {}; population rasters must be on longitude/"
                                 "latitude: reproject once with gdalwarp -t_srs EPSG:4326 -r sum IN OUT, "
                                 "or download the WGS 84 edition",
                                 impl->crs));
  constexpr double kRadiansPerDegree = 0.017453292519943295;
  const double unit = OSRGetAngularUnits(srs, nullptr);
  if (std::abs(unit - kRadiansPerDegree) > 1e-12)
    data_error(path, fmt::format("its angular unit is {} radians, not a degree", unit));

  int has = 0;
  impl->nodata = GDALGetRasterNoDataValue(impl->band, &has);
  impl->has_nodata = has != 0;
  impl->scale = GDALGetRasterScale(impl->band, &has);
  if (!has) impl->scale = 1;
  impl->offset = GDALGetRasterOffset(impl->band, &has);
  if (!has) impl->offset = 0;
  return impl.release();
}

void module_close_raster(PopulationRaster::Impl* raster) { delete raster; }

}  // namespace innocluster::gdal

namespace innocluster::geo {


void PopulationRaster::Impl::read_rows(long first_row, long rows, long first_col, long cols,
                                       std::vector<double>& cells) const {
  cells.resize(static_cast<std::size_t>(rows * cols));
  gdal::ErrorScope errors;
  std::lock_guard lock(read_mutex);
  if (GDALRasterIO(band, GF_Read, static_cast<int>(first_col), static_cast<int>(first_row),
                   static_cast<int>(cols), static_cast<int>(rows), cells.data(), static_cast<int>(cols),
                   static_cast<int>(rows), GDT_Float64, 0, 0) != CE_None)
    data_error(path, fmt::format("cannot read rows {}..{}: {}", first_row, first_row + rows - 1,
                                 errors.message()));
}

double PopulationRaster::Impl::sum_part(const geos::Context& ctx, const GEOSGeometry* part) const {
  GEOSContextHandle_t h = ctx.handle();
  if (geos::api().GEOSisEmpty_r(h, part) != 0) return 0;
  double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
  if (!geos::api().GEOSGeom_getXMin_r(h, part, &xmin) || !geos::api().GEOSGeom_getXMax_r(h, part, &xmax) ||
      !geos::api().GEOSGeom_getYMin_r(h, part, &ymin) || !geos::api().GEOSGeom_getYMax_r(h, part, &ymax))
    throw Error(ExitCode::kFailure, "GEOS failed to compute a footprint's bounding box");
  const double* t = transform;
  const CellRange cols = cells_between(xmin, xmax, t[0], t[1], width);
  const CellRange rows = cells_between(ymin, ymax, t[3], t[5], height);
  if (cols.first > cols.last || rows.first > rows.last) return 0;

  std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter> prepared(
      geos::api().GEOSPrepare_r(h, part), PreparedDeleter{h});
  if (!prepared) throw Error(ExitCode::kFailure, "GEOS failed to prepare a footprint");

  const long ncols = cols.last - cols.first + 1;
  const long rows_per_read = std::max(1L, static_cast<long>(kMaxCellsPerRead) / ncols);
  std::vector<double> cells;
  double sum = 0;
  for (long r0 = rows.first; r0 <= rows.last; r0 += rows_per_read) {
    const long nrows = std::min(rows_per_read, rows.last - r0 + 1);
    read_rows(r0, nrows, cols.first, ncols, cells);
    for (long i = 0; i < nrows; ++i) {
      const long row = r0 + i;
      const double y = t[3] + (static_cast<double>(row) + 0.5) * t[5];
      for (long j = 0; j < ncols; ++j) {
        const double stored = cells[static_cast<std::size_t>(i * ncols + j)];
        if (std::isnan(stored) || (has_nodata && stored == nodata)) continue;
        const double value = stored * scale + offset;
        if (value == 0) continue;  // most of the Earth: no polygon test needed
        const long col = cols.first + j;
        if (value < 0)
          data_error(path, fmt::format("cell (column {}, row {}) holds {}, a negative population; if that "
                                       "is the raster's nodata value, declare it: gdal_edit.py "
                                       "-a_nodata {} {}",
                                       col, row, stored, stored, path));
        const double x = t[0] + (static_cast<double>(col) + 0.5) * t[1];
        geos::Geometry centre = geos::own(ctx, geos::api().GEOSGeom_createPointFromXY_r(h, x, y), "create a point");
        const char inside = geos::api().GEOSPreparedContains_r(h, prepared.get(), centre.get());
        if (inside == 2) throw Error(ExitCode::kFailure, "GEOS failed a point-in-polygon test");
        if (inside == 1) sum += value;
      }
    }
  }
  return sum;
}

}  // namespace innocluster::geo

namespace innocluster::gdal {

using namespace innocluster::geo;

double module_raster_sum_within(const PopulationRaster::Impl& raster, const std::vector<unsigned char>& polygon_wkb) {
  if (polygon_wkb.empty()) return 0;
  geos::Context ctx;  // per call: a GEOS handle must not be shared between threads
  geos::Geometry geometry = geos::from_wkb(ctx, polygon_wkb);
  const int type = geos::api().GEOSGeomTypeId_r(ctx.handle(), geometry.get());
  if (type == GEOS_POLYGON) return raster.sum_part(ctx, geometry.get());
  if (type != GEOS_MULTIPOLYGON)
    throw Error(ExitCode::kFailure, "population: a footprint must be a Polygon or MultiPolygon");
  double sum = 0;
  const int parts = geos::api().GEOSGetNumGeometries_r(ctx.handle(), geometry.get());
  for (int i = 0; i < parts; ++i) sum += raster.sum_part(ctx, geos::api().GEOSGetGeometryN_r(ctx.handle(), geometry.get(), i));
  return sum;
}

std::string module_raster_description(const PopulationRaster::Impl& r) {
  const double* t = r.transform;
  const double x_end = t[0] + r.width * t[1];
  const double y_end = t[3] + r.height * t[5];
  return fmt::format("{}: {}x{} cells of {}° x {}° ({:.4g}\" x {:.4g}\"), lon {} to {}, lat {} to {}, CRS {}, "
                     "nodata {}",
                     r.path, r.width, r.height, t[1], std::abs(t[5]), t[1] * 3600, std::abs(t[5]) * 3600,
                     t[0], x_end, std::min(t[3], y_end), std::max(t[3], y_end), r.crs,
                     r.has_nodata ? fmt::format("{}", r.nodata) : std::string("none"));
}

}  // namespace innocluster::gdal
