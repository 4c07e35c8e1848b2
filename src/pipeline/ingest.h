#pragma once
// The ingest stage composed for every source of a run: read and validate each
// contribution file (rejected rows to <out>/rejected/), weigh its rows and
// collapse them into weighted locations. `innocluster ingest` runs this alone;
// later stages start from its result.

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "aggregate/locations.h"
#include "aggregate/weigh.h"
#include "core/methodology.h"
#include "io/contribution_reader.h"

namespace innocluster {

struct SourceIngest {
  Source source = Source::kPatents;
  std::string path;
  /// The file sits in a directory marked by synthetic.json (innocluster synth).
  bool synthetic = false;
  ContributionFile file;
  RowWeights weights;
  WeightedLocations locations;
  double read_seconds = 0, weigh_seconds = 0, collapse_seconds = 0;
};

struct IngestRequest {
  /// The contribution file of each source, indexed by Source; nullopt when not given.
  std::array<std::optional<std::string>, 3> inputs;
  Methodology methodology;
  std::filesystem::path out_dir;
  /// Sources read at once (each on one thread); 0 = one per hardware thread.
  int threads = 0;
  /// Place rows that have an address and no coordinates (geo/geocoder.h);
  /// the geocoder is built once, on the first such row of any source, and
  /// shared by all. false: such rows are rejected as not_geocoded.
  bool geocode = true;
  /// false: rejected rows are counted but not written (a re-read of inputs
  /// already checked, as `sensitivity` does).
  bool write_rejected = true;
};

/// Runs the stage for every given source; results in Source order, the same
/// whatever the number of threads. Throws Error
/// (kUsage) when a source is given that the methodology has no metric for,
/// or none is given; and whatever read_contributions and weigh throw.
std::vector<SourceIngest> ingest_sources(const IngestRequest& request);

/// True when any of the sources is synthetic: every output of the run must say so.
bool any_synthetic(const std::vector<SourceIngest>& sources);

/// The rejected-rows file name of an input: its name without ".gz" and its
/// last extension, plus ".csv" ("data/patents.csv.gz" -> "patents.csv").
std::string rejected_file_name(const std::string& input_path);

}  // namespace innocluster
