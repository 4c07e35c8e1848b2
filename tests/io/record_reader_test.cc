#include "io/record_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "io/record_reader_internal.h"
#include "test_binary.h"
#include "test_support.h"

namespace innocluster {
namespace {

using testing::TempDir;
using testing::write_file;
using testing::write_gzip_file;

// A record copied out of the reader, so it outlives next().
struct Row {
  std::uint64_t line = 0;
  std::vector<std::string> fields;
  std::string raw;
  std::string error;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Row& row) {
  out << "{line " << row.line << ", fields [";
  for (const std::string& f : row.fields) out << '"' << f << "\" ";
  return out << "], raw \"" << row.raw << "\", error \"" << row.error << "\"}";
}

struct Table {
  std::vector<std::string> header;
  std::vector<Row> rows;
  std::uint64_t blank_lines = 0;
  bool operator==(const Table&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Table& table) {
  out << "header [";
  for (const std::string& h : table.header) out << '"' << h << "\" ";
  out << "], blank_lines " << table.blank_lines << ", rows:\n";
  for (const Row& row : table.rows) out << "  " << row << "\n";
  return out;
}

Row ok(std::uint64_t line, std::vector<std::string> fields, std::string raw) {
  return Row{line, std::move(fields), std::move(raw), ""};
}

Table read_all(const std::filesystem::path& path, const ReaderOptions& options = {}) {
  auto reader = open_records(path.string(), options);
  Table table;
  table.header = reader->header();
  Record rec;
  while (reader->next(rec)) {
    Row row;
    row.line = rec.line;
    row.fields.assign(rec.fields.begin(), rec.fields.end());
    row.raw = rec.raw;
    row.error = rec.error;
    table.rows.push_back(std::move(row));
  }
  EXPECT_FALSE(reader->next(rec)) << "end of input must be sticky";
  table.blank_lines = reader->blank_lines();
  return table;
}

// Reads `content` as a file named `name`, plain and gzipped, with the default
// chunk and with every chunk size from 1 to 17 bytes, and expects `expected`
// each time: so that every record straddles a chunk boundary at every offset.
void expect_reads_as(const std::string& name, const std::string& content, const Table& expected) {
  TempDir dir;
  const auto plain = dir / name;
  const auto gzipped = dir / ("gz-" + name);
  write_file(plain, content);
  write_gzip_file(gzipped, content);
  for (const auto& path : {plain, gzipped}) {
    EXPECT_EQ(read_all(path), expected) << path << " default chunk";
    for (std::size_t chunk = 1; chunk <= 17; ++chunk) {
      ReaderOptions options;
      options.chunk_bytes = chunk;
      const Table got = read_all(path, options);
      EXPECT_EQ(got, expected) << path << " chunk " << chunk;
      if (got != expected) return;  // one failure says enough
    }
  }
}

void expect_csv(const std::string& content, const Table& expected) {
  expect_reads_as("in.csv", content, expected);
}

void expect_jsonl(const std::string& content, const Table& expected) {
  expect_reads_as("in.jsonl", content, expected);
}

// Calls `open` and expects Error with `code` whose message contains every one of `parts`.
void expect_error(const std::function<void()>& open, ExitCode code,
                  const std::vector<std::string>& parts) {
  try {
    open();
    ADD_FAILURE() << "no Error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    for (const std::string& part : parts)
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
          << "message \"" << e.what() << "\" lacks \"" << part << "\"";
  }
}

// Opens `content` (as `name`) with every chunk size and expects the Error.
void expect_open_error(const std::string& name, const std::string& content, ExitCode code,
                       const std::vector<std::string>& parts) {
  TempDir dir;
  const auto path = (dir / name).string();
  write_file(path, content);
  for (std::size_t chunk = 1; chunk <= 17; ++chunk) {
    ReaderOptions options;
    options.chunk_bytes = chunk;
    expect_error([&] { read_all(path, options); }, code, parts);
  }
  expect_error([&] { read_all(path); }, code, parts);
}

std::string gzip_bytes(const std::string& content) {
  TempDir dir;
  write_gzip_file(dir / "x.gz", content);
  return testing::read_file(dir / "x.gz");
}

// ---------------------------------------------------------------- format_of

TEST(RecordFormat, NamedBySuffix) {
  EXPECT_EQ(format_of("a.csv"), RecordFormat::kCsv);
  EXPECT_EQ(format_of("a.csv.gz"), RecordFormat::kCsv);
  EXPECT_EQ(format_of("a.tsv"), RecordFormat::kCsv);
  EXPECT_EQ(format_of("noext"), RecordFormat::kCsv);
  EXPECT_EQ(format_of("a.jsonl"), RecordFormat::kJsonLines);
  EXPECT_EQ(format_of("a.ndjson"), RecordFormat::kJsonLines);
  EXPECT_EQ(format_of("dir/a.jsonl.gz"), RecordFormat::kJsonLines);
  EXPECT_EQ(format_of("A.NDJSON.GZ"), RecordFormat::kJsonLines);
  EXPECT_EQ(format_of("a.json"), RecordFormat::kCsv);
  EXPECT_EQ(format_of("jsonl"), RecordFormat::kCsv);
  EXPECT_EQ(format_of("a.jsonl.zip"), RecordFormat::kCsv);
}

// ---------------------------------------------------------------- CSV: well formed

TEST(RecordReaderCsv, SimpleLf) {
  expect_csv(
      "id,year\nP1,2021\nP2,2022\n",
      {{"id", "year"}, {ok(2, {"P1", "2021"}, "P1,2021"), ok(3, {"P2", "2022"}, "P2,2022")}, 0});
}

TEST(RecordReaderCsv, Crlf) {
  expect_csv(
      "id,year\r\nP1,2021\r\nP2,2022\r\n",
      {{"id", "year"}, {ok(2, {"P1", "2021"}, "P1,2021"), ok(3, {"P2", "2022"}, "P2,2022")}, 0});
}

TEST(RecordReaderCsv, LastRecordWithoutTerminator) {
  expect_csv("a,b\n1,2\n3,4",
             {{"a", "b"}, {ok(2, {"1", "2"}, "1,2"), ok(3, {"3", "4"}, "3,4")}, 0});
  expect_csv("a,b\r\n1,2", {{"a", "b"}, {ok(2, {"1", "2"}, "1,2")}, 0});
}

TEST(RecordReaderCsv, HeaderOnly) {
  expect_csv("a,b\n", {{"a", "b"}, {}, 0});
  expect_csv("a,b", {{"a", "b"}, {}, 0});
  expect_csv("a", {{"a"}, {}, 0});
}

TEST(RecordReaderCsv, EmptyFields) {
  expect_csv("a,b,c\n,,\n1,,\n,,3\n\"\",\"\",\"\"\n",
             {{"a", "b", "c"},
              {ok(2, {"", "", ""}, ",,"), ok(3, {"1", "", ""}, "1,,"), ok(4, {"", "", "3"}, ",,3"),
               ok(5, {"", "", ""}, "\"\",\"\",\"\"")},
              0});
  // A trailing comma at end of file still makes an empty last field.
  expect_csv("a,b\n1,", {{"a", "b"}, {ok(2, {"1", ""}, "1,")}, 0});
}

TEST(RecordReaderCsv, RaggedRecordsKeepTheirFieldCount) {
  // Counting fields against the header is the caller's job.
  expect_csv("a,b\n1\n1,2,3\n",
             {{"a", "b"}, {ok(2, {"1"}, "1"), ok(3, {"1", "2", "3"}, "1,2,3")}, 0});
}

TEST(RecordReaderCsv, QuotedFields) {
  expect_csv("name,n\n\"Acme, Inc.\",1\n\"say \"\"hi\"\"\",2\n\"\"\"\",3\n\"plain\",\"4\"\n",
             {{"name", "n"},
              {ok(2, {"Acme, Inc.", "1"}, "\"Acme, Inc.\",1"),
               ok(3, {"say \"hi\"", "2"}, "\"say \"\"hi\"\"\",2"), ok(4, {"\"", "3"}, "\"\"\"\",3"),
               ok(5, {"plain", "4"}, "\"plain\",\"4\"")},
              0});
}

TEST(RecordReaderCsv, SeveralEscapedFieldsInOneRecord) {
  expect_csv(
      "a,b,c\n\"x\"\"1\",\"y\"\"\"\"2\",\"z\"\n",
      {{"a", "b", "c"}, {ok(2, {"x\"1", "y\"\"2", "z"}, "\"x\"\"1\",\"y\"\"\"\"2\",\"z\"")}, 0});
}

TEST(RecordReaderCsv, EmbeddedNewlinesCountPhysicalLines) {
  const std::string content =
      "id,text\n"
      "1,\"two\nlines\"\n"          // lines 2-3
      "2,\"three\r\nlines\r\n\"\n"  // lines 4-6
      "3,\"\n\n\"\n"                // lines 7-9
      "4,end\n";                    // line 10
  expect_csv(content, {{"id", "text"},
                       {ok(2, {"1", "two\nlines"}, "1,\"two\nlines\""),
                        ok(4, {"2", "three\r\nlines\r\n"}, "2,\"three\r\nlines\r\n\""),
                        ok(7, {"3", "\n\n"}, "3,\"\n\n\""), ok(10, {"4", "end"}, "4,end")},
                       0});
}

TEST(RecordReaderCsv, QuotedFieldAtEndOfFile) {
  expect_csv("a\n\"x\"", {{"a"}, {ok(2, {"x"}, "\"x\"")}, 0});
  expect_csv("a\n\"x\"\"\"", {{"a"}, {ok(2, {"x\""}, "\"x\"\"\"")}, 0});
  expect_csv("a,b\n1,\"x\"\r\n", {{"a", "b"}, {ok(2, {"1", "x"}, "1,\"x\"")}, 0});
}

TEST(RecordReaderCsv, ByteOrderMarkSkipped) {
  expect_csv("\xEF\xBB\xBFid,year\n1,2\n", {{"id", "year"}, {ok(2, {"1", "2"}, "1,2")}, 0});
  expect_csv("\xEF\xBB\xBF\"id\",year\n", {{"id", "year"}, {}, 0});
  // Only at the very start: elsewhere it is data.
  expect_csv("a\n\xEF\xBB\xBFx\n", {{"a"}, {ok(2, {"\xEF\xBB\xBFx"}, "\xEF\xBB\xBFx")}, 0});
  // A partial BOM is data too.
  expect_csv("\xEF\xBBx\n1\n", {{"\xEF\xBBx"}, {ok(2, {"1"}, "1")}, 0});
}

TEST(RecordReaderCsv, BlankLinesAreCountedNotReturned) {
  expect_csv("a,b\n\n1,2\n\n\n3,4\n\n",
             {{"a", "b"}, {ok(3, {"1", "2"}, "1,2"), ok(6, {"3", "4"}, "3,4")}, 4});
  expect_csv("a,b\r\n\r\n1,2\r\n\r\n", {{"a", "b"}, {ok(3, {"1", "2"}, "1,2")}, 2});
  // Before the header too: the header is the first record.
  expect_csv("\n\r\na,b\n1,2\n", {{"a", "b"}, {ok(4, {"1", "2"}, "1,2")}, 2});
  // A lone CR at the very end is an empty line ended by end of file.
  expect_csv("a\n1\n\r", {{"a"}, {ok(2, {"1"}, "1")}, 1});
}

TEST(RecordReaderCsv, WhitespaceLineIsARecord) {
  expect_csv("a\n \n", {{"a"}, {ok(2, {" "}, " ")}, 0});
}

TEST(RecordReaderCsv, LoneCrIsData) {
  expect_csv("a,b\nx\ry,z\n\rq,w\n",
             {{"a", "b"}, {ok(2, {"x\ry", "z"}, "x\ry,z"), ok(3, {"\rq", "w"}, "\rq,w")}, 0});
  // ... except right before end of input, where it ends the record like CRLF.
  expect_csv("a,b\n1,2\r", {{"a", "b"}, {ok(2, {"1", "2"}, "1,2")}, 0});
  expect_csv("a,b\n1,\"2\"\r", {{"a", "b"}, {ok(2, {"1", "2"}, "1,\"2\"")}, 0});
}

TEST(RecordReaderCsv, Utf8PassesThrough) {
  expect_csv(
      "org\n\"東京大学, 本郷\"\nZürich\n",
      {{"org"}, {ok(2, {"東京大学, 本郷"}, "\"東京大学, 本郷\""), ok(3, {"Zürich"}, "Zürich")}, 0});
}

// ---------------------------------------------------------------- CSV: malformed records

Row bad(std::uint64_t line, std::vector<std::string> fields, std::string raw, std::string error) {
  return Row{line, std::move(fields), std::move(raw), std::move(error)};
}

TEST(RecordReaderCsv, QuoteInsideUnquotedField) {
  expect_csv(
      "a,b\nab\"c,d\n1,2\n",
      {{"a", "b"},
       {bad(2, {"ab\"c", "d"}, "ab\"c,d", "quote inside unquoted field"), ok(3, {"1", "2"}, "1,2")},
       0});
  expect_csv("a,b\n1,2\"\n",
             {{"a", "b"}, {bad(2, {"1", "2\""}, "1,2\"", "quote inside unquoted field")}, 0});
  // The quote does not open a quoted section: the LF still ends the record.
  expect_csv(
      "a\nx\"y\nz\n",
      {{"a"}, {bad(2, {"x\"y"}, "x\"y", "quote inside unquoted field"), ok(3, {"z"}, "z")}, 0});
  // The first error is the one reported; an unclosed field is handed out raw.
  expect_csv("a,b\nx\"y,\"z\n3,4\n",
             {{"a", "b"},
              {bad(2, {"x\"y", "\"z\n3,4\n"}, "x\"y,\"z\n3,4\n", "quote inside unquoted field")},
              0});
}

TEST(RecordReaderCsv, TextAfterClosingQuote) {
  expect_csv("a,b\n\"ab\"c,d\n1,2\n",
             {{"a", "b"},
              {bad(2, {"\"ab\"c", "d"}, "\"ab\"c,d", "text after closing quote"),
               ok(3, {"1", "2"}, "1,2")},
              0});
  expect_csv(
      "a,b\n1,\"2\" \r\n3,4\r\n",
      {{"a", "b"},
       {bad(2, {"1", "\"2\" "}, "1,\"2\" ", "text after closing quote"), ok(3, {"3", "4"}, "3,4")},
       0});
  // A CR after the closing quote that is not part of CRLF is text too.
  expect_csv("a\n\"x\"\ry\n",
             {{"a"}, {bad(2, {"\"x\"\ry"}, "\"x\"\ry", "text after closing quote")}, 0});
}

TEST(RecordReaderCsv, FirstErrorWins) {
  expect_csv("a,b\n\"x\"y\"z,w\"q\n",
             {{"a", "b"},
              {bad(2, {"\"x\"y\"z", "w\"q"}, "\"x\"y\"z,w\"q", "text after closing quote")},
              0});
}

TEST(RecordReaderCsv, QuoteNotClosed) {
  expect_csv("a,b\n1,2\n3,\"open\n4,5\n",
             {{"a", "b"},
              {ok(2, {"1", "2"}, "1,2"), bad(3, {"3", "\"open\n4,5\n"}, "3,\"open\n4,5\n",
                                             "quote not closed before end of file")},
              0});
  expect_csv("a\n\"", {{"a"}, {bad(2, {"\""}, "\"", "quote not closed before end of file")}, 0});
}

TEST(RecordReaderCsv, RecordsAfterAnErrorStartAtTheRightLine) {
  expect_csv("a,b\n\"x\ny\"z,1\n2,3\n",
             {{"a", "b"},
              {bad(2, {"\"x\ny\"z", "1"}, "\"x\ny\"z,1", "text after closing quote"),
               ok(4, {"2", "3"}, "2,3")},
              0});
}

// ---------------------------------------------------------------- CSV: long records

TEST(RecordReaderCsv, RecordLongerThanTheChunk) {
  const std::string big(5000, 'x');
  const std::string quoted =
      "\"" + std::string(2000, 'y') + "\"\"\n" + std::string(2000, 'z') + "\"";
  expect_csv(
      "a,b\n" + big + ",1\n" + quoted + ",2\n3,4\n",
      {{"a", "b"},
       {ok(2, {big, "1"}, big + ",1"),
        ok(3, {std::string(2000, 'y') + "\"\n" + std::string(2000, 'z'), "2"}, quoted + ",2"),
        ok(5, {"3", "4"}, "3,4")},
       0});
}

TEST(RecordReaderCsv, RecordOfSeveralMebibytes) {
  TempDir dir;
  const std::string big(3 << 20, 'q');
  write_file(dir / "big.csv", "a,b\n1," + big + "\n2,3\n");
  const Table table = read_all(dir / "big.csv");
  ASSERT_EQ(table.rows.size(), 2U);
  EXPECT_EQ(table.rows[0].fields[1], big);
  EXPECT_EQ(table.rows[1], ok(3, {"2", "3"}, "2,3"));
}

TEST(RecordReaderCsv, RecordLongerThanTheLimitIsAnError) {
  ReaderOptions options;
  options.chunk_bytes = 7;
  options.max_record_bytes = 1 << 20;
  TempDir dir;
  write_file(dir / "open.csv", "a,b\n1,2\n3,\"never closed" + std::string(2 << 20, 'x'));
  expect_error([&] { read_all(dir / "open.csv", options); }, ExitCode::kDataError,
               {"open.csv:3:", "record longer than 1 MiB", "quote"});
}

// ---------------------------------------------------------------- CSV: whole-file errors

TEST(RecordReaderCsv, EmptyFileIsADataError) {
  expect_open_error("empty.csv", "", ExitCode::kDataError, {"empty.csv", "empty", "header"});
  expect_open_error("bom.csv", "\xEF\xBB\xBF", ExitCode::kDataError, {"bom.csv", "empty"});
  expect_open_error("blank.csv", "\n\r\n\n", ExitCode::kDataError,
                    {"blank.csv", "blank lines", "header"});
}

TEST(RecordReaderCsv, MalformedHeaderNamesItsLine) {
  expect_open_error("h.csv", "\n\"id\"x,year\n1,2\n", ExitCode::kDataError,
                    {"h.csv:2:", "malformed header", "text after closing quote"});
  expect_open_error("h.csv", "id,\"year\n", ExitCode::kDataError,
                    {"h.csv:1:", "quote not closed before end of file"});
  expect_open_error("h.csv", "i\"d\n", ExitCode::kDataError,
                    {"h.csv:1:", "quote inside unquoted field"});
}

TEST(RecordReaderCsv, MissingFileIsNoInput) {
  TempDir dir;
  expect_error([&] { open_records((dir / "nope.csv").string()); }, ExitCode::kNoInput,
               {"nope.csv", "cannot open"});
  expect_error([&] { open_records(dir.path().string()); }, ExitCode::kNoInput, {"directory"});
}

// ---------------------------------------------------------------- gzip

TEST(RecordReaderGzip, RecognisedByContentNotName) {
  TempDir dir;
  write_gzip_file(dir / "looks-plain.csv", "a,b\n1,2\n");
  write_file(dir / "looks-gzipped.csv.gz", "a,b\n1,2\n");
  const Table expected{{"a", "b"}, {ok(2, {"1", "2"}, "1,2")}, 0};
  EXPECT_EQ(read_all(dir / "looks-plain.csv"), expected);
  EXPECT_EQ(read_all(dir / "looks-gzipped.csv.gz"), expected);
}

TEST(RecordReaderGzip, ConcatenatedMembers) {
  TempDir dir;
  // The member boundary falls inside a record and inside a quoted field.
  write_file(dir / "cat.csv.gz",
             gzip_bytes("a,b\n1,\"x") + gzip_bytes("y\"\n2,") + gzip_bytes("") + gzip_bytes("3\n"));
  const Table expected{{"a", "b"}, {ok(2, {"1", "xy"}, "1,\"xy\""), ok(3, {"2", "3"}, "2,3")}, 0};
  EXPECT_EQ(read_all(dir / "cat.csv.gz"), expected);
  for (std::size_t chunk = 1; chunk <= 17; ++chunk) {
    ReaderOptions options;
    options.chunk_bytes = chunk;
    EXPECT_EQ(read_all(dir / "cat.csv.gz", options), expected) << "chunk " << chunk;
  }
}

TEST(RecordReaderGzip, RecognisedOnAPipeWithoutSeeking) {
  TempDir dir;
  const auto fifo = dir / "pipe.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string bytes = gzip_bytes("a,b\n1,2\n");
  // One byte per write, so the magic number itself arrives in two reads.
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    for (char c : bytes) out.write(&c, 1).flush();
  });
  const Table got = read_all(fifo);
  writer.join();
  EXPECT_EQ(got, (Table{{"a", "b"}, {ok(2, {"1", "2"}, "1,2")}, 0}));
}

TEST(RecordReaderGzip, BytesConsumedCountsCompressedBytes) {
  TempDir dir;
  std::string content = "a,b\n";
  for (int i = 0; i < 10000; ++i) content += std::to_string(i) + ",x\n";
  write_gzip_file(dir / "c.csv.gz", content);
  write_file(dir / "c.csv", content);
  for (const char* name : {"c.csv.gz", "c.csv"}) {
    auto reader = open_records((dir / name).string());
    Record rec;
    while (reader->next(rec)) {
    }
    EXPECT_EQ(reader->bytes_consumed(), std::filesystem::file_size(dir / name)) << name;
  }
}

TEST(RecordReaderGzip, EmptyGzipIsAnEmptyFile) {
  TempDir dir;
  write_gzip_file(dir / "e.csv.gz", "");
  expect_error([&] { read_all(dir / "e.csv.gz"); }, ExitCode::kDataError, {"e.csv.gz", "empty"});
}

TEST(RecordReaderGzip, ZlibIsLoadedOnFirstUseWithAClearErrorWhenMissing) {
  // innocluster-dynamic does not link zlib (MainCli tests): a gzip input
  // loads it, and a library that cannot be loaded says so. innocluster, which
  // loads no library, links it: the variable does not apply to it.
  TempDir dir;
  write_gzip_file(dir / "p.csv.gz", "lat,lon\n1,2\n");
  const std::string args =
      "detect --input " + (dir / "p.csv.gz").string() + " --eps-km 1 --min-weight 1 --out " + (dir / "l.csv").string();
  const testing::CommandResult ok = testing::run_program(kInnoclusterDynamicBinary, {}, args);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(testing::read_file(dir / "l.csv"), "cluster,core\n0,1\n");
  std::filesystem::remove(dir / "l.csv");
  const testing::CommandResult r = testing::run_program_with_env(
      kInnoclusterDynamicBinary, "INNOCLUSTER_ZLIB_LIBRARY", "/nonexistent/libz.so.1", args);
  const testing::CommandResult linked =
      testing::run_cli_with_env("INNOCLUSTER_ZLIB_LIBRARY", "/nonexistent/libz.so.1", args);
  testing::expect_load_failure(
      r, {"cannot load zlib", "/nonexistent/libz.so.1: no such file", "INNOCLUSTER_ZLIB_LIBRARY"});
  EXPECT_EQ(linked.exit_code, 0) << linked.output;
  EXPECT_EQ(testing::read_file(dir / "l.csv"), "cluster,core\n0,1\n");
}

std::string some_csv() {
  std::string content = "id,n\n";
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i)
    content += std::to_string(random()) + "," + std::to_string(i) + "\n";
  return content;
}

