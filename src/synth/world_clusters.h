#pragma once
// The clusters of the synthetic world: the GII 2025 ranking as far as it is
// published (tests/fixtures/reference/gii2025_size_known.csv), completed to a
// top 100 (docs/methodology.md, "The synthetic world").
//
// Each entry gives what is known of the cluster and the places it is spread
// over. Counts and shares are those published for 2025 where known, the 2023
// shares of the same cluster (gii2023_size_top10.csv) otherwise; the rest is
// filled in by world_shares() from the target score of the rank.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace innocluster::synth {

/// A real place (GeoNames id) a cluster is spread over, and the fraction of
/// the cluster's activity it holds. Anchors are listed in building order:
/// each one after the first is joined to the nearest earlier anchor by a
/// corridor of towns when they are more than a radius apart.
struct Anchor {
  std::uint32_t geonameid = 0;
  double weight = 0;
};

/// What the technology fields, science fields, deal sectors and
/// organisations of a cluster lean towards.
enum class Profile { kGeneral, kDigital, kPharma, kAutomotive, kElectronics, kBattery, kChemistry, kMachinery, kFinance };

inline constexpr double kUnknown = -1;

struct ClusterSpec {
  int rank = 0;                 ///< published 2025 rank (or the rank a filled-in cluster takes)
  std::string_view name;        ///< the published name (innocluster's naming should give it)
  std::string_view economy;     ///< ISO codes joined by "/"
  bool published = false;       ///< in the published 2025 list; false = filled in
  Profile profile = Profile::kGeneral;
  /// Published 2025 counts (patents, publications, deals); kUnknown or 0 when not public.
  std::array<double, 3> count{kUnknown, kUnknown, kUnknown};
  /// Published 2025 shares in percent; kUnknown or 0 when not public.
  std::array<double, 3> share{kUnknown, kUnknown, kUnknown};
  /// GII 2023 shares (patents, publications) in percent, for clusters of the 2023 top 10; else 0.
  std::array<double, 2> share_2023{kUnknown, kUnknown};
  /// Target size score for the rank (percentage points); kUnknown = from the tail curve.
  double score = kUnknown;
  std::span<const Anchor> anchors;
};

/// Every cluster of the world, in rank order (1..100).
std::span<const ClusterSpec> world_clusters();

/// World totals of the three metrics at scale 1 (five years of each): implied
/// by the published shares (117,542 PCT applications = 9.0%, 193,635 articles
/// = 2.4%) and the published number of VC deals (about 236,000).
inline constexpr std::array<double, 3> kWorldTotals{1306000, 8068000, 236000};

/// Each cluster's share of each metric, percent, in world_clusters() order:
/// the published count (÷ world total) or share, else the 2023 share, else
/// the target score minus the known shares, split by the economy's usual mix.
std::vector<std::array<double, 3>> world_shares();

}  // namespace innocluster::synth
