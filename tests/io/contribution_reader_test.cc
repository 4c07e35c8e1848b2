#include "io/contribution_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "test_support.h"

namespace innocluster {
namespace {

using testing::TempDir;
using testing::read_file;
using testing::write_file;

struct Fixture {
  TempDir dir;
  ContributionFile read(const std::string& name, const std::string& content, YearWindow years = {2019, 2023}) {
    const auto path = dir / name;
    write_file(path, content);
    ContributionReadOptions options;
    options.source = Source::kPatents;
    options.years = years;
    options.rejected_path = dir / "rejected" / "out.csv";
    return read_contributions(path.string(), options);
  }
  std::string rejected() const { return read_file(dir / "rejected" / "out.csv"); }
};

void expect_balanced(const ContributionFile& f) {
  EXPECT_EQ(f.counts.read, f.counts.accepted + f.counts.rejected);
  std::uint64_t by_reason = 0;
  for (std::uint64_t n : f.counts.by_reason) by_reason += n;
  EXPECT_EQ(by_reason, f.counts.rejected);
  EXPECT_EQ(f.table.rows(), f.counts.accepted);
}

std::uint64_t count(const ContributionFile& f, RejectReason r) {
  return f.counts.by_reason[static_cast<std::size_t>(r)];
}

TEST(ReadContributions, AcceptsValidRowsIntoColumns) {
  Fixture fx;
  const ContributionFile f = fx.read("p.csv",
                                     "id,year,lat,lon,field,org\n"
                                     "P1,2021,35.6895,139.6917,H04L,\"Canon, Inc.\"\n"
                                     "P1,2021,-33.8688,151.2093,G06F,\n"
                                     "P2,2023, 48.1351 ,+11.582,,Siemens\n");
  expect_balanced(f);
  ASSERT_EQ(f.table.rows(), 3u);
  EXPECT_FALSE(f.rejected_file.has_value());
  EXPECT_EQ(f.format, "csv");
  const ContributionTable& t = f.table;
  EXPECT_EQ(t.documents[t.document[0]], "P1");
  EXPECT_EQ(t.document[0], t.document[1]);
  EXPECT_EQ(t.documents[t.document[2]], "P2");
  EXPECT_EQ(t.year, (std::vector<std::int16_t>{2021, 2021, 2023}));
  EXPECT_EQ(t.lat_e7, (std::vector<std::int32_t>{356895000, -338688000, 481351000}));
  EXPECT_EQ(t.lon_e7, (std::vector<std::int32_t>{1396917000, 1512093000, 115820000}));
  EXPECT_EQ(t.fields[t.field[0]], "H04L");
  EXPECT_EQ(t.field[2], StringPool::kEmpty);
  EXPECT_EQ(t.orgs[t.org[0]], "Canon, Inc.");
  EXPECT_EQ(t.org[1], StringPool::kEmpty);
  EXPECT_FALSE(t.has_given_weights());
}

TEST(ReadContributions, HeaderNamesMatchCaseInsensitivelyAndExtraColumnsAreIgnored) {
  Fixture fx;
  const ContributionFile f = fx.read("p.csv",
                                     "\xEF\xBB\xBF" "ID, Year ,LATITUDE,Longitude,Journal,Weight\r\n"
                                     "A1,2020,1.5,2.5,Nature,0.25\r\n");
  expect_balanced(f);
  EXPECT_EQ(f.roles.id, "ID");
  EXPECT_EQ(f.roles.year, " Year ");
  EXPECT_EQ(f.roles.lat, "LATITUDE");
  EXPECT_EQ(f.roles.lon, "Longitude");
  EXPECT_EQ(f.ignored_columns, (std::vector<std::string>{"Journal"}));
  ASSERT_TRUE(f.table.has_given_weights());
  EXPECT_EQ(f.table.given_weight[0], kWeightOne / 4);
}

TEST(ReadContributions, EveryRejectionReasonIsCountedAndWrittenWithItsLine) {
  Fixture fx;
  const ContributionFile f = fx.read("p.csv",
                                     "id,year,lat,lon,weight\n"     // line 1
                                     "ok,2020,10,20,1\n"            // 2 accepted
                                     "bad\"q,2020,10,20,1\n"        // 3 malformed_record
                                     "x,2020,10,20\n"               // 4 field_count
                                     "x\xC3\x28,2020,10,20,1\n"     // 5 invalid_utf8
                                     ",2020,10,20,1\n"              // 6 missing_id
                                     "y,,10,20,1\n"                 // 7 missing_year
                                     "y,20x1,10,20,1\n"             // 8 bad_year
                                     "y,2018,10,20,1\n"             // 9 year_outside_window
                                     "y,2020,,20,1\n"               // 10 missing_coordinates
                                     "y,2020,abc,20,1\n"            // 11 bad_coordinate
                                     "y,2020,nan,20,1\n"            // 12 bad_coordinate
                                     "y,2020,10,inf,1\n"            // 13 bad_coordinate
                                     "y,2020,90.5,20,1\n"           // 14 coordinate_out_of_range
                                     "y,2020,10,-180.01,1\n"        // 15 coordinate_out_of_range
                                     "y,2020,10,20,\n"              // 16 missing_weight
                                     "y,2020,10,20,-1\n"            // 17 bad_weight
                                     "y,2020,10,20,2e6\n"           // 18 bad_weight
                                     "\"multi\nline\",2020,-90,180,0\n");  // 19-20 accepted
  expect_balanced(f);
  EXPECT_EQ(f.counts.read, 18u);
  EXPECT_EQ(f.counts.accepted, 2u);
  EXPECT_EQ(count(f, RejectReason::kMalformedRecord), 1u);
  EXPECT_EQ(count(f, RejectReason::kFieldCount), 1u);
  EXPECT_EQ(count(f, RejectReason::kInvalidUtf8), 1u);
  EXPECT_EQ(count(f, RejectReason::kMissingId), 1u);
  EXPECT_EQ(count(f, RejectReason::kMissingYear), 1u);
  EXPECT_EQ(count(f, RejectReason::kBadYear), 1u);
  EXPECT_EQ(count(f, RejectReason::kYearOutsideWindow), 1u);
  EXPECT_EQ(count(f, RejectReason::kMissingCoordinates), 1u);
  EXPECT_EQ(count(f, RejectReason::kBadCoordinate), 3u);
  EXPECT_EQ(count(f, RejectReason::kCoordinateOutOfRange), 2u);
  EXPECT_EQ(count(f, RejectReason::kMissingWeight), 1u);
  EXPECT_EQ(count(f, RejectReason::kBadWeight), 2u);
  EXPECT_EQ(f.table.documents[f.table.document[1]], "multi\nline");
  // Rows rejected for their content keep their document (for 1/k).
  EXPECT_EQ(f.rejected_row_documents.size(), 12u);

  const std::string rejected = fx.rejected();
  EXPECT_EQ(rejected.substr(0, rejected.find('\n')), "line,reason,detail,record");
  EXPECT_NE(rejected.find("\n4,field_count,4 fields where the header has 5,\"x,2020,10,20\"\n"), std::string::npos);
  // Counted (by_reason) but not copied: a row of another year is not a defect.
  EXPECT_EQ(rejected.find("year_outside_window"), std::string::npos);
  EXPECT_EQ(f.counts.outside_window(), 1u);
  EXPECT_EQ(f.counts.defects(), f.counts.rejected - 1);
  EXPECT_NE(rejected.find("\n14,coordinate_out_of_range,\"lat 90.5 is outside [-90, 90]\",\"y,2020,90.5,20,1\"\n"), std::string::npos);
  EXPECT_NE(rejected.find("\n6,missing_id,empty id,"), std::string::npos);
}

TEST(ReadContributions, AddressOnlyRowsAreRejectedAsNotGeocodedWithoutAGeocoder) {
  Fixture fx;
  const ContributionFile f = fx.read("p.csv",
                                     "id,year,lat,lon,city,country\n"
                                     "a,2020,,,München,DE\n"
                                     "b,2020,,,,\n");
  expect_balanced(f);
  EXPECT_EQ(count(f, RejectReason::kNotGeocoded), 1u);
  EXPECT_EQ(count(f, RejectReason::kMissingCoordinates), 1u);
  EXPECT_EQ(f.roles.city, "city");
  EXPECT_TRUE(f.ignored_columns.empty());
}

TEST(ReadContributions, ReadsJsonLinesWithTheSameRules) {
  Fixture fx;
  const ContributionFile f = fx.read("d.jsonl",
                                     "{\"id\":\"d1\",\"year\":2021,\"lat\":37.77,\"lon\":-122.42,\"org\":\"Acme\"}\n"
                                     "{\"id\":\"d2\",\"year\":2021,\"lat\":\"37.5\",\"lon\":-122.0}\n"
                                     "{\"id\":\"d3\",\"year\":2021,\"lat\":null,\"lon\":-122.0}\n"
                                     "[1,2]\n");
  expect_balanced(f);
  EXPECT_EQ(f.format, "jsonl");
  EXPECT_EQ(f.counts.accepted, 2u);
  EXPECT_EQ(count(f, RejectReason::kMissingCoordinates), 1u);
  EXPECT_EQ(count(f, RejectReason::kMalformedRecord), 1u);
  EXPECT_EQ(f.table.lat_e7[1], 375000000);
}

void expect_data_error(Fixture& fx, const std::string& content, const std::string& message) {
  try {
    fx.read("bad.csv", content);
    FAIL() << "expected an error for: " << content;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kDataError);
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.csv:1: "), std::string::npos) << e.what();
  }
}

TEST(ReadContributions, AMissingRequiredColumnIsAnErrorNamingFileAndColumn) {
  Fixture fx;
  expect_data_error(fx, "year,lat,lon\n1,2,3\n", "missing required column 'id' (columns found: year, lat, lon)");
  expect_data_error(fx, "id,lat,lon\n1,2,3\n", "missing required column 'year'");
  expect_data_error(fx, "id,year,lat\n1,2,3\n", "missing required column 'lon'");
  expect_data_error(fx, "id,year,org\n1,2,3\n", "missing required column 'lat'");
  expect_data_error(fx, "id,year,lat,latitude,lon\n", "columns 'lat' and 'latitude' both give the lat column");
  EXPECT_FALSE(std::filesystem::exists(fx.dir / "rejected"));
}

TEST(ReadContributions, AMissingFileIsANoInputError) {
  ContributionReadOptions options;
  try {
    read_contributions("/nonexistent/p.csv", options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/p.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace innocluster

namespace innocluster {
namespace {

std::uint64_t peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

// Two million rows with a wide ignored column: memory must follow the parsed
// columns (at most 32 bytes an accepted row), never the raw file.
TEST(ReadContributions, StreamsMillionsOfRowsInBoundedMemory) {
  testing::TempDir dir;
  const auto path = dir / "big.csv";
  constexpr int kRows = 2'000'000;
  {
    std::ofstream out(path, std::ios::binary);
    out << "id,year,lat,lon,field,org,abstract\n";
    const std::string abstract(80, 'x');
    char line[256];
    for (int i = 0; i < kRows; ++i) {
      const int n = std::snprintf(line, sizeof line, "WO2021%07d,2021,%.5f,%.5f,H04L %d/00,Org %d,%s\n", i / 2,
                                  -60.0 + (i % 12000) * 0.01, -170.0 + (i % 34000) * 0.01, i % 600, i % 5000,
                                  abstract.c_str());
      out.write(line, n);
    }
  }
  const auto file_bytes = std::filesystem::file_size(path);
  ContributionReadOptions options;
  options.years = {2020, 2024};
  options.rejected_path = dir / "rejected.csv";
  reset_peak_rss();
  const std::uint64_t before = peak_rss_bytes();
  const ContributionFile f = read_contributions(path.string(), options);
  const std::uint64_t growth = peak_rss_bytes() - before;

  RecordProperty("file_bytes", std::to_string(file_bytes));
  RecordProperty("table_bytes", std::to_string(f.table.memory_bytes()));
  RecordProperty("peak_rss_growth_bytes", std::to_string(growth));
  EXPECT_EQ(f.counts.read, static_cast<std::uint64_t>(kRows));
  EXPECT_EQ(f.counts.accepted, static_cast<std::uint64_t>(kRows));
  EXPECT_EQ(f.table.documents.size(), kRows / 2 + 1u);
  EXPECT_EQ(f.table.rows(), static_cast<std::size_t>(kRows));
  EXPECT_LE(f.table.memory_bytes(), 32u * kRows);
#if !defined(__SANITIZE_ADDRESS__)
  // Columns grow by doubling while reading, so the peak may reach about twice
  // their final size, plus the reader's window: still far below the file.
  EXPECT_LT(growth, 2 * f.table.memory_bytes() + (32u << 20));
  EXPECT_LT(growth, file_bytes / 2);
#else
  (void)growth;
  (void)file_bytes;
#endif
}

}  // namespace
}  // namespace innocluster
