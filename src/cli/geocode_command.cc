// `innocluster geocode`: place the addresses of a table, offline.

#include <array>
#include <cstdio>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/text.h"
#include "detect/parallel.h"
#include "geo/geocoder.h"
#include "io/output_file.h"
#include "io/record_reader.h"
#include "io/utf8.h"

namespace innocluster::cli {
namespace {

struct GeocodeOptions {
  std::string input;
  std::string out;
  int threads = 0;
};

constexpr std::array<std::string_view, 7> kOutputColumns = {"lat", "lon", "match", "place_id", "candidates",
                                                            "reason", "place"};

std::string lower_trimmed(std::string_view name) {
  std::string out(trim(name));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The input, held whole: the cells of every row back to back.
struct Table {
  std::vector<std::string> header;
  std::vector<std::string> cells;  // rows × header.size()
  std::size_t rows() const { return header.empty() ? 0 : cells.size() / header.size(); }
  std::string_view cell(std::size_t row, std::size_t col) const { return cells[row * header.size() + col]; }
};

Table read_table(const std::string& path) {
  std::unique_ptr<RecordReader> reader = open_records(path);
  Table t;
  t.header = reader->header();
  Record rec;
  while (reader->next(rec)) {
    std::string problem;
    if (!is_valid_utf8(rec.raw)) problem = "the row holds bytes that are not UTF-8; re-export the file as UTF-8";
    else if (!rec.error.empty()) problem = std::string(rec.error);
    else if (rec.fields.size() != t.header.size())
      problem = fmt::format("{} fields where the header has {}", rec.fields.size(), t.header.size());
    if (!problem.empty())
      throw Error(ExitCode::kDataError,
                  located(path, rec.line, fmt::format("{}; fix the row (every row needs one output row), then rerun",
                                                      problem)));
    for (std::string_view f : rec.fields) t.cells.emplace_back(f);
  }
  return t;
}

void run_geocode(const GeocodeOptions& opt) {
  if (opt.threads < 0) throw Error(ExitCode::kUsage, "--threads: must be >= 0 (0 = all cores)");
  Stopwatch total;
  const Table table = read_table(opt.input);

  // Which column plays which part of the address.
  std::array<std::ptrdiff_t, 4> column{-1, -1, -1, -1};  // city, region, country, address
  constexpr std::array<std::string_view, 4> kRoles = {"city", "region", "country", "address"};
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const std::string name = lower_trimmed(table.header[c]);
    for (std::size_t r = 0; r < kRoles.size(); ++r)
      if (name == kRoles[r]) {
        if (column[r] >= 0)
          throw Error(ExitCode::kDataError,
                      located(opt.input, 1, fmt::format("column '{}' is given twice; keep one", kRoles[r])));
        column[r] = static_cast<std::ptrdiff_t>(c);
      }
    for (std::string_view out : kOutputColumns)
      if (name == out)
        throw Error(ExitCode::kDataError,
                    located(opt.input, 1,
                            fmt::format("column '{}' would clash with the output column of that name; rename "
                                        "it in the input",
                                        table.header[c])));
  }
  const bool fields = column[0] >= 0 || column[1] >= 0 || column[2] >= 0;
  if (!fields && column[3] < 0)
    throw Error(ExitCode::kDataError,
                located(opt.input, 1,
                        "no address column: give 'city' (with optional 'region' and 'country'), or one "
                        "'address' column \"City, Region, Country\""));
  if (fields && column[3] >= 0)
    throw Error(ExitCode::kDataError,
                located(opt.input, 1,
                        "both 'address' and 'city'/'region'/'country' columns: keep one form of the address"));

  Stopwatch build;
  const geo::Geocoder geocoder = geo::Geocoder::load_default();
  const double build_seconds = build.seconds();

  const std::size_t n = table.rows();
  std::vector<geo::GeocodeResult> results(n);
  Stopwatch match;
  const auto part = [&](std::size_t row, std::size_t role) {
    return column[role] < 0 ? std::string_view{} : table.cell(row, static_cast<std::size_t>(column[role]));
  };
  Progress progress("geocoding", n);
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;  // Progress is drawn by one thread at a time
  detect::parallel_blocks(n, 4096, detect::resolve_threads(opt.threads), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      results[i] = fields ? geocoder.geocode(part(i, 0), part(i, 1), part(i, 2)) : geocoder.geocode_address(part(i, 3));
    const std::size_t now = done += end - begin;
    if (Progress::enabled() && progress_mutex.try_lock()) {
      progress.update(now);
      progress_mutex.unlock();
    }
  });
  progress.finish();
  const double match_seconds = match.seconds();

