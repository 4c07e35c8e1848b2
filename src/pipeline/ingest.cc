#include "pipeline/ingest.h"

#include <set>

#include <fmt/format.h>

#include "core/error.h"
#include "core/progress.h"

namespace innocluster {

std::string rejected_file_name(const std::string& input_path) {
  std::filesystem::path name = std::filesystem::path(input_path).filename();
  if (name.extension() == ".gz") name = name.stem();
  if (name.has_extension()) name = name.stem();
  return name.string() + ".csv";
}

std::vector<SourceIngest> ingest_sources(const IngestRequest& request) {
  const Methodology& m = request.methodology;
  std::vector<SourceIngest> out;
  std::set<std::string> rejected_names;
  for (Source source : kAllSources) {
    const auto& input = request.inputs[static_cast<std::size_t>(source)];
    if (!input) continue;
    const auto& metric = m.metric(source);
    if (!metric)
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

    SourceIngest s;
    s.source = source;
    s.path = *input;
    std::error_code ec;
    const std::uint64_t bytes = std::filesystem::file_size(*input, ec);
    {
      Progress progress(fmt::format("reading {}", source_name(source)), ec ? 0 : bytes);
      ContributionReadOptions options;
      options.source = source;
      options.years = metric->years;
      options.rejected_path = request.out_dir / "rejected" / rejected_name;
      options.on_progress = [&progress](std::uint64_t done) { progress.update(done); };
      Stopwatch read;
      s.file = read_contributions(*input, options);
      s.read_seconds = read.seconds();
    }
    Stopwatch weigh_time;
    s.weights = weigh(s.file.table, s.file.rejected_row_documents, *input);
    s.weigh_seconds = weigh_time.seconds();
    Stopwatch collapse_time;
    s.locations = collapse_locations(s.file.table, s.weights.weight, m.location_decimals);
    s.collapse_seconds = collapse_time.seconds();
    out.push_back(std::move(s));
  }
  if (out.empty())
    throw Error(ExitCode::kUsage, "no contribution file given: pass --patents, --publications or --deals");
  return out;
}

}  // namespace innocluster
