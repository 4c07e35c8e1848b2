// read_points(): reading in slices on several threads gives exactly what
// reading record by record gives (points, rows, rejections with their lines,
// the rejected file), on files built to hit the edges: CRLF and LF, blank
// lines, a byte-order mark, every rejection reason, a missing weight column,
// quotes and gzip (which are read record by record whatever the threads).

#include "detect/points_io.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "test_support.h"

namespace innocluster::detect {
namespace {

// `sliced`: whether the file qualifies for reading in slices.
void expect_same_reading(const std::string& content, bool sliced, bool gzip = false) {
  testing::TempDir dir;
  const auto path = dir / (gzip ? "points.csv.gz" : "points.csv");
  if (gzip) {
    testing::write_gzip_file(path, content);
  } else {
    testing::write_file(path, content);
  }
  PointsReadOptions one;
  one.rejected_path = dir / "one.rejected.csv";
  one.threads = 1;
  PointsReadOptions many = one;
  many.rejected_path = dir / "many.rejected.csv";
  many.threads = 3;
  const PointsFile a = read_points(path.string(), one);
  const PointsFile b = read_points(path.string(), many);
  EXPECT_EQ(a.read_threads, 1);
  EXPECT_EQ(b.read_threads, sliced ? 3 : 1);
  ASSERT_EQ(a.points.size(), b.points.size());
  for (std::size_t i = 0; i < a.points.size(); ++i) {  // the same bits (the sign of a zero too)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.points[i].lat), std::bit_cast<std::uint64_t>(b.points[i].lat)) << i;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.points[i].lon), std::bit_cast<std::uint64_t>(b.points[i].lon)) << i;
    EXPECT_EQ(a.points[i].weight, b.points[i].weight) << i;
  }
  EXPECT_EQ(a.has_weight_column, b.has_weight_column);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.rejected, b.rejected);
  EXPECT_EQ(a.rejected_rows, b.rejected_rows);
  EXPECT_EQ(a.first_rejections, b.first_rejections);
  ASSERT_EQ(a.rejected_file.has_value(), b.rejected_file.has_value());
  if (a.rejected_file) {
    EXPECT_EQ(testing::read_file(*a.rejected_file), testing::read_file(*b.rejected_file));
  }
}

// `text` as a file read on two threads (in slices, when it qualifies).
PointsFile read_on_two_threads(const std::string& text) {
  testing::TempDir dir;
  testing::write_file(dir / "points.csv", text);
  PointsReadOptions options;
  options.threads = 2;
  return read_points((dir / "points.csv").string(), options);
}

TEST(ReadPoints, SlicesReadLikeRecords) {
  expect_same_reading(
      "\xEF\xBB\xBFlat,lon,weight\r\n"
      "48.85,2.35,1\r\n"
      "\r\n"
      "91,2.35,1\r\n"
      "48.86, 2.36 ,0.5\n"
      "\n"
      "48.87,2.37\n"
      "x,2.38,1\n"
      "48.88,,1\n"
      "48.89,2.39,-1\n"
      "48.9,2.4,\n"
      "48.91,181,1\n"
      "  \n"
      "48.92,2.42,2\r\r\n"
      "48.93,2.43,1\n",
      true);
}

TEST(ReadPoints, WithoutAWeightColumnAndWithExtraColumns) {
  expect_same_reading("id,LAT,Lon,note\n1,10,20,a\n2,10.5,20.5,b\n3,bad,20,c\n4,11,21,d;e\n", true);
}

TEST(ReadPoints, QuotesAndGzipAreReadRecordByRecord) {
  expect_same_reading("lat,lon,note\n10,20,\"a, b\"\n11,21,\"two\nlines\"\n12,22,c\n", false);
  expect_same_reading("lat,lon\n10,20\n11,x\n12,22\n", false, true);
  expect_same_reading("lat,lon\n10,20\n11,21", false);  // no final line feed
}

TEST(ReadPoints, BlankLinesBeforeTheHeaderAreReadRecordByRecord) {
  expect_same_reading("\nlat,lon\n1,2\n3,4\n", false);
  expect_same_reading("\r\n\r\nlat,lon\r\n1,2\r\n", false);
}

// The weights' sum is checked before each addition: rows of the largest
// weight (1e6) would otherwise carry it past the int64 range unnoticed.
TEST(ReadPoints, WeightsBeyondTheLimitAreAnErrorOnAnyThreads) {
  testing::TempDir dir;
  std::string text = "lat,lon,weight\n";
  for (int i = 0; i < 2148; ++i) text += "1,2,1000000\n";  // 2.148e9 > 2^31 - 1
  testing::write_file(dir / "p.csv", text);
  for (const int threads : {1, 2, 3}) {
    PointsReadOptions options;
    options.threads = threads;
    try {
      read_points((dir / "p.csv").string(), options);
      ADD_FAILURE() << "no error at " << threads << " threads";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kDataError);
      EXPECT_NE(std::string(e.what()).find("p.csv:2149: the weights add up to more than 2147483647"),
                std::string::npos)
          << e.what();
    }
  }
  // One row fewer is within the limit, and read the same way on any threads.
  text.resize(text.size() - std::string("1,2,1000000\n").size());
  expect_same_reading(text, true);
  // Past the limit within the first of two slices: the same error.
  text = "lat,lon,weight\n";
  for (int i = 0; i < 4400; ++i) text += "1,2,1000000\n";
  testing::write_file(dir / "p.csv", text);
  PointsReadOptions options;
  options.threads = 2;
  try {
    read_points((dir / "p.csv").string(), options);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("p.csv:2149: the weights add up to more than 2147483647"), std::string::npos)
        << e.what();
  }
}

