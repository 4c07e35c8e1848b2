#include "io/csv_reader.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "io/byte_stream.h"

namespace innocluster {
namespace {

constexpr std::string_view kQuoteInUnquoted = "quote inside unquoted field";
constexpr std::string_view kTextAfterQuote = "text after closing quote";
constexpr std::string_view kQuoteNotClosed = "quote not closed before end of file";

// The bytes that end a run of plain data in an unquoted field.
constexpr std::array<bool, 256> kUnquotedStop = [] {
  std::array<bool, 256> stop{};
  stop[static_cast<unsigned char>(',')] = true;
  stop[static_cast<unsigned char>('\n')] = true;
  stop[static_cast<unsigned char>('\r')] = true;
  stop[static_cast<unsigned char>('"')] = true;
  return stop;
}();

class CsvReader final : public StreamingRecordReader {
 public:
  CsvReader(std::string path, const ReaderOptions& options)
      : path_(std::move(path)),
        options_(options),
        window_(open_byte_stream(path_, options.chunk_bytes), options.chunk_bytes) {
    skip_byte_order_mark(window_);
    Record header;
    if (!next(header)) {
      const std::string what =
          blank_lines_ == 0
              ? "the file is empty; a CSV input needs a header line naming its columns"
              : "the file holds only blank lines; a CSV input needs a header line naming its "
                "columns";
      throw Error(ExitCode::kDataError, located(path_, 0, what));
    }
    if (!header.error.empty())
      throw Error(ExitCode::kDataError, located(path_, header.line,
                                                "malformed header (" + std::string(header.error) +
                                                    "); fix the quoting of the column names"));
    header_.assign(header.fields.begin(), header.fields.end());
  }

  const std::vector<std::string>& header() const override { return header_; }
  bool next(Record& rec) override;
  std::uint64_t bytes_consumed() const override { return window_.bytes_consumed(); }
  std::uint64_t blank_lines() const override { return blank_lines_; }
  std::size_t capacity_bytes() const override {
    return window_.capacity_bytes() + scratch_.capacity() + spans_.capacity() * sizeof(FieldSpan);
  }

 private:
  enum class State : std::uint8_t {
    kRecordStart,    // between records: blank lines are skipped here
    kFieldStart,     // at the first byte of a field
    kUnquoted,       // inside an unquoted field
    kQuoted,         // inside a quoted field
    kQuoteInQuoted,  // just after a '"' inside a quoted field: close or '""'?
  };
  // A field as offsets from the record start, since the window may move.
  struct FieldSpan {
    std::size_t begin;
    std::size_t end;
    bool escaped;  // holds '""' to be unescaped
  };

  bool skip_blank_line();
  bool scan();
  void finish(std::size_t end, std::size_t terminator);
  void set_error(std::string_view what) {
    if (error_.empty()) error_ = what;
  }
  void build(Record& rec);

  std::string path_;
  ReaderOptions options_;
  ByteWindow window_;
  std::vector<std::string> header_;
  std::uint64_t blank_lines_ = 0;
  std::uint64_t line_ = 1;  // physical line of the first byte in the window

  // Resumable parse state of the record at the front of the window.
  State state_ = State::kRecordStart;
  std::size_t pos_ = 0;          // next byte to scan
  std::size_t field_begin_ = 0;  // first byte of the current field
  bool field_escaped_ = false;
  std::uint64_t newlines_ = 0;  // LFs inside quoted fields of this record
  std::string_view error_;
  std::vector<FieldSpan> spans_;

