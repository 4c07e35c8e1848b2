#pragma once
// Merging clusters across sources.
//
// Each source is clustered on its own (patents, publications and deals have
// their own eps and min_weight). Two clusters — of the same source or of
// different ones — become one when some member location of one comes within
// `merge_km` (great-circle, inclusive) of some member location of the other;
// merging is transitive. Members are the locations DBSCAN put in a cluster
// (core and border); noise takes no part.
//
// How: all member locations of all sources are clustered together by the
// detection engine with eps = merge_km and a zero threshold (every location is
// core), which gives exactly the connected components of the "within
// merge_km" relation; the source clusters present in one component are joined
// with a union-find. merge_km = 0 joins only clusters that share a location
// (it is run as 1 mm).
//
// Merged clusters are numbered 0, 1, 2, … in order of their first source
// cluster, sources taken in Source order and clusters in id order, so the
// numbering depends only on the input. Cost: one DBSCAN run over the member
// locations, O(members) memory.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "aggregate/locations.h"
#include "core/source.h"

namespace innocluster {

/// One source's detection result over its weighted locations.
struct SourceLabels {
  Source source = Source::kPatents;
  const WeightedLocations* locations = nullptr;
  std::span<const std::int32_t> cluster;  ///< per location: cluster id, or -1 (noise)
  std::int32_t clusters = 0;              ///< ids are 0..clusters-1
};

struct MergedClusters {
  std::int32_t count = 0;
  /// Per source (Source index): the merged cluster of each of its clusters.
  /// Empty for a source not given.
  std::array<std::vector<std::int32_t>, 3> of_source_cluster;
  /// Per source: the merged cluster of each of its locations, or -1.
  std::array<std::vector<std::int32_t>, 3> of_location;
};

/// Merges the clusters of `sources` (at most one entry per source).
MergedClusters merge_clusters(std::span<const SourceLabels> sources, double merge_km, int threads);


}  // namespace innocluster