  OutputFile out(opt.out);
  std::string line;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (c) line.push_back(',');
    append_csv_field(line, table.header[c]);
  }
  for (std::string_view name : kOutputColumns) {
    line.push_back(',');
    line.append(name);
  }
  line.push_back('\n');
  out.write(line);
  std::array<std::uint64_t, 4> by_level{};
  std::array<std::uint64_t, 5> by_reason{};
  const geo::Gazetteer& g = geocoder.gazetteer();
  for (std::size_t i = 0; i < n; ++i) {
    line.clear();
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      if (c) line.push_back(',');
      append_csv_field(line, table.cell(i, c));
    }
    const geo::GeocodeResult& r = results[i];
    ++by_level[static_cast<std::size_t>(r.match)];
    ++by_reason[static_cast<std::size_t>(r.reason)];
    if (r.place != geo::kNoPlace) {
      line += fmt::format(",{},{},{},{},{},{},", g.lat(r.place), g.lon(r.place), geo::match_level_name(r.match),
                          g.geonameid(r.place), r.candidates, geo::geocode_reason_code(r.reason));
      append_csv_field(line, g.name(r.place));
    } else {
      line += fmt::format(",,,{},,{},{},", geo::match_level_name(r.match), r.candidates,
                          geo::geocode_reason_code(r.reason));
    }
    line.push_back('\n');
    out.write(line);
  }
  out.commit();

  std::string reasons;
  for (std::size_t r = 1; r < by_reason.size(); ++r)
    if (by_reason[r] > 0)
      reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", by_reason[r],
                             geo::geocode_reason_code(static_cast<geo::GeocodeReason>(r)));
  const auto share = [n](std::uint64_t k) { return n ? 100.0 * static_cast<double>(k) / static_cast<double>(n) : 0.0; };
  std::fputs(fmt::format("{} rows: {} city ({:.1f}%), {} region, {} country, {} none{}{} -> {}\n"
                         "index {:.2f} s, matching {:.2f} s ({:.0f} rows/s), total {:.2f} s\n",
                         n, by_level[3], share(by_level[3]), by_level[2], by_level[1], by_level[0],
                         reasons.empty() ? "" : "; ", reasons, opt.out, build_seconds, match_seconds,
                         match_seconds > 0 ? static_cast<double>(n) / match_seconds : 0.0, total.seconds())
                 .c_str(),
             stdout);
}

}  // namespace

void add_geocode_command(CLI::App& app) {
  auto opt = std::make_shared<GeocodeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "geocode",
      "Place addresses offline on GeoNames places (cities1000): names in any script and\n"
      "spelling, the country (code or name) restricting the search, the region narrowing it,\n"
      "the most populous place winning among equals. Input: a table with 'city' (and\n"
      "optional 'region', 'country') or one 'address' column \"City, Region, Country\".\n"
      "Output: the input columns plus lat, lon, match (city, region, country, none),\n"
      "place_id (GeoNames id), candidates, reason and place (the GeoNames name).");
  cmd->add_option("--input", opt->input, "Addresses (CSV, CSV.gz or JSON Lines)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", opt->out, "CSV file to write")->required();
  cmd->add_option("--threads", opt->threads, "Worker threads (0 = all cores); the output does not depend on it")
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  innocluster geocode --input inventors.csv --out inventors-geocoded.csv\n"
      "  innocluster geocode --input addresses.csv.gz --threads 2 --out placed.csv\n"
      "Matching rules: docs/methodology.md, \"Geocoding\". Columns: docs/formats.md.");
  cmd->callback([opt] { run_geocode(*opt); });
}

}  // namespace innocluster::cli
