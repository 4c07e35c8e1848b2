#pragma once
// Output files that never look complete when they are not: bytes go to a
// temporary sibling ("name.tmp-<pid>") that commit() renames over the final
// name, in one step. A file dropped without commit() (error, exception), or
// whose commit() fails, is removed. On a local file system, the file replaced
// is let go of on a kept thread (core/worker_pool.h) when one is free.
// Also: CSV writing with RFC 4180 quoting.

#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace innocluster {

class OutputFile {
 public:
  /// Opens the temporary file; throws Error(kCannotCreate) naming the path.
  explicit OutputFile(std::filesystem::path path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Appends bytes: buffered (1 MiB, taken at the first write), except pieces
  /// of 64 KiB or more, written straight after what is buffered.
  void write(std::string_view bytes);

  /// Flushes, closes and renames into place; throws Error(kCannotCreate) on
  /// any I/O failure (disk full included). Further writes are not allowed.
  void commit();

  const std::filesystem::path& path() const { return path_; }

 private:
  void flush_buffer();

  std::filesystem::path path_;
  std::filesystem::path temp_path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

/// Appends `field` to `out`, quoted when it holds ',', '"', CR or LF (and then
/// with inner quotes doubled), as RFC 4180 requires.
void append_csv_field(std::string& out, std::string_view field);

/// A CSV file written row by row through an OutputFile.
class CsvWriter {
 public:
  CsvWriter(std::filesystem::path path, std::initializer_list<std::string_view> header);
  void row(std::initializer_list<std::string_view> fields);
  /// For tables whose columns are known only at run time.
  CsvWriter(std::filesystem::path path, const std::vector<std::string>& header);
  void row(const std::vector<std::string>& fields);
  void commit() { file_.commit(); }
  const std::filesystem::path& path() const { return file_.path(); }

 private:
  OutputFile file_;
  std::string line_;
};

/// Writes a whole small file atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// Throws what OutputFile would (Error(kCannotCreate), naming the path) when
/// `path` could not be written: its directory missing, not a directory or not
/// writable, or a directory in its place. Creates nothing: for commands that
/// check their outputs before long work and write them at the end.
void check_can_write(const std::filesystem::path& path);

/// Whether two output paths name one file, or would once made: their
/// directories resolved (symbolic links, "." and ".."), their last names
/// compared as given (an OutputFile replaces a link rather than follow it).
bool same_output(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace innocluster
