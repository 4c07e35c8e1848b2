// The C side of the GDAL module's boundary (io/gdal_module.h): FeatureTables
// as plain arrays and back, and failures as statuses. Compiled into both the
// library and the module.

#include <cstdlib>
#include <string>
#include <type_traits>
#include <variant>

#include "core/error.h"
#include "io/gdal_module.h"

namespace innocluster::gdal {

// What crosses as ints (io/gdal_module.h): changing any of these changes the
// interface, and kGdalModuleVersion with it.
static_assert(std::is_same_v<std::variant_alternative_t<0, FieldValue>, std::monostate> &&
              std::is_same_v<std::variant_alternative_t<1, FieldValue>, std::int64_t> &&
              std::is_same_v<std::variant_alternative_t<2, FieldValue>, double> &&
              std::is_same_v<std::variant_alternative_t<3, FieldValue>, std::string> &&
              std::variant_size_v<FieldValue> == 4);
static_assert(static_cast<int>(FieldType::kInteger) == 0 && static_cast<int>(FieldType::kReal) == 1 &&
              static_cast<int>(FieldType::kString) == 2);
static_assert(static_cast<int>(ExitCode::kOk) == 0 && static_cast<int>(ExitCode::kFailure) == 1);

TableView::TableView(const FeatureTable& table) {
  fields_.reserve(table.fields.size());
  for (const FeatureField& f : table.fields) fields_.push_back({f.name.c_str(), static_cast<int>(f.type)});
  row_start_.reserve(table.rows.size() + 1);
  values_.reserve(table.rows.size() * table.fields.size());
  for (const std::vector<FieldValue>& row : table.rows) {
    row_start_.push_back(values_.size());
    for (const FieldValue& value : row) {
      InnoclusterGdalValue v{static_cast<int>(value.index()), 0, 0.0, nullptr, 0};
      if (const auto* i = std::get_if<std::int64_t>(&value)) v.integer = *i;
      if (const auto* d = std::get_if<double>(&value)) v.real = *d;
      if (const auto* s = std::get_if<std::string>(&value)) {
        v.text = s->data();
        v.text_size = s->size();
      }
      values_.push_back(v);
    }
  }
  row_start_.push_back(values_.size());
  wkb_.reserve(table.geometry_wkb.size());
  wkb_size_.reserve(table.geometry_wkb.size());
  for (const std::vector<unsigned char>& wkb : table.geometry_wkb) {
    wkb_.push_back(wkb.data());
    wkb_size_.push_back(wkb.size());
  }
  view_ = {table.layer.c_str(), fields_.size(), fields_.data(), table.rows.size(), row_start_.data(),
           values_.data(),      wkb_.size(),    wkb_.data(),    wkb_size_.data()};
}

FeatureTable table_from_view(const InnoclusterGdalTable& view) {
  FeatureTable table;
  table.layer = view.layer ? view.layer : "";
  for (std::size_t f = 0; f < view.field_count; ++f) {
    const int type = view.fields[f].type;
    if (type < static_cast<int>(FieldType::kInteger) || type > static_cast<int>(FieldType::kString))
      throw Error(ExitCode::kFailure, "GDAL module: a field of unknown type " + std::to_string(type));
    table.fields.push_back({view.fields[f].name, static_cast<FieldType>(type)});
  }
  table.rows.reserve(view.row_count);
  for (std::size_t r = 0; r < view.row_count; ++r) {
    std::vector<FieldValue>& row = table.rows.emplace_back();
    row.reserve(view.row_start[r + 1] - view.row_start[r]);
    for (std::size_t at = view.row_start[r]; at < view.row_start[r + 1]; ++at) {
      const InnoclusterGdalValue& v = view.values[at];
      switch (v.kind) {
        case 0: row.emplace_back(std::monostate{}); break;
        case 1: row.emplace_back(v.integer); break;
        case 2: row.emplace_back(v.real); break;
        case 3: row.emplace_back(std::string(v.text, v.text_size)); break;
        default: throw Error(ExitCode::kFailure, "GDAL module: a value of unknown kind " + std::to_string(v.kind));
      }
    }
  }
  table.geometry_wkb.reserve(view.geometry_count);
  for (std::size_t g = 0; g < view.geometry_count; ++g)
    table.geometry_wkb.emplace_back(view.wkb[g], view.wkb[g] + view.wkb_size[g]);
  return table;
}

void throw_if_failed(InnoclusterGdalStatus& status) {
  if (status.code == 0) return;
  std::string message = status.message ? status.message : "the GDAL module failed without a reason";
  std::free(status.message);
  status.message = nullptr;
  throw Error(static_cast<ExitCode>(status.code), message);
}

}  // namespace innocluster::gdal
