#pragma once
// `innocluster sensitivity` composed: read a rank run's directory, re-read its
// inputs once (ingest and location collapse), re-create its base clusters and
// check they are the run's, then run the perturbed samples (rank/sensitivity.h)
// and summarise each base cluster's ranks. The demo calls this too.

#include <filesystem>
#include <optional>
#include <vector>

#include "rank/run_directory.h"
#include "rank/sensitivity.h"

namespace innocluster {

struct SensitivityRequest {
  std::filesystem::path run_dir;
  rank::SensitivityOptions options;  ///< options.top_n is overwritten by top_n or the methodology's
  std::optional<int> top_n;          ///< "stays in the top N"; default: the methodology's top_n
};

/// One cluster of the base run through the samples.
struct SensitivityRow {
  std::size_t cluster = 0;  ///< index into SensitivityReport::run.clusters
  int rank_median = 0, rank_p05 = 0, rank_p95 = 0;
  double top_share = 0;      ///< share of samples in which it ranks <= top N
  double matched_share = 0;  ///< share of samples in which it has a match
};

struct SensitivityReport {
  rank::RankRunDirectory run;
  rank::SensitivityOptions options;  ///< as used (top_n, threads resolved)
  rank::SensitivityResult result;
  std::vector<SensitivityRow> rows;  ///< in base rank order
  double ingest_seconds = 0, samples_seconds = 0;
};

/// Runs it. Throws Error as read_rank_run and ingest do, and Error(kNoInput)
/// when an input the manifest lists cannot be found, Error(kDataError) when the
/// inputs no longer give the run's clusters (they changed since the run).
SensitivityReport run_sensitivity_of(const SensitivityRequest& request);

/// The interval of a base rank (docs/methodology.md, "Sensitivity"): the
/// nearest-rank 5th, 50th and 95th percentiles of the sample ranks, the 5th
/// and 95th widened to hold `base_rank`. `ranks` non-empty.
struct RankInterval {
  int median = 0, p05 = 0, p95 = 0;
};
RankInterval rank_interval(const std::vector<int>& ranks, int base_rank);

}  // namespace innocluster
