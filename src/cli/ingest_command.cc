// `innocluster ingest`: read, validate, weigh and collapse contribution files.

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "core/progress.h"
#include "io/location_writer.h"
#include "pipeline/ingest.h"
#include "report/manifest.h"

namespace innocluster::cli {
namespace {

struct IngestOptions {
  std::array<std::string, 3> inputs;  // by Source; empty when not given
  std::string methodology = kDefaultMethodology;
  std::string out;
  bool strict = false;
};

void print_summary(const std::vector<SourceIngest>& results, const std::filesystem::path& out) {
  std::string table = fmt::format("{:<13} {:>10} {:>10} {:>9} {:>10} {:>10}  {}\n", "source", "read",
                                  "accepted", "rejected", "documents", "locations", "file");
  for (const SourceIngest& s : results) {
    const IngestCounts& c = s.file.counts;
    table += fmt::format("{:<13} {:>10} {:>10} {:>9} {:>10} {:>10}  {}\n", source_name(s.source),
                         c.read, c.accepted, c.rejected, s.weights.documents, s.locations.size(),
                         s.path);
  }
  std::fputs(table.c_str(), stdout);
  std::uint64_t rejected = 0;
  for (const SourceIngest& s : results) rejected += s.file.counts.rejected;
  std::fputs(fmt::format("wrote {}/manifest.json and locations-<source>.csv{}\n", out.string(),
                         rejected ? fmt::format("; {} rejected rows with their reasons in {}/rejected/",
                                                rejected, out.string())
                                  : "")
                 .c_str(),
             stdout);
}

void run_ingest(const IngestOptions& opt) {
  Stopwatch total;
  IngestRequest request;
  for (Source s : kAllSources)
    if (!opt.inputs[static_cast<std::size_t>(s)].empty())
      request.inputs[static_cast<std::size_t>(s)] = opt.inputs[static_cast<std::size_t>(s)];
  request.methodology = load_methodology(resolve_methodology_path(opt.methodology));
  request.out_dir = opt.out;
  std::error_code ec;
  std::filesystem::create_directories(request.out_dir, ec);
  if (ec)
    throw Error(ExitCode::kCannotCreate,
                fmt::format("{}: cannot create the output directory: {}", opt.out, ec.message()));

  const std::vector<SourceIngest> results = ingest_sources(request);

  Json manifest = manifest_header("ingest", request.methodology);
  Json inputs = Json::array();
  std::uint64_t rejected = 0;
  for (const SourceIngest& s : results) {
    for (const std::string& col : s.file.ignored_columns)
      std::fputs(fmt::format("innocluster: note: {}: column '{}' is not part of the contribution "
                             "schema and is ignored (see docs/formats.md)\n",
                             s.path, col)
                     .c_str(),
                 stderr);
    const std::string name = fmt::format("locations-{}.csv", source_name(s.source));
    write_locations_csv(request.out_dir / name, s.locations);
    Json summary = input_summary(s, request.out_dir);
    summary["locations_file"] = name;
    inputs.push_back(std::move(summary));
    rejected += s.file.counts.rejected;
  }
  manifest["inputs"] = std::move(inputs);
  manifest["seconds"] = total.seconds();
  write_manifest(request.out_dir, manifest);
  print_summary(results, request.out_dir);
  if (opt.strict && rejected > 0) {
    std::fputs(fmt::format("innocluster: error: --strict: {} rows were rejected (see {}/rejected/)\n",
                           rejected, opt.out)
                   .c_str(),
               stderr);
    exit_code() = ExitCode::kRejectedRows;
  }
}

}  // namespace

void add_ingest_command(CLI::App& app) {
  auto opt = std::make_shared<IngestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Read, validate and weigh contribution files: the data check to run first.\n"
      "Each row is accepted or written to <out>/rejected/<file>.csv with its line and reason;\n"
      "manifest.json balances the counts (read = accepted + rejected). Rows of one document\n"
      "weigh 1/k each (k = its rows) unless the file has a weight column; rows at the same\n"
      "rounded location collapse into one weighted location (locations-<source>.csv).");
  cmd->add_option("--patents", opt->inputs[0], "Patent-inventor rows (CSV, CSV.gz or JSON Lines)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--publications", opt->inputs[1], "Article-author rows")->check(CLI::ExistingFile);
  cmd->add_option("--deals", opt->inputs[2], "Venture-capital deal rows")->check(CLI::ExistingFile);
  cmd->add_option("--methodology", opt->methodology,
                  "Methodology file, or the name of a shipped one (gii-2025, gii-2024)")
      ->capture_default_str();
  cmd->add_option("--out", opt->out, "Output directory (created if needed)")->required();
  cmd->add_flag("--strict", opt->strict, "Exit with code 2 when any row is rejected");
  cmd->footer(
      "Examples:\n"
      "  innocluster ingest --patents examples/patents.csv --out out/check\n"
      "  innocluster ingest --patents p.csv.gz --publications a.jsonl --deals d.csv \\\n"
      "                     --methodology gii-2025 --strict --out out/check\n"
      "Columns (case-insensitive): id, year, lat, lon [, weight, field, org]; see docs/formats.md.");
  cmd->callback([opt] { run_ingest(*opt); });
}

}  // namespace innocluster::cli
