#pragma once
// The files of `innocluster detect`: weighted points in, labels out.
//
// Input: CSV (or CSV.gz, or JSON Lines; see io/record_reader.h) with a header
// naming `lat` and `lon` (WGS84 degrees) and optionally `weight` (a number in
// [0, 1e6], default 1); names are matched case-insensitively and other columns
// are ignored. Each record is a row; blank lines are not rows. A row is
// accepted, or rejected with its line number and a reason code
// (malformed_record, field_count, missing_coordinates, bad_coordinate,
// coordinate_out_of_range, missing_weight, bad_weight), never silently dropped.
//
// Output: CSV `cluster,core`, one row per input row in input order (rows that
// were rejected read `-1,0`), written to a temporary name and renamed.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/large_array.h"
#include "core/weight.h"
#include "detect/dbscan.h"

namespace innocluster {
class OutputFile;
}

namespace innocluster::detect {

struct PointsFile {
  // The accepted rows, in input order (resize() leaves new points unwritten).
  UninitVector<WeightedPoint> points;
  bool has_weight_column = false;
  int read_threads = 1;  ///< threads the file was read with (1: record by record)

  std::uint64_t rows = 0;      ///< rows read (accepted + rejected)
  std::uint64_t rejected = 0;  ///< rows rejected
  /// Row numbers (0-based, among rows) of the rejected rows, ascending.
  std::vector<std::uint64_t> rejected_rows;
  /// "file:line: reason: detail" for the first few rejected rows.
  std::vector<std::string> first_rejections;
  std::optional<std::filesystem::path> rejected_file;  ///< set when rows were written there
};

struct PointsReadOptions {
  /// Where rejected rows go (CSV line,reason,detail,record), created only when
  /// a row is rejected; none when empty.
  std::filesystem::path rejected_path;
  /// Threads to read with (0 = all cores). A plain CSV file without quotes
  /// that starts with its header and ends with a line feed is read in slices
  /// of whole lines, one per thread; anything else (gzip, JSON Lines, quoted
  /// fields, blank lines before the header, no final line feed, weights
  /// beyond the limit) record by record. Both give the same result.
  int threads = 1;
};

/// Reads a points file. Throws Error(kNoInput) when it cannot be opened,
/// Error(kDataError) when its header lacks lat or lon, or when the accepted
/// weights add up to more than kMaxTotalWeight.
PointsFile read_points(const std::string& path, const PointsReadOptions& options);

/// Writes `cluster,core` rows for every row of `file` (see the file comment),
/// taking the accepted rows' labels from `cluster` and `core` in order;
/// `threads` format blocks of rows at once (0 = all cores), the same bytes
/// whatever their number.
/// Throws Error(kCannotCreate) when the file cannot be written.
void write_labels(const std::filesystem::path& path, const PointsFile& file, std::span<const std::int32_t> cluster,
                  std::span<const std::uint8_t> core, int threads = 1);
/// The same, into `out` (opened by the caller, nothing written to it yet),
/// which the caller then commits.
void write_labels(OutputFile& out, const PointsFile& file, std::span<const std::int32_t> cluster,
                  std::span<const std::uint8_t> core, int threads = 1);

}  // namespace innocluster::detect
