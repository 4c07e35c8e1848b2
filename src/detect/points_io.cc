#include "detect/points_io.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "core/error.h"
#include "core/large_array.h"
#include "core/text.h"
#include "detect/parallel.h"
#include "io/output_file.h"
#include "io/record_reader.h"
#include "io/record_reader_internal.h"

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

// The ranges a row's values must lie in (both readers test them here).
bool lat_in_range(double v) { return v >= -90 && v <= 90; }
bool lon_in_range(double v) { return v >= -180 && v <= 180; }
bool weight_in_range(double v) { return v >= 0 && v <= kMaxRowWeight; }

// The columns of a points file, found from its header.
struct Columns {
  std::size_t lat = kNoColumn, lon = kNoColumn, weight = kNoColumn, count = 0;

  Columns(const std::string& path, const std::vector<std::string>& header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string_view name = trim(header[i]);
      std::size_t* slot = same_name(name, "lat") ? &lat : same_name(name, "lon") ? &lon
                          : same_name(name, "weight") ? &weight : nullptr;
      if (slot && *slot == kNoColumn) *slot = i;
    }
    count = header.size();
    if (lat == kNoColumn || lon == kNoColumn) {
      std::string found;
      for (const std::string& h : header) found += (found.empty() ? "" : ", ") + h;
      throw Error(ExitCode::kDataError,
                  located(path, 1, fmt::format("missing required column '{}' (columns found: {}); the "
                                               "header must name lat and lon (WGS84 degrees) and may name weight",
                                               lat == kNoColumn ? "lat" : "lon", found)));
    }
  }

  /// The point of a record, or why it is rejected.
  std::optional<Rejection> parse(const Record& rec, WeightedPoint& point) const {
    if (!rec.error.empty()) return Rejection{"malformed_record", std::string(rec.error)};
    if (rec.fields.size() != count)
      return Rejection{"field_count", fmt::format("{} fields where the header has {}", rec.fields.size(), count)};
    const std::string_view lat_text = trim(rec.fields[lat]), lon_text = trim(rec.fields[lon]);
    if (lat_text.empty() || lon_text.empty())
      return Rejection{"missing_coordinates", lat_text.empty() ? "lat is empty" : "lon is empty"};
    const auto lat_value = parse_decimal(lat_text);
    if (!lat_value) return Rejection{"bad_coordinate", fmt::format("lat '{}' is not a number", lat_text)};
    const auto lon_value = parse_decimal(lon_text);
    if (!lon_value) return Rejection{"bad_coordinate", fmt::format("lon '{}' is not a number", lon_text)};
    if (!lat_in_range(*lat_value))
      return Rejection{"coordinate_out_of_range", fmt::format("lat {} is outside [-90, 90]", lat_text)};
    if (!lon_in_range(*lon_value))
      return Rejection{"coordinate_out_of_range", fmt::format("lon {} is outside [-180, 180]", lon_text)};
    FixedWeight w = kWeightOne;
    if (weight != kNoColumn) {
      const std::string_view text = trim(rec.fields[weight]);
      if (text.empty()) return Rejection{"missing_weight", "weight is empty"};
      const auto v = parse_decimal(text);
      if (!v || !weight_in_range(*v))
        return Rejection{"bad_weight", fmt::format("weight '{}' is not a number in [0, 1e6]", text)};
      w = to_fixed_weight(*v);
    }
    point = {*lat_value, *lon_value, w};
    return std::nullopt;
  }
};

constexpr FixedWeight kMaxTotal = static_cast<FixedWeight>(kMaxTotalWeight) * kWeightOne;

// Where rejected rows go: counted, listed, the first few described, and
// copied to the rejected file when there is one.
class Rejections {
 public:
  Rejections(const std::string& path, const PointsReadOptions& options, PointsFile& out)
      : path_(path), options_(options), out_(out) {}

  void add(std::uint64_t row, std::uint64_t line, std::string_view reason, const std::string& detail,
           std::string_view raw) {
    ++out_.rejected;
    out_.rejected_rows.push_back(row);
    if (out_.first_rejections.size() < kErrorsShown)
      out_.first_rejections.push_back(located(path_, line, fmt::format("{}: {}", reason, detail)));
    if (options_.rejected_path.empty()) return;
    if (!file_)
      file_ = std::make_unique<CsvWriter>(options_.rejected_path,
                                          std::initializer_list<std::string_view>{"line", "reason", "detail", "record"});
    const std::string line_text = std::to_string(line);
    file_->row({line_text, reason, detail, raw});
  }

