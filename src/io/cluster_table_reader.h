#pragma once
// Reading a table of cluster counts: innocluster's own ranking output, or a
// published one such as GII's top-100 table (docs/formats.md, "Cluster
// tables"). CSV or JSON Lines, plain or gzip, through open_records().
//
// Column names match case-insensitively, ignoring surrounding spaces, and the
// names published tables use are accepted as aliases (the list is
// kColumnAliases in the .cc, documented in docs/formats.md):
//   cluster, economy                    required
//   patents, publications, deals        counts by metric, each optional
//   share_patents, share_publications,  published shares, percent, optional
//   share_deals
//   population                          inhabitants, optional
// Every other column is kept as text so that writers can carry it through.
//
// Number cells (counts, shares, population) are parsed strictly: a finite
// decimal number >= 0, optionally in exponent form, surrounding spaces
// allowed, nothing else ("12,345" and "n/a" are errors); an empty cell is
// "absent". Errors are thrown as Error(kDataError) with file:line.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rank/ranking.h"

namespace innocluster {

struct ClusterTableRow {
  std::uint64_t line = 0;  ///< physical line where the record starts
  std::string cluster;
  std::string economy;
  std::array<std::optional<double>, rank::kMetricCount> count;          ///< nullopt: no column or empty cell
  std::array<std::optional<double>, rank::kMetricCount> share_percent;  ///< nullopt: no column or empty cell
  std::optional<double> population;                                     ///< nullopt: no column or empty cell
  std::vector<std::string> fields;  ///< every cell of the record as read, in header order
};

struct ClusterTable {
  std::string path;
  std::vector<std::string> header;  ///< column names as written in the file
  /// canonical[i] is the lower-case, alias-resolved name of header[i]
  /// ("pct_applications" -> "patents"; an unknown name is just lower-cased).
  std::vector<std::string> canonical;
  std::size_t cluster_column = 0;
  std::size_t economy_column = 0;
  std::array<std::optional<std::size_t>, rank::kMetricCount> count_column;
  std::array<std::optional<std::size_t>, rank::kMetricCount> share_column;
  std::optional<std::size_t> population_column;
  std::vector<ClusterTableRow> rows;  ///< in file order
};

/// The canonical name of a column: trimmed, lower-cased, and mapped through
/// the alias list ("Share_PCT_pct" -> "share_patents").
std::string canonical_column_name(std::string_view name);

/// Reads the whole table. Throws Error(kNoInput) when the file cannot be
/// opened and Error(kDataError), naming file and line, when `cluster` or
/// `economy` is missing, a role is given by two columns, a record is malformed
/// or has the wrong number of fields, a cluster name is empty, or a number
/// cell is not a number >= 0.
/// A table with no rows is valid (and ranks nothing).
ClusterTable read_cluster_table(const std::string& path);

}  // namespace innocluster
