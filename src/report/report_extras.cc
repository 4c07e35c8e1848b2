#include "report/report_extras.h"

#include <cmath>
#include <string>

namespace innocluster::report {
namespace {

double round_to(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

Json optional_int(const std::optional<int>& v) { return v ? Json(*v) : Json(nullptr); }

Json metric_keys(const std::array<bool, 3>& used) {
  Json out = Json::array();
  for (Source s : kAllSources)
    if (used[static_cast<std::size_t>(s)]) out.push_back(std::string(source_name(s)));
  return out;
}

Json run_facts(const rank::RankRunDirectory& run, const std::array<bool, 3>& metrics) {
  return {{"dir", run.dir.string()},
          {"methodology", run.methodology.name},
          {"edition", run.methodology.edition},
          {"metrics", metric_keys(metrics)},
          {"clusters", run.clusters.size()}};
}

}  // namespace

Json comparison_extra(const rank::Comparison& comparison, const rank::RankRunDirectory& previous,
                      const rank::RankRunDirectory& current) {
  // Growth is shown for the metrics both runs rank with.
  std::array<bool, 3> both{};
  for (std::size_t m = 0; m < both.size(); ++m) both[m] = comparison.metric_previous[m] && comparison.metric_current[m];
  Json rows = Json::array();
  std::size_t dropped = 0;
  for (const rank::ComparisonRow& r : comparison.rows) {
    if (!r.rank_current) {
      ++dropped;
      continue;
    }
    Json growth = Json::object();
    for (Source s : kAllSources) {
      const auto m = static_cast<std::size_t>(s);
      if (!both[m]) continue;
      const auto& before = r.count_previous[m];
      const auto& after = r.count_current[m];
      growth[std::string(source_name(s))] =
          before && after && *before > 0 ? Json(round_to(100.0 * (*after / *before - 1.0), 1)) : Json(nullptr);
    }
    rows.push_back({{"rank", *r.rank_current},
                    {"status", std::string(rank::status_name(r.match.status))},
                    {"rank_previous", optional_int(r.rank_previous)},
                    {"rank_change", optional_int(r.rank_change)},
                    {"growth", std::move(growth)}});
  }
  return {{"kind", comparison.kind.kind},
          {"previous", run_facts(previous, comparison.metric_previous)},
          {"current", run_facts(current, comparison.metric_current)},
          {"growth_metrics", metric_keys(both)},
          {"dropped", dropped},
          {"rows", std::move(rows)}};
}

Json methodology_comparison_extra(const rank::Comparison& comparison, const rank::RankRunDirectory& other,
                                  const rank::RankRunDirectory& current) {
  Json rows = Json::array();
  for (const rank::ComparisonRow& r : comparison.rows)
    rows.push_back({{"name", r.name},
                    {"economy", r.economy},
                    {"status", std::string(rank::status_name(r.match.status))},
                    {"rank_other", optional_int(r.rank_previous)},
                    {"rank", optional_int(r.rank_current)},
                    {"rank_change", optional_int(r.rank_change)}});
  return {{"kind", comparison.kind.kind},
          {"other", run_facts(other, comparison.metric_previous)},
          {"current", run_facts(current, comparison.metric_current)},
          {"rows", std::move(rows)}};
}

Json sensitivity_extra(const SensitivityReport& report) {
  Json rows = Json::array();
  for (const SensitivityRow& r : report.rows)
    rows.push_back({{"rank", report.run.clusters[r.cluster].rank},
                    {"median", r.rank_median},
                    {"p05", r.rank_p05},
                    {"p95", r.rank_p95},
                    {"top_share", round_to(r.top_share, 4)}});
  return {{"samples", report.options.samples},
          {"seed", report.options.seed},
          {"range", report.options.range},
          {"top_n", report.options.top_n},
          {"rows", std::move(rows)}};
}

}  // namespace innocluster::report