  void finish() {
    if (!file_) return;
    file_->commit();
    out_.rejected_file = file_->path();
  }

 private:
  const std::string& path_;
  const PointsReadOptions& options_;
  PointsFile& out_;
  std::unique_ptr<CsvWriter> file_;
};

// Record by record, through io/record_reader.h: every format.
PointsFile read_streaming(const std::string& path, const PointsReadOptions& options) {
  auto reader = open_records(path);
  const Columns columns(path, reader->header());
  PointsFile out;
  out.has_weight_column = columns.weight != kNoColumn;
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  // Capacity only: pages that are never filled are never touched.
  if (!ec) reserve_large(out.points, static_cast<std::size_t>(bytes / 4 + 16));
  Rejections rejections(path, options, out);
  FixedWeight total = 0;
  Record rec;
  WeightedPoint point;
  while (reader->next(rec)) {
    if (auto r = columns.parse(rec, point)) {
      rejections.add(out.rows, rec.line, r->reason, r->detail, rec.raw);
    } else {
      // Checked before adding: one row may weigh up to 1e6, so the sum could
      // otherwise pass the int64 range and wrap before any check.
      if (point.weight > kMaxTotal - total)
        throw Error(ExitCode::kDataError, located(path, rec.line, "the weights add up to more than 2147483647; "
                                                                  "split the input or scale the weights down"));
      total += point.weight;
      out.points.push_back(point);
    }
    ++out.rows;
  }
  rejections.finish();
  return out;
}

// A file mapped into memory, read only.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const char*>(p);
        size_ = static_cast<std::size_t>(st.st_size);
        ::madvise(p, size_, MADV_SEQUENTIAL);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Rows of one slice of a file, read on their own thread.
struct Slice {
  // Where its points go: room for one per line of the slice, in the result.
  WeightedPoint* points = nullptr;
  std::size_t count = 0;  // points written
  struct Rejected {
    std::uint64_t row, line;  // within the slice, from 0
    std::string_view reason;
    std::string detail;
    std::string_view raw;
  };
  std::vector<Rejected> rejected;
  std::uint64_t rows = 0, lines = 0;
  FixedWeight total = 0;
  bool unsupported = false;  // a quote, an overlong line, or weights past kMaxTotal
};

// The longest record the streaming reader hands out (io/record_reader.h).
constexpr std::size_t kMaxRecord = std::size_t{256} << 20;

// Mapped pages of the file are let go in steps of this many bytes.
constexpr std::size_t kReleaseEvery = std::size_t{16} << 20;

void release_pages(const char* from, const char* to) {
  advise_pages(from, to, static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)), MADV_DONTNEED);
}

// The point of a plain line, the form nearly every line of a coordinates file
// takes: as many fields as the header, split by ',' alone, no quote, and the
// lat, lon (and weight) fields bare numbers (parse_plain_decimal()) within
// their ranges. Reads the line that starts at `p` in one pass, numbers
// parsed as they are met (`end` is the end of a text that ends with '\n');
// returns where the next line starts, or nullptr for any other line, which
// Columns::parse() then reads (for a plain line it would give this same
// point).
const char* plain_line(const char* p, const char* end, const Columns& columns, WeightedPoint& point) {
  const char* const start = p;
  double lat = 0, lon = 0, weight = 1;
  for (std::size_t field = 0;; ++field) {
    if (field == columns.lat || field == columns.lon || field == columns.weight) {
      double v = 0;
      p = parse_plain_decimal_prefix(p, end, v);
      if (!p) return nullptr;
      (field == columns.lat ? lat : field == columns.lon ? lon : weight) = v;
      if (*p == '\r' && p[1] == '\n') ++p;  // the line's CR (the text goes on to its '\n')
    } else {
      bool quote = false;
      while (*p != ',' && *p != '\n') quote |= *p++ == '"';
      if (quote) return nullptr;
    }
    if (*p == '\n') {
      if (field + 1 != columns.count) return nullptr;
      ++p;
      break;
    }
    if (*p != ',') return nullptr;
    ++p;
  }
  if (static_cast<std::size_t>(p - start) > kMaxRecord) return nullptr;
  if (!lat_in_range(lat) || !lon_in_range(lon)) return nullptr;
  FixedWeight w = kWeightOne;
  if (columns.weight != kNoColumn) {
    if (!weight_in_range(weight)) return nullptr;
    w = to_fixed_weight(weight);
  }
  point = {lat, lon, w};
  return p;
}

