#include "pipeline/sensitivity.h"

#include <cmath>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "assemble/merge.h"
#include "core/error.h"
#include "core/progress.h"
#include "pipeline/rank.h"

namespace innocluster {
namespace {

std::size_t index_of(Source s) { return static_cast<std::size_t>(s); }

// The run's clusters must be what its inputs give now: same number, and each
// cluster's counts (written with 3 decimals) the same.
void check_base(const rank::RankRunDirectory& run, const std::vector<SourceIngest>& sources,
                const MergedClusters& merged) {
  const std::string manifest = (run.dir / "manifest.json").string();
  std::string files;
  for (const SourceIngest& s : sources) files += (files.empty() ? "" : ", ") + s.path;
  auto changed = [&](const std::string& what) {
    return Error(ExitCode::kDataError,
                 fmt::format("{}: the inputs it lists no longer give the run's clusters ({}): the files read ({}) "
                             "changed since the run; re-run `innocluster rank ... --out {}` first",
                             manifest, what, files, run.dir.string()));
  };
  if (static_cast<std::size_t>(merged.count) != run.clusters.size())
    throw changed(fmt::format("{} clusters now, {} in the run", merged.count, run.clusters.size()));
  std::vector<std::array<FixedWeight, 3>> count(static_cast<std::size_t>(merged.count), {0, 0, 0});
  for (const SourceIngest& s : sources) {
    const auto& of_location = merged.of_location[index_of(s.source)];
    for (std::size_t i = 0; i < of_location.size(); ++i)
      if (of_location[i] >= 0) count[static_cast<std::size_t>(of_location[i])][index_of(s.source)] += s.locations.weight[i];
  }
  for (const rank::RunCluster& c : run.clusters) {
    if (c.cluster_id < 0 || c.cluster_id >= merged.count)
      throw changed(fmt::format("cluster_id {} of '{}' does not exist now", c.cluster_id, c.name));
    for (const SourceIngest& s : sources) {
      const double now = to_double(count[static_cast<std::size_t>(c.cluster_id)][index_of(s.source)]);
      const auto then = c.count[index_of(s.source)];
      if (!then || std::abs(now - *then) > 0.0005 + 1e-9 * now)
        throw changed(fmt::format("'{}' counts {:.3f} {} now, {} in the run", c.name, now, source_name(s.source),
                                  then ? fmt::format("{:.3f}", *then) : std::string("none")));
    }
  }
}

// The file to re-read for a run's input: its path as given to the run (from
// the current directory) or its absolute path as recorded then, the first of
// them that is a file of the recorded size, else the first that is a file;
// empty when neither is.
std::string locate_input(const rank::RunInput& input) {
  std::string first_file;
  for (const std::string& candidate : {input.path, input.absolute_path}) {
    std::error_code ec;
    if (candidate.empty() || !std::filesystem::is_regular_file(candidate, ec)) continue;
    if (std::filesystem::file_size(candidate, ec) == input.bytes && !ec) return candidate;
    if (first_file.empty()) first_file = candidate;
  }
  return first_file;
}

}  // namespace

RankInterval rank_interval(const std::vector<int>& ranks, int base_rank) {
  RankInterval out;
  out.median = rank::nearest_rank_percentile(ranks, 0.5);
  out.p05 = std::min(rank::nearest_rank_percentile(ranks, 0.05), base_rank);
  out.p95 = std::max(rank::nearest_rank_percentile(ranks, 0.95), base_rank);
  return out;
}

SensitivityReport run_sensitivity_of(const SensitivityRequest& request) {
  SensitivityReport report;
  report.run = rank::read_rank_run(request.run_dir, false);
  const rank::RankRunDirectory& run = report.run;
  const Methodology& m = run.methodology;
  report.options = request.options;
  report.options.top_n = request.top_n.value_or(m.top_n);
  if (report.options.threads <= 0) report.options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (report.options.samples < 1) throw Error(ExitCode::kUsage, "--samples must be at least 1");

  // The run's inputs, read once for every sample.
  Stopwatch ingest_time;
  IngestRequest ingest;
  ingest.methodology = m;
  ingest.out_dir = run.dir;
  ingest.write_rejected = false;
  ingest.threads = report.options.threads;
  const std::string manifest = (run.dir / "manifest.json").string();
  for (const rank::RunInput& input : run.inputs) {
    const std::string path = locate_input(input);
    if (path.empty())
      throw Error(ExitCode::kNoInput,
                  fmt::format("{}: the run read {} from '{}'{}, which is not found; restore the file there, or run "
                              "`innocluster sensitivity` from a directory where that path leads to it",
                              manifest, source_name(input.source), input.path,
                              input.absolute_path.empty() || input.absolute_path == input.path
                                  ? std::string()
                                  : fmt::format(" ({})", input.absolute_path)));
    if (!m.metric(input.source))
      throw Error(ExitCode::kDataError,
                  fmt::format("{}: input '{}' is {}, a metric the run's methodology does not have; re-run the ranking",
                              manifest, input.path, source_name(input.source)));
    ingest.inputs[index_of(input.source)] = path;
  }
  const std::vector<SourceIngest> sources = ingest_sources(ingest);

  // The base run, re-created and checked against its tables.
  std::vector<SourceDetection> detections;
  for (const SourceIngest& s : sources) detections.push_back(detect_source(s, *m.metric(s.source), report.options.threads));
  std::vector<SourceLabels> labels;
  for (std::size_t i = 0; i < sources.size(); ++i)
    labels.push_back({sources[i].source, &sources[i].locations, detections[i].result.cluster,
                      detections[i].result.clusters});
  const MergedClusters base = merge_clusters(labels, m.merge_km, report.options.threads);
  check_base(run, sources, base);
  report.ingest_seconds = ingest_time.seconds();

  Stopwatch samples_time;
  {
    Progress progress("sensitivity samples", static_cast<std::uint64_t>(report.options.samples));
    rank::SensitivityOptions options = report.options;
    options.on_sample = [&progress](int done) { progress.update(static_cast<std::uint64_t>(done)); };
    report.result = rank::run_sensitivity(sources, base, m, options);
  }
  report.samples_seconds = samples_time.seconds();

  for (std::size_t i = 0; i < run.clusters.size(); ++i) {
    const rank::RunCluster& c = run.clusters[i];
    const rank::ClusterSensitivity& s = report.result.clusters[static_cast<std::size_t>(c.cluster_id)];
    SensitivityRow row;
    row.cluster = i;
    const RankInterval interval = rank_interval(s.ranks, c.rank);
    row.rank_median = interval.median;
    row.rank_p05 = interval.p05;
    row.rank_p95 = interval.p95;
    const double n = static_cast<double>(s.ranks.size());
    row.top_share = s.in_top / n;
    row.matched_share = s.matched / n;
    report.rows.push_back(row);
  }
  return report;
}

}  // namespace innocluster
