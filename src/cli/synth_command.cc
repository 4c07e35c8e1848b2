// `innocluster synth`: write the synthetic world's contribution files.

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/synth_options.h"
#include "synth/world.h"

namespace innocluster::cli {
namespace {

struct SynthCommandOptions {
  std::string out;
  SynthArguments world;
};

void run_synth(const SynthCommandOptions& opt) {
  const synth::SynthOptions options = to_synth_options(opt.world);
  const synth::WorldSummary summary = synth::generate_world(options, opt.out);
  print_world_summary(summary, opt.out);
}

}  // namespace

void add_synth_command(CLI::App& app) {
  auto opt = std::make_shared<SynthCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "synth",
      "Write a synthetic world: patents.csv, publications.csv and deals.csv in the contribution\n"
      "schema, with the clusters of the GII 2025 ranking placed at their real cities, background\n"
      "activity in proportion to population, and synthetic.json saying the data is synthetic.\n"
      "The same arguments always give byte-identical files.");
  cmd->add_option("--out", opt->out, "Output directory (created if needed)")->required();
  add_synth_arguments(cmd, opt->world);
  cmd->footer(
      "Examples:\n"
      "  innocluster synth --out out/world                   # the demo's world\n"
      "  innocluster synth --out out/full --scale 1          # the real world's volume (~40 M rows)\n"
      "  innocluster synth --out out/trend --years 2015-2024 --seed 7\n"
      "Files: docs/formats.md (\"synthetic.json\"); how the world is made: docs/methodology.md.");
  cmd->callback([opt] { run_synth(*opt); });
}

}  // namespace innocluster::cli
