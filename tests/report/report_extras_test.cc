// The optional analyses of report.html (report/report_extras.h): rows keyed by
// the run's ranks, growth only where it is defined, dropped clusters counted
// (comparison) or listed (methodology comparison).

#include <gtest/gtest.h>

#include "report/report_extras.h"

namespace innocluster::report {
namespace {

rank::RankRunDirectory run_named(const std::string& name, int edition) {
  rank::RankRunDirectory run;
  run.dir = "/runs/" + name;
  run.methodology.name = name;
  run.methodology.edition = edition;
  return run;
}

rank::ComparisonRow row(rank::MatchStatus status, std::optional<int> previous, std::optional<int> current,
                        std::optional<double> patents_before, std::optional<double> patents_after) {
  rank::ComparisonRow r;
  r.match.status = status;
  r.name = "C" + std::to_string(current.value_or(100 + previous.value_or(0)));
  r.economy = "XX";
  r.rank_previous = previous;
  r.rank_current = current;
  if (previous && current) r.rank_change = *previous - *current;
  r.count_previous[0] = patents_before;
  r.count_current[0] = patents_after;
  return r;
}

rank::Comparison sample_comparison() {
  rank::Comparison c;
  c.kind.kind = "edition";
  c.metric_previous = {true, true, false};
  c.metric_current = {true, true, true};
  c.rows = {row(rank::MatchStatus::kKept, 2, 1, 100, 125),     // up 1, +25%
            row(rank::MatchStatus::kKept, 1, 2, 0, 50),        // down 1, no growth from 0
            row(rank::MatchStatus::kNew, std::nullopt, 3, std::nullopt, 10),
            row(rank::MatchStatus::kDropped, 3, std::nullopt, 7, std::nullopt)};
  return c;
}

TEST(ReportExtras, ComparisonRowsByCurrentRankWithGrowthWhereDefined) {
  rank::RankRunDirectory previous = run_named("gii-2025", 2024), current = run_named("gii-2025", 2025);
  const Json x = comparison_extra(sample_comparison(), previous, current);
  EXPECT_EQ(x["kind"], "edition");
  EXPECT_EQ(x["previous"]["edition"], 2024);
  EXPECT_EQ(x["previous"]["metrics"], Json({"patents", "publications"}));
  EXPECT_EQ(x["current"]["metrics"], Json({"patents", "publications", "deals"}));
  EXPECT_EQ(x["growth_metrics"], Json({"patents", "publications"}));  // only those both runs rank with
  EXPECT_EQ(x["dropped"], 1);
  ASSERT_EQ(x["rows"].size(), 3u);
  EXPECT_EQ(x["rows"][0], Json({{"rank", 1},
                                {"status", "kept"},
                                {"rank_previous", 2},
                                {"rank_change", 1},
                                {"growth", {{"patents", 25.0}, {"publications", nullptr}}}}));
  EXPECT_EQ(x["rows"][1]["rank_change"], -1);
  EXPECT_EQ(x["rows"][1]["growth"]["patents"], nullptr);
  EXPECT_EQ(x["rows"][2]["status"], "new");
  EXPECT_EQ(x["rows"][2]["rank_previous"], nullptr);
  EXPECT_EQ(x["rows"][2]["rank_change"], nullptr);
}

TEST(ReportExtras, MethodologyComparisonListsEveryClusterOfEitherRun) {
  rank::RankRunDirectory other = run_named("gii-2024", 2025), current = run_named("gii-2025", 2025);
  const Json x = methodology_comparison_extra(sample_comparison(), other, current);
  EXPECT_EQ(x["other"]["methodology"], "gii-2024");
  ASSERT_EQ(x["rows"].size(), 4u);
  EXPECT_EQ(x["rows"][0], Json({{"name", "C1"},
                                {"economy", "XX"},
                                {"status", "kept"},
                                {"rank_other", 2},
                                {"rank", 1},
                                {"rank_change", 1}}));
  EXPECT_EQ(x["rows"][3]["status"], "dropped");
  EXPECT_EQ(x["rows"][3]["rank_other"], 3);
  EXPECT_EQ(x["rows"][3]["rank"], nullptr);
}

TEST(ReportExtras, SensitivityRowsCarryTheRunsRanks) {
  SensitivityReport report;
  report.run.clusters.resize(2);
  report.run.clusters[0].rank = 1;
  report.run.clusters[1].rank = 2;
  report.options.samples = 50;
  report.options.top_n = 100;
  report.rows = {{.cluster = 1, .rank_median = 3, .rank_p05 = 2, .rank_p95 = 5, .top_share = 0.98765, .matched_share = 1},
                 {.cluster = 0, .rank_median = 1, .rank_p05 = 1, .rank_p95 = 2, .top_share = 1, .matched_share = 1}};
  const Json x = sensitivity_extra(report);
  EXPECT_EQ(x["samples"], 50);
  ASSERT_EQ(x["rows"].size(), 2u);
  EXPECT_EQ(x["rows"][0], Json({{"rank", 2}, {"median", 3}, {"p05", 2}, {"p95", 5}, {"top_share", 0.9877}}));
  EXPECT_EQ(x["rows"][1]["rank"], 1);
}

}  // namespace
}  // namespace innocluster::report
