#pragma once
// The options that describe a synthetic world (synth, demo): --scale, --seed,
// --years, --threads.

#include <cstdint>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "synth/world.h"

namespace innocluster::cli {

/// Scale of the demo's world: 5% of the real world's volume (about 2 M rows).
inline constexpr double kDemoScale = 0.05;

struct SynthArguments {
  double scale = kDemoScale;
  std::uint64_t seed = 1;
  std::string years;  ///< "A-B" or empty
  int threads = 0;
};

/// Adds --scale, --seed and, when `with_years`, --years; and --threads.
void add_synth_arguments(CLI::App* cmd, SynthArguments& args, bool with_years = true);

/// Checks and converts; Error(kUsage) for a malformed --years.
synth::SynthOptions to_synth_options(const SynthArguments& args);

/// One line per source (rows, documents, file) and the SYNTHETIC DATA notice, on stdout.
void print_world_summary(const synth::WorldSummary& summary, const std::filesystem::path& dir);

}  // namespace innocluster::cli
