// `innocluster demo`: the synthetic world, ranked with the GII 2025 method,
// in one command that needs no argument.

#include <cstdio>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/rank_runner.h"
#include "cli/synth_options.h"
#include "core/progress.h"
#include "synth/world.h"

namespace innocluster::cli {
namespace {

struct DemoOptions {
  std::string out = "out/demo";
  SynthArguments world;
  int show = 15;
};

// True when `dir` holds a complete world made with `options`: its
// synthetic.json names the same generator version, seed, scale and years, and
// every file it lists has the size it records.
bool world_matches(const std::filesystem::path& dir, const synth::SynthOptions& options) {
  std::ifstream in(dir / synth::kSyntheticMarker);
  if (!in) return false;
  const nlohmann::json marker = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!marker.is_object()) return false;
  try {
    if (marker.at("generator_version").get<int>() != synth::kGeneratorVersion ||
        marker.at("seed").get<std::uint64_t>() != options.seed || marker.at("scale").get<double>() != options.scale ||
        !marker.at("years").is_null())
      return false;
    for (Source s : kAllSources) {
      const nlohmann::json& source = marker.at("sources").at(std::string(source_name(s)));
      std::error_code ec;
      const auto bytes = std::filesystem::file_size(dir / source.at("file").get<std::string>(), ec);
      if (ec || bytes != source.at("bytes").get<std::uint64_t>()) return false;
    }
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

void run_demo(const DemoOptions& opt) {
  Stopwatch total;
  const synth::SynthOptions options = to_synth_options(opt.world);
  const std::filesystem::path out = opt.out;
  const std::filesystem::path world = out / "world";
  if (world_matches(world, options)) {
    std::fputs(fmt::format("demo: reusing the synthetic world in {} (scale {}, seed {})\n", world.string(),
                           options.scale, options.seed)
                   .c_str(),
               stderr);
  } else {
    std::fputs(fmt::format("demo: generating the synthetic world in {} (scale {}, seed {})\n", world.string(),
                           options.scale, options.seed)
                   .c_str(),
               stderr);
    const synth::WorldSummary summary = synth::generate_world(options, world);
    std::fputs(fmt::format("demo: {} patent, {} publication and {} deal rows in {:.1f} s\n",
                           summary.sources[0].rows, summary.sources[1].rows, summary.sources[2].rows,
                           summary.seconds)
                   .c_str(),
               stderr);
  }

  RankRequest request;
  for (Source s : kAllSources)
    request.ingest.inputs[static_cast<std::size_t>(s)] = (world / fmt::format("{}.csv", source_name(s))).string();
  request.ingest.methodology = load_methodology(resolve_methodology_path(kDefaultMethodology));
  // The thresholds are counts of documents: scaled with the world, so that a
  // cluster needs the same share of the world's activity at every scale.
  for (auto& metric : request.ingest.methodology.metrics)
    if (metric) metric->min_weight *= options.scale;
  request.ingest.out_dir = out;
  request.ingest.threads = opt.world.threads;
  request.threads = opt.world.threads;
  std::fputs(fmt::format("demo: ranking with {} (min weights x {})\n", request.ingest.methodology.name, options.scale)
                 .c_str(),
             stderr);
  // The world the run ranked, for provenance (synthetic.json has the rest).
  const nlohmann::ordered_json world_json = {
      {"world",
       {{"directory", "world"},
        {"generator_version", synth::kGeneratorVersion},
        {"seed", options.seed},
        {"scale", options.scale},
        {"min_weight_scale", options.scale}}}};
  const RankRun run = run_and_write(request, "demo", world_json);

  print_ranking(run, request.ingest.methodology, opt.show, out);
  const std::filesystem::path report = report_path(out);
  std::fputs(fmt::format("report: {}{}\n", report.string(),
                         std::filesystem::exists(report) ? "" : " (not written: the HTML report is not built yet)")
                 .c_str(),
             stdout);
  std::fputs(fmt::format("demo: done in {:.1f} s\n", total.seconds()).c_str(), stderr);
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto opt = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "See what innocluster does, in one command: generate (or reuse) the synthetic world in\n"
      "<out>/world, rank it with the GII 2025 method (thresholds scaled with the world) into\n"
      "<out>, and print the top of the ranking. The data is synthetic and every output says so.");
  cmd->add_option("--out", opt->out, "Output directory")->capture_default_str();
  add_synth_arguments(cmd, opt->world, /*with_years=*/false);
  cmd->add_option("--show", opt->show, "Clusters printed on stdout")->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  innocluster demo\n"
      "  innocluster demo --scale 0.2 --seed 7 --out out/demo-large\n"
      "Files: docs/formats.md; how the world is made: docs/methodology.md (\"The synthetic world\").");
  cmd->callback([opt] { run_demo(*opt); });
}

}  // namespace innocluster::cli
