#pragma once
// Helpers for the tests of the GDAL-backed code: geometries from WKT, and
// GDAL objects that close themselves.

#include <gdal.h>
#include <ogr_api.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace innocluster::testing {

/// ISO WKB (little-endian) of a WKT geometry.
inline std::vector<unsigned char> wkb_of(const std::string& wkt) {
  OGRGeometryH geometry = nullptr;
  char* text = const_cast<char*>(wkt.c_str());
  if (OGR_G_CreateFromWkt(&text, nullptr, &geometry) != OGRERR_NONE) throw std::runtime_error("bad WKT " + wkt);
  std::vector<unsigned char> wkb(static_cast<std::size_t>(OGR_G_WkbSize(geometry)));
  OGR_G_ExportToIsoWkb(geometry, wkbNDR, wkb.data());
  OGR_G_DestroyGeometry(geometry);
  return wkb;
}

struct DatasetCloser {
  void operator()(void* dataset) const {
    if (dataset) GDALClose(dataset);
  }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

struct FeatureDestroyer {
  void operator()(void* feature) const {
    if (feature) OGR_F_Destroy(feature);
  }
};
using Feature = std::unique_ptr<void, FeatureDestroyer>;

}  // namespace innocluster::testing
