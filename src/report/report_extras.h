#pragma once
// The optional analyses of report.html (report/html_report.h, ReportExtras):
// the data keys report.js renders when present (docs/formats.md,
// "report.html"):
//   "comparison": the run against a previous edition: per current cluster
//     its status, previous rank, rank change and growth per metric (the size
//     table's "Change" and growth columns);
//   "methodology_comparison": the run against another methodology on the same
//     data: per cluster of the union, its rank under each and the change (the
//     "Methodology comparison" table);
//   "sensitivity": per cluster its rank interval (the "Rank intervals" chart
//     and a line in the cluster's panel).
// Rows refer to the run's clusters by their rank, which is unique in a run.

#include "pipeline/sensitivity.h"
#include "rank/comparison.h"
#include "report/manifest.h"

namespace innocluster::report {

/// `previous` is the earlier edition, `current` the run the report is about.
Json comparison_extra(const rank::Comparison& comparison, const rank::RankRunDirectory& previous,
                      const rank::RankRunDirectory& current);

/// `other` is the run under the other methodology, `current` the report's run
/// (compared as previous = other, current = current).
Json methodology_comparison_extra(const rank::Comparison& comparison, const rank::RankRunDirectory& other,
                                  const rank::RankRunDirectory& current);

/// The intervals of a sensitivity run of the report's run.
Json sensitivity_extra(const SensitivityReport& report);

}  // namespace innocluster::report
