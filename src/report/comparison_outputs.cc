#include "report/comparison_outputs.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "io/json_file.h"
#include "io/output_file.h"

namespace innocluster {
namespace {

using Json = nlohmann::ordered_json;


std::string number(const std::optional<double>& v, int decimals) {
  return v ? fmt::format("{}", round_to(*v, decimals)) : std::string();
}
std::string integer(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); }
std::string flag(const std::optional<bool>& v) { return v ? (*v ? "1" : "0") : ""; }

std::optional<double> growth(const std::optional<double>& before, const std::optional<double>& after) {
  if (!before || !after || !(*before > 0)) return std::nullopt;
  return 100.0 * (*after / *before - 1.0);
}
std::optional<double> difference(const std::optional<double>& before, const std::optional<double>& after) {
  if (!before || !after) return std::nullopt;
  return *after - *before;
}

// Metrics either run ranks with, in Source order.
std::vector<Source> compared_metrics(const rank::Comparison& c) {
  std::vector<Source> out;
  for (Source s : kAllSources)
    if (c.metric_previous[static_cast<std::size_t>(s)] || c.metric_current[static_cast<std::size_t>(s)])
      out.push_back(s);
  return out;
}

Json run_json(const rank::RankRunDirectory& run) {
  return {{"dir", run.dir.string()},
          {"methodology", run.methodology.name},
          {"edition", run.methodology.edition},
          {"file_edition", run.methodology.edition - run.methodology.edition_shift},
          {"clusters", run.clusters.size()},
          {"top_n", run.methodology.top_n}};
}

struct TopMoves {
  int entered = 0, left = 0;
};
// Entered: a current top-N cluster linked to no previous top-N cluster. Left:
// a previous top-N cluster linked to no current top-N cluster.
TopMoves top_moves(const rank::Comparison& c, const rank::RankRunDirectory& previous) {
  TopMoves t;
  std::vector<bool> kept_in_top(previous.clusters.size(), false);
  for (const rank::ComparisonRow& r : c.rows) {
    if (!r.match.current || !r.in_top_current.value_or(false)) continue;
    bool from_top = false;
    for (std::size_t p : r.match.previous) {
      from_top = from_top || previous.clusters[p].in_top;
      kept_in_top[p] = true;
    }
    t.entered += !from_top;
  }
  for (std::size_t p = 0; p < previous.clusters.size(); ++p) t.left += previous.clusters[p].in_top && !kept_in_top[p];
  return t;
}

}  // namespace