TEST(RecordReaderGzip, CorruptDataNamesTheFile) {
  TempDir dir;
  std::string bytes = gzip_bytes(some_csv());
  for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i)
    bytes[i] = static_cast<char>(~bytes[i]);
  write_file(dir / "corrupt.csv.gz", bytes);
  expect_error([&] { read_all(dir / "corrupt.csv.gz"); }, ExitCode::kDataError,
               {"corrupt.csv.gz", "corrupt gzip"});
}

TEST(RecordReaderGzip, TruncatedDataIsAnError) {
  TempDir dir;
  const std::string bytes = gzip_bytes(some_csv());
  write_file(dir / "cut.csv.gz", bytes.substr(0, bytes.size() - 100));
  expect_error([&] { read_all(dir / "cut.csv.gz"); }, ExitCode::kDataError,
               {"cut.csv.gz", "truncated"});
  // Cut inside the trailer (CRC/size) as well.
  write_file(dir / "cut.csv.gz", bytes.substr(0, bytes.size() - 3));
  expect_error([&] { read_all(dir / "cut.csv.gz"); }, ExitCode::kDataError,
               {"cut.csv.gz", "truncated"});
}

TEST(RecordReaderGzip, TrailingGarbageIsAnError) {
  TempDir dir;
  write_file(dir / "tail.csv.gz", gzip_bytes("a\n1\n") + "garbage");
  expect_error([&] { read_all(dir / "tail.csv.gz"); }, ExitCode::kDataError,
               {"tail.csv.gz", "corrupt gzip"});
}