TEST(ReadPoints, SlicesLongerThanTheStepOfPageReleasesReadLikeRecords) {
  // The reader lets go of the mapped file every 16 MiB of a slice: here the
  // first of two slices ends 4 bytes past 16 MiB, its last line straddling
  // that mark (20-byte lines after an 11-byte header), and a line ends
  // exactly on it in the second.
  std::string text = "id,lat,lon\n";
  const std::size_t lines = 1677721;
  text.reserve(11 + 20 * lines);
  char line[32];
  for (std::size_t i = 0; i < lines; ++i) {
    std::snprintf(line, sizeof line, "%07zu,%06.3f,%04.1f\n", i % 10000000, 10 + static_cast<double>(i % 89) / 1000,
                  static_cast<double>(i % 97) / 10 + 20);
    text += line;
  }
  ASSERT_EQ(text.size(), 33554431u);
  testing::TempDir dir;
  testing::write_file(dir / "p.csv", text);
  PointsReadOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const PointsFile a = read_points((dir / "p.csv").string(), one);
  const PointsFile b = read_points((dir / "p.csv").string(), two);
  EXPECT_EQ(b.read_threads, 2);
  EXPECT_EQ(a.rows, lines);
  EXPECT_EQ(b.rows, lines);
  ASSERT_EQ(b.points.size(), lines);
  ASSERT_EQ(a.points.size(), lines);
  for (std::size_t i = 0; i < lines; ++i) {
    if (std::bit_cast<std::uint64_t>(a.points[i].lat) != std::bit_cast<std::uint64_t>(b.points[i].lat) ||
        std::bit_cast<std::uint64_t>(a.points[i].lon) != std::bit_cast<std::uint64_t>(b.points[i].lon)) {
      ADD_FAILURE() << "point " << i << " differs";
      break;
    }
  }
}

