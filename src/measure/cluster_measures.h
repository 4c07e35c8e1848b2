#pragma once
// The measure stage: from merged clusters to what a ranking reports about
// each — counts per source, member locations, centre, footprint, name and
// economies, population, and the leading fields and organisations.
//
// Counts are the exact fixed-point sums of the member locations' weights
// (docs/methodology.md, "Counting and exactness"). A location's *activity*,
// used for names and economies, is its weight as a share of its source's world
// total, times the metric's weight: the same currency as the score, so that a
// place is named for what it adds to the cluster's rank.
//
// Descriptors: for each source, the `top_k` values of the rows' `field` (IPC
// codes mapped to WIPO's 35 technology fields for patents; subject categories
// for publications; sectors for deals) and of their `org`, each with its share
// of the cluster's count of that source. Rows with an empty value count in
// the denominator (their share is unknown), so shares may add up to less than 1.
// Ties are broken by label in byte order.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "assemble/footprint.h"
#include "assemble/merge.h"
#include "core/methodology.h"
#include "geo/gazetteer.h"
#include "measure/naming.h"
#include "pipeline/ingest.h"

namespace innocluster::geo {
class PopulationRaster;
}

namespace innocluster::measure {

class TechnologyFields;

struct Descriptor {
  std::string label;
  double share = 0;  ///< of the cluster's count of the source
};

struct ClusterMeasures {
  std::array<std::optional<double>, 3> count;     ///< per Source; nullopt when the source is not in the run
  std::array<std::uint64_t, 3> locations{};       ///< member locations per source
  GeoPoint centre;                                ///< activity-weighted centre (on the sphere)
  Footprint footprint;
  ClusterNaming naming;
  std::optional<double> population;  ///< inhabitants of the footprint
  std::array<std::vector<Descriptor>, 3> top_fields;  ///< per Source
  std::array<std::vector<Descriptor>, 3> top_orgs;    ///< per Source
};

struct MeasureInput {
  const std::vector<SourceIngest>* sources = nullptr;
  const MergedClusters* merged = nullptr;
  const Methodology* methodology = nullptr;
  const geo::Gazetteer* gazetteer = nullptr;
  const TechnologyFields* technology_fields = nullptr;
  const geo::PopulationRaster* population_raster = nullptr;  ///< null: population from the gazetteer
  int top_k = 5;
};

/// Measures every merged cluster, in merged-cluster order.
std::vector<ClusterMeasures> measure_clusters(const MeasureInput& input);

/// The world total of each source in the run (sum of accepted weights), as a
/// double; nullopt for sources not in the run.
std::array<std::optional<double>, 3> world_totals(const std::vector<SourceIngest>& sources);

}  // namespace innocluster::measure
