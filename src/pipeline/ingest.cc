#include "pipeline/ingest.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "core/error.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "geo/geocoder.h"
#include "synth/world.h"

namespace innocluster {

std::string rejected_file_name(const std::string& input_path) {
  std::filesystem::path name = std::filesystem::path(input_path).filename();
  if (name.extension() == ".gz") name = name.stem();
  if (name.has_extension()) name = name.stem();
  return name.string() + ".csv";
}

bool any_synthetic(const std::vector<SourceIngest>& sources) {
  for (const SourceIngest& s : sources)
    if (s.synthetic) return true;
  return false;
}

namespace {

// One source's work: read, weigh, collapse.
void ingest_one(SourceIngest& s, const MetricSettings& metric, int decimals, const std::filesystem::path& rejected_path,
                const std::function<void(std::uint64_t)>& on_progress,
                const std::function<const geo::Geocoder&()>& geocoder) {
  ContributionReadOptions options;
  options.geocoder = geocoder;
  options.source = s.source;
  options.years = metric.years;
  options.rejected_path = rejected_path;
  options.on_progress = on_progress;
  Stopwatch read;
  s.file = read_contributions(s.path, options);
  s.read_seconds = read.seconds();
  Stopwatch weigh_time;
  s.weights = weigh(s.file.table, s.file.rejected_row_documents, s.path);
  s.weigh_seconds = weigh_time.seconds();
  Stopwatch collapse_time;
  s.locations = collapse_locations(s.file.table, s.weights.weight, decimals);
  s.collapse_seconds = collapse_time.seconds();
}

}  // namespace

std::vector<SourceIngest> ingest_sources(const IngestRequest& request) {
  const Methodology& m = request.methodology;
  std::vector<SourceIngest> out;
  std::vector<std::filesystem::path> rejected_paths;
  std::set<std::string> rejected_names;
  std::uint64_t total_bytes = 0;
  for (Source source : kAllSources) {
    const auto& input = request.inputs[static_cast<std::size_t>(source)];
    if (!input) continue;
    if (!m.metric(source))
      throw Error(ExitCode::kUsage,
                  fmt::format("methodology '{}' ({}) has no metric '{}': drop --{} or choose a "
                              "methodology that counts {}",
                              m.name, m.path, source_name(source), source_name(source),
                              source_name(source)));
    std::string rejected_name = rejected_file_name(*input);
    if (!rejected_names.insert(rejected_name).second)
      rejected_name = fmt::format("{}-{}.csv", rejected_name.substr(0, rejected_name.size() - 4),
                                  source_name(source));
    rejected_names.insert(rejected_name);
    rejected_paths.push_back(request.write_rejected ? request.out_dir / "rejected" / rejected_name
                                                    : std::filesystem::path());
    SourceIngest s;
    s.source = source;
    s.path = *input;
    s.synthetic = synth::in_synthetic_directory(*input);
    std::error_code ec;
    const std::uint64_t bytes = std::filesystem::file_size(*input, ec);
    total_bytes += ec ? 0 : bytes;
    out.push_back(std::move(s));
  }
  if (out.empty())
    throw Error(ExitCode::kUsage, "no contribution file given: pass --patents, --publications or --deals");

  // Sources are independent: up to `threads` of them are read at once. Each
  // result lands in its own slot, so the outcome does not depend on timing.
  // One geocoder for every source, built on first need (its index takes
  // about half a second and 200 MB).
  std::once_flag geocoder_built;
  std::unique_ptr<geo::Geocoder> geocoder;
  std::function<const geo::Geocoder&()> get_geocoder;
  if (request.geocode)
    get_geocoder = [&]() -> const geo::Geocoder& {
      std::call_once(geocoder_built, [&] { geocoder = std::make_unique<geo::Geocoder>(geo::Geocoder::load_default()); });
      return *geocoder;
    };

  Progress progress("reading contribution files", total_bytes);
  std::mutex progress_mutex;
  std::vector<std::uint64_t> done(out.size(), 0);
  for_each_task(out.size(), request.threads, [&](std::size_t i) {
    ingest_one(out[i], *m.metric(out[i].source), m.location_decimals, rejected_paths[i],
               [&, i](std::uint64_t bytes) {
                 const std::lock_guard lock(progress_mutex);
                 done[i] = bytes;
                 std::uint64_t sum = 0;
                 for (std::uint64_t d : done) sum += d;
                 progress.update(sum);
               },
               get_geocoder);
  });
  return out;
}

}  // namespace innocluster