TEST(RecordReaderGzip, BadCrcIsAnError) {
  TempDir dir;
  std::string bytes = gzip_bytes("a,b\n1,2\n");
  bytes[bytes.size() - 8] = static_cast<char>(~bytes[bytes.size() - 8]);  // first CRC byte
  write_file(dir / "crc.csv.gz", bytes);
  expect_error([&] { read_all(dir / "crc.csv.gz"); }, ExitCode::kDataError,
               {"crc.csv.gz", "corrupt gzip"});
}

// ---------------------------------------------------------------- streaming and memory

TEST(RecordReaderStreaming, MillionsOfRowsInBoundedMemory) {
  TempDir dir;
  const auto path = dir / "big.csv.gz";
  constexpr std::uint64_t kRows = 3'000'000;
  {
    gzFile out = gzopen(path.c_str(), "wb1");
    ASSERT_NE(out, nullptr);
    std::string block = "id,year,lat,lon,ipc,org\n";
    for (std::uint64_t i = 0; i < kRows; ++i) {
      block += 'P';
      block += std::to_string(i);
      block += ",2021,35.6895,139.6917,H04L,";
      block += (i % 1000 == 0) ? "\"Acme, \"\"Big\"\" Corp\"\n" : "Acme Corp\n";
      if (block.size() > (1 << 20)) {
        ASSERT_GT(gzwrite(out, block.data(), static_cast<unsigned>(block.size())), 0);
        block.clear();
      }
    }
    ASSERT_GT(gzwrite(out, block.data(), static_cast<unsigned>(block.size())), 0);
    gzclose(out);
  }
  auto reader = open_records(path.string(), ReaderOptions{});
  Record rec;
  std::uint64_t rows = 0;
  std::size_t max_capacity = 0;
  while (reader->next(rec)) {
    if (rec.fields.size() != 6 || !rec.error.empty() || rec.line != rows + 2) {
      ADD_FAILURE() << "bad record at line " << rec.line << ": " << rec.raw;
      break;
    }
    if (rows % 1000 == 0 && rec.fields[5] != "Acme, \"Big\" Corp") {
      ADD_FAILURE() << "bad unescape at line " << rec.line;
      break;
    }
    ++rows;
    if (rows % 4096 == 0) max_capacity = std::max(max_capacity, reader->capacity_bytes());
  }
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(reader->blank_lines(), 0U);
  // One 1 MiB window, one 1 MiB gzip input chunk, zlib state, field storage;
  // the file itself is ~130 MB uncompressed.
  EXPECT_GT(max_capacity, 0U);
  EXPECT_LT(max_capacity, std::size_t{3} << 20);
}