  // The record handed out last, consumed at the next call.
  std::size_t record_end_ = 0;
  std::size_t pending_consume_ = 0;
  std::string scratch_;  // unescaped fields of the current record
};

bool CsvReader::next(Record& rec) {
  window_.consume(pending_consume_);
  pending_consume_ = 0;
  for (;;) {
    if (state_ == State::kRecordStart) {
      if (window_.size() == 0) {
        if (!window_.refill()) return false;
        continue;
      }
      if (skip_blank_line()) continue;
      state_ = State::kFieldStart;
      pos_ = 0;
      newlines_ = 0;
      error_ = {};
      spans_.clear();
    }
    if (scan()) break;
    if (window_.size() >= options_.max_record_bytes) throw_record_too_long(path_, line_, options_);
    window_.refill();  // at end of input the next scan() completes the record
  }
  build(rec);
  return true;
}

// At a record start (window not empty): consumes one empty line and returns
// true, or returns true after refilling when one more byte is needed to
// decide; false when a record starts here.
bool CsvReader::skip_blank_line() {
  const char* p = window_.data();
  if (p[0] == '\n') {
    window_.consume(1);
  } else if (p[0] == '\r') {
    if (window_.size() == 1) {
      if (!window_.at_eof()) {
        window_.refill();  // decide on the next turn, with more bytes
        return true;
      }
      window_.consume(1);
      ++blank_lines_;
      return true;
    }
    if (p[1] != '\n') return false;
    window_.consume(2);
  } else {
    return false;
  }
  ++blank_lines_;
  ++line_;
  return true;
}

// Advances the parse of the record at the front of the window over the bytes
// available. Returns true when the record is complete (at end of input every
// record completes), false when more bytes are needed.
bool CsvReader::scan() {
  const char* const base = window_.data();
  const char* const end = base + window_.size();
  const bool eof = window_.at_eof();
  const char* p = base + pos_;
  const char* field = base + field_begin_;
  State state = state_;
  bool escaped = field_escaped_;
  auto push = [&](const char* field_end) {
    spans_.push_back({static_cast<std::size_t>(field - base),
                      static_cast<std::size_t>(field_end - base), escaped});
    escaped = false;
  };
  auto complete = [&](const char* record_end, std::size_t terminator) {
    finish(static_cast<std::size_t>(record_end - base), terminator);
    return true;
  };

  for (;;) {
    switch (state) {
      case State::kRecordStart:  // not reached: next() has moved on to kFieldStart
      case State::kFieldStart:
        if (p == end) {
          if (!eof) goto need_more;
          field = p;
          push(p);  // the empty field after a trailing ','
          return complete(p, 0);
        }
        if (*p == '"') {
          field = ++p;
          state = State::kQuoted;
          break;
        }
        field = p;
        state = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted:
        while (p != end && !kUnquotedStop[static_cast<unsigned char>(*p)]) ++p;
        if (p == end) {
          if (!eof) goto need_more;
          push(p);
          return complete(p, 0);
        }
        switch (*p) {
          case ',':
            push(p);
            ++p;
            state = State::kFieldStart;
            break;
          case '\n':
            push(p);
            return complete(p, 1);
          case '\r':
            if (p + 1 == end) {
              if (!eof) goto need_more;
              push(p);
              return complete(p, 1);
            }
            if (p[1] == '\n') {
              push(p);
              return complete(p, 2);
            }
            ++p;  // a lone CR is data
            break;
          default:  // '"'
            set_error(kQuoteInUnquoted);
            ++p;
            break;
        }
        break;
      case State::kQuoted:
        while (p != end && *p != '"') {
          newlines_ += (*p == '\n');
          ++p;
        }
        if (p == end) {
          if (!eof) goto need_more;
          set_error(kQuoteNotClosed);
          --field;  // hand out the raw field, opening quote included
          escaped = false;
          push(p);
          return complete(p, 0);
        }
        ++p;
        state = State::kQuoteInQuoted;
        [[fallthrough]];
      case State::kQuoteInQuoted:  // p is just after the '"'
        if (p == end) {
          if (!eof) goto need_more;
          push(p - 1);
          return complete(p, 0);
        }
        if (*p == '"') {
          escaped = true;
          ++p;
          state = State::kQuoted;
          break;
        }
        if (*p == ',') {
          push(p - 1);
          ++p;
          state = State::kFieldStart;
          break;
        }
        if (*p == '\n') {
          push(p - 1);
          return complete(p, 1);
        }
        if (*p == '\r') {
          if (p + 1 == end && !eof) goto need_more;
          if (p + 1 == end || p[1] == '\n') {
            push(p - 1);
            return complete(p, p + 1 == end ? 1 : 2);
          }
        }
        set_error(kTextAfterQuote);
        --field;  // the rest of the field is data: hand it out raw
        escaped = false;
        state = State::kUnquoted;
        break;
    }
  }

need_more:
  state_ = state;
  pos_ = static_cast<std::size_t>(p - base);
  field_begin_ = static_cast<std::size_t>(field - base);
  field_escaped_ = escaped;
  return false;
}

void CsvReader::finish(std::size_t end, std::size_t terminator) {
  record_end_ = end;
  pending_consume_ = end + terminator;
  state_ = State::kRecordStart;
  field_escaped_ = false;
}

void CsvReader::build(Record& rec) {
  const char* const base = window_.data();
  const bool ends_with_lf = pending_consume_ > record_end_ && base[pending_consume_ - 1] == '\n';
  rec.line = line_;
  rec.raw = std::string_view(base, record_end_);
  rec.error = error_;
  rec.fields.clear();
  scratch_.clear();
  for (const FieldSpan& span : spans_) {
    if (!span.escaped) {
      rec.fields.emplace_back(base + span.begin, span.end - span.begin);
      continue;
    }
    // Unescaped text is never longer than the record, so this reserve keeps
    // every view handed out into scratch_ valid while we append.
    if (scratch_.capacity() < record_end_) scratch_.reserve(record_end_);
    const std::size_t start = scratch_.size();
    for (std::size_t i = span.begin; i < span.end; ++i) {
      scratch_.push_back(base[i]);
      if (base[i] == '"') ++i;  // the second quote of a '""' pair
    }
    rec.fields.emplace_back(scratch_.data() + start, scratch_.size() - start);
  }
  line_ += newlines_ + (ends_with_lf ? 1 : 0);
}

}  // namespace

std::unique_ptr<StreamingRecordReader> open_csv(const std::string& path,
                                                const ReaderOptions& options) {
  return std::make_unique<CsvReader>(path, options);
}

}  // namespace innocluster
