#pragma once
// Where the bytes of an input file come from (plain or gzip, told apart by the
// gzip magic bytes 1f 8b, never by name) and the sliding window over them that
// the record readers parse in place.
//
// Internal to src/io: callers outside use open_records() (record_reader.h).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace innocluster {

/// A forward-only source of bytes.
class ByteStream {
 public:
  virtual ~ByteStream() = default;

  /// Reads between 1 and `n` bytes (n > 0) into `dst`; returns 0 only at end of
  /// input. Throws Error(kDataError) naming the file on an I/O error or on
  /// corrupt or truncated gzip data.
  virtual std::size_t read(char* dst, std::size_t n) = 0;

  /// Bytes taken from the file so far (compressed bytes for gzip).
  virtual std::uint64_t bytes_consumed() const = 0;

  /// Heap bytes held by the stream's own buffers (zlib state approximated).
  virtual std::size_t capacity_bytes() const = 0;
};

/// Opens `path` for reading in reads of at most `chunk_bytes` (> 0) from the
/// file. gzip data may hold several concatenated members; they read as one
/// stream. Throws Error(kNoInput) naming the file when it cannot be opened or
/// is a directory.
std::unique_ptr<ByteStream> open_byte_stream(const std::string& path, std::size_t chunk_bytes);

/// The unconsumed bytes of a stream, starting at the record being parsed.
/// A reader looks at [data(), data() + size()), consume()s whole records from
/// the front and refill()s when a record is incomplete. The buffer starts at
/// `chunk_bytes` and doubles only when one record does not fit, so memory is
/// bounded by max(chunk, 2 x longest record) and never by the file.
class ByteWindow {
 public:
  ByteWindow(std::unique_ptr<ByteStream> stream, std::size_t chunk_bytes);

  const char* data() const { return buffer_.get() + begin_; }
  std::size_t size() const { return end_ - begin_; }

  /// True once the stream is exhausted: size() is all the input left.
  bool at_eof() const { return eof_; }

  /// Drops the first `n` bytes (n <= size()).
  void consume(std::size_t n) { begin_ += n; }

  /// Appends at most one chunk after the current bytes, which are kept but may
  /// move: pointers from data() are invalidated, offsets from it are not.
  /// Returns false (and sets at_eof()) when the stream has nothing more.
  bool refill();

  std::uint64_t bytes_consumed() const { return stream_->bytes_consumed(); }
  std::size_t capacity_bytes() const { return capacity_ + stream_->capacity_bytes(); }

 private:
  std::unique_ptr<ByteStream> stream_;
  std::size_t chunk_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
};

}  // namespace innocluster
