// `innocluster ingest`: read, validate, weigh and collapse contribution files.

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/contribution_options.h"
#include "core/progress.h"
#include "io/location_writer.h"
#include "pipeline/ingest.h"
#include "report/manifest.h"

namespace innocluster::cli {
namespace {

void print_summary(const std::vector<SourceIngest>& results, const std::filesystem::path& out) {
  std::string table = fmt::format("{:<13} {:>10} {:>10} {:>9} {:>10} {:>10}  {}\n", "source", "read",
                                  "accepted", "rejected", "documents", "locations", "file");
  for (const SourceIngest& s : results) {
    const IngestCounts& c = s.file.counts;
    table += fmt::format("{:<13} {:>10} {:>10} {:>9} {:>10} {:>10}  {}\n", source_name(s.source),
                         c.read, c.accepted, c.rejected, s.weights.documents, s.locations.size(),
                         s.path);
  }
  for (const SourceIngest& s : results) {
    const GeocodeCounts& g = s.file.counts.geocoding;
    if (g.rows > 0)
      table += fmt::format("{}: geocoded {} of {} address-only rows at city level ({:.1f}%); {} region only, {} "
                           "country only, {} not placed\n",
                           source_name(s.source), g.by_match[3], g.rows,
                           100.0 * static_cast<double>(g.by_match[3]) / static_cast<double>(g.rows), g.by_match[2],
                           g.by_match[1], g.by_match[0]);
  }
  std::fputs(table.c_str(), stdout);
  std::uint64_t rejected = 0, outside = 0;
  for (const SourceIngest& s : results) {
    rejected += s.file.counts.defects();
    outside += s.file.counts.outside_window();
  }
  std::fputs(fmt::format("wrote {}/manifest.json and locations-<source>.csv{}{}\n", out.string(),
                         rejected ? fmt::format("; {} rejected rows with their reasons in {}/rejected/",
                                                rejected, out.string())
                                  : "",
                         outside ? fmt::format("; {} row{} outside the methodology's years (counted, not copied)",
                                               outside, outside == 1 ? "" : "s")
                                 : "")
                 .c_str(),
             stdout);
}

void run_ingest(const ContributionOptions& opt) {
  Stopwatch total;
  const IngestRequest request = make_ingest_request(opt);
  const std::vector<SourceIngest> results = ingest_sources(request);

  Json manifest = manifest_header("ingest", request.methodology, any_synthetic(results));
  Json inputs = Json::array();
  for (const SourceIngest& s : results) {
    const std::string name = fmt::format("locations-{}.csv", source_name(s.source));
    write_locations_csv(request.out_dir / name, s.locations);
    Json summary = input_summary(s, request.out_dir);
    summary["locations_file"] = name;
    inputs.push_back(std::move(summary));
  }
  manifest["inputs"] = std::move(inputs);
  manifest["seconds"] = total.seconds();
  write_manifest(request.out_dir, manifest);
  print_summary(results, request.out_dir);
  if (any_synthetic(results))
    std::fputs("SYNTHETIC DATA: the inputs come from innocluster synth (synthetic.json beside them)\n", stdout);
  report_rejections(results, opt);
}

}  // namespace

void add_ingest_command(CLI::App& app) {
  auto opt = std::make_shared<ContributionOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Read, validate and weigh contribution files: the data check to run first.\n"
      "Each row is accepted or written to <out>/rejected/<file>.csv with its line and reason;\n"
      "manifest.json balances the counts (read = accepted + rejected). Rows of one document\n"
      "weigh 1/k each (k = its rows) unless the file has a weight column; rows at the same\n"
      "rounded location collapse into one weighted location (locations-<source>.csv).");
  add_contribution_options(cmd, *opt);
  cmd->footer(
      "Examples:\n"
      "  innocluster ingest --patents examples/patents.csv --out out/check\n"
      "  innocluster ingest --patents p.csv.gz --publications a.jsonl --deals d.csv \\\n"
      "                     --methodology gii-2025 --strict --out out/check\n"
      "Columns (case-insensitive): id, year, lat, lon [, weight, field, org]; instead of lat, lon an\n"
      "address (city, region, country, or address) is geocoded offline. See docs/formats.md.");
  cmd->callback([opt] { run_ingest(*opt); });
}

}  // namespace innocluster::cli
