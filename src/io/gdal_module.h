#pragma once
// GDAL behind a module loaded on first use.
//
// Everything that reads or writes a file through GDAL (the GeoJSON and
// GeoPackage layers of io/gis_writer.h and io/gis_reader.h, the population
// rasters of geo/population_raster.h) is built into its own shared module,
// libinnocluster_gdal.so, which the library loads with dlopen the first time
// one of those functions is called. GDAL pulls in about a hundred shared
// libraries and binds all their symbols at load time: linked into the
// executable, that cost about 30 ms at every start of every command, whether
// or not it touched a GIS file (`innocluster detect`, `--help`, ...).
//
// The binary interface is C (this header itself is C++): the module's one
// exported symbol (src/io/gdal_module.map), innocluster_gdal_module(),
// returns a table of C functions that take and return plain structs, C
// strings and opaque handles; no C++ object, and no exception, crosses it (a failure
// comes back as an exit code and a message, which the library throws as the
// module's Error would have been). So the executable and the module may each
// carry their own C++ runtime: the executable links it statically, which
// spares every command loading and relocating libstdc++ (0.4-0.5 ms of a
// start of about 1 ms), while the module, like GDAL, uses the shared one.
// What the module needs of the library's own code (errors, GEOS, the loader
// of shared libraries, the table conversions below) is compiled into it too,
// hidden (CMakeLists.txt, GDAL_MODULE_SHARED_SOURCES).
//
// Where the module is looked for, in order: $INNOCLUSTER_GDAL_MODULE (a file
// path), the directory of the running executable, the build directory.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "geo/population_raster.h"
#include "io/gis_writer.h"

extern "C" {

/// An attribute value (FieldValue): `kind` 0 null, 1 integer, 2 real, 3 text
/// (UTF-8, `text_size` bytes, not necessarily NUL-terminated).
struct InnoclusterGdalValue {
  int kind;
  std::int64_t integer;
  double real;
  const char* text;
  std::size_t text_size;
};

/// A field: its name (NUL-terminated) and FieldType as an int.
struct InnoclusterGdalField {
  const char* name;
  int type;
};

/// A FeatureTable as plain arrays, pointing into memory that its maker keeps
/// alive while the table is in use (rows and geometries as they are, even
/// where they break the table's rules, which the writer reports).
struct InnoclusterGdalTable {
  const char* layer;
  std::size_t field_count;
  const InnoclusterGdalField* fields;
  std::size_t row_count;
  const std::size_t* row_start;         ///< row r's values: [row_start[r], row_start[r + 1])
  const InnoclusterGdalValue* values;   ///< every row's values, row after row
  std::size_t geometry_count;
  const unsigned char* const* wkb;      ///< per geometry: its ISO WKB
  const std::size_t* wkb_size;          ///< per geometry: its size in bytes (0: none)
};

/// How a call ended: `code` 0, or an exit code (innocluster::ExitCode) with
/// `message` allocated by malloc(), which the caller frees with free().
struct InnoclusterGdalStatus {
  int code;
  char* message;
};

/// The module's functions (see io/gis_writer.h, io/gis_reader.h and
/// geo/population_raster.h for their contracts). Every function that takes a
/// status sets it.
struct InnoclusterGdalModule {
  int version;  ///< kGdalModuleVersion of the build that made the module
  void (*write_geojson)(const char* path, const InnoclusterGdalTable* table, InnoclusterGdalStatus* status);
  void (*write_geopackage)(const char* path, const InnoclusterGdalTable* table, InnoclusterGdalStatus* status);
  /// A table read from a file, as an opaque handle (null on failure) whose
  /// view stays valid until it is freed.
  void* (*read_feature_table)(const char* path, InnoclusterGdalStatus* status);
  const InnoclusterGdalTable* (*table_view)(const void* table);
  void (*free_table)(void* table);
  /// An open raster, as an opaque handle (null on failure).
  void* (*open_raster)(const char* path, InnoclusterGdalStatus* status);
  void (*close_raster)(void* raster);
  double (*raster_sum_within)(const void* raster, const unsigned char* wkb, std::size_t wkb_size,
                              InnoclusterGdalStatus* status);
  /// Allocated by malloc() (the caller frees it with free()); null on failure.
  char* (*raster_description)(const void* raster, InnoclusterGdalStatus* status);
};

/// The module's one exported symbol.
__attribute__((visibility("default"))) const InnoclusterGdalModule* innocluster_gdal_module();

}  // extern "C"

namespace innocluster::gdal {

/// Changed whenever InnoclusterGdalModule or the structs it takes change: a
/// module of another layout is refused rather than called.
inline constexpr int kGdalModuleVersion = 2;

/// The module's file name.
inline constexpr const char* kModuleFile = "libinnocluster_gdal.so";

/// Loads the module once (thread-safe) and returns its functions. Throws
/// Error(kFailure) naming the places it looked and the loader's reason when
/// the module cannot be loaded, or is of another build.
const InnoclusterGdalModule& module();

/// A C view of `table`, which must outlive it.
class TableView {
 public:
  explicit TableView(const FeatureTable& table);
  TableView(const TableView&) = delete;
  TableView& operator=(const TableView&) = delete;
  const InnoclusterGdalTable* get() const { return &view_; }

 private:
  std::vector<InnoclusterGdalField> fields_;
  std::vector<std::size_t> row_start_;
  std::vector<InnoclusterGdalValue> values_;
  std::vector<const unsigned char*> wkb_;
  std::vector<std::size_t> wkb_size_;
  InnoclusterGdalTable view_{};
};

/// The FeatureTable a view shows (a copy). Throws Error(kFailure) for a
/// value kind or field type out of range.
FeatureTable table_from_view(const InnoclusterGdalTable& view);

/// Throws the failure a status holds, if any (its message freed).
void throw_if_failed(InnoclusterGdalStatus& status);

// The implementations, defined in the module (and reached only through the
// table above).
void module_write_geojson(const std::filesystem::path& path, const FeatureTable& table);
void module_write_geopackage(const std::filesystem::path& path, const FeatureTable& table);
FeatureTable module_read_feature_table(const std::filesystem::path& path);
geo::PopulationRaster::Impl* module_open_raster(const std::string& path);
void module_close_raster(geo::PopulationRaster::Impl* raster);
double module_raster_sum_within(const geo::PopulationRaster::Impl& raster, const std::vector<unsigned char>& wkb);
std::string module_raster_description(const geo::PopulationRaster::Impl& raster);

}  // namespace innocluster::gdal
