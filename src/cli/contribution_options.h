#pragma once
// The options every command that reads contribution files shares (ingest,
// rank): the three inputs, the methodology, the output directory, --strict.

#include <array>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "pipeline/ingest.h"

namespace innocluster::cli {

struct ContributionOptions {
  std::array<std::string, 3> inputs;  ///< by Source; empty when not given
  std::string methodology = kDefaultMethodology;
  int edition = 0;  ///< 0 = the methodology file's own edition
  std::string out;
  bool strict = false;
};

/// Adds --patents, --publications, --deals, --methodology, --edition, --out, --strict.
void add_contribution_options(CLI::App* cmd, ContributionOptions& options);

/// Loads the methodology (moved to --edition) and creates the output directory.
IngestRequest make_ingest_request(const ContributionOptions& options);

/// Notes on stderr for ignored columns; under --strict, exit code 2 when any
/// row was rejected (with a message). Call after the outputs are written.
void report_rejections(const std::vector<SourceIngest>& sources, const ContributionOptions& options);

}  // namespace innocluster::cli
