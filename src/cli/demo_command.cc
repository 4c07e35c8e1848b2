// `innocluster demo`: the synthetic world, ranked with the GII 2025 method,
// in one command that needs no argument; by default also the previous
// edition and the two-metric method on the same world, each compared with
// the run, and a sensitivity run, all shown in the run's report.

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/rank_runner.h"
#include "cli/synth_options.h"
#include "core/progress.h"
#include "io/json_file.h"
#include "report/comparison_outputs.h"
#include "report/rank_outputs.h"
#include "report/report_extras.h"
#include "report/sensitivity_outputs.h"
#include "synth/world.h"

namespace innocluster::cli {
namespace {

struct DemoOptions {
  std::string out = "out/demo";
  SynthArguments world;
  int show = 15;
  bool compare = true;
  bool sensitivity = true;
  int samples = 200;
};

// The world's years when the previous edition is ranked too: every source
// from the previous edition's first year (publications 2018 at edition 2024)
// to the current edition's last (patents and deals 2024). The generator keeps
// each source's gii-2025 window as its reference, so the current windows hold
// what they hold without --years; each run rejects the rows outside its
// windows (year_outside_window).
constexpr YearWindow kComparedYears{2018, 2024};
constexpr int kPreviousEdition = 2024;
constexpr const char* kTwoMetricMethodology = "gii-2024";

// True when `dir` holds a complete world made with `options`: its
// synthetic.json names the same generator version, seed, scale and years, and
// every file it lists has the size it records.
bool world_matches(const std::filesystem::path& dir, const synth::SynthOptions& options) {
  const nlohmann::json marker = read_json_file(dir / synth::kSyntheticMarker);
  if (!marker.is_object()) return false;
  try {
    if (marker.at("generator_version").get<int>() != synth::kGeneratorVersion ||
        marker.at("seed").get<std::uint64_t>() != options.seed || marker.at("scale").get<double>() != options.scale ||
        (options.years ? marker.at("years") != nlohmann::json::array({options.years->first, options.years->last})
                       : !marker.at("years").is_null()))
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

void make_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw Error(ExitCode::kCannotCreate,
                fmt::format("{}: cannot create the output directory: {}", dir.string(), ec.message()));
}

// The value at `pointer` in the JSON file `file`, or null when the file or the
// value is missing or unreadable.
nlohmann::json json_value(const std::filesystem::path& file, const char* pointer) {
  const nlohmann::json j = read_json_file(file);
  const nlohmann::json::json_pointer at(pointer);
  return j.is_object() && j.contains(at) ? j.at(at) : nlohmann::json();
}

// Whether the directory named in JSON value `where` is `out`.
bool names_directory(const nlohmann::json& where, const std::filesystem::path& out) {
  std::error_code ec;
  return where.is_string() && std::filesystem::equivalent(where.get<std::string>(), out, ec);
}

// The output directories of the steps --no-compare and --no-sensitivity skip,
// each with what proves an earlier demo into `out` wrote it.
struct SkippedStep {
  const char* dir;
  bool (*written_by_demo)(const std::filesystem::path& dir, const std::filesystem::path& out);
};
bool demo_run(const std::filesystem::path& dir, const std::filesystem::path&) {
  return json_value(dir / "manifest.json", "/command") == "demo";
}
bool comparison_of(const std::filesystem::path& dir, const std::filesystem::path& out) {
  return names_directory(json_value(dir / "comparison.json", "/current/dir"), out);
}
bool sensitivity_of(const std::filesystem::path& dir, const std::filesystem::path& out) {
  return names_directory(json_value(dir / "sensitivity.json", "/run"), out);
}
constexpr SkippedStep kCompareSteps[] = {
    {"previous", demo_run}, {"two-metric", demo_run}, {"comparison", comparison_of},
    {"methodology-comparison", comparison_of}};
constexpr SkippedStep kSensitivityStep = {"sensitivity", sensitivity_of};

// Removes the output directory of a step this run skips when an earlier demo
// into `out` wrote it (a run made by `innocluster demo`, or a comparison or
// sensitivity run of the run in `out`), so that every output of a demo under
// --out belongs to this run. A directory of that name holding anything else
// (the user's own runs) is left alone.
void remove_stale_output(const SkippedStep& step, const std::filesystem::path& out) {
  const std::filesystem::path dir = out / step.dir;
  if (!step.written_by_demo(dir, out)) return;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec)
    throw Error(ExitCode::kCannotCreate,
                fmt::format("{}: cannot remove the output of an earlier demo, which this run does not replace: {}",
                            dir.string(), ec.message()));
  std::fputs(fmt::format("demo: removed {} (left by an earlier demo; this run skips that step)\n", dir.string())
                 .c_str(),
             stderr);
}

std::string metric_count_word(const std::array<bool, 3>& metrics) {
  static constexpr const char* kWords[] = {"no", "one", "two", "three"};
  return kWords[std::count(metrics.begin(), metrics.end(), true)];
}

// Movers against the previous edition, among the current top N.
std::string edition_summary(const rank::Comparison& c, int top_n) {
  std::map<std::string_view, int> statuses;
  for (const rank::ComparisonRow& r : c.rows) ++statuses[rank::status_name(r.match.status)];
  std::string text = "vs the previous edition:";
  for (const char* s : {"kept", "new", "dropped", "split", "merged"})
    text += fmt::format(" {} {}{}", statuses[s], s, std::string_view(s) == "merged" ? "" : ",");
  text += "\n";
  std::vector<const rank::ComparisonRow*> moved;
  for (const rank::ComparisonRow& r : c.rows)
    if (r.rank_current && *r.rank_current <= top_n && r.rank_change && *r.rank_change != 0) moved.push_back(&r);
  std::stable_sort(moved.begin(), moved.end(), [](const auto* a, const auto* b) { return *a->rank_change > *b->rank_change; });
  const auto list = [](auto first, auto last) {
    std::string out;
    for (int k = 0; first != last && k < 3; ++first, ++k)
      out += fmt::format("{}{} {:+} ({} -> {})", k ? ", " : "", (*first)->name, *(*first)->rank_change,
                         *(*first)->rank_previous, *(*first)->rank_current);
    return out.empty() ? std::string("none") : out;
  };
  text += fmt::format("  up most in the top {}: {}\n", top_n,
                      list(moved.begin(), std::find_if(moved.begin(), moved.end(),
                                                        [](const auto* r) { return *r->rank_change < 0; })));
  text += fmt::format("  down most in the top {}: {}\n", top_n,
                      list(moved.rbegin(), std::find_if(moved.rbegin(), moved.rend(),
                                                         [](const auto* r) { return *r->rank_change > 0; })));
  return text;
}

// The top 5 under each methodology.
std::string methodology_summary(const rank::Comparison& c, const rank::RankRunDirectory& other,
                                const rank::RankRunDirectory& current) {
  const std::string other_words = metric_count_word(c.metric_previous);
  const std::string current_words = metric_count_word(c.metric_current);
  const auto top5 = [](const rank::RankRunDirectory& run) {
    std::string out;
    for (std::size_t i = 0; i < run.clusters.size() && i < 5; ++i)
      out += fmt::format("{}{}. {}", i ? ", " : "", run.clusters[i].rank, run.clusters[i].name);
    return out;
  };
  std::string text = "methodology comparison:";
  if (!other.clusters.empty() && !current.clusters.empty())
    text += fmt::format(" {} first with {} metrics, {} with {}", other.clusters[0].name, other_words,
                        current.clusters[0].name, current_words);
  text += "\n";
  text += fmt::format("  {} ({} metrics): {}\n", other.methodology.name, other_words, top5(other));
  text += fmt::format("  {} ({} metrics): {}\n", current.methodology.name, current_words, top5(current));
  return text;
}

std::string sensitivity_line(const SensitivityReport& report) {
  std::string text = fmt::format("sensitivity ({} samples), 90% rank ranges:", report.options.samples);
  for (std::size_t i = 0; i < report.rows.size() && i < 5; ++i) {
    const SensitivityRow& r = report.rows[i];
    text += fmt::format("{} {} {}-{}", i ? "," : "", report.run.clusters[r.cluster].name, r.rank_p05, r.rank_p95);
  }
  return text + "\n";
}

void run_demo(const DemoOptions& opt) {
  Stopwatch total;
  synth::SynthOptions options = to_synth_options(opt.world);
  if (opt.compare) options.years = kComparedYears;
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

  // A run of `methodology` over the world's files (those of its metrics)
  // into `dir`, thresholds scaled with the world.
  const auto request_for = [&](Methodology methodology, const std::filesystem::path& dir) {
    RankRequest request;
    for (Source s : kAllSources)
      if (methodology.metrics[static_cast<std::size_t>(s)])
        request.ingest.inputs[static_cast<std::size_t>(s)] =
            (world / fmt::format("{}.csv", source_name(s))).string();
    // The thresholds are counts of documents: scaled with the world, so that a
    // cluster needs the same share of the world's activity at every scale.
    for (auto& metric : methodology.metrics)
      if (metric) metric->min_weight *= options.scale;
    request.ingest.methodology = std::move(methodology);
    request.ingest.out_dir = dir;
    request.ingest.threads = opt.world.threads;
    request.threads = opt.world.threads;
    return request;
  };
  const auto rank_into = [&](const Methodology& methodology, const std::filesystem::path& dir, const char* what) {
    make_directory(dir);
    std::fputs(fmt::format("demo: ranking {} with {} edition {} (min weights x {}) into {}\n", what,
                           methodology.name, methodology.edition, options.scale, dir.string())
                   .c_str(),
               stderr);
    // The world the run ranked, for provenance (synthetic.json has the rest).
    const nlohmann::ordered_json provenance = {{"world",
                                                {{"directory", std::filesystem::relative(world, dir).string()},
                                                 {"generator_version", synth::kGeneratorVersion},
                                                 {"seed", options.seed},
                                                 {"scale", options.scale},
                                                 {"min_weight_scale", options.scale}}}};
    return run_and_write(request_for(methodology, dir), "demo", provenance);
  };

  if (!opt.compare)
    for (const SkippedStep& step : kCompareSteps) remove_stale_output(step, out);
  if (!opt.sensitivity) remove_stale_output(kSensitivityStep, out);

  const Methodology current = load_methodology(resolve_methodology_path(kDefaultMethodology));
  const RankRun run = rank_into(current, out, "the world");

  report::HtmlReportOptions extras;
  std::string summary;
  std::vector<std::pair<std::string, std::filesystem::path>> written;
  if (opt.compare) {
    const std::filesystem::path previous_dir = out / "previous", two_metric_dir = out / "two-metric";
    rank_into(at_edition(current, kPreviousEdition), previous_dir, "the previous edition");
    rank_into(at_edition(load_methodology(resolve_methodology_path(kTwoMetricMethodology)), current.edition),
              two_metric_dir, "the same data");
    const rank::RankRunDirectory this_run = rank::read_rank_run(out);
    const rank::RankRunDirectory previous = rank::read_rank_run(previous_dir);
    const rank::RankRunDirectory two_metric = rank::read_rank_run(two_metric_dir);
    const rank::Comparison editions = rank::compare_runs(previous, this_run, rank::kDefaultMinOverlap);
    const rank::Comparison methods = rank::compare_runs(two_metric, this_run, rank::kDefaultMinOverlap);
    for (const auto& [dir, c, prev] : {std::tuple{out / "comparison", &editions, &previous},
                                       std::tuple{out / "methodology-comparison", &methods, &two_metric}}) {
      make_directory(dir);
      write_comparison(*c, *prev, this_run, dir);
    }
    extras.extras.data["comparison"] = report::comparison_extra(editions, previous, this_run);
    extras.extras.data["methodology_comparison"] = report::methodology_comparison_extra(methods, two_metric, this_run);
    summary += edition_summary(editions, current.top_n);
    summary += methodology_summary(methods, two_metric, this_run);
    written.insert(written.end(), {{"previous edition", previous_dir},
                                   {"two-metric run", two_metric_dir},
                                   {"edition comparison", out / "comparison"},
                                   {"methodology comparison", out / "methodology-comparison"}});
  }
  if (opt.sensitivity) {
    std::fputs(fmt::format("demo: sensitivity of the ranking, {} samples\n", opt.samples).c_str(), stderr);
    SensitivityRequest request;
    request.run_dir = out;
    request.options.samples = opt.samples;
    request.options.threads = opt.world.threads;
    const SensitivityReport report = run_sensitivity_of(request);
    const std::filesystem::path dir = out / "sensitivity";
    make_directory(dir);
    write_sensitivity(report, dir);
    extras.extras.data["sensitivity"] = report::sensitivity_extra(report);
    summary += sensitivity_line(report);
    written.emplace_back("sensitivity", dir);
  }
  if (!extras.extras.data.empty()) rewrite_report(run, out, extras);

  print_ranking(run, current, opt.show, out);
  std::string text = summary;
  if (!written.empty()) text += "outputs:\n";
  for (const auto& [what, dir] : written) text += fmt::format("  {:<23} {}/\n", what, dir.string());
  std::fputs(text.c_str(), stdout);
  const std::filesystem::path report = report_path(out);
  std::fputs(fmt::format("report: {}\n", report.string()).c_str(), stdout);
  std::fputs(fmt::format("demo: done in {:.1f} s\n", total.seconds()).c_str(), stderr);
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto opt = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "See what innocluster does, in one command: generate (or reuse) the synthetic world in\n"
      "<out>/world, rank it with the GII 2025 method (thresholds scaled with the world) into\n"
      "<out>, and print the top of the ranking. By default also rank the previous edition into\n"
      "<out>/previous and the two-metric gii-2024 method into <out>/two-metric, compare each with\n"
      "the run (<out>/comparison, <out>/methodology-comparison), run a sensitivity analysis\n"
      "(<out>/sensitivity) and show them all in <out>/report.html. The data is synthetic and every\n"
      "output says so.");
  cmd->add_option("--out", opt->out, "Output directory")->capture_default_str();
  add_synth_arguments(cmd, opt->world, /*with_years=*/false);
  cmd->add_option("--show", opt->show, "Clusters printed on stdout")->capture_default_str();
  cmd->add_flag("!--no-compare", opt->compare,
                "Skip the previous edition and the two-metric run and their comparisons (the world then\n"
                "holds each source's gii-2025 window only)");
  cmd->add_flag("!--no-sensitivity", opt->sensitivity, "Skip the sensitivity run");
  cmd->add_option("--samples", opt->samples, "Samples of the sensitivity run")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  innocluster demo\n"
      "  innocluster demo --scale 0.2 --seed 7 --out out/demo-large\n"
      "  innocluster demo --no-compare --samples 50\n"
      "Files: docs/formats.md; how the world is made: docs/methodology.md (\"The synthetic world\").");
  cmd->callback([opt] { run_demo(*opt); });
}

}  // namespace innocluster::cli