// The rows of whole lines [begin, end) of a CSV file with no quote in them;
// `unsupported` when a quote or an overlong line turns up.
void read_slice(std::string_view text, const Columns& columns, Slice& out) {
  Record rec;
  WeightedPoint point;
  const char* const end = text.data() + text.size();
  std::size_t at = 0, released = 0;
  while (at < text.size()) {
    if (at - released >= kReleaseEvery) {
      // The mapped pages read so far are dropped, so that the file does not
      // add its size to the process's memory (touched again, a page is read
      // back from the page cache).
      release_pages(text.data() + released, text.data() + at);
      released = at;
    }
    // The plain lines from here on (nearly all), in a loop of their own, with
    // its counters in registers rather than in `out` (which the points'
    // stores could alias), up to the next release of mapped pages.
    {
      const char* p = text.data() + at;
      const char* const run_end = text.data() + std::min(text.size(), released + kReleaseEvery);
      WeightedPoint* const to = out.points + out.count;
      FixedWeight total = out.total;
      std::size_t n = 0;
      while (p < run_end) {
        const char* next = plain_line(p, end, columns, point);
        if (!next || point.weight > kMaxTotal - total) break;
        total += point.weight;
        to[n++] = point;
        p = next;
      }
      out.count += n;
      out.rows += n;
      out.lines += n;
      out.total = total;
      at = static_cast<std::size_t>(p - text.data());
      // (Its last line may end past run_end, or at the end of the text.)
      if (p >= run_end) continue;
    }
    const std::uint64_t line_index = out.lines++;
    // Plain lines (nearly all) take the shortcut; the others are split into
    // fields and parsed as the streaming reader does.
    if (const char* next = plain_line(text.data() + at, end, columns, point)) {
      at = static_cast<std::size_t>(next - text.data());
    } else {
      const std::size_t nl = text.find('\n', at);  // the text ends with one
      std::string_view line = text.substr(at, nl - at);
      at = nl + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) continue;  // a blank line is not a row
      if (line.size() > kMaxRecord || line.find('"') != std::string_view::npos) {
        out.unsupported = true;
        return;
      }
      rec.line = line_index;
      rec.raw = line;
      rec.fields.clear();
      for (std::size_t f = 0;;) {
        const std::size_t comma = line.find(',', f);
        rec.fields.push_back(line.substr(f, comma == std::string_view::npos ? std::string_view::npos : comma - f));
        if (comma == std::string_view::npos) break;
        f = comma + 1;
      }
      if (auto r = columns.parse(rec, point)) {
        out.rejected.push_back({out.rows, line_index, r->reason, std::move(r->detail), line});
        ++out.rows;
        continue;
      }
    }
    if (point.weight > kMaxTotal - out.total) {  // read_streaming() names the row
      out.unsupported = true;
      return;
    }
    out.total += point.weight;
    out.points[out.count++] = point;  // (a row takes a line at least)
    ++out.rows;
  }
}

// The number of line feeds in `text` (vectorised: a byte counter per lane,
// added up every 255 bytes, before it can wrap). The mapped pages counted are
// let go every kReleaseEvery bytes, as read_slice() does, so that a large
// file is not held in memory whole (they are read back from the page cache).
std::size_t count_lines(std::string_view text) {
  std::size_t lines = 0, released = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t n = std::min<std::size_t>(255, text.size() - at);
    unsigned char in_run = 0;
    for (std::size_t k = 0; k < n; ++k) in_run = static_cast<unsigned char>(in_run + (text[at + k] == '\n'));
    lines += in_run;
    at += n;
    if (at - released >= kReleaseEvery) {
      release_pages(text.data() + released, text.data() + at);
      released = at;
    }
  }
  return lines;
}

