#include "rank/ranking_table.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "core/error.h"
#include "core/text.h"
#include "io/output_file.h"

namespace innocluster::rank {
namespace {

std::string_view metric_name(std::size_t m) { return source_name(kAllSources[m]); }

std::string metric_list() {
  std::string list;
  for (std::size_t m = 0; m < kMetricCount; ++m) list += fmt::format("{}{}", m ? ", " : "", metric_name(m));
  return list;
}

std::string columns_found(const ClusterTable& table) {
  std::string found;
  for (const std::string& h : table.header) found += (found.empty() ? "" : ", ") + h;
  return found;
}

// Counts and populations: the shortest text that reads back to the same
// double (fmt's default), so integers stay integers ("127418").
std::string format_value(double v) { return fmt::format("{}", v); }

// Derived figures: rounded to 6 decimals (enough for a share in percent of a
// world total in the millions), written as rank's clusters.csv writes them.
std::string format_derived(const std::optional<double>& v) {
  return v ? format_rounded(*v, 6) : std::string();
}

}  // namespace

MetricValues parse_metric_values(std::string_view text, std::string_view flag) {
  MetricValues values;
  std::string_view rest = trim(text);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos)
      throw Error(ExitCode::kUsage,
                  fmt::format("{} '{}': expected metric=value items separated by commas, e.g. {} patents=1,deals=0",
                              flag, item, flag));
    std::string name(trim(item.substr(0, eq)));
    for (char& ch : name)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    const std::optional<Source> source = parse_source(name);
    if (!source)
      throw Error(ExitCode::kUsage,
                  fmt::format("{}: unknown metric '{}'; the metrics are {}", flag, name, metric_list()));
    const auto m = static_cast<std::size_t>(*source);
    if (values[m]) throw Error(ExitCode::kUsage, fmt::format("{}: metric '{}' is given twice", flag, name));
    const std::optional<double> value = parse_decimal(item.substr(eq + 1));
    if (!value)
      throw Error(ExitCode::kUsage, fmt::format("{}: '{}' is not a number (in '{}')", flag,
                                                trim(item.substr(eq + 1)), item));
    values[m] = *value;
  }
  return values;
}

RankSettings settle_rank_settings(const ClusterTable& table, const MetricValues& weights,
                                  const MetricValues& totals, int top_n) {
  RankSettings s;
  s.options.top_n = top_n;
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    const std::string_view name = metric_name(m);
    const bool has_column = table.count_column[m].has_value();
    if (weights[m] && !(std::isfinite(*weights[m]) && *weights[m] >= 0))
      throw Error(ExitCode::kUsage, fmt::format("--weights: {}={} must be a number >= 0", name, *weights[m]));
    if (totals[m] && !(std::isfinite(*totals[m]) && *totals[m] > 0))
      throw Error(ExitCode::kUsage, fmt::format("--totals: {}={} must be a number > 0", name, *totals[m]));
    const double weight = weights[m].value_or(has_column ? 1.0 : 0.0);
    if (!has_column && (weight > 0 || (totals[m] && !weights[m])))
      throw Error(ExitCode::kDataError,
                  located(table.path, 1,
                          fmt::format("{} {} but the table has no {} column (columns found: {}); add the "
                                      "column, or drop the metric with --weights {}=0",
                                      weights[m] ? "--weights gives" : "--totals gives", name, name,
                                      columns_found(table), name)));
    s.options.weights[m] = weight;
    if (weight <= 0) continue;

    if (totals[m]) {
      s.options.totals[m] = *totals[m];
      s.total_source[m] = TotalSource::kGiven;
      continue;
    }
    if (table.share_column[m]) {
      std::vector<std::array<double, 2>> pairs;
      for (const ClusterTableRow& row : table.rows)
        if (row.count[m] && row.share_percent[m] && *row.share_percent[m] > 0)
          pairs.push_back({*row.count[m], *row.share_percent[m]});
      if (const std::optional<double> total = total_from_shares(pairs); total && *total > 0) {
        s.options.totals[m] = *total;
        s.total_source[m] = TotalSource::kFromShares;
        s.share_rows[m] = pairs.size();
        continue;
      }
    }
    double sum = 0;
    for (const ClusterTableRow& row : table.rows) sum += row.count[m].value_or(0.0);
    if (!(sum > 0) && !table.rows.empty())
      throw Error(ExitCode::kDataError,
                  located(table.path, 1,
                          fmt::format("the {} counts add up to 0, so they cannot serve as the world total; "
                                      "pass --totals {}=N or drop the metric with --weights {}=0",
                                      name, name, name)));
    // An empty table ranks nothing; any positive total keeps the options valid.
    s.options.totals[m] = sum > 0 ? sum : 1.0;
    s.total_source[m] = TotalSource::kTableSum;
  }
  const std::array<bool, kMetricCount> used = used_metrics(s.options);
  const bool no_counts = std::none_of(table.count_column.begin(), table.count_column.end(),
                                     [](const auto& c) { return c.has_value(); });
  if (no_counts)
    throw Error(ExitCode::kDataError,
                located(table.path, 1,
                        fmt::format("no count column (columns found: {}); give at least one of {} "
                                    "(or a published name for it, see docs/formats.md)",
                                    columns_found(table), metric_list())));
  if (std::none_of(used.begin(), used.end(), [](bool u) { return u; }))
    throw Error(ExitCode::kUsage,
                fmt::format("no metric left to rank by: {} has no count column with a weight > 0 "
                            "(columns found: {})",
                            table.path, columns_found(table)));
  return s;
}

