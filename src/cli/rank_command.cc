// `innocluster rank`: the whole pipeline, from contribution files to the
// ranked table of innovation clusters.

#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/contribution_options.h"
#include "cli/rank_runner.h"
#include "core/text.h"
#include "rank/ranking_table.h"
#include "pipeline/rank.h"
#include "report/comparison_outputs.h"
#include "report/rank_outputs.h"
#include "report/report_extras.h"

namespace innocluster::cli {
namespace {

struct RankOptions {
  ContributionOptions inputs;
  std::string population;
  std::string eps_km, min_weight;
  double merge_km = -1;
  int threads = 0;
  int show = 15;
  std::string compare_with;
};

// --compare-with: compares the finished run with an earlier one into
// <out>/comparison and shows it in the report (as a methodology comparison
// when only the methodology differs, else as a comparison of editions).
void compare_with(const RankRun& run, const std::string& previous_dir, const std::filesystem::path& out) {
  const rank::RankRunDirectory previous = rank::read_rank_run(previous_dir);
  const rank::RankRunDirectory current = rank::read_rank_run(out);
  const rank::Comparison comparison = rank::compare_runs(previous, current, rank::kDefaultMinOverlap);
  const std::filesystem::path dir = out / "comparison";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw Error(ExitCode::kCannotCreate,
                fmt::format("{}: cannot create the output directory: {}", dir.string(), ec.message()));
  write_comparison(comparison, previous, current, dir);
  for (const std::string& w : comparison.kind.warnings)
    std::fputs(fmt::format("innocluster: warning: {}\n", w).c_str(), stderr);
  report::HtmlReportOptions options;
  if (comparison.kind.kind == "methodology")
    options.extras.data["methodology_comparison"] =
        report::methodology_comparison_extra(comparison, previous, current);
  else
    options.extras.data["comparison"] = report::comparison_extra(comparison, previous, current);
  rewrite_report(run, out, options);
  std::fputs(fmt::format("compared with {} ({}): {}/comparison.csv, in the report\n", previous_dir,
                         comparison.kind.kind, dir.string())
                 .c_str(),
             stdout);
}

// "--eps-km 12" sets every metric; "--eps-km patents=12,deals=20" the ones
// named (the metric=value syntax of rerank's --weights). Values must be > 0.
void override_metrics(Methodology& m, const std::string& flag, const std::string& text,
                      double MetricSettings::*member) {
  if (text.empty()) return;
  rank::MetricValues values;
  if (text.find('=') == std::string::npos) {
    for (Source s : kAllSources)
      if (m.metric(s)) values[static_cast<std::size_t>(s)] = parse_decimal(text).value_or(0);
  } else {
    values = rank::parse_metric_values(text, flag);
  }
  for (Source s : kAllSources) {
    const auto& v = values[static_cast<std::size_t>(s)];
    if (!v) continue;
    if (!m.metric(s))
      throw Error(ExitCode::kUsage,
                  fmt::format("{} {}: methodology '{}' has no metric '{}'", flag, text, m.name, source_name(s)));
    if (!(*v > 0))
      throw Error(ExitCode::kUsage, fmt::format("{} {}: {} must be a positive number", flag, text, source_name(s)));
    m.metrics[static_cast<std::size_t>(s)].value().*member = *v;
  }
}

void run_rank_command(const RankOptions& opt) {
  RankRequest request;
  request.ingest = make_ingest_request(opt.inputs);
  Methodology& m = request.ingest.methodology;
  override_metrics(m, "--eps-km", opt.eps_km, &MetricSettings::eps_km);
  override_metrics(m, "--min-weight", opt.min_weight, &MetricSettings::min_weight);
  if (opt.merge_km >= 0) m.merge_km = opt.merge_km;
  if (!opt.population.empty()) request.population_raster = opt.population;
  request.threads = opt.threads;
  request.ingest.threads = opt.threads;

  // A previous run that cannot be read stops the command before it writes anything.
  if (!opt.compare_with.empty()) rank::read_rank_run(opt.compare_with, /*footprints=*/false);
  const RankRun run = run_and_write(request, "rank");
  print_ranking(run, m, opt.show, opt.inputs.out);
  if (!opt.compare_with.empty()) compare_with(run, opt.compare_with, opt.inputs.out);
  report_rejections(run.sources, opt.inputs);
}

}  // namespace

void add_rank_command(CLI::App& app) {
  auto opt = std::make_shared<RankOptions>();
  CLI::App* cmd = app.add_subcommand(
      "rank",
      "Find and rank innovation clusters: ingest -> per-source detection (weighted DBSCAN)\n"
      "-> merge across sources -> names, economies, population, fields -> ranking by size and\n"
      "intensity. Writes clusters.csv/.json/.geojson/.gpkg, economies.csv, report.html,\n"
      "manifest.json and rejected/ to --out. Flags override the methodology file.");
  add_contribution_options(cmd, opt->inputs);
  cmd->add_option("--population", opt->population,
                  "Population raster (GeoTIFF, lon/lat, e.g. GHS-POP); default: the gazetteer's places")
      ->check(CLI::ExistingFile);
  cmd->add_option("--eps-km", opt->eps_km, "DBSCAN radius: one value for every metric, or metric=km,...");
  cmd->add_option("--min-weight", opt->min_weight,
                  "DBSCAN core threshold: one value for every metric, or metric=w,...");
  cmd->add_option("--merge-km", opt->merge_km, "Merge clusters whose members come this close")
      ->check(CLI::Range(0.0, 500.0));
  cmd->add_option("--threads", opt->threads, "Worker threads (0 = all cores)")->check(CLI::Range(0, 1024));
  cmd->add_option("--show", opt->show, "Clusters printed on stdout")->capture_default_str();
  cmd->add_option("--compare-with", opt->compare_with,
                  "Output directory of an earlier rank run: compare with it (<out>/comparison, as `compare`)\n"
                  "and show the rank changes, growth or methodology comparison in report.html");
  cmd->footer(
      "Examples:\n"
      "  innocluster rank --patents p.csv --publications a.csv.gz --deals d.jsonl --out out/run\n"
      "  innocluster rank --patents p.csv --publications a.csv --methodology gii-2024 --out out/2024\n"
      "  innocluster rank --patents p.csv --publications a.csv --population ghs-pop.tif \\\n"
      "                   --min-weight patents=3000,publications=4000 --merge-km 10 --out out/run\n"
      "  innocluster rank ... --edition 2024 --out out/2024 && innocluster rank ... --compare-with out/2024 --out out/2025\n"
      "Columns of the outputs: docs/formats.md; the method: docs/methodology.md.");
  cmd->callback([opt] { run_rank_command(*opt); });
}

}  // namespace innocluster::cli
