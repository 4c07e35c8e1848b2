#include "detect/points_io.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <string_view>

#include "core/large_array.h"
#include "core/error.h"
#include "core/text.h"
#include "io/output_file.h"
#include "io/record_reader.h"

namespace innocluster::detect {
namespace {

constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);
constexpr std::size_t kErrorsShown = 5;

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

struct Rejection {
  std::string_view reason;
  std::string detail;
};

class PointsReader {
 public:
  PointsReader(const std::string& path, const PointsReadOptions& options) : path_(path), options_(options) {}

  PointsFile run() {
    auto reader = open_records(path_);
    find_columns(reader->header());
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path_, ec);
    if (!ec) {
      // Capacity only: pages that are never filled are never touched.
      const std::size_t guess = static_cast<std::size_t>(bytes / 4 + 16);
      reserve_large(out_.points, guess);
    }
    Record rec;
    while (reader->next(rec)) {
      if (auto r = accept(rec)) reject(rec, *r);
      ++out_.rows;
    }
    if (rejected_) {
      rejected_->commit();
      out_.rejected_file = rejected_->path();
    }
    return std::move(out_);
  }

 private:
  void find_columns(const std::vector<std::string>& header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string_view name = trim(header[i]);
      std::size_t* slot = same_name(name, "lat") ? &lat_ : same_name(name, "lon") ? &lon_
                          : same_name(name, "weight") ? &weight_ : nullptr;
      if (slot && *slot == kNoColumn) *slot = i;
    }
    columns_ = header.size();
    out_.has_weight_column = weight_ != kNoColumn;
    if (lat_ == kNoColumn || lon_ == kNoColumn) {
      std::string found;
      for (const std::string& h : header) found += (found.empty() ? "" : ", ") + h;
      throw Error(ExitCode::kDataError,
                  located(path_, 1, fmt::format("missing required column '{}' (columns found: {}); the "
                                                "header must name lat and lon (WGS84 degrees) and may name weight",
                                                lat_ == kNoColumn ? "lat" : "lon", found)));
    }
  }

  std::optional<Rejection> accept(const Record& rec) {
    if (!rec.error.empty()) return Rejection{"malformed_record", std::string(rec.error)};
    if (rec.fields.size() != columns_)
      return Rejection{"field_count", fmt::format("{} fields where the header has {}", rec.fields.size(), columns_)};
    const std::string_view lat_text = trim(rec.fields[lat_]), lon_text = trim(rec.fields[lon_]);
    if (lat_text.empty() || lon_text.empty())
      return Rejection{"missing_coordinates", lat_text.empty() ? "lat is empty" : "lon is empty"};
    const auto lat = parse_decimal(lat_text);
    if (!lat) return Rejection{"bad_coordinate", fmt::format("lat '{}' is not a number", lat_text)};
    const auto lon = parse_decimal(lon_text);
    if (!lon) return Rejection{"bad_coordinate", fmt::format("lon '{}' is not a number", lon_text)};
    if (*lat < -90 || *lat > 90)
      return Rejection{"coordinate_out_of_range", fmt::format("lat {} is outside [-90, 90]", lat_text)};
    if (*lon < -180 || *lon > 180)
      return Rejection{"coordinate_out_of_range", fmt::format("lon {} is outside [-180, 180]", lon_text)};
    FixedWeight w = kWeightOne;
    if (weight_ != kNoColumn) {
      const std::string_view text = trim(rec.fields[weight_]);
      if (text.empty()) return Rejection{"missing_weight", "weight is empty"};
      const auto v = parse_decimal(text);
      if (!v || *v < 0 || *v > kMaxRowWeight)
        return Rejection{"bad_weight", fmt::format("weight '{}' is not a number in [0, 1e6]", text)};
      w = to_fixed_weight(*v);
    }
    total_ += w;
    if (total_ > static_cast<FixedWeight>(kMaxTotalWeight) * kWeightOne)
      throw Error(ExitCode::kDataError,
                  located(path_, rec.line, "the weights add up to more than 2147483647; split the input or scale the weights down"));
    out_.points.push_back({*lat, *lon, w});
    return std::nullopt;
  }

  void reject(const Record& rec, const Rejection& r) {
    ++out_.rejected;
    out_.rejected_rows.push_back(out_.rows);
    if (out_.first_rejections.size() < kErrorsShown)
      out_.first_rejections.push_back(located(path_, rec.line, fmt::format("{}: {}", r.reason, r.detail)));
    if (options_.rejected_path.empty()) return;
    if (!rejected_)
      rejected_ = std::make_unique<CsvWriter>(options_.rejected_path,
                                              std::initializer_list<std::string_view>{"line", "reason", "detail", "record"});
    const std::string line = std::to_string(rec.line);
    rejected_->row({line, r.reason, r.detail, rec.raw});
  }

  const std::string& path_;
  const PointsReadOptions& options_;
  PointsFile out_;
  std::size_t lat_ = kNoColumn, lon_ = kNoColumn, weight_ = kNoColumn, columns_ = 0;
  FixedWeight total_ = 0;
  std::unique_ptr<CsvWriter> rejected_;
};

}  // namespace

PointsFile read_points(const std::string& path, const PointsReadOptions& options) {
  return PointsReader(path, options).run();
}

void write_labels(const std::filesystem::path& path, const PointsFile& file,
                  std::span<const std::int32_t> cluster, std::span<const std::uint8_t> core) {
  OutputFile out(path);
  std::string buf = "cluster,core\n";
  buf.reserve(1 << 16);
  auto rejected = file.rejected_rows.begin();
  std::size_t next = 0;  // next accepted row
  char num[16];
  for (std::uint64_t row = 0; row < file.rows; ++row) {
    if (rejected != file.rejected_rows.end() && *rejected == row) {
      buf += "-1,0\n";
      ++rejected;
    } else {
      const auto res = std::to_chars(num, num + sizeof num, cluster[next]);
      buf.append(num, res.ptr);
      buf += core[next] ? ",1\n" : ",0\n";
      ++next;
    }
    if (buf.size() > (1 << 16) - 32) {
      out.write(buf);
      buf.clear();
    }
  }
  out.write(buf);
  out.commit();
}

}  // namespace innocluster::detect
