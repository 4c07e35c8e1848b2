#include "io/jsonl_reader.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "io/byte_stream.h"

namespace innocluster {
namespace {

// ordered_json keeps keys in file order, which the header needs.
using Json = nlohmann::ordered_json;

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

class JsonlReader final : public StreamingRecordReader {
 public:
  JsonlReader(std::string path, const ReaderOptions& options)
      : path_(std::move(path)),
        options_(options),
        window_(open_byte_stream(path_, options.chunk_bytes), options.chunk_bytes) {
    skip_byte_order_mark(window_);
    if (!next_line()) {
      const std::string what =
          blank_lines_ == 0 ? "the file is empty; a JSON Lines input needs one object per line"
                            : "the file holds only blank lines; a JSON Lines input needs one "
                              "object per line";
      throw Error(ExitCode::kDataError, located(path_, 0, what));
    }
    if (!parse() || !doc_.is_object() || doc_.empty())
      throw Error(ExitCode::kDataError,
                  located(path_, line_no_,
                          "the first line is not a JSON object with keys; its keys name the "
                          "columns, so it must look like {\"column\": value, ...}"));
    for (const auto& [key, value] : doc_.get_ref<const Json::object_t&>()) header_.push_back(key);
    // Keys are views into header_, which no longer changes.
    for (std::size_t i = 0; i < header_.size(); ++i) column_of_.emplace(header_[i], i);
    texts_.resize(header_.size());
    first_pending_ = true;
  }

  const std::vector<std::string>& header() const override { return header_; }
  std::uint64_t bytes_consumed() const override { return window_.bytes_consumed(); }
  std::uint64_t blank_lines() const override { return blank_lines_; }
  std::size_t capacity_bytes() const override {
    std::size_t text = error_text_.capacity();
    for (const std::string& t : texts_) text += t.capacity();
    return window_.capacity_bytes() + text;  // plus the parsed document, one line's worth
  }

  bool next(Record& rec) override {
    if (first_pending_) {
      first_pending_ = false;
    } else {
      if (!next_line()) return false;
      if (!parse()) {
        fill_error(rec, error_text_);
        return true;
      }
    }
    if (!doc_.is_object()) {
      fill_error(rec, "not a JSON object");
      return true;
    }
    fill(rec);
    return true;
  }

 private:
  // Moves to the next non-blank line: line_ and line_no_. False at end of input.
  bool next_line();
  // Parses line_ into doc_; false (error_text_ set) when it is not JSON.
  bool parse();
  void fill_error(Record& rec, std::string_view error) {
    rec.line = line_no_;
    rec.raw = line_;
    rec.error = error;
    rec.fields.clear();
  }
  void fill(Record& rec);

  std::string path_;
  ReaderOptions options_;
  ByteWindow window_;
  std::vector<std::string> header_;
  std::unordered_map<std::string_view, std::size_t> column_of_;
  std::uint64_t blank_lines_ = 0;
  std::uint64_t next_line_no_ = 1;

  std::size_t pending_consume_ = 0;
  std::size_t scanned_ = 0;  // bytes of the window already searched for LF
  std::string_view line_;    // the current line, without terminator
  std::uint64_t line_no_ = 0;
  Json doc_;
  bool first_pending_ = false;
  std::vector<std::string> texts_;  // dumped numbers and booleans, per column
  std::string error_text_;
};

bool JsonlReader::next_line() {
  for (;;) {
    window_.consume(pending_consume_);
    pending_consume_ = 0;
    const char* lf = nullptr;
    for (;;) {
      const char* base = window_.data();
      lf = static_cast<const char*>(std::memchr(base + scanned_, '\n', window_.size() - scanned_));
      if (lf != nullptr) break;
      scanned_ = window_.size();
      if (window_.size() >= options_.max_record_bytes)
        throw_record_too_long(path_, next_line_no_, options_);
      if (!window_.refill()) break;
    }
    scanned_ = 0;
    const char* base = window_.data();
    std::size_t length = lf != nullptr ? static_cast<std::size_t>(lf - base) : window_.size();
    if (lf == nullptr && length == 0) return false;
    pending_consume_ = lf != nullptr ? length + 1 : length;
    if (length > 0 && base[length - 1] == '\r') --length;
    line_ = std::string_view(base, length);
    line_no_ = next_line_no_++;
    if (!is_blank(line_)) return true;
    ++blank_lines_;
  }
}

bool JsonlReader::parse() {
  try {
    doc_ = Json::parse(line_.begin(), line_.end());
    return true;
  } catch (const Json::parse_error& e) {
    error_text_ = "not valid JSON (at byte " + std::to_string(e.byte) + ")";
    return false;
  }
}

void JsonlReader::fill(Record& rec) {
  rec.line = line_no_;
  rec.raw = line_;
  rec.error = {};
  rec.fields.assign(header_.size(), std::string_view());
  std::size_t position = 0;
  for (const auto& [key, value] : doc_.get_ref<const Json::object_t&>()) {
    std::size_t column;
    if (position < header_.size() && header_[position] == key) {
      column = position;  // the usual case: same keys in the same order
    } else {
      const auto found = column_of_.find(key);
      if (found == column_of_.end()) {
        ++position;
        continue;
      }
      column = found->second;
    }
    ++position;
    switch (value.type()) {
      case Json::value_t::string:
        rec.fields[column] = value.get_ref<const std::string&>();
        break;
      case Json::value_t::null:
      case Json::value_t::discarded:
        break;
      case Json::value_t::array:
      case Json::value_t::object:
      case Json::value_t::binary:
        if (rec.error.empty()) {
          error_text_ = "nested array or object in key \"" + key + "\"";
          rec.error = error_text_;
        }
        break;
      default:  // numbers and booleans
        texts_[column] = value.dump();
        rec.fields[column] = texts_[column];
        break;
    }
  }
}

}  // namespace

std::unique_ptr<StreamingRecordReader> open_jsonl(const std::string& path,
                                                  const ReaderOptions& options) {
  return std::make_unique<JsonlReader>(path, options);
}

}  // namespace innocluster
