#include "cli/contribution_options.h"

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"

namespace innocluster::cli {

void add_contribution_options(CLI::App* cmd, ContributionOptions& o) {
  cmd->add_option("--patents", o.inputs[0], "Patent-inventor rows (CSV, CSV.gz or JSON Lines)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--publications", o.inputs[1], "Article-author rows")->check(CLI::ExistingFile);
  cmd->add_option("--deals", o.inputs[2], "Venture-capital deal rows")->check(CLI::ExistingFile);
  cmd->add_option("--methodology", o.methodology,
                  "Methodology file, or the name of a shipped one (gii-2025, gii-2024)")
      ->capture_default_str();
  cmd->add_option("--edition", o.edition,
                  "Edition year: moves every year window of the methodology by the years between its own "
                  "edition and this one (gii-2025 --edition 2024 counts patents of 2019-2023)")
      ->check(CLI::Range(1900, 2100));
  cmd->add_option("--out", o.out, "Output directory (created if needed)")->required();
  cmd->add_flag("--strict", o.strict, "Exit with code 2 when any row is rejected as a defect (rows outside the methodology's years are not)");
}

IngestRequest make_ingest_request(const ContributionOptions& o) {
  IngestRequest request;
  for (Source s : kAllSources)
    if (!o.inputs[static_cast<std::size_t>(s)].empty())
      request.inputs[static_cast<std::size_t>(s)] = o.inputs[static_cast<std::size_t>(s)];
  request.methodology = load_methodology(resolve_methodology_path(o.methodology));
  if (o.edition != 0) request.methodology = at_edition(std::move(request.methodology), o.edition);
  request.out_dir = o.out;
  std::error_code ec;
  std::filesystem::create_directories(request.out_dir, ec);
  if (ec)
    throw Error(ExitCode::kCannotCreate,
                fmt::format("{}: cannot create the output directory: {}", o.out, ec.message()));
  return request;
}

void report_rejections(const std::vector<SourceIngest>& sources, const ContributionOptions& o) {
  std::uint64_t rejected = 0;
  for (const SourceIngest& s : sources) {
    for (const std::string& col : s.file.ignored_columns)
      std::fputs(fmt::format("innocluster: note: {}: column '{}' is not part of the contribution "
                             "schema and is ignored (see docs/formats.md)\n",
                             s.path, col)
                     .c_str(),
                 stderr);
    rejected += s.file.counts.defects();
  }
  if (o.strict && rejected > 0) {
    std::fputs(fmt::format("innocluster: error: --strict: {} rows were rejected (see {}/rejected/)\n",
                           rejected, o.out)
                   .c_str(),
               stderr);
    exit_code() = ExitCode::kRejectedRows;
  }
}

}  // namespace innocluster::cli
