#pragma once
// Sensitivity of a ranking to the method's choices: the ranking is re-run
// many times with perturbed choices, and each cluster of the base run is
// followed through the samples (docs/methodology.md, "Sensitivity").
//
// A sample draws, from its own seed:
//   - per metric, eps_km and min_weight, each × a factor uniform in
//     [1 - range, 1 + range] (range = 0.2: ±20%);
//   - the merge distance, × a factor drawn the same way;
//   - the metric weights: a Dirichlet draw centred on the methodology's
//     weights, with concentration `weight_concentration` per metric
//     (10: each share of three equal weights varies by about ±25% of its
//     value); the weights keep their sum, unused metrics (weight 0) stay 0.
// and re-runs detection per source, the merge and the size ranking. Names,
// footprints and populations are not needed for size ranks and are skipped,
// and so are the locations that are noise under the widest choices of the
// range (they are noise in every sample; see sensitivity.cc).
//
// Following a cluster: a base cluster's *activity* is the sum over its member
// locations of the location's share of its source's world total (its score
// with every metric weighted 1, so that matching does not move with the
// sampled weights). In a sample, the base cluster
// is matched to the sample cluster that holds the largest part of that
// activity (ties: the sample cluster with the smaller id), provided that part
// is at least half of it; otherwise it has no match in that sample. Several
// base clusters may match one sample cluster (they merged in that sample).
// A matched cluster takes the rank of its sample cluster; an unmatched one
// counts as ranked after every cluster of the sample and after the top N
// (max(clusters, top_n) + 1), and out of the top N.
//
// Determinism: sample k uses the seed splitmix64 gives as its (k+1)-th output
// from the base seed; samples are independent of each other and of the
// thread count, and each runs detection on one thread, so results are the
// same for any `threads`. Random numbers come from an explicit generator
// (splitmix64) and explicit transforms, never from std:: distributions.

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "assemble/merge.h"
#include "core/methodology.h"
#include "pipeline/ingest.h"

namespace innocluster::rank {

struct SensitivityOptions {
  int samples = 200;
  std::uint64_t seed = 1;
  int threads = 0;                     ///< 0 = all hardware threads
  double range = 0.2;                  ///< eps, min_weight and merge distance within ±range
  double weight_concentration = 10.0;  ///< Dirichlet concentration per metric; <= 0: weights not perturbed
  int top_n = 100;                     ///< "in the top" means rank <= top_n
  /// Called after each finished sample with the number done (from any thread, serialised).
  std::function<void(int)> on_sample;
};

/// The choices of one sample.
struct SampleChoices {
  std::array<double, 3> eps_km{}, min_weight{}, weight{};  ///< per Source; 0 for metrics not in the run
  double merge_km = 0;
};

/// The choices of sample `k` (0-based) of a run seeded with `seed`.
SampleChoices draw_choices(const Methodology& base, const std::vector<Source>& sources,
                           const SensitivityOptions& options, int k);

/// One base cluster through the samples.
struct ClusterSensitivity {
  std::vector<int> ranks;  ///< per sample: the rank of its match, or max(clusters, top_n) + 1 when unmatched
  int matched = 0;         ///< samples with a match
  int in_top = 0;          ///< samples where the match ranks <= top_n
};

struct SensitivityResult {
  std::vector<SampleChoices> choices;          ///< per sample
  std::vector<int> sample_clusters;            ///< per sample: clusters found
  std::vector<ClusterSensitivity> clusters;    ///< per base merged cluster id
  std::array<std::size_t, 3> kept_locations{};  ///< per Source: locations that can matter in a sample
};

/// Runs the samples over ingested sources. `base` is the base run's merge
/// (its cluster ids are the ones followed); `methodology` the base choices.
SensitivityResult run_sensitivity(const std::vector<SourceIngest>& sources, const MergedClusters& base,
                                  const Methodology& methodology, const SensitivityOptions& options);

/// Nearest-rank percentile of `values` (not necessarily sorted): the value at
/// position ceil(p × n) of the sorted values (1-based; p in (0, 1]); p = 0.5 is
/// the lower median. Values must be non-empty.
int nearest_rank_percentile(std::vector<int> values, double p);

}  // namespace innocluster::rank
