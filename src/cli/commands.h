#pragma once
// Every subcommand lives in its own file and registers itself on the app here.
// A command's callback throws innocluster::Error on failure and otherwise sets
// the exit code through `exit_code` (0 unless it has something to report, such
// as --strict and rejected rows).

#include <CLI/CLI.hpp>

#include "core/error.h"

namespace innocluster::cli {

/// Where a command stores its exit code (main() returns it).
ExitCode& exit_code();

void add_ingest_command(CLI::App& app);
void add_detect_command(CLI::App& app);
void add_rerank_command(CLI::App& app);
void add_rank_command(CLI::App& app);
void add_geocode_command(CLI::App& app);
void add_synth_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_sensitivity_command(CLI::App& app);

}  // namespace innocluster::cli