// Labels are formatted in blocks of 2^18 rows, one per thread: the same
// bytes at any thread count, with rejected rows on and around block edges.
TEST(WriteLabels, SameBytesOnAnyThreads) {
  testing::TempDir dir;
  PointsFile file;
  file.rows = 700000;
  file.rejected_rows = {0, 262143, 262144, 262145, 524287, 524288, 699999};
  const std::size_t accepted = file.rows - file.rejected_rows.size();
  std::vector<std::int32_t> cluster(accepted);
  std::vector<std::uint8_t> core(accepted);
  for (std::size_t i = 0; i < accepted; ++i) {
    cluster[i] = static_cast<std::int32_t>(i % 7) - 1;
    core[i] = static_cast<std::uint8_t>(i % 3 == 0);
  }
  // The longest rows there can be.
  cluster[1] = std::numeric_limits<std::int32_t>::min();
  cluster[2] = std::numeric_limits<std::int32_t>::max();
  write_labels(dir / "one.csv", file, cluster, core, 1);
  const std::string one = testing::read_file(dir / "one.csv");
  for (const int threads : {2, 3, 8}) {
    write_labels(dir / "many.csv", file, cluster, core, threads);
    EXPECT_EQ(testing::read_file(dir / "many.csv"), one) << threads;
  }
  // The header, then row 0 (rejected), then accepted row 0 (cluster -1,
  // core), then the two longest.
  EXPECT_EQ(one.substr(0, 50), "cluster,core\n-1,0\n-1,1\n-2147483648,0\n2147483647,0\n");
  EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 700001);
}

TEST(ReadPoints, PlainLinesAtTheLimitsReadAsEveryOtherLine) {
  // The sliced reader's shortcut for plain lines, at the edges of its ranges:
  // accepted and rejected exactly as the streaming reader does.
  const std::string text =
      "lat,lon,weight\n"
      "90.0,180.0,1000000\n"
      "-90.0,-180.0,0.0\n"
      "-0,-0.0,-0\n"
      "90.0001,0,1\n"
      "0,180.00001,1\n"
      "0,0,1000000.5\n"
      "0,0,1000001\n"
      "0,0,-0.5\n"
      "1.5,2.5,0.25,9\n"
      "1.5,2.5\n"
      "12.3456789012345678,1,1\n"
      "1.,2,1\n";
  expect_same_reading(text, true);
  const PointsFile f = read_on_two_threads(text);
  EXPECT_EQ(f.read_threads, 2);
  EXPECT_EQ(f.rows, 12u);
  EXPECT_EQ(f.rejected_rows, (std::vector<std::uint64_t>{3, 4, 5, 6, 7, 8, 9}));
  ASSERT_EQ(f.points.size(), 5u);
  EXPECT_EQ(f.points[0].weight, 1000000 * kWeightOne);
  EXPECT_EQ(f.points[1].lat, -90.0);
  EXPECT_EQ(f.points[3].lat, 12.3456789012345678);
  EXPECT_EQ(f.points[4].lat, 1.0);
}

TEST(ReadPoints, PlainLinesWithOtherColumnsAndStrayCharactersReadAsEveryOtherLine) {
  // The shortcut reads a line in one pass, parsing the numbers as it meets
  // them: what follows a number, other columns anywhere, and carriage
  // returns inside a line or ending it.
  const std::string text =
      "name,lat,note,lon,weight,tail\n"
      "a,48.85,x,2.35,1,z\r\n"
      ",48.85,,2.35,1,\n"
      "a,48.85,x,2.35,1,z\r\r\n"
      "a,48.85x,x,2.35,1,z\n"
      "a,48.85,x,2.35\r,1,z\n"
      "a,48.85,x\ry,2.35,1,z\n"
      "a,48.85 ,x,2.35,1,z\n"
      "a,48.85,x,2.35,1\n"
      "a,48.85,x,2.35,1,z,\n"
      "\r\n"
      "a,-0.5,x,-2.5,0.5,z\n";
  expect_same_reading(text, true);
  const PointsFile f = read_on_two_threads(text);
  EXPECT_EQ(f.read_threads, 2);
  EXPECT_EQ(f.rows, 10u);
  EXPECT_EQ(f.rejected_rows, (std::vector<std::uint64_t>{3, 4, 7, 8}));
  ASSERT_EQ(f.points.size(), 6u);
  EXPECT_EQ(f.points[5].lat, -0.5);
  EXPECT_EQ(f.points[5].lon, -2.5);
  EXPECT_EQ(f.points[5].weight, kWeightOne / 2);
}

