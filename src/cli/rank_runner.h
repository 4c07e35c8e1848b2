#pragma once
// The part of `innocluster rank` that `innocluster demo` shares: run the
// pipeline, write every output of the run directory (tables, manifest and,
// once it exists, the HTML report), and print the top of the ranking.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/rank.h"

namespace innocluster::cli {

/// Runs the pipeline for `request` and writes the run directory
/// (request.ingest.out_dir): clusters.csv/.json/.geojson/.gpkg,
/// economies.csv, manifest.json (`command` names the subcommand), and is the
/// one place where report.html is to be written. The keys of `extra` are
/// added to the manifest after "run". Returns the run.
RankRun run_and_write(const RankRequest& request, const std::string& command,
                      const nlohmann::ordered_json& extra = nlohmann::ordered_json::object());

/// The top `show` clusters as a table on stdout, preceded by a SYNTHETIC DATA
/// line when the run's inputs are synthetic, and followed by where the
/// tables are.
void print_ranking(const RankRun& run, const Methodology& methodology, int show, const std::filesystem::path& out);

/// Where the HTML report of a run directory is (or will be) written.
std::filesystem::path report_path(const std::filesystem::path& out);

}  // namespace innocluster::cli
