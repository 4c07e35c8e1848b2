#include "report/rank_outputs.h"

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

}  // namespace innocluster
