#pragma once
// The outputs of `innocluster sensitivity` (docs/formats.md,
// "sensitivity.csv"): sensitivity.csv, one row per cluster of the base run,
// and sensitivity.json, the settings and every sample's choices.

#include <filesystem>
#include <string>

#include "pipeline/sensitivity.h"

namespace innocluster {

/// Writes sensitivity.csv and sensitivity.json into `out_dir`, each atomically.
void write_sensitivity(const SensitivityReport& report, const std::filesystem::path& out_dir);

/// The summary for stdout: the first `show` clusters with their intervals.
std::string sensitivity_summary(const SensitivityReport& report, int show);

}  // namespace innocluster