TEST(RecordReaderStreaming, MemoryFollowsTheLongestRecord) {
  TempDir dir;
  std::string content = "a\n";
  content += std::string(100000, 'x') + "\n";
  for (int i = 0; i < 1000; ++i) content += "short\n";
  write_file(dir / "l.csv", content);
  ReaderOptions options;
  options.chunk_bytes = 4096;
  auto reader = open_records((dir / "l.csv").string(), options);
  Record rec;
  while (reader->next(rec)) {
  }
  // The buffer doubled up to hold the 100 kB record, not more.
  EXPECT_LE(reader->capacity_bytes(), std::size_t{4} * 100000);
}

// ---------------------------------------------------------------- CSV round trip

std::string quote_csv(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos && !field.empty()) return field;
  std::string out = "\"";
  for (char c : field) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

TEST(RecordReaderCsv, RandomTablesRoundTripAtRandomChunkSizes) {
  std::mt19937 random(20261128);
  const std::string alphabet = "ab,\"\r\n x\xC3\xA9";
  TempDir dir;
  for (int round = 0; round < 300; ++round) {
    const std::size_t columns = 1 + random() % 4;
    const std::size_t rows = random() % 8;
    Table expected;
    std::string content;
    std::uint64_t line = 1;
    for (std::size_t r = 0; r <= rows; ++r) {
      std::vector<std::string> fields;
      std::string raw;
      for (std::size_t c = 0; c < columns; ++c) {
        std::string field;
        const std::size_t length = random() % 6;
        for (std::size_t i = 0; i < length; ++i) field += alphabet[random() % alphabet.size()];
        if (c > 0) raw += ',';
        raw += quote_csv(field);
        fields.push_back(field);
      }
      const std::string terminator = random() % 2 ? "\n" : "\r\n";
      const bool blank_after = random() % 5 == 0;
      if (r == 0) {
        expected.header = fields;
      } else {
        expected.rows.push_back(ok(line, fields, raw));
      }
      content += raw + terminator;
      line += 1 + static_cast<std::uint64_t>(std::count(raw.begin(), raw.end(), '\n'));
      if (blank_after) {
        content += terminator;
        ++line;
        ++expected.blank_lines;
      }
    }
    write_file(dir / "r.csv", content);
    ReaderOptions options;
    options.chunk_bytes = 1 + random() % 23;
    const Table got = read_all(dir / "r.csv", options);
    ASSERT_EQ(got, expected) << "round " << round << ", chunk " << options.chunk_bytes
                             << ", content:\n"
                             << content;
  }
}

