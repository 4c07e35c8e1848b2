#include "cli/synth_options.h"

#include <cstdio>

#include <fmt/format.h>

#include "core/error.h"
#include "core/text.h"

namespace innocluster::cli {

void add_synth_arguments(CLI::App* cmd, SynthArguments& a, bool with_years) {
  cmd->add_option("--scale", a.scale, "Volume relative to the real world (1 = ~1.3 M PCT applications, ~8 M articles, ~236 k deals over five years)")
      ->capture_default_str()
      ->check(CLI::Range(1e-6, 10.0));
  cmd->add_option("--seed", a.seed, "Seed of the random streams; the same seed gives the same world")
      ->capture_default_str();
  if (with_years)
    cmd->add_option("--years", a.years,
                    "Years of every source, A-B (default: each source's gii-2025 window, 2020-2024 for patents "
                    "and deals, 2019-2023 for publications)");
  cmd->add_option("--threads", a.threads, "Worker threads (0 = all cores); the files do not depend on it")
      ->check(CLI::Range(0, 1024));
}

synth::SynthOptions to_synth_options(const SynthArguments& a) {
  synth::SynthOptions o;
  o.scale = a.scale;
  o.seed = a.seed;
  o.threads = a.threads;
  if (!a.years.empty()) {
    const std::size_t dash = a.years.find('-');
    const auto first = dash == std::string::npos ? std::nullopt : parse_decimal(a.years.substr(0, dash));
    const auto last = dash == std::string::npos ? std::nullopt : parse_decimal(a.years.substr(dash + 1));
    if (!first || !last || *first != static_cast<int>(*first) || *last != static_cast<int>(*last))
      throw Error(ExitCode::kUsage, fmt::format("--years {}: give two years as A-B, e.g. 2015-2024", a.years));
    o.years = YearWindow{static_cast<int>(*first), static_cast<int>(*last)};
  }
  return o;
}

void print_world_summary(const synth::WorldSummary& summary, const std::filesystem::path& dir) {
  std::string out = fmt::format("{:<13} {:>10} {:>10}  {:<9}  {}\n", "source", "rows", "documents", "years", "file");
  for (std::size_t m = 0; m < summary.sources.size(); ++m) {
    const synth::SourceTotals& s = summary.sources[m];
    out += fmt::format("{:<13} {:>10} {:>10}  {}-{}  {}\n", source_name(static_cast<Source>(m)), s.rows, s.documents,
                       s.years.first, s.years.last, (dir / s.file).string());
  }
  out += fmt::format("SYNTHETIC DATA: {} clusters and background activity at {} places; see {}\n", summary.clusters,
                     summary.background_places, (dir / synth::kSyntheticMarker).string());
  std::fputs(out.c_str(), stdout);
}

}  // namespace innocluster::cli
