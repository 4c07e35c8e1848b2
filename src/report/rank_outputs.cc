#include "report/rank_outputs.h"


#include <fmt/format.h>

#include "core/error.h"
#include "io/json_file.h"
#include "report/cluster_outputs.h"

namespace innocluster {

RankOutputs write_rank_outputs(const RankRun& run, const Methodology& methodology, const std::string& command,
                               const std::filesystem::path& out_dir, report::HtmlReportOptions report,
                               const Stopwatch& total, const Json& extra) {
  report.synthetic = report.synthetic || run.synthetic;
  Stopwatch outlines;
  const report::Basemap basemap = report::load_basemap(report);  // first: a missing file stops before any output
  const double outline_seconds = outlines.seconds();
  Stopwatch write;
  write_cluster_outputs(run, out_dir);

  RankOutputs out;
  Json& manifest = out.manifest;
  manifest = manifest_header(command, methodology, run.synthetic);
  Json inputs = Json::array();
  for (const SourceIngest& s : run.sources) inputs.push_back(input_summary(s, out_dir));
  manifest["inputs"] = std::move(inputs);
  manifest["run"] = rank_summary(run);
  manifest["run"]["stage_seconds"]["write"] = write.seconds();
  for (const auto& [key, value] : extra.items()) manifest[key] = value;
  manifest["seconds"] = total.seconds();

  Stopwatch html;
  out.report_bytes = report::write_html_report(run, manifest, out_dir, report, basemap);
  manifest["run"]["stage_seconds"]["report"] = outline_seconds + html.seconds();
  manifest["report"] = {{"file", "report.html"}, {"bytes", out.report_bytes}};
  manifest["seconds"] = total.seconds();
  write_manifest(out_dir, manifest);
  return out;
}

std::uintmax_t rewrite_report(const RankRun& run, const std::filesystem::path& out_dir,
                              report::HtmlReportOptions report) {
  report.synthetic = report.synthetic || run.synthetic;
  const std::filesystem::path path = out_dir / "manifest.json";
  Json manifest = read_json_file<Json>(path);
  if (!manifest.is_object() || !manifest.contains("methodology"))
    throw Error(ExitCode::kNoInput,
                fmt::format("{}: cannot read the run's manifest; run the ranking again", path.string()));
  const report::Basemap basemap = report::load_basemap(report);
  Json embedded = manifest;  // as it stood before the report was written, like the first page's
  embedded.erase("report");
  const std::uintmax_t bytes = report::write_html_report(run, embedded, out_dir, report, basemap);
  Json extras = Json::array();
  for (const auto& [key, value] : report.extras.data.items()) extras.push_back(key);
  manifest["report"] = {{"file", "report.html"}, {"bytes", bytes}, {"extras", std::move(extras)}};
  write_manifest(out_dir, manifest);
  return bytes;
}

}  // namespace innocluster