// ---------------------------------------------------------------- JSON Lines

TEST(RecordReaderJsonl, HeaderIsTheKeysOfTheFirstObjectInOrder) {
  expect_jsonl("{\"z\": \"P1\", \"a\": 2021}\n{\"a\": 2022, \"z\": \"P2\"}\n",
               {{"z", "a"},
                {ok(1, {"P1", "2021"}, "{\"z\": \"P1\", \"a\": 2021}"),
                 ok(2, {"P2", "2022"}, "{\"a\": 2022, \"z\": \"P2\"}")},
                0});
}

TEST(RecordReaderJsonl, AbsentNullAndExtraKeys) {
  expect_jsonl("{\"a\":1,\"b\":2}\n{\"a\":null}\n{\"c\":3,\"b\":\"x\"}\n{}\n",
               {{"a", "b"},
                {ok(1, {"1", "2"}, "{\"a\":1,\"b\":2}"), ok(2, {"", ""}, "{\"a\":null}"),
                 ok(3, {"", "x"}, "{\"c\":3,\"b\":\"x\"}"), ok(4, {"", ""}, "{}")},
                0});
}

TEST(RecordReaderJsonl, ValuesAsText) {
  expect_jsonl(
      "{\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\",\"i\":-42,\"f\":35.6895,\"e\":1e2,\"t\":true,"
      "\"n\":false,\"u\":18446744073709551615}\n",
      {{"s", "i", "f", "e", "t", "n", "u"},
       {ok(1,
           {"a\"b\\c\n\xC3\xA9\xF0\x9F\x98\x80", "-42", "35.6895", "100.0", "true", "false",
            "18446744073709551615"},
           "{\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\",\"i\":-42,\"f\":35.6895,\"e\":1e2,\"t\":"
           "true,\"n\":false,\"u\":18446744073709551615}")},
       0});
}