void write_comparison(const rank::Comparison& c, const rank::RankRunDirectory& previous,
                      const rank::RankRunDirectory& current, const std::filesystem::path& out_dir) {
  const std::vector<Source> metrics = compared_metrics(c);
  std::vector<std::string> header = {"name",           "economy",         "status",        "rank_previous",
                                     "rank_current",   "rank_change",     "in_top_previous", "in_top_current",
                                     "previous_names", "overlap",         "score_previous", "score_current"};
  for (Source s : metrics) {
    const std::string m(source_name(s));
    for (const std::string& col : {m + "_previous", m + "_current", "growth_" + m, "share_" + m + "_previous",
                                   "share_" + m + "_current", "share_change_" + m})
      header.push_back(col);
  }
  CsvWriter csv(out_dir / "comparison.csv", header);
  Json counts = Json::object();
  for (auto s : {rank::MatchStatus::kKept, rank::MatchStatus::kSplit, rank::MatchStatus::kMerged,
                 rank::MatchStatus::kNew, rank::MatchStatus::kDropped})
    counts[std::string(rank::status_name(s))] = 0;
  for (const rank::ComparisonRow& r : c.rows) {
    counts[std::string(rank::status_name(r.match.status))] =
        counts[std::string(rank::status_name(r.match.status))].get<int>() + 1;
    std::vector<std::string> row = {r.name,
                                    r.economy,
                                    std::string(rank::status_name(r.match.status)),
                                    integer(r.rank_previous),
                                    integer(r.rank_current),
                                    integer(r.rank_change),
                                    flag(r.in_top_previous),
                                    flag(r.in_top_current),
                                    r.previous_names,
                                    r.match.overlap > 0 ? number(r.match.overlap, 3) : std::string(),
                                    number(r.score_previous, 6),
                                    number(r.score_current, 6)};
    for (Source s : metrics) {
      const auto i = static_cast<std::size_t>(s);
      row.push_back(number(r.count_previous[i], 3));
      row.push_back(number(r.count_current[i], 3));
      row.push_back(number(growth(r.count_previous[i], r.count_current[i]), 3));
      row.push_back(number(r.share_previous[i], 6));
      row.push_back(number(r.share_current[i], 6));
      row.push_back(number(difference(r.share_previous[i], r.share_current[i]), 6));
    }
    csv.row(row);
  }
  csv.commit();

  const TopMoves top = top_moves(c, previous);
  Json json = {{"synthetic", previous.synthetic || current.synthetic},
               {"kind", c.kind.kind},
               {"warnings", c.kind.warnings},
               {"min_overlap", c.min_overlap},
               {"previous", run_json(previous)},
               {"current", run_json(current)},
               {"statuses", counts},
               {"top_entered", top.entered},
               {"top_left", top.left},
               {"table", "comparison.csv"}};
  write_file_atomically(out_dir / "comparison.json", json_file_text(json));
}

std::string comparison_summary(const rank::Comparison& c, const rank::RankRunDirectory& previous,
                               const rank::RankRunDirectory& current, int show) {
  const Methodology& a = previous.methodology;
  const Methodology& b = current.methodology;
  std::string out;
  if (previous.synthetic || current.synthetic)
    out += "SYNTHETIC DATA: the runs compared were made from inputs generated by innocluster synth\n";
  out += fmt::format("comparison of {}: {} (edition {}, {} clusters) -> {} (edition {}, {} clusters)\n",
                                c.kind.kind, a.name, a.edition, previous.clusters.size(), b.name, b.edition,
                                current.clusters.size());
  int n[5] = {0, 0, 0, 0, 0};
  for (const rank::ComparisonRow& r : c.rows) ++n[static_cast<int>(r.match.status)];
  out += fmt::format("clusters: {} kept, {} split parts, {} merged, {} new, {} dropped (footprints matched at >= {}% "
                     "overlap of the smaller)\n",
                     n[0], n[3], n[4], n[1], n[2], round_to(100 * c.min_overlap, 1));
  const TopMoves top = top_moves(c, previous);
  out += fmt::format("top {}: {} entered, {} left\n", b.top_n, top.entered, top.left);
  std::vector<const rank::ComparisonRow*> moved;
  for (const rank::ComparisonRow& r : c.rows)
    if (r.rank_change && *r.rank_change != 0 && (r.in_top_current.value_or(false) || r.in_top_previous.value_or(false)))
      moved.push_back(&r);
  auto list = [&](const char* title, auto better) {
    std::vector<const rank::ComparisonRow*> v = moved;
    std::stable_sort(v.begin(), v.end(), better);
    std::string lines;
    int k = 0;
    for (const rank::ComparisonRow* r : v) {
      if (k++ >= show) break;
      if ((*r->rank_change > 0) != (std::string_view(title) == "up")) break;
      lines += fmt::format("  {:>+5}  {:>4} -> {:<4}  {} ({})\n", *r->rank_change, *r->rank_previous,
                           *r->rank_current, r->name, rank::status_name(r->match.status));
    }
    if (!lines.empty()) out += fmt::format("largest moves {}:\n{}", title, lines);
  };
  list("up", [](auto* x, auto* y) { return *x->rank_change > *y->rank_change; });
  list("down", [](auto* x, auto* y) { return *x->rank_change < *y->rank_change; });
  return out;
}

}  // namespace innocluster
