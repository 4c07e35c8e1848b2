#pragma once
// The first stage: read one contribution file (docs/formats.md) into a
// ContributionTable, validating every row. Nothing is lost: a row is either
// accepted into the table or written to the rejected-rows file with its line
// number and a reason, and the counts always balance
// (read == accepted + rejected).
//
// A row with an address and no coordinates is placed by the geocoder when the
// options give one (geo/geocoder.h): a city match is accepted at the city's
// coordinates; a region- or country-level match, or none, is rejected with
// its reason (too coarse to cluster, or not found). Each distinct address of
// a file is geocoded once (up to 2^20 remembered at a time).
//
// Cost: one pass over the file, O(rows) time; memory grows with the accepted
// rows' parsed columns (about 22 bytes a row, plus 8 with a weight column, plus
// each distinct string once), never with the raw file.

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/contribution.h"
#include "core/methodology.h"

namespace innocluster::geo {
class Geocoder;
}

namespace innocluster {

/// Why a row was rejected. The codes (reason_code) are stable: they appear in
/// rejected/*.csv and manifest.json.
enum class RejectReason : unsigned char {
  kMalformedRecord,      ///< broken CSV quoting, or a JSON line that is not an object
  kFieldCount,           ///< CSV row with more or fewer fields than the header
  kInvalidUtf8,          ///< bytes that are not UTF-8
  kMissingId,            ///< empty document id
  kMissingYear,          ///< empty year
  kBadYear,              ///< year that is not a whole number
  kYearOutsideWindow,    ///< year outside the methodology's window for the source
  kMissingCoordinates,   ///< lat or lon empty, and no address to geocode
  kNotGeocoded,          ///< no coordinates, only an address (geocoding not available)
  kBadCoordinate,        ///< lat or lon not a finite decimal number
  kCoordinateOutOfRange, ///< |lat| > 90 or |lon| > 180
  kMissingWeight,        ///< empty cell in a file that has a weight column
  kBadWeight,            ///< weight not a number in [0, 1e6]
  kNoCountryMatch,       ///< address only, and its country names no known country
  kNoPlaceMatch,         ///< address only, and no place of its city's name (in its country)
  kRegionOnly,           ///< address only, placed at region level only: too coarse to cluster
  kCountryOnly,          ///< address only, placed at country level only: too coarse to cluster
};
inline constexpr std::size_t kRejectReasonCount = 17;

std::string_view reason_code(RejectReason r);

/// What the geocoder made of the rows that had an address and no coordinates
/// (docs/formats.md, manifest "geocoding"). rows = sum of by_match.
struct GeocodeCounts {
  std::uint64_t rows = 0;                  ///< rows sent to the geocoder
  std::array<std::uint64_t, 4> by_match{};  ///< by geo::MatchLevel: none, country, region, city
  std::uint64_t distinct_addresses = 0;    ///< distinct (city, region, country, address) texts
  double seconds = 0;                      ///< time spent geocoding (index build included)
};

struct IngestCounts {
  std::uint64_t read = 0;         ///< data rows read (header and blank lines excluded)
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t blank_lines = 0;  ///< empty lines, which are not rows
  std::array<std::uint64_t, kRejectReasonCount> by_reason{};
  GeocodeCounts geocoding;

  /// Rows whose year lies outside the methodology's window: counted among
  /// the rejected (reason year_outside_window) but not copied to rejected/,
  /// since they are not defects — a file holding many years, ranked for one
  /// edition, would otherwise be copied almost whole.
  std::uint64_t outside_window() const {
    return by_reason[static_cast<std::size_t>(RejectReason::kYearOutsideWindow)];
  }
  /// Rejected rows that are defects of the file (all but outside_window()):
  /// the rows written to rejected/, and what --strict counts.
  std::uint64_t defects() const { return rejected - outside_window(); }
};

/// Which file column serves which role (empty when absent).
struct ColumnRoles {
  std::string id, year, lat, lon, weight, field, org, city, region, country, address;
};

struct ContributionFile {
  ContributionTable table;
  /// Document of every row rejected for its content (year, coordinates,
  /// weight) while its document id was readable: those rows still count in
  /// their document's k, so the weight they would have carried is accounted
  /// for as rejected weight rather than handed to the other rows.
  std::vector<StringPool::Id> rejected_row_documents;
  IngestCounts counts;
  ColumnRoles roles;
  std::vector<std::string> ignored_columns;  ///< header names with no role, kept out
  std::string format;                        ///< "csv" or "jsonl"
  std::uint64_t file_bytes = 0;
  std::optional<std::filesystem::path> rejected_file;  ///< set when a row was rejected
};

struct ContributionReadOptions {
  Source source = Source::kPatents;
  YearWindow years{1900, 2100};
  /// Where rejected rows go (the file is created only when a row is rejected);
  /// empty: rejected rows are counted but not written.
  std::filesystem::path rejected_path;
  /// Places rows that have an address and no coordinates; called (once, on
  /// the first such row) to get the geocoder, so that a file with
  /// coordinates only never pays for building its index. Empty: such rows
  /// are rejected as not_geocoded.
  std::function<const geo::Geocoder&()> geocoder;
  /// Called now and then with the bytes consumed so far (for progress bars).
  std::function<void(std::uint64_t)> on_progress;
};

/// Reads and validates `path`. Throws Error: kNoInput when the file cannot be
/// opened; kDataError when it is malformed as a whole — no header, a required
/// column missing (named, with the columns found), a column given twice.
ContributionFile read_contributions(const std::string& path, const ContributionReadOptions& options);

}  // namespace innocluster
