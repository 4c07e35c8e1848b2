#pragma once
// The outputs of `innocluster compare` (docs/formats.md, "comparison.csv"):
// comparison.csv, one row per cluster, and comparison.json, what was compared
// and the counts by status; plus the summary printed on stdout.

#include <filesystem>
#include <string>

#include "rank/comparison.h"

namespace innocluster {

/// Writes comparison.csv and comparison.json into `out_dir`, each atomically.
void write_comparison(const rank::Comparison& comparison, const rank::RankRunDirectory& previous,
                      const rank::RankRunDirectory& current, const std::filesystem::path& out_dir);

/// The summary for stdout: what kind of comparison, counts by status, entries
/// and exits of the top N, the largest moves; `show` moves each way.
std::string comparison_summary(const rank::Comparison& comparison, const rank::RankRunDirectory& previous,
                               const rank::RankRunDirectory& current, int show);

}  // namespace innocluster