TEST(RecordReaderJsonl, CrlfBlankLinesAndNoFinalNewline) {
  expect_jsonl("\xEF\xBB\xBF\n{\"a\":1}\r\n\r\n  \t\n{\"a\":2}\n\n{\"a\":3}",
               {{"a"},
                {ok(2, {"1"}, "{\"a\":1}"), ok(5, {"2"}, "{\"a\":2}"), ok(7, {"3"}, "{\"a\":3}")},
                4});
}

TEST(RecordReaderJsonl, BadLinesAreErrorRecords) {
  expect_jsonl(
      "{\"a\":1,\"b\":2}\n[1,2]\n\"text\"\n{\"a\":\n{\"a\":[1],\"b\":5}\n{\"b\":{\"x\":1}}\n"
      "{\"a\":1} x\n{\"a\":7}\n",
      {{"a", "b"},
       {ok(1, {"1", "2"}, "{\"a\":1,\"b\":2}"), bad(2, {}, "[1,2]", "not a JSON object"),
        bad(3, {}, "\"text\"", "not a JSON object"),
        bad(4, {}, "{\"a\":", "not valid JSON (at byte 6)"),
        bad(5, {"", "5"}, "{\"a\":[1],\"b\":5}", "nested array or object in key \"a\""),
        bad(6, {"", ""}, "{\"b\":{\"x\":1}}", "nested array or object in key \"b\""),
        bad(7, {}, "{\"a\":1} x", "not valid JSON (at byte 9)"), ok(8, {"7", ""}, "{\"a\":7}")},
       0});
}

