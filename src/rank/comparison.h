#pragma once
// Comparing two rankings: which cluster of one run is which cluster of the
// other, and how its rank and counts moved (docs/methodology.md, "Comparing
// two runs").
//
// Matching is by footprint overlap. Two clusters are *linked* when the area
// their footprints share is at least `min_overlap` of the smaller footprint's
// area. Over the links:
//   - a current cluster linked to no previous one is `new`;
//   - a previous cluster linked to no current one is `dropped`;
//   - a current cluster linked to two or more previous ones is `merged`;
//   - a current cluster linked to exactly one previous cluster that is linked
//     to two or more current ones is `split` (one row per part);
//   - otherwise (one to one) it is `kept`.
// The smaller footprint is the denominator so that a cluster that grew or
// shrank a lot (a small footprint inside a large one) still matches, and a
// piece that broke away from a cluster is linked to it.
//
// The comparison serves both questions the issue asks: two editions of one
// methodology (what grew), and two methodologies on the same data (what the
// method changed); classify_runs says which one two runs answer.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rank/run_directory.h"

namespace innocluster::rank {

inline constexpr double kDefaultMinOverlap = 0.5;

/// A pair of footprints that share at least min_overlap of the smaller one.
struct FootprintLink {
  std::size_t previous = 0;  ///< index into the previous footprints
  std::size_t current = 0;   ///< index into the current footprints
  double overlap = 0;        ///< shared area / area of the smaller footprint, in [0, 1]
};

/// The links between two lists of footprints (ISO WKB polygons in lon/lat;
/// an empty WKB links nothing), sorted by (previous, current). Areas are
/// taken in the longitude/latitude plane: the ratio of two areas of one
/// region is the same as on the ground to well under 1% over a cluster's
/// extent. Throws Error(kFailure) when GEOS cannot read a footprint.
std::vector<FootprintLink> link_footprints(const std::vector<std::vector<unsigned char>>& previous,
                                           const std::vector<std::vector<unsigned char>>& current,
                                           double min_overlap);

enum class MatchStatus { kKept, kNew, kDropped, kSplit, kMerged };
std::string_view status_name(MatchStatus s);

/// One row of a comparison: a current cluster (with the previous clusters it
/// is linked to), or a dropped previous cluster.
struct ClusterMatch {
  std::optional<std::size_t> current;  ///< index into the current clusters; nullopt when dropped
  std::vector<std::size_t> previous;   ///< linked previous clusters, ascending (one for dropped)
  MatchStatus status = MatchStatus::kKept;
  double overlap = 0;  ///< the largest overlap among the row's links (0 for new and dropped)
};

/// Statuses from links (see the header comment): one row per current cluster
/// in index order, then one per dropped previous cluster in index order.
std::vector<ClusterMatch> match_clusters(std::size_t previous_count, std::size_t current_count,
                                         const std::vector<FootprintLink>& links);

/// What a comparison of two runs measures, from their manifests.
struct RunsKind {
  std::string kind;  ///< "edition", "methodology", "edition and methodology", "same methodology and edition"
  std::vector<std::string> warnings;  ///< differences that make the comparison hard to read
};
RunsKind classify_runs(const RankRunDirectory& previous, const RankRunDirectory& current);

/// A comparison row with the figures of comparison.csv (docs/formats.md).
/// Figures of a merged row's previous side are the sums over its previous
/// clusters (its rank the best of theirs); a split row compares its part
/// with the whole previous cluster.
struct ComparisonRow {
  ClusterMatch match;
  std::string name, economy;
  std::string previous_names;  ///< names of the linked previous clusters, "; "-joined
  std::optional<int> rank_previous, rank_current;
  std::optional<int> rank_change;  ///< rank_previous - rank_current: positive = moved up
  std::optional<bool> in_top_previous, in_top_current;
  std::optional<double> score_previous, score_current;
  std::array<std::optional<double>, 3> count_previous, count_current, share_previous, share_current;
};

struct Comparison {
  RunsKind kind;
  double min_overlap = kDefaultMinOverlap;
  std::array<bool, 3> metric_previous{}, metric_current{};  ///< metrics each run ranks with
  std::vector<ComparisonRow> rows;  ///< current clusters by current rank, then dropped ones by previous rank
};

/// Compares two rank runs.
Comparison compare_runs(const RankRunDirectory& previous, const RankRunDirectory& current, double min_overlap);

}  // namespace innocluster::rank
