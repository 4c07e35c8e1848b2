#pragma once
// A finished `innocluster rank` run, read back from its directory: the
// manifest (which methodology, which inputs) and the ranked clusters with
// their footprints (clusters.geojson, or clusters.gpkg when the GeoJSON is
// absent). What `compare` and `sensitivity` start from.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/methodology.h"

namespace innocluster::rank {

/// One row of a run's cluster table.
struct RunCluster {
  int rank = 0;
  std::string name;
  std::string economy;
  std::int64_t cluster_id = 0;  ///< the merged cluster's number inside the run
  std::array<std::optional<double>, 3> count;  ///< per Source; nullopt for a source not in the run
  std::array<std::optional<double>, 3> share;  ///< percent of the world total; nullopt when unused
  double score = 0;
  bool in_top = false;
  std::optional<std::int64_t> population;
  std::vector<unsigned char> footprint_wkb;  ///< ISO WKB, lon/lat; empty when the run had none
};

/// One input of the run, as its manifest lists it.
struct RunInput {
  Source source = Source::kPatents;
  std::string path;           ///< as given to the run
  std::string absolute_path;  ///< resolved when the run was made; empty in manifests older than it
  std::uint64_t bytes = 0;
  double weight_accepted = 0;
};

struct RankRunDirectory {
  std::filesystem::path dir;
  nlohmann::ordered_json manifest;
  Methodology methodology;       ///< as the run used it (overrides and edition applied)
  std::vector<RunInput> inputs;  ///< in manifest order
  std::string population_source;  ///< "gazetteer", or the raster's description
  bool synthetic = false;         ///< the run's inputs were made by `innocluster synth`
  std::vector<RunCluster> clusters;  ///< sorted by rank
};

/// Reads `dir`. Errors name the file and say what to do: Error(kNoInput) when
/// `dir`, its manifest.json or its cluster layer is missing (an unfinished
/// run has no manifest: it is written last); Error(kDataError) when the
/// manifest is not that of a rank run or lacks a key, or the layer lacks a
/// column. `footprints = false` skips the geometries.
RankRunDirectory read_rank_run(const std::filesystem::path& dir, bool footprints = true);

/// The methodology a manifest records (its "methodology" object). Throws
/// Error(kDataError) naming `manifest_path` and the key that is missing or of
/// the wrong type.
Methodology methodology_from_manifest(const nlohmann::ordered_json& manifest, const std::string& manifest_path);

}  // namespace innocluster::rank
