// `innocluster sensitivity`: how far a ranking's ranks can be trusted, from
// re-runs under perturbed choices of the method.

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "report/sensitivity_outputs.h"

namespace innocluster::cli {
namespace {

struct SensitivityOptions {
  std::string run, out;
  int samples = 200;
  std::uint64_t seed = 1;
  int threads = 0;
  int top = 0;
  double range = 0.2;
  int show = 15;
};

void run_sensitivity_command(const SensitivityOptions& opt) {
  SensitivityRequest request;
  request.run_dir = opt.run;
  request.options.samples = opt.samples;
  request.options.seed = opt.seed;
  request.options.threads = opt.threads;
  request.options.range = opt.range;
  if (opt.top > 0) request.top_n = opt.top;
  std::error_code ec;
  std::filesystem::create_directories(opt.out, ec);
  if (ec)
    throw Error(ExitCode::kCannotCreate,
                fmt::format("{}: cannot create the output directory: {}", opt.out, ec.message()));
  const SensitivityReport report = run_sensitivity_of(request);
  write_sensitivity(report, opt.out);
  std::fputs(sensitivity_summary(report, opt.show).c_str(), stdout);
  std::fputs(fmt::format("wrote {}/sensitivity.csv ({} clusters) and {}/sensitivity.json\n", opt.out,
                         report.rows.size(), opt.out)
                 .c_str(),
             stdout);
}

}  // namespace

void add_sensitivity_command(CLI::App& app) {
  auto opt = std::make_shared<SensitivityOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity",
      "How far the ranks of a rank run can be trusted: re-run detection and ranking under perturbed\n"
      "choices (eps and min weight of each metric and the merge distance within +-20%, metric weights\n"
      "drawn around the methodology's) and report each cluster's median rank, 90% range and how often\n"
      "it stays in the top N. Writes sensitivity.csv and sensitivity.json to --out.");
  cmd->add_option("--run", opt->run, "Output directory of an `innocluster rank` run")->required();
  cmd->add_option("--samples", opt->samples, "Perturbed re-runs")->check(CLI::Range(1, 1000000))->capture_default_str();
  cmd->add_option("--seed", opt->seed, "Seed of the draws; the same seed gives the same output")->capture_default_str();
  cmd->add_option("--threads", opt->threads, "Samples run at once (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--top", opt->top, "Length of the top N (default: the methodology's top_n)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--range", opt->range, "Relative range of eps, min weight and merge distance")
      ->check(CLI::Range(0.0, 0.9))
      ->capture_default_str();
  cmd->add_option("--show", opt->show, "Clusters printed on stdout")->capture_default_str();
  cmd->add_option("--out", opt->out, "Output directory (created if needed)")->required();
  cmd->footer(
      "Examples:\n"
      "  innocluster sensitivity --run out/run --samples 200 --out out/sensitivity\n"
      "  innocluster sensitivity --run out/run --samples 1000 --seed 7 --threads 2 --top 50 --out out/s\n"
      "It re-reads the inputs its manifest lists, by their paths as given to the ranking or else by the\n"
      "absolute paths recorded then.\n"
      "Columns: docs/formats.md; the perturbations and matching: docs/methodology.md.");
  cmd->callback([opt] { run_sensitivity_command(*opt); });
}

}  // namespace innocluster::cli
