#include "io/gis_writer.h"

#include <unistd.h>

#include <cmath>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/error.h"
#include "io/gdal_module.h"
#include "io/gdal_support.h"

namespace innocluster {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what,
                       const std::string& reason) {
  throw Error(ExitCode::kCannotCreate,
              fmt::format("{}: cannot {}: {}; check that the directory exists, is writable and "
                          "has free space",
                          path.string(), what, reason));
}

[[noreturn]] void program_error(const std::string& message) {
  throw Error(ExitCode::kFailure, "feature table: " + message);
}

const char* type_name(FieldType type) {
  switch (type) {
    case FieldType::kInteger: return "integer";
    case FieldType::kReal: return "real";
    case FieldType::kString: return "string";
  }
  return "?";
}

bool value_fits(const FieldValue& value, FieldType type) {
  switch (type) {
    case FieldType::kInteger: return std::holds_alternative<std::int64_t>(value);
    case FieldType::kReal: return std::holds_alternative<double>(value);
    case FieldType::kString: return std::holds_alternative<std::string>(value);
  }
  return false;
}

// Checked before anything is created, so that a bad table never leaves a file.
void check_table(const FeatureTable& table) {
  if (table.layer.empty()) program_error("empty layer name");
  if (table.geometry_wkb.size() != table.rows.size())
    program_error(fmt::format("{} rows but {} geometries", table.rows.size(), table.geometry_wkb.size()));
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row.size() != table.fields.size())
      program_error(fmt::format("row {} has {} values for {} fields", r, row.size(), table.fields.size()));
    for (std::size_t f = 0; f < row.size(); ++f) {
      if (!std::holds_alternative<std::monostate>(row[f]) && !value_fits(row[f], table.fields[f].type))
        program_error(fmt::format("row {}, field '{}': value is not of type {}", r, table.fields[f].name,
                                  type_name(table.fields[f].type)));
    }
  }
}

// Owns the GDAL objects of one write; removes the temporary unless committed.
class LayerFile {
 public:
  LayerFile(std::filesystem::path path, std::filesystem::path temp)
      : path_(std::move(path)), temp_(std::move(temp)) {}
  ~LayerFile() {
    if (dataset_) GDALClose(dataset_);
    if (srs_) OSRRelease(srs_);  // reference-counted: the layer may hold it too
    if (!committed_) remove_temporaries();
  }
  LayerFile(const LayerFile&) = delete;
  LayerFile& operator=(const LayerFile&) = delete;

  GDALDatasetH dataset_ = nullptr;
  OGRSpatialReferenceH srs_ = nullptr;

  // Closes the dataset (GDAL writes GeoJSON and finishes SQLite here) and
  // renames the temporary into place.
  void commit(const gdal::ErrorScope& errors) {
    GDALClose(dataset_);
    dataset_ = nullptr;
    if (errors.failed()) fail(path_, "write", errors.message());
    std::error_code ec;
    std::filesystem::rename(temp_, path_, ec);
    if (ec) fail(path_, "rename into place", ec.message());
    committed_ = true;
  }

 private:
  void remove_temporaries() {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
      std::filesystem::remove(temp_.string() + suffix, ec);
  }

  std::filesystem::path path_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

void set_field(OGRFeatureH feature, int index, const FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    OGR_F_SetFieldInteger64(feature, index, static_cast<GIntBig>(*i));
  } else if (const auto* d = std::get_if<double>(&value); d && std::isfinite(*d)) {
    OGR_F_SetFieldDouble(feature, index, *d);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    OGR_F_SetFieldString(feature, index, s->c_str());
  } else {
    OGR_F_SetFieldNull(feature, index);  // explicit null: the key is kept, unlike an unset field
  }
}

// The feature's geometry as an OGR MultiPolygon (owned by the caller), or null.
OGRGeometryH multipolygon_of(const std::vector<unsigned char>& wkb, std::size_t row) {
  if (wkb.empty()) return nullptr;
  OGRGeometryH geometry = nullptr;
  if (OGR_G_CreateFromWkbEx(wkb.data(), nullptr, &geometry, wkb.size()) != OGRERR_NONE || !geometry)
    program_error(fmt::format("row {}: geometry is not valid WKB", row));
  const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(geometry));
  if (type != wkbPolygon && type != wkbMultiPolygon) {
    OGR_G_DestroyGeometry(geometry);
    program_error(fmt::format("row {}: geometry is a {}, not a polygon", row,
                              OGRGeometryTypeToName(type)));
  }
  return OGR_G_ForceToMultiPolygon(geometry);
}

