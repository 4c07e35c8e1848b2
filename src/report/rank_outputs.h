#pragma once
// Everything a ranking run writes into its output directory, in one call, for
// every command that ranks (`rank`, `demo`): the cluster tables
// (report/cluster_outputs.h), manifest.json and report.html
// (report/html_report.h). See docs/formats.md, "Ranking run".

#include <filesystem>

#include "core/methodology.h"
#include "core/progress.h"
#include "pipeline/rank.h"
#include "report/html_report.h"
#include "report/manifest.h"

namespace innocluster {

struct RankOutputs {
  Json manifest;                 ///< as written to manifest.json
  std::uintmax_t report_bytes = 0;  ///< size of report.html
};

/// Writes clusters.csv/.json/.geojson/.gpkg, economies.csv, report.html and
/// manifest.json into `out_dir` (which exists), each atomically. `total`
/// started with the command: its reading goes to the manifest's "seconds".
/// The report embeds the manifest as it stands before the report is written;
/// manifest.json then adds the report's size and time ("report"). `command`
/// names the command in the manifest ("rank", "demo"); the keys of `extra`
/// are added to the manifest after "run". A synthetic run (run.synthetic)
/// says so in the manifest and in the report's banner, whatever `report` says.
RankOutputs write_rank_outputs(const RankRun& run, const Methodology& methodology, const std::string& command,
                               const std::filesystem::path& out_dir, report::HtmlReportOptions report,
                               const Stopwatch& total, const Json& extra = Json::object());

/// Rewrites report.html of a run that write_rank_outputs wrote into `out_dir`,
/// now with `report`'s extras (analyses made after the run, e.g. a comparison
/// that needs the run's directory), and updates manifest.json's "report"
/// (its size, and "extras": the extras' keys). Returns the new size. Throws
/// Error(kNoInput) when manifest.json cannot be read.
std::uintmax_t rewrite_report(const RankRun& run, const std::filesystem::path& out_dir,
                              report::HtmlReportOptions report);

}  // namespace innocluster