TEST(ReadPoints, UsualLinesAtTheLimitsReadAsEveryOtherLine) {
  // "lat,lon[,weight]" files, the usual layout: numbers around 8 digits on
  // either side of the point, lines around 32 bytes, signs, zeros, carriage
  // returns, stray characters; each line repeated, so that copies fall in
  // every slice and at their edges.
  const std::vector<std::string> lines = {
      "12.34567891,1.5,1",        "12.3456789,1.5,1",          "89.12345678,-179.87654321,999999.99999999",
      "-0,-0.0,0",                "00000089.5,0,1",            "000000089.5,0,1",
      "-90,-180,1000000",         "-90.00000001,0,1",          "0,180.00000001,1",
      "1,2,1000000.00000001",     "1,2,-0",                    "1,2,-0.00000001",
      "1.,2,1",                   ".5,2,1",                    "-,2,1",
      "1,2",                      "1,2,3,4",                   "1,,2",
      "1,2,3\r",                  "1\r,2,3",                   "1,2\r,3",
      "1,2,3\r\r",                "+1,2,3",                    "1e1,2,3",
      " 1,2,3",                   "1,2,3 ",                    "1-1,2,3",
      "1.2.3,4,5",                "12345678.5,0,1",            "0.123456789012,0.123456789012,0.5",
      "-12.12345678,-123.12345678,12345.1234567",  // 40 bytes: no line end within 32
      "-12.1234567,-123.1234567,1234.12",          // 32 bytes with its line feed
  };
  std::string text = "lat,lon,weight\n";
  for (int copy = 0; copy < 20; ++copy)
    for (const std::string& line : lines) text += line + "\n";
  expect_same_reading(text, true);
  const PointsFile f = read_on_two_threads(text);
  ASSERT_EQ(f.read_threads, 2);
  EXPECT_EQ(f.points[0].lat, 12.34567891);
  EXPECT_EQ(f.points[2].lat, 89.12345678);
  EXPECT_EQ(f.points[2].lon, -179.87654321);
  EXPECT_EQ(f.points[3].lat, 0.0);
  EXPECT_TRUE(std::signbit(f.points[3].lat));
  // Without a weight column.
  std::string two = "Lat,Lon\n";
  for (int copy = 0; copy < 50; ++copy) two += "-33.8688,151.2093\n1,2,3\n0.5,-0.25\r\n1,2\r\r\n-1.23456789,-2\n";
  expect_same_reading(two, true);
}

RC_GTEST_PROP(ReadPoints, RandomFilesReadTheSameOnAnyThreads, ()) {
  const auto rows = *rc::gen::inRange(0, 300);
  const bool blank_first = *rc::gen::inRange(0, 5) == 0;  // then read record by record
  std::string text = blank_first ? "\n" : "";
  text += *rc::gen::element<std::string>("lat,lon,weight\n", "lat,lon\n", "weight,lon,lat\n");
  const bool crlf = *rc::gen::arbitrary<bool>();
  for (int i = 0; i < rows; ++i) {
    switch (*rc::gen::inRange(0, 9)) {
      case 0: text += ""; break;  // blank line
      case 1: text += "1,2"; break;
      case 2: text += "x,1,1"; break;
      case 3: text += "95,1,1"; break;
      case 4: {
        // Numbers in the plain form (read by the sliced reader's shortcut)
        // and in the other forms, in range or not.
        auto number = [](int whole) {
          std::string n = std::to_string(*rc::gen::inRange(-whole, whole + 1));
          const int decimals = *rc::gen::inRange(0, 12);
          if (decimals > 0) {
            n += ".";
            for (int d = 0; d < decimals; ++d) n += static_cast<char>('0' + *rc::gen::inRange(0, 10));
          }
          return *rc::gen::element<std::string>("", "", "", "", " ", "+", "-", "0", "00000") + n +
                 *rc::gen::element<std::string>("", "", "", "", "e1", " ", "\t");
        };
        text += number(95) + "," + number(185) + (*rc::gen::inRange(0, 8) ? "," + number(3) : "");
        break;
      }
      default:
        text += std::to_string(*rc::gen::inRange(-90, 91)) + "," + std::to_string(*rc::gen::inRange(-180, 181)) + "," +
                std::to_string(*rc::gen::inRange(0, 5));
    }
    text += crlf ? "\r\n" : "\n";
  }
  expect_same_reading(text, !blank_first);
}

}  // namespace
}  // namespace innocluster::detect