OGRFieldType ogr_type(FieldType type) {
  switch (type) {
    case FieldType::kInteger: return OFTInteger64;
    case FieldType::kReal: return OFTReal;
    case FieldType::kString: return OFTString;
  }
  return OFTString;
}

struct Format {
  const char* driver;
  std::vector<const char*> layer_options;  // null-terminated by write_layer
};

void write_layer(const std::filesystem::path& path, const FeatureTable& table, const Format& format) {
  check_table(table);
  gdal::ensure_registered();
  gdal::ErrorScope errors;

  GDALDriverH driver = GDALGetDriverByName(format.driver);
  if (!driver) fail(path, "create", fmt::format("GDAL was built without its {} driver", format.driver));

  // The temporary keeps the final extension: drivers check it (GeoPackage warns otherwise).
  std::filesystem::path temp = path;
  temp += fmt::format(".tmp-{}{}", ::getpid(), path.extension().string());
  LayerFile file(path, temp);
  {
    std::error_code ec;
    std::filesystem::remove(temp, ec);  // a leftover of a killed run with our pid
  }
  file.dataset_ = GDALCreate(driver, temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!file.dataset_) fail(path, "create", errors.message());

  file.srs_ = OSRNewSpatialReference(nullptr);
  if (OSRImportFromEPSG(file.srs_, 4326) != OGRERR_NONE)
    fail(path, "create", "EPSG:4326 is unknown to PROJ: " + errors.message("is proj-data installed?"));
  // Our WKB is longitude first; EPSG:4326's official axis order is latitude first.
  OSRSetAxisMappingStrategy(file.srs_, OAMS_TRADITIONAL_GIS_ORDER);

  std::vector<const char*> options = format.layer_options;
  options.push_back(nullptr);
  OGRLayerH layer = GDALDatasetCreateLayer(file.dataset_, table.layer.c_str(), file.srs_, wkbMultiPolygon,
                                           const_cast<char**>(options.data()));
  if (!layer) fail(path, "write", "layer '" + table.layer + "': " + errors.message());

  for (const FeatureField& field : table.fields) {
    OGRFieldDefnH definition = OGR_Fld_Create(field.name.c_str(), ogr_type(field.type));
    const OGRErr err = OGR_L_CreateField(layer, definition, /*bApproxOK=*/FALSE);
    OGR_Fld_Destroy(definition);
    if (err != OGRERR_NONE) fail(path, "write", "field '" + field.name + "': " + errors.message());
  }

  // One transaction for all features: GeoPackage is otherwise one commit per row.
  const bool transaction = GDALDatasetStartTransaction(file.dataset_, FALSE) == OGRERR_NONE;
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    OGRGeometryH geometry = multipolygon_of(table.geometry_wkb[r], r);
    OGRFeatureH feature = OGR_F_Create(definition);
    for (std::size_t f = 0; f < table.fields.size(); ++f)
      set_field(feature, static_cast<int>(f), table.rows[r][f]);
    if (geometry) OGR_F_SetGeometryDirectly(feature, geometry);
    const OGRErr err = OGR_L_CreateFeature(layer, feature);
    OGR_F_Destroy(feature);
    if (err != OGRERR_NONE) fail(path, "write", fmt::format("feature {}: {}", r + 1, errors.message()));
  }
  if (transaction && GDALDatasetCommitTransaction(file.dataset_) != OGRERR_NONE)
    fail(path, "write", errors.message());
  file.commit(errors);
}

}  // namespace

namespace gdal {

void module_write_geojson(const std::filesystem::path& path, const FeatureTable& table) {
  write_layer(path, table,
              Format{"GeoJSON",
                     {"RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_BBOX=NO",
                      "WRITE_NAME=YES"}});
}

void module_write_geopackage(const std::filesystem::path& path, const FeatureTable& table) {
  // GeoPackage records when each table last changed; a fixed date keeps
  // identical tables byte-identical (see the header comment).
  gdal::ThreadConfigOption fixed_date("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  write_layer(path, table, Format{"GPKG", {"SPATIAL_INDEX=YES"}});
}

}  // namespace gdal
}  // namespace innocluster