TEST(RecordReaderJsonl, NestedValueInAnIgnoredKeyIsFine) {
  expect_jsonl(
      "{\"a\":1}\n{\"a\":2,\"extra\":[1,{\"y\":2}]}\n",
      {{"a"}, {ok(1, {"1"}, "{\"a\":1}"), ok(2, {"2"}, "{\"a\":2,\"extra\":[1,{\"y\":2}]}")}, 0});
}

TEST(RecordReaderJsonl, NestedValueInTheFirstObjectKeepsItsKey) {
  expect_jsonl(
      "{\"a\":{\"x\":1},\"b\":2}\n",
      {{"a", "b"},
       {bad(1, {"", "2"}, "{\"a\":{\"x\":1},\"b\":2}", "nested array or object in key \"a\"")},
       0});
}

TEST(RecordReaderJsonl, InvalidUtf8IsInvalidJson) {
  expect_jsonl("{\"a\":\"x\"}\n{\"a\":\"\xC0\xAF\"}\n",
               {{"a"},
                {ok(1, {"x"}, "{\"a\":\"x\"}"),
                 bad(2, {}, "{\"a\":\"\xC0\xAF\"}", "not valid JSON (at byte 7)")},
                0});
}

TEST(RecordReaderJsonl, LongLine) {
  const std::string big(5000, 'v');
  expect_jsonl(
      "{\"a\":\"" + big + "\"}\n{\"a\":\"s\"}\n",
      {{"a"}, {ok(1, {big}, "{\"a\":\"" + big + "\"}"), ok(2, {"s"}, "{\"a\":\"s\"}")}, 0});
}

