#pragma once
// Population of a cluster footprint from a gridded population raster (e.g.
// GHS-POP): the zonal sum of the cells whose centre lies inside the footprint.
//
// The raster must be a single-band GeoTIFF (or any raster GDAL reads) on a
// geographic longitude/latitude CRS in degrees — EPSG:4326 or another datum,
// whose difference from WGS 84 (metres) is far below a cell — with a
// north-up, non-rotated grid. A projected raster (GHS-POP's Mollweide
// edition, ESRI:54009) is refused rather than reprojected here: reprojecting
// counts properly means summing, which `gdalwarp -t_srs EPSG:4326 -r sum` does
// once, outside the run.
//
// Cell values are inhabitants per cell. Cells equal to the band's nodata
// value, and NaN cells, count as nothing; the band's scale and offset, when
// set, are applied. A negative value that is not nodata is an error
// (Error(kDataError) naming the file and the cell): it almost always means the
// raster's nodata value (GHS-POP: -200) is not declared, and counting it as 0
// would hide that.
//
// The rule: a cell counts, wholly, when its centre lies in the interior of the
// footprint; a centre exactly on the boundary counts for no footprint, so two
// footprints that share an edge never count a cell twice. Each part of a
// MultiPolygon is summed on its own (parts are disjoint in a valid
// MultiPolygon). The error of the rule is bounded by the population of the
// cells the boundary crosses: negligible for a footprint tens of cells wide
// (a 30″ cell is about 0.9 km), but a footprint only a few cells wide can be
// off by tens of percent, and one narrower than a cell may contain no centre
// at all and get 0. Footprints are expected in [-180, 180] × [-90, 90];
// whatever lies outside the raster's extent counts as nothing.
//
// Cost: only the cells of each part's bounding box are read (in windows of at
// most ~1 million cells, never the whole raster), and only cells with a
// positive value are tested against the polygon (GEOS prepared geometry).

#include <memory>
#include <string>
#include <vector>

namespace innocluster::geo {

class PopulationRaster {
 public:
  /// Opens and checks the raster. Throws Error(kNoInput) when the file cannot
  /// be opened, Error(kDataError) naming the file when GDAL cannot read it or
  /// it breaks a requirement above (band count, CRS, rotation), with what to
  /// do about it.
  static PopulationRaster open(const std::string& path);

  PopulationRaster(PopulationRaster&&) noexcept;
  PopulationRaster& operator=(PopulationRaster&&) noexcept;
  ~PopulationRaster();

  /// Sum of the cells whose centre lies inside `polygon_wkb` (ISO WKB of a
  /// Polygon or MultiPolygon, x = longitude, y = latitude, degrees); 0 for an
  /// empty geometry or one outside the raster. Cells are summed in row-major
  /// order, so the result is the same on every call. Throws Error(kDataError)
  /// for a negative cell or a read failure, Error(kFailure) for WKB that is
  /// not a polygon. Safe to call from several threads (reads are serialised).
  double sum_within(const std::vector<unsigned char>& polygon_wkb) const;

  /// One line for manifests: path, size in cells, resolution, extent, CRS and
  /// nodata value.
  std::string description() const;

  /// The open raster, defined in the GDAL module (io/gdal_module.h).
  struct Impl;

 private:
  struct Close {
    void operator()(Impl* raster) const;
  };
  explicit PopulationRaster(Impl* impl);
  std::unique_ptr<Impl, Close> impl_;
};

}  // namespace innocluster::geo
