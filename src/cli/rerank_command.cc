// `innocluster rerank`: rank a table of cluster counts with other totals,
// weights or metrics.

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "io/cluster_table_reader.h"
#include "io/output_file.h"
#include "rank/ranking.h"
#include "rank/ranking_table.h"

namespace innocluster::cli {
namespace {

struct RerankOptions {
  std::string table;
  std::string totals;
  std::string weights;
  std::string out;
  std::string economies;
  int top = 100;
  int show = 10;
};

std::string describe_totals(const rank::RankSettings& s) {
  std::string text;
  for (std::size_t m = 0; m < rank::kMetricCount; ++m) {
    const auto how = s.total_source[m];
    if (how == rank::TotalSource::kUnused) continue;
    const char* origin = how == rank::TotalSource::kGiven ? "given"
                         : how == rank::TotalSource::kTableSum
                             ? "sum of the table: shares are within the table"
                             : nullptr;
    text += fmt::format("{}{} {:.0f} ({})", text.empty() ? "" : ", ", source_name(kAllSources[m]),
                        s.options.totals[m],
                        origin ? std::string(origin)
                               : fmt::format("median of {} published shares", s.share_rows[m]));
  }
  return text;
}

std::string describe_weights(const rank::RankOptions& o) {
  std::string text;
  for (std::size_t m = 0; m < rank::kMetricCount; ++m)
    if (o.weights[m] > 0)
      text += fmt::format("{}{}{}", text.empty() ? "" : " + ",
                          o.weights[m] == 1.0 ? std::string() : fmt::format("{} × ", o.weights[m]),
                          source_name(kAllSources[m]));
  return text;
}

void print_ranking(const std::vector<rank::RankedCluster>& ranked, const rank::RankSettings& s,
                   const RerankOptions& opt, bool intensity) {
  std::string out = fmt::format("{:>5}  {:<36} {:<8} {:>10}", "rank", "cluster", "economy", "score");
  if (intensity) out += fmt::format(" {:>10} {:>9}", "intensity", "int.rank");
  out += '\n';
  const std::size_t shown = std::min(ranked.size(), static_cast<std::size_t>(opt.show));
  for (std::size_t i = 0; i < shown; ++i) {
    const rank::RankedCluster& r = ranked[i];
    out += fmt::format("{:>5}  {:<36} {:<8} {:>10.3f}", r.rank, r.cluster, r.economy, r.score);
    if (intensity)
      out += r.intensity ? fmt::format(" {:>10.3f} {:>9}", *r.intensity, *r.intensity_rank)
                         : fmt::format(" {:>10} {:>9}", "", "");
    out += '\n';
  }
  if (shown < ranked.size()) out += fmt::format("  … {} more in {}\n", ranked.size() - shown, opt.out);
  out += fmt::format("score = {}, each a share in % of the world total\n", describe_weights(s.options));
  out += fmt::format("world totals: {}\n", describe_totals(s));
  std::string by_economy;
  for (const rank::EconomyCount& e : rank::count_by_economy(ranked))
    by_economy += fmt::format("{}{} {}{}", by_economy.empty() ? "" : ", ", e.economy, e.clusters,
                              e.cross_border ? fmt::format(" ({} cross-border)", e.cross_border) : "");
  if (!by_economy.empty())
    out += fmt::format("top {} by economy: {}\n", std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(opt.top)),
                       by_economy);
  out += fmt::format("wrote {} ({} clusters)\n", opt.out, ranked.size());
  std::fputs(out.c_str(), stdout);
}

void write_economies(const std::string& path, const std::vector<rank::RankedCluster>& ranked) {
  CsvWriter csv(path, {"economy", "clusters", "cross_border"});
  for (const rank::EconomyCount& e : rank::count_by_economy(ranked))
    csv.row({e.economy, std::to_string(e.clusters), std::to_string(e.cross_border)});
  csv.commit();
}

void run_rerank(const RerankOptions& opt) {
  if (opt.top < 1) throw Error(ExitCode::kUsage, fmt::format("--top {}: must be at least 1", opt.top));
  if (opt.show < 0) throw Error(ExitCode::kUsage, fmt::format("--show {}: must be >= 0", opt.show));
  // Flags are checked before the table is read, so a typo costs no I/O.
  const rank::MetricValues weights = rank::parse_metric_values(opt.weights, "--weights");
  const rank::MetricValues totals = rank::parse_metric_values(opt.totals, "--totals");

  const ClusterTable table = read_cluster_table(opt.table);
  const rank::RankSettings settings = rank::settle_rank_settings(table, weights, totals, opt.top);
  const std::vector<rank::RankedCluster> ranked =
      rank::rank_clusters(rank::cluster_counts(table, settings.options), settings.options);
  rank::write_ranking_csv(opt.out, table, ranked, settings.options);
  if (!opt.economies.empty()) write_economies(opt.economies, ranked);
  print_ranking(ranked, settings, opt, table.population_column.has_value());
}

}  // namespace

void add_rerank_command(CLI::App& app) {
  auto opt = std::make_shared<RerankOptions>();
  CLI::App* cmd = app.add_subcommand(
      "rerank",
      "Rank a table of cluster counts (ours, or a published one) with other world totals,\n"
      "weights or metrics. Score = Σ weight × share of the world total (in %), equal weights\n"
      "by default; intensity = score per million inhabitants when the table has population.\n"
      "World totals: --totals, else estimated from the table's published share columns\n"
      "(median of count ÷ share), else the table's own sums. Writes the table sorted by rank.");
  cmd->add_option("--table", opt->table,
                  "Cluster table: CSV (or .gz, or JSON Lines) with cluster, economy, and counts\n"
                  "patents, publications [, deals] [, population]; GII's column names work too")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--totals", opt->totals, "World totals, e.g. patents=1300000,publications=7400000");
  cmd->add_option("--weights", opt->weights,
                  "Metric weights (default 1 for each count column); 0 drops a metric, e.g. deals=0");
  cmd->add_option("--top", opt->top, "Length of the headline ranking (counts by economy)")->capture_default_str();
  cmd->add_option("--show", opt->show, "Rows of the ranking printed on stdout")->capture_default_str();
  cmd->add_option("--economies", opt->economies, "Also write the top-N clusters per economy as CSV");
  cmd->add_option("--out", opt->out, "Ranked table to write (CSV, sorted by rank)")->required();
  cmd->footer(
      "Examples:\n"
      "  # Re-rank GII 2023's published top 10; totals estimated from its share columns\n"
      "  innocluster rerank --table gii2023_size_top10.csv --out reranked.csv\n"
      "  # The two-metric ranking of a three-metric table\n"
      "  innocluster rerank --table clusters.csv --weights deals=0 --out two-metric.csv\n"
      "  # Your own world totals and weights, top 50 counted by economy\n"
      "  innocluster rerank --table clusters.csv --totals patents=1300000,publications=7400000,deals=236000 \\\n"
      "                     --weights patents=2,publications=1,deals=1 --top 50 --economies econ.csv --out r.csv\n"
      "Columns (case-insensitive): cluster, economy, patents, publications [, deals, share_<metric>,\n"
      "population]; other columns are carried through. See docs/formats.md, \"Cluster tables\".");
  cmd->callback([opt] { run_rerank(*opt); });
}

}  // namespace innocluster::cli
