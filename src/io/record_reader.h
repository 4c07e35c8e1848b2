#pragma once
// Streaming readers of tabular records: CSV (RFC 4180) and JSON Lines, plain
// or gzip-compressed. Memory stays bounded by the longest record, never by the
// file: records are handed out one at a time and their fields stay valid only
// until the next call to next().
//
// CSV (RFC 4180, read liberally where it is safe):
//  - fields separated by ',', records by LF or CRLF (a lone CR inside an
//    unquoted field is kept as data);
//  - a field starting with '"' is quoted: it may hold ',', CR, LF, and '""' for
//    one '"'; its record then spans several physical lines;
//  - a UTF-8 byte-order mark at the very start is skipped;
//  - the first record is the header; a file with no header is an error;
//  - an empty physical line (between records) is not a record: it is counted
//    in blank_lines() so that nothing disappears silently;
//  - a record that breaks the quoting rules ('"' inside an unquoted field, text
//    after a closing quote, a quote still open at end of file) is still handed
//    out, with `error` saying what is wrong, so the caller can reject it by line.
// JSON Lines: one JSON object per line. The header is the list of keys of the
// first object, in order; each later object's values are handed out in header
// order (absent key or null -> empty field; strings unescaped; numbers and
// booleans as their JSON text). Keys absent from the first object are ignored.
// A line that is not a JSON object, or whose value for a header key is an
// array or object, is handed out with `error` set.
//
// A record longer than 256 MiB (in practice: a quote left open, which would
// otherwise pull the rest of the file into one record) is not handed out:
// next() throws Error(kDataError) naming the line where it starts.
// More detail on edge cases: csv_reader.h, jsonl_reader.h.
//
// Compression is recognised by content (gzip magic bytes), not by name.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace innocluster {

struct Record {
  std::uint64_t line = 0;                ///< 1-based physical line where the record starts
  std::vector<std::string_view> fields;  ///< unescaped field values
  std::string_view raw;                  ///< the record's bytes as in the file, without line terminator
  std::string_view error;                ///< empty when well formed; else a short reason
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;

  /// Column names as written in the file (CSV header record, or the keys of
  /// the first JSON object), BOM removed, not otherwise altered.
  virtual const std::vector<std::string>& header() const = 0;

  /// Reads the next record into `rec`; false at end of input. Throws
  /// innocluster::Error (kDataError) only when the stream itself cannot be
  /// read (corrupt gzip, I/O error) or a record exceeds 256 MiB, naming the file.
  virtual bool next(Record& rec) = 0;

  /// Bytes consumed from the file so far (compressed bytes for gzip), for progress.
  virtual std::uint64_t bytes_consumed() const = 0;

  /// Empty lines skipped between records so far.
  virtual std::uint64_t blank_lines() const = 0;
};

enum class RecordFormat { kCsv, kJsonLines };

/// The format a path names: ".jsonl", ".ndjson" (optionally followed by ".gz")
/// are JSON Lines; everything else is CSV.
RecordFormat format_of(const std::string& path);

/// Opens `path` and reads its header. Throws Error(kNoInput) when the file
/// cannot be opened, Error(kDataError) when it is empty or its header is
/// malformed, each message naming the file (and line).
std::unique_ptr<RecordReader> open_records(const std::string& path);

}  // namespace innocluster
