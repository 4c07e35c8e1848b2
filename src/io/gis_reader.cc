#include "io/gis_reader.h"

#include <fmt/format.h>
#include <gdal.h>
#include <ogr_api.h>

#include "core/error.h"
#include "io/gdal_module.h"
#include "io/gdal_support.h"

namespace innocluster {
namespace {

struct DatasetCloser {
  void operator()(void* dataset) const {
    if (dataset) GDALClose(dataset);
  }
};
struct FeatureDestroyer {
  void operator()(void* feature) const {
    if (feature) OGR_F_Destroy(feature);
  }
};

FieldType field_type(OGRFieldType type) {
  switch (type) {
    case OFTInteger:
    case OFTInteger64: return FieldType::kInteger;
    case OFTReal: return FieldType::kReal;
    default: return FieldType::kString;
  }
}

}  // namespace

FeatureTable gdal::module_read_feature_table(const std::filesystem::path& path) {
  gdal::ensure_registered();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(ExitCode::kNoInput, fmt::format("{}: no such file", path.string()));
  gdal::ErrorScope errors;
  std::unique_ptr<void, DatasetCloser> dataset(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!dataset)
    throw Error(ExitCode::kNoInput,
                fmt::format("{}: cannot open as a GIS layer: {}", path.string(), errors.message()));
  OGRLayerH layer = GDALDatasetGetLayer(dataset.get(), 0);
  if (!layer) throw Error(ExitCode::kDataError, fmt::format("{}: holds no layer", path.string()));

  FeatureTable table;
  table.layer = OGR_L_GetName(layer);
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
  const int field_count = OGR_FD_GetFieldCount(definition);
  for (int f = 0; f < field_count; ++f) {
    OGRFieldDefnH field = OGR_FD_GetFieldDefn(definition, f);
    table.fields.push_back({OGR_Fld_GetNameRef(field), field_type(OGR_Fld_GetType(field))});
  }
  OGR_L_ResetReading(layer);
  for (;;) {
    std::unique_ptr<void, FeatureDestroyer> feature(OGR_L_GetNextFeature(layer));
    if (!feature) break;
    std::vector<FieldValue> row;
    for (int f = 0; f < field_count; ++f) {
      if (!OGR_F_IsFieldSetAndNotNull(feature.get(), f)) {
        row.emplace_back(std::monostate{});
        continue;
      }
      switch (table.fields[static_cast<std::size_t>(f)].type) {
        case FieldType::kInteger: row.emplace_back(std::int64_t{OGR_F_GetFieldAsInteger64(feature.get(), f)}); break;
        case FieldType::kReal: row.emplace_back(OGR_F_GetFieldAsDouble(feature.get(), f)); break;
        case FieldType::kString: row.emplace_back(std::string(OGR_F_GetFieldAsString(feature.get(), f))); break;
      }
    }
    std::vector<unsigned char> wkb;
    if (OGRGeometryH geometry = OGR_F_GetGeometryRef(feature.get())) {
      wkb.resize(static_cast<std::size_t>(OGR_G_WkbSize(geometry)));
      OGR_G_ExportToIsoWkb(geometry, wkbNDR, wkb.data());
    }
    table.rows.push_back(std::move(row));
    table.geometry_wkb.push_back(std::move(wkb));
  }
  if (errors.failed())
    throw Error(ExitCode::kDataError, fmt::format("{}: cannot read: {}", path.string(), errors.message()));
  return table;
}

}  // namespace innocluster
