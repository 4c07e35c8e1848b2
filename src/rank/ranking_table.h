#pragma once
// Ranking a table of cluster counts read from a file (`innocluster rerank`):
// turning the user's weights and totals into RankOptions against what the
// table holds, and writing the ranked table. The ranking itself is
// rank_clusters() (ranking.h); the columns are described in docs/formats.md,
// "Cluster tables".

#include <array>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "io/cluster_table_reader.h"
#include "rank/ranking.h"

namespace innocluster::rank {

/// One optional value per metric, by Source index.
using MetricValues = std::array<std::optional<double>, kMetricCount>;

/// Parses "patents=1,publications=0.5" (metric names as in source_name(),
/// case-insensitive; spaces around items allowed; each metric at most once).
/// Throws Error(kUsage), naming `flag`, for an unknown metric, a repeated one,
/// or a value that is not a finite number. An empty text gives no values.
MetricValues parse_metric_values(std::string_view text, std::string_view flag);

/// Where a metric's world total came from.
enum class TotalSource { kUnused, kGiven, kFromShares, kTableSum };

struct RankSettings {
  RankOptions options;
  std::array<TotalSource, kMetricCount> total_source{};
  std::array<std::size_t, kMetricCount> share_rows{};  ///< rows whose ratio entered a kFromShares median
};

/// Settles weights and totals for `table`:
///  - weight: as given, else 1 for every metric the table has a count column
///    for, else 0 (unused);
///  - total of a used metric: as given; else estimated by total_from_shares()
///    from the rows that have both a count and a share > 0 when the table has
///    a share column for it; else the sum of the table's counts (shares are
///    then within the table).
/// Throws Error(kUsage) for a negative weight, a total <= 0, or no metric
/// left; Error(kDataError) naming the file when the table has no count
/// column, when a metric given a weight > 0
/// or a total has no count column (a total for a metric weighted 0 is
/// ignored), or a used metric's counts sum to 0.
RankSettings settle_rank_settings(const ClusterTable& table, const MetricValues& weights,
                                  const MetricValues& totals, int top_n);

/// The ranking input of `table`, one entry per row, carrying the counts of the
/// used metrics only. Throws Error(kDataError) with file:line when a used
/// metric's cell is empty.
std::vector<ClusterCounts> cluster_counts(const ClusterTable& table, const RankOptions& options);

/// The output columns, in order: cluster, economy, the carried columns (every
/// input column not consumed, renamed "input_<name>" when its canonical name
/// is also an output column, e.g. a published `rank`), the used metrics'
/// counts, population (when the table has it), share_<metric> per used metric,
/// score, rank, and with population <metric>_per_million, intensity,
/// intensity_rank.
std::vector<std::string> ranking_columns(const ClusterTable& table, const RankOptions& options);

/// Writes the ranked table (ranked = rank_clusters(cluster_counts(table, o), o))
/// as CSV sorted by rank, atomically. Counts and population are written in
/// the shortest form that reads back to the same number; shares, score,
/// per-million figures and intensity rounded to 6 decimals and written the
/// same way (format_rounded, as rank's clusters.csv); absent values as empty
/// cells. Throws Error(kCannotCreate) when the file cannot be written.
void write_ranking_csv(const std::filesystem::path& path, const ClusterTable& table,
                       const std::vector<RankedCluster>& ranked, const RankOptions& options);

}  // namespace innocluster::rank
