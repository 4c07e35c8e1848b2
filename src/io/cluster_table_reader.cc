#include "io/cluster_table_reader.h"

#include <cmath>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "core/error.h"
#include "core/text.h"
#include "io/record_reader.h"

namespace innocluster {
namespace {

// Header names of published tables and what they mean here: the one place
// aliases live (documented in docs/formats.md, "Cluster tables"). GII's tables
// name the metrics after their sources and give shares in percent.
constexpr std::pair<std::string_view, std::string_view> kColumnAliases[] = {
    {"name", "cluster"},  // innocluster's own clusters.csv
    {"pct_applications", "patents"},
    {"scientific_publications", "publications"},
    {"vc_deals", "deals"},
    {"share_pct_pct", "share_patents"},
    {"share_pubs_pct", "share_publications"},
    {"share_vc_pct", "share_deals"},
};

// A whole trimmed cell as a finite number >= 0; nullopt for an empty cell.
// Throws with file:line for anything else.
std::optional<double> parse_cell(std::string_view text, const std::string& path, std::uint64_t line,
                                 std::string_view column) {
  const std::string_view t = trim(text);
  if (t.empty()) return std::nullopt;
  const std::optional<double> parsed = parse_decimal(t);
  if (!parsed)
    throw Error(ExitCode::kDataError,
                located(path, line,
                        fmt::format("column '{}': '{}' is not a number; write plain numbers such as "
                                    "12345 or 1.5 (no thousands separators), or leave the cell empty",
                                    column, t)));
  const double value = *parsed;
  if (value < 0)
    throw Error(ExitCode::kDataError,
                located(path, line, fmt::format("column '{}': {} is negative; counts, shares and "
                                                "populations must be >= 0",
                                                column, t)));
  return value;
}

}  // namespace

std::string canonical_column_name(std::string_view name) {
  std::string out(trim(name));
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  for (const auto& [alias, canonical] : kColumnAliases)
    if (out == alias) return std::string(canonical);
  return out;
}

ClusterTable read_cluster_table(const std::string& path) {
  std::unique_ptr<RecordReader> reader = open_records(path);
  ClusterTable table;
  table.path = path;
  table.header = reader->header();
  std::optional<std::size_t> cluster_column, economy_column;

  // Assigns column i to a role, refusing a role claimed twice (e.g. both
  // "patents" and "pct_applications"): which one to believe is not ours to guess.
  const auto claim = [&](std::optional<std::size_t>& role, std::size_t i) {
    if (role)
      throw Error(ExitCode::kDataError,
                  located(path, 1,
                          fmt::format("columns '{}' and '{}' both give '{}'; keep one of them",
                                      table.header[*role], table.header[i], table.canonical[i])));
    role = i;
  };
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    table.canonical.push_back(canonical_column_name(table.header[i]));
    const std::string& name = table.canonical.back();
    if (name == "cluster") claim(cluster_column, i);
    else if (name == "economy") claim(economy_column, i);
    else if (name == "population") claim(table.population_column, i);
    for (std::size_t m = 0; m < rank::kMetricCount; ++m) {
      const std::string_view metric = source_name(kAllSources[m]);
      if (name == metric) claim(table.count_column[m], i);
      else if (name == fmt::format("share_{}", metric)) claim(table.share_column[m], i);
    }
  }
  const auto missing = [&](std::string_view column) {
    std::string found;
    for (const std::string& h : table.header) found += (found.empty() ? "" : ", ") + h;
    throw Error(ExitCode::kDataError,
                located(path, 1,
                        fmt::format("missing required column '{}' (columns found: {}); a cluster table "
                                    "needs cluster, economy and counts (see docs/formats.md)",
                                    column, found)));
  };
  if (!cluster_column) missing("cluster");
  if (!economy_column) missing("economy");
  table.cluster_column = *cluster_column;
  table.economy_column = *economy_column;

  const auto number = [&](const Record& rec, std::optional<std::size_t> column) -> std::optional<double> {
    if (!column) return std::nullopt;
    return parse_cell(rec.fields[*column], path, rec.line, table.header[*column]);
  };
  Record rec;
  while (reader->next(rec)) {
    if (!rec.error.empty())
      throw Error(ExitCode::kDataError, located(path, rec.line, fmt::format("malformed record: {}", rec.error)));
    if (rec.fields.size() != table.header.size())
      throw Error(ExitCode::kDataError,
                  located(path, rec.line,
                          fmt::format("{} fields where the header has {}", rec.fields.size(), table.header.size())));
    ClusterTableRow row;
    row.line = rec.line;
    row.cluster = std::string(trim(rec.fields[table.cluster_column]));
    row.economy = std::string(trim(rec.fields[table.economy_column]));
    if (row.cluster.empty())
      throw Error(ExitCode::kDataError,
                  located(path, rec.line, fmt::format("empty '{}' cell; every row needs the cluster's name",
                                                      table.header[table.cluster_column])));
    for (std::size_t m = 0; m < rank::kMetricCount; ++m) {
      row.count[m] = number(rec, table.count_column[m]);
      row.share_percent[m] = number(rec, table.share_column[m]);
    }
    row.population = number(rec, table.population_column);
    row.fields.assign(rec.fields.begin(), rec.fields.end());
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace innocluster
