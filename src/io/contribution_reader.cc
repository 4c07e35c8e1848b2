#include "io/contribution_reader.h"

#include <charconv>
#include <cmath>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "core/error.h"
#include "core/progress.h"
#include "core/text.h"
#include "io/output_file.h"
#include "io/record_reader.h"
#include "geo/geocoder.h"
#include "io/utf8.h"

namespace innocluster {
namespace {

constexpr std::array<std::string_view, kRejectReasonCount> kReasonCodes = {
    "malformed_record", "field_count",       "invalid_utf8",   "missing_id",
    "missing_year",     "bad_year",          "year_outside_window", "missing_coordinates",
    "not_geocoded",     "bad_coordinate",    "coordinate_out_of_range", "missing_weight",
    "bad_weight",       "no_country_match",  "no_place_match", "region_only",
    "country_only"};

constexpr std::int64_t kNoColumn = -1;

std::string normalise_header(std::string_view name) {
  std::string out(trim(name));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The roles a column can play, with the header names (lower case) that mean it.
struct RoleSpec {
  std::string ColumnRoles::*member;
  std::initializer_list<std::string_view> names;
};
const std::array<RoleSpec, 11>& role_specs() {
  static const std::array<RoleSpec, 11> specs = {{
      {&ColumnRoles::id, {"id"}},
      {&ColumnRoles::year, {"year"}},
      {&ColumnRoles::lat, {"lat", "latitude"}},
      {&ColumnRoles::lon, {"lon", "lng", "long", "longitude"}},
      {&ColumnRoles::weight, {"weight"}},
      {&ColumnRoles::field, {"field"}},
      {&ColumnRoles::org, {"org"}},
      {&ColumnRoles::city, {"city"}},
      {&ColumnRoles::region, {"region"}},
      {&ColumnRoles::country, {"country"}},
      {&ColumnRoles::address, {"address"}},
  }};
  return specs;
}

// Column positions of each role in the file, kNoColumn when absent.
struct ColumnIndex {
  std::int64_t id = kNoColumn, year = kNoColumn, lat = kNoColumn, lon = kNoColumn,
               weight = kNoColumn, field = kNoColumn, org = kNoColumn;
  std::int64_t city = kNoColumn, region = kNoColumn, country = kNoColumn, address_text = kNoColumn;
  std::vector<std::int64_t> address;  // city, region, country, address columns present
};

// Gives each header column its role, recording the roles and ignored columns
// in `out`; throws when a required column is missing or a role is given twice.
ColumnIndex map_header(const std::string& path, const std::vector<std::string>& header,
                       ContributionFile& out) {
  ColumnIndex index;
  ColumnRoles& roles = out.roles;
  std::array<std::int64_t*, 11> positions = {&index.id,     &index.year,   &index.lat,
                                             &index.lon,    &index.weight, &index.field,
                                             &index.org,    &index.city,   &index.region,
                                             &index.country, &index.address_text};
  for (std::size_t col = 0; col < header.size(); ++col) {
    const std::string name = normalise_header(header[col]);
    bool used = false;
    for (std::size_t r = 0; r < role_specs().size() && !used; ++r) {
      const RoleSpec& spec = role_specs()[r];
      for (std::string_view alias : spec.names) {
        if (name != alias) continue;
        std::string& taken = roles.*spec.member;
        if (!taken.empty())
          throw Error(ExitCode::kDataError,
                      located(path, 1,
                              fmt::format("columns '{}' and '{}' both give the {} column; keep "
                                          "one of them",
                                          taken, header[col], spec.names.begin()[0])));
        taken = header[col];
        *positions[r] = static_cast<std::int64_t>(col);
        if (r >= 7) index.address.push_back(static_cast<std::int64_t>(col));
        used = true;
        break;
      }
    }
    if (!used) out.ignored_columns.push_back(header[col]);
  }

  const auto found = [&] {
    std::string list;
    for (const std::string& h : header) list += (list.empty() ? "" : ", ") + h;
    return list;
  };
  const auto missing = [&](std::string_view column, std::string_view hint) {
    throw Error(ExitCode::kDataError,
                located(path, 1,
                        fmt::format("missing required column '{}' (columns found: {}); {}",
                                    column, found(), hint)));
  };
  if (index.id == kNoColumn) missing("id", "every row needs the id of its document");
  if (index.year == kNoColumn) missing("year", "every row needs its publication year");
  if ((index.lat == kNoColumn) != (index.lon == kNoColumn))
    missing(index.lat == kNoColumn ? "lat" : "lon",
            "coordinates need both 'lat' and 'lon' columns");
  if (index.lat == kNoColumn && index.address.empty())
    missing("lat", "give 'lat' and 'lon' columns (WGS84 degrees), or address columns "
                   "'city', 'region', 'country' or 'address' for geocoding");
  return index;
}

class Ingest {
 public:
  Ingest(const std::string& path, const ContributionReadOptions& options, ContributionFile& out)
      : path_(path), options_(options), out_(out) {}

  void run();

 private:
  struct Rejection {
    RejectReason reason;
    std::string detail;
  };

  // Validates one record; on success appends it to the table and returns nullopt.
  std::optional<Rejection> accept(const Record& rec);
  std::optional<Rejection> parse_coordinates(const Record& rec, std::int32_t& lat_e7, std::int32_t& lon_e7);
  std::optional<Rejection> place_address(const Record& rec, std::int32_t& lat_e7, std::int32_t& lon_e7);
  void reject(const Record& rec, const Rejection& r);
  std::string_view field(const Record& rec, std::int64_t column) const {
    return column == kNoColumn ? std::string_view{} : trim(rec.fields[static_cast<std::size_t>(column)]);
  }

  const std::string& path_;
  const ContributionReadOptions& options_;
  ContributionFile& out_;
  ColumnIndex index_;
  std::size_t columns_ = 0;
  std::unique_ptr<CsvWriter> rejected_;
  const geo::Geocoder* geocoder_ = nullptr;  // fetched on the first address-only row
  // Addresses repeat (an institution, a city): each distinct one is placed once.
  std::unordered_map<std::string, geo::GeocodeResult> placed_;
  std::string address_key_;
};

void Ingest::run() {
  std::unique_ptr<RecordReader> reader = open_records(path_);
  out_.format = format_of(path_) == RecordFormat::kJsonLines ? "jsonl" : "csv";
  std::error_code ec;
  out_.file_bytes = std::filesystem::file_size(path_, ec);
  columns_ = reader->header().size();
  index_ = map_header(path_, reader->header(), out_);
  out_.table.source = options_.source;

  Record rec;
  IngestCounts& counts = out_.counts;
  while (reader->next(rec)) {
    ++counts.read;
    if (auto rejection = accept(rec)) {
      reject(rec, *rejection);
    } else {
      ++counts.accepted;
    }
    if (options_.on_progress && (counts.read & 0xFFFF) == 0) options_.on_progress(reader->bytes_consumed());
  }
  counts.blank_lines = reader->blank_lines();
  out_.table.shrink_to_fit();
  if (options_.on_progress) options_.on_progress(reader->bytes_consumed());
  if (rejected_) {
    rejected_->commit();
    out_.rejected_file = options_.rejected_path;
  }
}

std::optional<Ingest::Rejection> Ingest::accept(const Record& rec) {
  // Structural checks first: until they pass, no field can be trusted.
  if (!is_valid_utf8(rec.raw))
    return Rejection{RejectReason::kInvalidUtf8, "the row holds bytes that are not UTF-8; re-export the file as UTF-8"};
  if (!rec.error.empty()) return Rejection{RejectReason::kMalformedRecord, std::string(rec.error)};
  if (rec.fields.size() != columns_)
    return Rejection{RejectReason::kFieldCount,
                     fmt::format("{} fields where the header has {}", rec.fields.size(), columns_)};
  const std::string_view id = field(rec, index_.id);
  if (id.empty()) return Rejection{RejectReason::kMissingId, "empty id"};

  ContributionTable& t = out_.table;
  const StringPool::Id doc = t.documents.intern(id);
  // From here on the row belongs to a known document: a rejection keeps its
  // place in the document's count (see rejected_row_documents).
  auto content_rejection = [&](RejectReason reason, std::string detail) {
    out_.rejected_row_documents.push_back(doc);
    return Rejection{reason, std::move(detail)};
  };

  const std::string_view year_text = field(rec, index_.year);
  if (year_text.empty()) return content_rejection(RejectReason::kMissingYear, "empty year");
  int year = 0;
  const auto yres = std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  if (yres.ec != std::errc() || yres.ptr != year_text.data() + year_text.size())
    return content_rejection(RejectReason::kBadYear, fmt::format("year '{}' is not a whole number", year_text));
  if (!options_.years.contains(year))
    return content_rejection(RejectReason::kYearOutsideWindow,
                             fmt::format("year {} is outside the window {}-{}", year,
                                         options_.years.first, options_.years.last));

  std::int32_t lat_e7 = 0, lon_e7 = 0;
  if (auto r = parse_coordinates(rec, lat_e7, lon_e7)) return content_rejection(r->reason, std::move(r->detail));

  FixedWeight weight = 0;
  if (index_.weight != kNoColumn) {
    const std::string_view text = field(rec, index_.weight);
    if (text.empty()) return content_rejection(RejectReason::kMissingWeight, "empty weight");
    const std::optional<double> w = parse_decimal(text);
    if (!w || *w < 0 || *w > kMaxRowWeight)
      return content_rejection(RejectReason::kBadWeight,
                               fmt::format("weight '{}' is not a number in [0, {}]", text, kMaxRowWeight));
    weight = to_fixed_weight(*w);
  }

  t.document.push_back(doc);
  t.year.push_back(static_cast<std::int16_t>(year));
  t.lat_e7.push_back(lat_e7);
  t.lon_e7.push_back(lon_e7);
  t.field.push_back(index_.field == kNoColumn ? StringPool::kEmpty : t.fields.intern(field(rec, index_.field)));
  t.org.push_back(index_.org == kNoColumn ? StringPool::kEmpty : t.orgs.intern(field(rec, index_.org)));
  if (index_.weight != kNoColumn) t.given_weight.push_back(weight);
  return std::nullopt;
}

std::optional<Ingest::Rejection> Ingest::parse_coordinates(const Record& rec, std::int32_t& lat_e7,
                                                           std::int32_t& lon_e7) {
  const std::string_view lat_text = field(rec, index_.lat);
  const std::string_view lon_text = field(rec, index_.lon);
  if (lat_text.empty() && lon_text.empty()) {
    for (std::int64_t col : index_.address)
      if (!field(rec, col).empty()) {
        if (options_.geocoder) return place_address(rec, lat_e7, lon_e7);
        return Rejection{RejectReason::kNotGeocoded,
                         "no coordinates, only an address, and this run does not geocode: add lat/lon"};
      }
  }
  if (lat_text.empty() || lon_text.empty())
    return Rejection{RejectReason::kMissingCoordinates, lat_text.empty() ? "empty lat" : "empty lon"};
  const std::optional<double> lat = parse_decimal(lat_text);
  if (!lat) return Rejection{RejectReason::kBadCoordinate, fmt::format("lat '{}' is not a finite number", lat_text)};
  const std::optional<double> lon = parse_decimal(lon_text);
  if (!lon) return Rejection{RejectReason::kBadCoordinate, fmt::format("lon '{}' is not a finite number", lon_text)};
  if (std::fabs(*lat) > 90)
    return Rejection{RejectReason::kCoordinateOutOfRange, fmt::format("lat {} is outside [-90, 90]", lat_text)};
  if (std::fabs(*lon) > 180)
    return Rejection{RejectReason::kCoordinateOutOfRange, fmt::format("lon {} is outside [-180, 180]", lon_text)};
  lat_e7 = static_cast<std::int32_t>(std::llround(*lat * kCoordScale));
  lon_e7 = static_cast<std::int32_t>(std::llround(*lon * kCoordScale));
  return std::nullopt;
}

std::optional<Ingest::Rejection> Ingest::place_address(const Record& rec, std::int32_t& lat_e7,
                                                       std::int32_t& lon_e7) {
  Stopwatch watch;
  if (!geocoder_) geocoder_ = &options_.geocoder();
  const std::string_view city = field(rec, index_.city), region = field(rec, index_.region),
                         country = field(rec, index_.country);
  // The separate fields when the row has any, else the one address text.
  const bool fields = !city.empty() || !region.empty() || !country.empty();
  const std::string_view text = fields ? std::string_view{} : field(rec, index_.address_text);
  address_key_.clear();
  for (std::string_view part : {city, region, country, text}) {
    address_key_.append(part);
    address_key_.push_back('\x1f');
  }
  auto it = placed_.find(address_key_);
  if (it == placed_.end()) {
    if (placed_.size() >= (1u << 20)) placed_.clear();  // bounded memory on files of unique addresses
    it = placed_.emplace(address_key_, fields ? geocoder_->geocode(city, region, country)
                                              : geocoder_->geocode_address(text))
             .first;
    ++out_.counts.geocoding.distinct_addresses;
  }
  const geo::GeocodeResult r = it->second;
  GeocodeCounts& counts = out_.counts.geocoding;
  ++counts.rows;
  ++counts.by_match[static_cast<std::size_t>(r.match)];
  counts.seconds += watch.seconds();

  std::string shown;  // the address as the message shows it: its non-empty parts
  for (std::string_view part : {city, region, country, text})
    if (!part.empty()) shown += (shown.empty() ? "" : ", ") + std::string(part);
  shown = "address '" + shown + "'";
  const geo::Gazetteer& g = geocoder_->gazetteer();
  switch (r.match) {
    case geo::MatchLevel::kCity:
      lat_e7 = static_cast<std::int32_t>(std::llround(g.lat(r.place) * kCoordScale));
      lon_e7 = static_cast<std::int32_t>(std::llround(g.lon(r.place) * kCoordScale));
      return std::nullopt;
    case geo::MatchLevel::kRegion:
    case geo::MatchLevel::kCountry: {
      const bool region_level = r.match == geo::MatchLevel::kRegion;
      return Rejection{region_level ? RejectReason::kRegionOnly : RejectReason::kCountryOnly,
                       fmt::format("{}: {}, so placed only at {} level, too coarse to cluster (a {} point would "
                                   "make a false cluster): give the city or lat/lon",
                                   shown, r.reason == geo::GeocodeReason::kNoCity ? "no city" : "no place of that city name",
                                   region_level ? "region" : "country", region_level ? "region" : "country")};
    }
    case geo::MatchLevel::kNone:
      break;
  }
  if (r.reason == geo::GeocodeReason::kNoCountryMatch)
    return Rejection{RejectReason::kNoCountryMatch,
                     fmt::format("{}: the country is neither an ISO 3166 code nor a known country name", shown)};
  return Rejection{RejectReason::kNoPlaceMatch, fmt::format("{}: no GeoNames place of that name", shown)};
}

void Ingest::reject(const Record& rec, const Rejection& r) {
  IngestCounts& counts = out_.counts;
  ++counts.rejected;
  ++counts.by_reason[static_cast<std::size_t>(r.reason)];
  if (options_.rejected_path.empty() || r.reason == RejectReason::kYearOutsideWindow) return;  // see outside_window()
  if (!rejected_) {
    std::error_code ec;  // a failure shows when the file is created, with its path
    std::filesystem::create_directories(options_.rejected_path.parent_path(), ec);
    rejected_ = std::make_unique<CsvWriter>(options_.rejected_path,
                                            std::initializer_list<std::string_view>{"line", "reason", "detail", "record"});
  }
  const std::string line = std::to_string(rec.line);
  rejected_->row({line, reason_code(r.reason), r.detail, rec.raw});
}

}  // namespace

std::string_view reason_code(RejectReason r) { return kReasonCodes[static_cast<std::size_t>(r)]; }

ContributionFile read_contributions(const std::string& path, const ContributionReadOptions& options) {
  ContributionFile out;
  Ingest(path, options, out).run();
  return out;
}

}  // namespace innocluster
