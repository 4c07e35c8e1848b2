#pragma once
// The whole ranking pipeline, as `innocluster rank` runs it:
// ingest → per-source detection → merge → measure → rank.
// Each stage is a plain function of the previous one's value; this file only
// composes them and times them. Writing the outputs is report/'s job.

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "assemble/merge.h"
#include "detect/dbscan.h"
#include "geo/gazetteer.h"
#include "measure/cluster_measures.h"
#include "pipeline/ingest.h"
#include "rank/ranking.h"

namespace innocluster {

struct RankRequest {
  IngestRequest ingest;                          ///< inputs, methodology, output directory
  std::optional<std::string> population_raster;  ///< GeoTIFF; nullopt = gazetteer population
  int threads = 0;                               ///< 0 = all hardware threads
  int top_k = 5;                                 ///< descriptors listed per cluster
};

struct SourceDetection {
  Source source = Source::kPatents;
  detect::DbscanResult result;  ///< over the source's weighted locations
  std::uint64_t noise_locations = 0;
  double noise_weight = 0;
};

struct RankRun {
  std::vector<SourceIngest> sources;
  bool synthetic = false;  ///< some input is synthetic (any_synthetic(sources))
  std::vector<SourceDetection> detections;
  MergedClusters merged;
  std::vector<measure::ClusterMeasures> measures;  ///< by merged cluster id
  std::vector<rank::RankedCluster> ranked;         ///< sorted by rank; `index` is the merged cluster id
  std::vector<rank::EconomyCount> economies;       ///< in the top N
  std::array<std::optional<double>, 3> totals;     ///< world total per source in the run
  geo::GazetteerSummary gazetteer;
  std::string population_source;  ///< "gazetteer" or a description of the raster
  std::vector<std::pair<std::string, double>> seconds;  ///< wall time per stage, in order
};

/// Detection of one source with the metric's eps_km and min_weight (the
/// pipeline's detect stage, also run by `sensitivity` for its base run).
SourceDetection detect_source(const SourceIngest& source, const MetricSettings& metric, int threads);

/// Runs the pipeline. Throws Error as the stages do (bad input, methodology,
/// missing reference data, unreadable raster).
RankRun run_rank(const RankRequest& request);

}  // namespace innocluster
