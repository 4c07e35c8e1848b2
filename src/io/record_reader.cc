#include "io/record_reader.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "io/byte_stream.h"
#include "io/csv_reader.h"
#include "io/jsonl_reader.h"
#include "io/record_reader_internal.h"

namespace innocluster {
namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

RecordFormat format_of(const std::string& path) {
  std::string name = path;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ends_with(name, ".gz")) name.resize(name.size() - 3);
  return ends_with(name, ".jsonl") || ends_with(name, ".ndjson") ? RecordFormat::kJsonLines
                                                                 : RecordFormat::kCsv;
}

std::unique_ptr<RecordReader> open_records(const std::string& path) {
  return open_records(path, ReaderOptions{});
}

std::unique_ptr<StreamingRecordReader> open_records(const std::string& path,
                                                    const ReaderOptions& options) {
  return format_of(path) == RecordFormat::kJsonLines ? open_jsonl(path, options)
                                                     : open_csv(path, options);
}

void skip_byte_order_mark(ByteWindow& window) {
  while (window.size() < 3 && window.refill()) {
  }
  if (window.size() >= 3 && std::string_view(window.data(), 3) == "\xEF\xBB\xBF") window.consume(3);
}

void throw_record_too_long(const std::string& path, std::uint64_t line,
                           const ReaderOptions& options) {
  throw Error(ExitCode::kDataError,
              located(path, line,
                      "record longer than " + std::to_string(options.max_record_bytes >> 20) +
                          " MiB; is a quote left open here?"));
}

}  // namespace innocluster
