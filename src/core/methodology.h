#pragma once
// Methodology: every choice of the cluster method that a user can set, as read
// from a TOML file under methodologies/ (see docs/methodology.md for the keys,
// their ranges and why the shipped files hold the values they do).

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/source.h"

namespace innocluster {

struct YearWindow {
  int first = 0;  ///< inclusive
  int last = 0;   ///< inclusive
  bool contains(int year) const { return first <= year && year <= last; }
};

/// The settings of one metric (one source of records).
struct MetricSettings {
  double weight = 1.0;       ///< weight of the metric's share in the size score
  double eps_km = 15.0;      ///< DBSCAN radius, great-circle km
  double min_weight = 4500;  ///< DBSCAN core threshold, summed fractional count
  YearWindow years;          ///< records outside are rejected
};

/// How clusters are named and which economies they are listed under (see
/// docs/methodology.md, "Names and economies").
struct NamingSettings {
  /// A place joins the name when its activity is >= fraction x the first's; in (0, 1].
  double fraction = 0.25;
  /// At most this many place names, in order of activity; 1 to 10.
  int max_places = 3;
  /// "Sizeable": a gazetteer place receives activity (and may name a cluster)
  /// only when its population is >= this; 0 to 1e8.
  std::int64_t min_population = 50000;
  /// An economy is listed when it holds >= this share of the cluster's
  /// activity (the most active economy always is); in (0, 1].
  double economy_min_share = 0.01;
};

struct Methodology {
  std::string name;         ///< e.g. "gii-2025"
  std::string description;  ///< one line for reports
  std::string path;         ///< the file it was read from
  int edition = 0;          ///< the year of the ranking it reproduces (after at_edition: the run's)
  /// Years the windows were moved by at_edition(); the file's own edition is
  /// `edition - edition_shift`.
  int edition_shift = 0;
  int location_decimals = 3;  ///< locations are rounded to this many decimals of a degree
  double merge_km = 5.0;      ///< clusters of any source within this distance merge
  int top_n = 100;            ///< size of the headline ranking
  NamingSettings naming;      ///< cluster names and economies

  /// One entry per Source; empty for a metric the methodology does not use.
  std::array<std::optional<MetricSettings>, 3> metrics;

  const std::optional<MetricSettings>& metric(Source s) const {
    return metrics[static_cast<std::size_t>(s)];
  }
};

/// Reads a methodology file. Unknown keys, missing required keys, wrong types
/// and out-of-range values are Error(kConfig) whose message names the file,
/// line and key, e.g. "methodologies/x.toml:12: metrics.patents.eps_km = -3:
/// must be > 0 and <= 500 (km)".
Methodology load_methodology(const std::string& path);

/// Resolves a --methodology argument: an existing file path, or the name of a
/// shipped methodology ("gii-2025") looked up in the methodology directories
/// (INNOCLUSTER_METHODOLOGIES, then the source tree's methodologies/).
std::string resolve_methodology_path(const std::string& name_or_path);

/// The methodology of another edition: every metric's year window moved by
/// `year - m.edition` years, and `edition` set to `year` (docs/methodology.md,
/// "Editions"). gii-2025 windows patents 2020-2024, so its edition 2024
/// windows them 2019-2023. Nothing else changes. Throws Error(kUsage) when
/// `year` or a moved window leaves 1900..2100.
Methodology at_edition(Methodology m, int year);

/// The methodology used when none is named: gii-2025.
inline constexpr const char* kDefaultMethodology = "gii-2025";

}  // namespace innocluster