// Reads a plain CSV file on `threads` threads, each taking a slice of whole
// lines, when that gives exactly what read_streaming() would: the file is not
// compressed, starts with its header, ends with a line feed and holds no '"'
// (so no record spans lines and fields need no unescaping). Otherwise, or
// when the weights add up to more than kMaxTotal (read_streaming() then names
// the row), returns nothing.
std::optional<PointsFile> read_parallel(const std::string& path, const PointsReadOptions& options, int threads) {
  if (format_of(path) != RecordFormat::kCsv) return std::nullopt;
  const MappedFile file(path);
  const std::string_view bytes = file.bytes();
  if (bytes.size() < 2 || bytes.back() != '\n') return std::nullopt;
  if (static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b) return std::nullopt;
  // The header, as the streaming reader reads it (and with its errors); a
  // small first read, as only the header is wanted (with the default 1 MiB
  // chunk, opening the header of a 2 MB file took 0.6-0.9 ms; now 0.07 ms).
  ReaderOptions header_only;
  header_only.chunk_bytes = std::size_t{64} << 10;
  const Columns columns(path, open_records(path, header_only)->header());
  std::size_t start = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
  // Blank lines before the header: the streaming reader skips them.
  if (bytes[start] == '\n' || bytes.substr(start, 2) == "\r\n") return std::nullopt;
  const std::size_t header_end = bytes.find('\n', start);
  if (bytes.substr(start, header_end - start).find('"') != std::string_view::npos) return std::nullopt;
  const std::string_view data = bytes.substr(header_end + 1);

  const auto parts = static_cast<std::size_t>(std::max(1, threads));
  std::vector<std::size_t> cut(parts + 1, data.size());
  cut[0] = 0;
  for (std::size_t t = 1; t < parts; ++t) {
    const std::size_t nl = data.find('\n', std::max(cut[t - 1], data.size() * t / parts));
    cut[t] = nl == std::string_view::npos ? data.size() : nl + 1;
  }
  // Each slice writes its points straight to their place in the result,
  // after the room of the slices before it: one point per line at most (a
  // row takes one line, and blank or rejected lines none), and one per 4
  // bytes ("0,0\n"), so the slices then need moving together only when a
  // line held no point.
  std::vector<std::size_t> room(parts + 1, 0);
  parallel_slices(parts, static_cast<int>(parts), [&](std::size_t t, std::size_t, std::size_t) {
    room[t + 1] = std::min(count_lines(data.substr(cut[t], cut[t + 1] - cut[t])), (cut[t + 1] - cut[t]) / 4);
  });
  for (std::size_t t = 0; t < parts; ++t) room[t + 1] += room[t];
  PointsFile out;
  out.has_weight_column = columns.weight != kNoColumn;
  // Reserved, then sized: the points are first touched by the slices' threads.
  reserve_large(out.points, room[parts]);
  out.points.resize(room[parts]);
  std::vector<Slice> slices(parts);
  for (std::size_t t = 0; t < parts; ++t) slices[t].points = out.points.data() + room[t];
  parallel_slices(parts, static_cast<int>(parts), [&](std::size_t t, std::size_t, std::size_t) {
    read_slice(data.substr(cut[t], cut[t + 1] - cut[t]), columns, slices[t]);
  });

  FixedWeight total = 0;
  std::vector<std::size_t> to(parts + 1, 0);  // where each slice's points go in the end
  for (std::size_t t = 0; t < parts; ++t) {
    const Slice& s = slices[t];
    if (s.unsupported || s.total > kMaxTotal - total) return std::nullopt;
    total += s.total;
    to[t + 1] = to[t] + s.count;
  }
  bool in_place = true;  // (true too when the lines that held no point are all past the last point)
  for (std::size_t t = 0; t < parts; ++t)
    in_place = in_place && (slices[t].count == 0 || slices[t].points == out.points.data() + to[t]);
  if (in_place) {
    out.points.resize(to[parts]);
  } else {
    // Some line held no point: the points are copied together into an array
    // of their own, on every thread (as much memory again, for a while; only
    // for files with blank or rejected lines before the last slice).
    UninitVector<WeightedPoint> packed;
    reserve_large(packed, to[parts]);
    packed.resize(to[parts]);
    parallel_slices(to[parts], static_cast<int>(parts), [&](std::size_t, std::size_t b, std::size_t e) {
      // Positions [b, e) of the result.
      for (std::size_t t = 0; t < parts && b < e; ++t) {
        if (e <= to[t] || b >= to[t + 1]) continue;
        const std::size_t from = std::max(b, to[t]), until = std::min(e, to[t + 1]);
        std::copy(slices[t].points + (from - to[t]), slices[t].points + (until - to[t]), packed.data() + from);
      }
    });
    out.points = std::move(packed);
  }
  Rejections rejections(path, options, out);
  std::uint64_t first_line = 2;  // the header is line 1
  for (Slice& s : slices) {
    for (const Slice::Rejected& r : s.rejected)
      rejections.add(out.rows + r.row, first_line + r.line, r.reason, r.detail, r.raw);
    out.rows += s.rows;
    first_line += s.lines;
  }
  rejections.finish();
  out.read_threads = static_cast<int>(parts);
  return out;
}

}  // namespace