TEST(RecordReaderJsonl, WholeFileErrors) {
  expect_open_error("e.jsonl", "", ExitCode::kDataError, {"e.jsonl", "empty"});
  expect_open_error("e.ndjson", "\n \n", ExitCode::kDataError, {"e.ndjson", "blank lines"});
  expect_open_error("e.jsonl", "\n[1]\n{\"a\":1}\n", ExitCode::kDataError,
                    {"e.jsonl:2:", "not a JSON object"});
  expect_open_error("e.jsonl", "{\"a\":\n", ExitCode::kDataError,
                    {"e.jsonl:1:", "not a JSON object"});
  expect_open_error("e.jsonl", "{}\n{\"a\":1}\n", ExitCode::kDataError, {"e.jsonl:1:", "keys"});
  TempDir dir;
  expect_error([&] { open_records((dir / "none.jsonl").string()); }, ExitCode::kNoInput,
               {"none.jsonl"});
}

TEST(RecordReaderJsonl, Gzipped) {
  TempDir dir;
  write_file(dir / "g.jsonl.gz", gzip_bytes("{\"a\":1}\n") + gzip_bytes("{\"a\":2}\n"));
  EXPECT_EQ(read_all(dir / "g.jsonl.gz"),
            (Table{{"a"}, {ok(1, {"1"}, "{\"a\":1}"), ok(2, {"2"}, "{\"a\":2}")}, 0}));
}

TEST(RecordReaderJsonl, LineLongerThanTheLimitIsAnError) {
  ReaderOptions options;
  options.chunk_bytes = 5;
  options.max_record_bytes = 1 << 20;
  TempDir dir;
  write_file(dir / "l.jsonl", "{\"a\":1}\n{\"a\":\"" + std::string(2 << 20, 'x') + "\"}\n");
  expect_error([&] { read_all(dir / "l.jsonl", options); }, ExitCode::kDataError,
               {"l.jsonl:2:", "record longer than 1 MiB"});
}

}  // namespace
}  // namespace innocluster
