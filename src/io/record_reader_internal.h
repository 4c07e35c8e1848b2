#pragma once
// Knobs and hooks of the record readers that only tests, benchmarks and the
// readers themselves use. The public contract is record_reader.h.

#include <cstddef>
#include <memory>
#include <string>

#include "io/record_reader.h"

namespace innocluster {

class ByteWindow;

struct ReaderOptions {
  /// Bytes read from the file at a time (and the initial buffer size). Tests
  /// set 1..17 so that every record straddles chunk boundaries somewhere.
  std::size_t chunk_bytes = std::size_t{1} << 20;
  /// A record longer than this is an error (kDataError naming its first line),
  /// so that a quote left open near the top of a big file cannot make the
  /// reader hold the whole rest of the file in memory.
  std::size_t max_record_bytes = std::size_t{256} << 20;
};

/// A RecordReader that can say how much memory it holds.
class StreamingRecordReader : public RecordReader {
 public:
  /// Heap bytes held by buffers the reader owns (window, decompression input,
  /// field storage). Bounded by a few chunks plus a few times the longest record.
  virtual std::size_t capacity_bytes() const = 0;
};

/// open_records() with explicit options.
std::unique_ptr<StreamingRecordReader> open_records(const std::string& path,
                                                    const ReaderOptions& options);

/// Drops a UTF-8 byte-order mark at the start of `window` (which must be at
/// the very start of the file), refilling as needed to see three bytes.
void skip_byte_order_mark(ByteWindow& window);

/// Throws Error(kDataError) for a record starting at `line` that has grown
/// past options.max_record_bytes.
[[noreturn]] void throw_record_too_long(const std::string& path, std::uint64_t line,
                                        const ReaderOptions& options);

}  // namespace innocluster
