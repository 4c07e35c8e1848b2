// innocluster detect: weighted DBSCAN of one points file.

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "core/large_array.h"
#include "core/weight.h"
#include "detect/dbscan.h"
#include "detect/parallel.h"
#include "detect/points_io.h"
#include "io/json_file.h"
#include "io/output_file.h"

namespace innocluster::cli {
namespace {

struct DetectOptions {
  std::string input;
  std::string out;
  std::string stats;
  double eps_km = 0;
  double min_weight = 0;
  int threads = 0;
  bool skip_bad_rows = false;
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The process's peak resident memory (the kernel's high-water mark of its
// resident set, VmHWM), in bytes; 0 when unknown. (getrusage: one system
// call, where reading /proc/self/status through a stream took 0.1 ms.)
std::uint64_t peak_memory_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0 || usage.ru_maxrss < 0) return 0;
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

void run_detect(const DetectOptions& opt) {
  if (!(std::isfinite(opt.eps_km) && opt.eps_km > 0))
    throw Error(ExitCode::kUsage, fmt::format("--eps-km {}: must be a number > 0 (great-circle km)", opt.eps_km));
  if (!(std::isfinite(opt.min_weight) && opt.min_weight >= 0 && opt.min_weight <= kMaxTotalWeight))
    throw Error(ExitCode::kUsage,
                fmt::format("--min-weight {}: must be a number in [0, {}]", opt.min_weight, kMaxTotalWeight));
  if (opt.threads < 0) throw Error(ExitCode::kUsage, "--threads: must be >= 0 (0 = all cores)");

  // The outputs are checked first, so that a path that cannot be written
  // fails at once rather than after the work; they are made when written.
  const std::string rejected_path = opt.out + ".rejected.csv";
  check_can_write(opt.out);
  if (!opt.stats.empty()) {
    check_can_write(opt.stats);
    if (same_output(opt.stats, opt.out))
      throw Error(ExitCode::kUsage, fmt::format("--stats {}: the labels go to that file; name another", opt.stats));
    if (opt.skip_bad_rows && same_output(opt.stats, rejected_path))
      throw Error(ExitCode::kUsage,
                  fmt::format("--stats {}: the rejected rows go to that file; name another", opt.stats));
  }

  use_one_heap();
  auto t0 = Clock::now();
  detect::PointsReadOptions read_options;
  if (opt.skip_bad_rows) read_options.rejected_path = rejected_path;
  read_options.threads = opt.threads;
  detect::PointsFile points = detect::read_points(opt.input, read_options);
  const double read_seconds = seconds_since(t0);
  if (points.rejected > 0) {
    if (!opt.skip_bad_rows) {
      std::string lines;
      for (const std::string& r : points.first_rejections) lines += "\n  " + r;
      throw Error(ExitCode::kDataError,
                  fmt::format("{}: {} of {} rows rejected, nothing written:{}{}\nFix these rows, or pass "
                              "--skip-bad-rows to write them to {}.rejected.csv and label them -1,0",
                              opt.input, points.rejected, points.rows, lines,
                              points.rejected > points.first_rejections.size() ? "\n  ..." : "", opt.out));
    }
    std::fputs(fmt::format("innocluster: {} of {} rows rejected, written to {} (labelled -1,0 in {})\n",
                           points.rejected, points.rows, points.rejected_file->string(), opt.out)
                   .c_str(),
               stderr);
  }

  const detect::DbscanParams params{opt.eps_km, to_fixed_weight(opt.min_weight), opt.threads};
  // The engine takes the points (freed once indexed); the rest of the file's
  // description stays for the labels file.
  const std::size_t accepted = points.points.size();
  const detect::DbscanResult result = detect::weighted_dbscan(std::move(points.points), params);

  t0 = Clock::now();
  OutputFile labels_file(opt.out);
  detect::write_labels(labels_file, points, result.cluster, result.core, opt.threads);
  // The stats file is made before the labels replace their earlier file:
  // made after, its making waited for the kernel to let go of that file on
  // another thread (io/output_file.cc): 0.3 ms at 100 k points.
  std::optional<OutputFile> stats_file;
  if (!opt.stats.empty()) stats_file.emplace(opt.stats);
  labels_file.commit();
  const double write_seconds = seconds_since(t0);

  std::uint64_t noise = 0, core = 0;
  for (const std::int32_t c : result.cluster) noise += c < 0;
  for (const std::uint8_t c : result.core) core += c;
  if (!opt.stats.empty()) {
    const detect::PhaseTimes& t = result.times;
    nlohmann::ordered_json stats = {
        {"input", opt.input},
        {"eps_km", opt.eps_km},
        {"min_weight", opt.min_weight},
        {"threads", detect::resolve_threads(opt.threads)},
        {"points", points.rows},
        {"accepted", accepted},
        {"rejected", points.rejected},
        {"read_threads", points.read_threads},
        {"locations", result.counters.locations},
        {"cubes", result.counters.cells},
        {"dense_cubes", result.counters.dense_cells},
        {"clusters", result.clusters},
        {"core", core},
        {"noise", noise},
        {"seconds",
         {{"read", read_seconds},
          {"index", t.index},
          {"core", t.core},
          {"connect", t.connect},
          {"border", t.border},
          {"write", write_seconds},
          {"detect", t.index + t.core + t.connect + t.border}}},
        {"peak_memory_bytes", peak_memory_bytes()},
    };
    stats_file->write(json_file_text(stats));
    stats_file->commit();
  }
  std::fputs(fmt::format("{} points, {} clusters, {} core, {} noise -> {}\n", accepted,
                         result.clusters, core, noise, opt.out)
                 .c_str(),
             stdout);
}

}  // namespace

void add_detect_command(CLI::App& app) {
  auto opt = std::make_shared<DetectOptions>();
  CLI::App* cmd = app.add_subcommand(
      "detect",
      "Cluster weighted points with exact weighted DBSCAN on the sphere (great-circle\n"
      "distance, R = 6371.0088 km): a point is core when the weight within --eps-km of it,\n"
      "its own included, is at least --min-weight; clusters are linked core points; other\n"
      "points join their nearest core neighbour's cluster or are noise (-1).\n"
      "Input: CSV with header lat,lon[,weight] (weight defaults to 1). Output: CSV\n"
      "cluster,core with one row per input row, in input order.");
  cmd->add_option("--input", opt->input, "Points file (CSV, CSV.gz or JSON Lines)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--eps-km", opt->eps_km, "Neighbourhood radius, great-circle km (> 0)")->required();
  cmd->add_option("--min-weight", opt->min_weight, "Weight within the radius that makes a point core")->required();
  cmd->add_option("--out", opt->out, "Labels file to write (CSV cluster,core)")->required();
  cmd->add_option("--threads", opt->threads, "Worker threads for reading and detection (0 = all cores); labels do not depend on it")
      ->capture_default_str();
  cmd->add_option("--stats", opt->stats, "Also write counts, per-phase seconds and peak memory as JSON");
  cmd->add_flag("--skip-bad-rows", opt->skip_bad_rows,
                "Label rejected rows -1,0 and list them in <out>.rejected.csv instead of failing");
  cmd->footer(
      "Examples:\n"
      "  innocluster detect --input points.csv --eps-km 15 --min-weight 4500 --out labels.csv\n"
      "  innocluster detect --input points.csv.gz --eps-km 15 --min-weight 4500 --threads 2 \\\n"
      "                     --stats stats.json --skip-bad-rows --out labels.csv\n"
      "Cluster ids are 0, 1, 2, ... in order of each cluster's first core row. See docs/cli.md.");
  cmd->callback([opt] { run_detect(*opt); });
}

}  // namespace innocluster::cli
