// Throughput of open_records() + next() over a CSV file, in MB/s of file bytes,
// alone and with is_valid_utf8() on each record's raw bytes (as ingest does).
//
//   record_reader_bench [FILE] [--rows N] [--repeat R]
//
// Without FILE, writes N (default 2,000,000) rows like
// `P000123,2021,35.6895,139.6917,H04L,Acme Corp` (~45 bytes; one in four with
// a quoted organisation) to a temporary file, reads it R times (default 5) and
// reports the best run, so the page cache is warm and the number is the
// parser's, not the disk's. For a gzip FILE, MB are compressed bytes.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/record_reader.h"
#include "io/utf8.h"

namespace {

std::string generate(std::size_t rows) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("record_reader_bench_" + std::to_string(rows) + ".csv");
  std::ofstream out(path, std::ios::binary);
  out << "id,year,lat,lon,ipc,org\n";
  static const char* const kOrgs[] = {"Acme Corp", "\"Globex, Inc.\"", "Initech", "Umbrella KK"};
  char line[128];
  for (std::size_t i = 0; i < rows; ++i) {
    const int n = std::snprintf(line, sizeof line, "P%06zu,%zu,%.4f,%.4f,H04L,%s\n", i % 1000000,
                                2000 + i % 25, 35.0 + static_cast<double>(i % 1000) / 997.0,
                                139.0 + static_cast<double>(i % 777) / 773.0, kOrgs[i % 4]);
    out.write(line, n);
  }
  return path.string();
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  std::size_t rows = 2'000'000;
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rows" && i + 1 < argc) {
      rows = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else {
      path = arg;
    }
  }
  const bool generated = path.empty();
  if (generated) path = generate(rows);

  std::size_t checksum = 0;  // keeps the loop from being optimised away
  for (const bool validate : {false, true}) {
    double best = 0;
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;
    for (int run = 0; run < repeat; ++run) {
      const auto start = std::chrono::steady_clock::now();
      auto reader = innocluster::open_records(path);
      innocluster::Record rec;
      records = 0;
      while (reader->next(rec)) {
        ++records;
        checksum += rec.fields.size() + rec.fields.back().size();
        if (validate) checksum += innocluster::is_valid_utf8(rec.raw) ? 1 : 0;
      }
      bytes = reader->bytes_consumed();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      best = std::max(best, static_cast<double>(bytes) / 1e6 / seconds);
    }
    std::printf("%s: %llu records, %.1f MB, %s, best of %d: %.0f MB/s\n", path.c_str(),
                static_cast<unsigned long long>(records), static_cast<double>(bytes) / 1e6,
                validate ? "next + is_valid_utf8(raw)" : "next", repeat, best);
  }
  std::printf("(checksum %zu)\n", checksum);
  if (generated) std::filesystem::remove(path);
  return 0;
}