std::vector<ClusterCounts> cluster_counts(const ClusterTable& table, const RankOptions& options) {
  const std::array<bool, kMetricCount> used = used_metrics(options);
  std::vector<ClusterCounts> out;
  out.reserve(table.rows.size());
  for (const ClusterTableRow& row : table.rows) {
    ClusterCounts c;
    c.cluster = row.cluster;
    c.economy = row.economy;
    c.population = row.population;
    for (std::size_t m = 0; m < kMetricCount; ++m) {
      if (!used[m]) continue;
      if (!row.count[m])
        throw Error(ExitCode::kDataError,
                    located(table.path, row.line,
                            fmt::format("cluster '{}' has no {} count (column '{}' is empty); fill it in, "
                                        "or drop the metric with --weights {}=0",
                                        row.cluster, metric_name(m), table.header[*table.count_column[m]],
                                        metric_name(m))));
      c.count[m] = row.count[m];
    }
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// Which input columns are carried into the output, and under which names.
struct Layout {
  std::vector<std::size_t> carried;  // input column indices
  std::vector<std::string> columns;  // the whole output header
};

Layout layout_of(const ClusterTable& table, const RankOptions& options) {
  const std::array<bool, kMetricCount> used = used_metrics(options);
  const bool population = table.population_column.has_value();
  std::vector<std::string> computed;
  for (std::size_t m = 0; m < kMetricCount; ++m)
    if (used[m]) computed.emplace_back(metric_name(m));
  if (population) computed.emplace_back("population");
  for (std::size_t m = 0; m < kMetricCount; ++m)
    if (used[m]) computed.push_back(fmt::format("share_{}", metric_name(m)));
  computed.emplace_back("score");
  computed.emplace_back("rank");
  if (population) {
    for (std::size_t m = 0; m < kMetricCount; ++m)
      if (used[m]) computed.push_back(fmt::format("{}_per_million", metric_name(m)));
    computed.emplace_back("intensity");
    computed.emplace_back("intensity_rank");
  }

  std::set<std::size_t> consumed = {table.cluster_column, table.economy_column};
  if (population) consumed.insert(*table.population_column);
  for (std::size_t m = 0; m < kMetricCount; ++m)
    if (used[m]) consumed.insert(*table.count_column[m]);

  Layout layout;
  layout.columns = {"cluster", "economy"};
  std::set<std::string, std::less<>> taken(computed.begin(), computed.end());
  taken.insert(layout.columns.begin(), layout.columns.end());
  for (std::size_t i = 0; i < table.header.size(); ++i)
    if (!consumed.count(i)) taken.insert(table.canonical[i]);
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    if (consumed.count(i)) continue;
    layout.carried.push_back(i);
    const std::string& canonical = table.canonical[i];
    const bool clashes = std::find(computed.begin(), computed.end(), canonical) != computed.end() ||
                         canonical == "cluster" || canonical == "economy";
    if (!clashes) {
      layout.columns.push_back(table.header[i]);
      continue;
    }
    // A published rank or share stays, beside ours, as input_rank, input_share_…;
    // the prefix repeats until the name is free (re-ranking our own output).
    std::string name = "input_" + canonical;
    while (taken.count(name)) name = "input_" + name;
    taken.insert(name);
    layout.columns.push_back(std::move(name));
  }
  layout.columns.insert(layout.columns.end(), computed.begin(), computed.end());
  return layout;
}

}  // namespace

std::vector<std::string> ranking_columns(const ClusterTable& table, const RankOptions& options) {
  return layout_of(table, options).columns;
}

void write_ranking_csv(const std::filesystem::path& path, const ClusterTable& table,
                       const std::vector<RankedCluster>& ranked, const RankOptions& options) {
  const std::array<bool, kMetricCount> used = used_metrics(options);
  const bool population = table.population_column.has_value();
  const Layout layout = layout_of(table, options);
  OutputFile file(path);
  std::string line;
  bool first = true;
  const auto field = [&](std::string_view text) {
    if (!first) line.push_back(',');
    first = false;
    append_csv_field(line, text);
  };
  for (const std::string& column : layout.columns) field(column);
  line.push_back('\n');
  file.write(line);

  for (const RankedCluster& r : ranked) {
    const ClusterTableRow& row = table.rows[r.index];
    line.clear();
    first = true;
    field(row.cluster);
    field(row.economy);
    for (std::size_t i : layout.carried) field(row.fields[i]);
    for (std::size_t m = 0; m < kMetricCount; ++m)
      if (used[m]) field(format_value(*row.count[m]));
    if (population) field(row.population ? format_value(*row.population) : std::string());
    for (std::size_t m = 0; m < kMetricCount; ++m)
      if (used[m]) field(format_derived(r.share[m]));
    field(format_derived(r.score));
    field(std::to_string(r.rank));
    if (population) {
      for (std::size_t m = 0; m < kMetricCount; ++m)
        if (used[m]) field(format_derived(r.per_million[m]));
      field(format_derived(r.intensity));
      field(r.intensity_rank ? std::to_string(*r.intensity_rank) : std::string());
    }
    line.push_back('\n');
    file.write(line);
  }
  file.commit();
}

}  // namespace innocluster::rank