PointsFile read_points(const std::string& path, const PointsReadOptions& options) {
  const int threads = resolve_threads(options.threads);
  if (threads > 1)
    if (std::optional<PointsFile> fast = read_parallel(path, options, threads)) return std::move(*fast);
  return read_streaming(path, options);
}

void write_labels(const std::filesystem::path& path, const PointsFile& file, std::span<const std::int32_t> cluster,
                  std::span<const std::uint8_t> core, int threads) {
  OutputFile out(path);
  write_labels(out, file, cluster, core, threads);
  out.commit();
}

void write_labels(OutputFile& out, const PointsFile& file, std::span<const std::int32_t> cluster,
                  std::span<const std::uint8_t> core, int threads) {
  out.write("cluster,core\n");
  // Rows are formatted in blocks, one per thread, then written in order;
  // blocks of at most kMaxBlockRows, shared evenly by the threads.
  constexpr std::uint64_t kMaxBlockRows = std::uint64_t{1} << 18;
  const auto parts = static_cast<std::size_t>(resolve_threads(threads));
  const std::uint64_t block_rows = std::clamp<std::uint64_t>((file.rows + parts - 1) / parts, 1, kMaxBlockRows);
  // A row takes at most 14 bytes ("-2147483648,0\n"); each block is
  // written into room for that many, with a pointer.
  constexpr std::size_t kMaxRowBytes = 14;
  std::vector<UninitVector<char>> text(parts);
  const auto& rejected_rows = file.rejected_rows;
  // (Leaves `buf` holding the block's text.)
  auto format = [&](std::uint64_t begin, std::uint64_t end, UninitVector<char>& buf) {
    buf.resize((end - begin) * kMaxRowBytes);
    char* at = buf.data();
    auto rejected = std::lower_bound(rejected_rows.begin(), rejected_rows.end(), begin);
    // The accepted rows before `begin` are the rows that were not rejected.
    auto next = static_cast<std::size_t>(begin - static_cast<std::uint64_t>(rejected - rejected_rows.begin()));
    for (std::uint64_t row = begin; row < end; ++row) {
      if (rejected != rejected_rows.end() && *rejected == row) {
        std::memcpy(at, "-1,0\n", 5);
        at += 5;
        ++rejected;
      } else {
        at = std::to_chars(at, at + 11, cluster[next]).ptr;
        std::memcpy(at, core[next] ? ",1\n" : ",0\n", 3);
        at += 3;
        ++next;
      }
    }
    buf.resize(static_cast<std::size_t>(at - buf.data()));
  };
  for (std::uint64_t first = 0; first < file.rows; first += block_rows * parts) {
    parallel_slices(parts, static_cast<int>(parts), [&](std::size_t t, std::size_t, std::size_t) {
      const std::uint64_t begin = std::min(file.rows, first + t * block_rows);
      format(begin, std::min(file.rows, begin + block_rows), text[t]);
    });
    for (const UninitVector<char>& block : text) out.write(std::string_view(block.data(), block.size()));
  }
}

}  // namespace innocluster::detect
