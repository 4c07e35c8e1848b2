// `innocluster compare`: how the clusters of one ranking moved in another
// (two editions, or two methodologies on the same data).

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "report/comparison_outputs.h"

namespace innocluster::cli {
namespace {

struct CompareOptions {
  std::string previous, current, out;
  double min_overlap = rank::kDefaultMinOverlap;
  int show = 5;
};

void run_compare(const CompareOptions& opt) {
  const rank::RankRunDirectory previous = rank::read_rank_run(opt.previous);
  const rank::RankRunDirectory current = rank::read_rank_run(opt.current);
  const rank::Comparison comparison = rank::compare_runs(previous, current, opt.min_overlap);
  std::error_code ec;
  std::filesystem::create_directories(opt.out, ec);
  if (ec)
    throw Error(ExitCode::kCannotCreate,
                fmt::format("{}: cannot create the output directory: {}", opt.out, ec.message()));
  write_comparison(comparison, previous, current, opt.out);
  for (const std::string& w : comparison.kind.warnings)
    std::fputs(fmt::format("innocluster: warning: {}\n", w).c_str(), stderr);
  std::fputs(comparison_summary(comparison, previous, current, opt.show).c_str(), stdout);
  std::fputs(fmt::format("wrote {}/comparison.csv ({} rows) and {}/comparison.json\n", opt.out,
                         comparison.rows.size(), opt.out)
                 .c_str(),
             stdout);
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto opt = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare two rank runs: match their clusters by footprint overlap (kept, split, merged, new,\n"
      "dropped) and report rank changes and growth per metric. Serves two editions of a methodology\n"
      "and two methodologies on the same data. Writes comparison.csv and comparison.json to --out.");
  cmd->add_option("--previous", opt->previous, "Output directory of the earlier (or reference) rank run")
      ->required();
  cmd->add_option("--current", opt->current, "Output directory of the later (or alternative) rank run")->required();
  cmd->add_option("--out", opt->out, "Output directory (created if needed)")->required();
  cmd->add_option("--min-overlap", opt->min_overlap,
                  "Footprints match when they share at least this fraction of the smaller one")
      ->check(CLI::Range(0.01, 1.0))
      ->capture_default_str();
  cmd->add_option("--show", opt->show, "Largest moves printed each way")->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  innocluster rank ... --edition 2024 --out out/2024 && innocluster rank ... --out out/2025\n"
      "  innocluster compare --previous out/2024 --current out/2025 --out out/compare\n"
      "  innocluster rank ... --methodology gii-2024 --edition 2025 --out out/two-metric\n"
      "  innocluster compare --previous out/two-metric --current out/2025 --out out/method\n"
      "Columns: docs/formats.md; the matching rule: docs/methodology.md.");
  cmd->callback([opt] { run_compare(*opt); });
}

}  // namespace innocluster::cli
