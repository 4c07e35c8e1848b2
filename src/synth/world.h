#pragma once
// The synthetic world (`innocluster synth`, `innocluster demo`): contribution
// files — patents.csv, publications.csv, deals.csv in the contribution schema
// of docs/formats.md — that look like the real world's at a chosen scale,
// plus synthetic.json, which says they are synthetic and how they were made.
//
// What is generated (docs/methodology.md, "The synthetic world"):
//  - the 100 clusters of world_clusters(), each spread over its real places
//    (GeoNames) and the towns between them, with the published shares of the
//    world totals (kWorldTotals x scale over the methodology's five-year
//    windows) and a profile of fields and organisations;
//  - background activity in proportion to population everywhere else,
//    capped per grid cell so that it stays below the detection thresholds;
//  - documents of 1-8 inventors or authors (fractional counting), some of
//    them spanning two places; one row per deal;
//  - per-cluster growth over the years, so that windows rank differently.
//
// Deterministic: the same options give byte-identical files, whatever the
// thread count: every cluster and source draws from its own seeded stream
// (synth/random.h) and the files are written in a fixed order.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/methodology.h"
#include "core/source.h"

namespace innocluster::synth {

/// Bumped whenever the same options would give different files.
inline constexpr int kGeneratorVersion = 1;

struct SynthOptions {
  double scale = 0.05;     ///< 1 = the real world's volume; > 0
  std::uint64_t seed = 1;  ///< any value; the same seed gives the same world
  /// Years of every source; nullopt = each source's window in gii-2025
  /// (patents and deals 2020-2024, publications 2019-2023), so that the
  /// default world ranks with gii-2025 without a rejected row.
  std::optional<YearWindow> years;
  int threads = 0;  ///< 0 = all hardware threads; the output does not depend on it
};

struct SourceTotals {
  std::string file;  ///< name in the output directory
  YearWindow years;
  std::uint64_t rows = 0;
  std::uint64_t documents = 0;
  std::uint64_t cluster_documents = 0;     ///< documents led from one of the world's clusters
  std::uint64_t background_documents = 0;  ///< documents led from background places
  std::uint64_t bytes = 0;
};

struct WorldSummary {
  std::array<SourceTotals, 3> sources;  ///< by Source
  std::size_t clusters = 0;
  std::size_t background_places = 0;
  double seconds = 0;
};

/// Writes patents.csv, publications.csv, deals.csv and synthetic.json into
/// `out_dir` (created if needed), each atomically, synthetic.json last.
/// Throws Error(kUsage) for a scale outside (0, 10] or years outside
/// 1900-2100, Error(kNoInput/kDataError) when the gazetteer or the shipped
/// gii-2025 methodology cannot be read.
WorldSummary generate_world(const SynthOptions& options, const std::filesystem::path& out_dir);

/// The content of synthetic.json for a world (docs/formats.md).
nlohmann::ordered_json synthetic_manifest(const SynthOptions& options, const WorldSummary& summary);

/// The file that marks a directory's data as synthetic.
inline constexpr const char* kSyntheticMarker = "synthetic.json";

/// True when the directory holding `input_path` has a synthetic.json.
bool in_synthetic_directory(const std::filesystem::path& input_path);

}  // namespace innocluster::synth
