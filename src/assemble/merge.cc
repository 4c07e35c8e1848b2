#include "assemble/merge.h"

#include "detect/dbscan.h"
#include "detect/union_find.h"

namespace innocluster {
namespace {

constexpr double kZeroMergeKm = 1e-6;  // 1 mm: "share a location"

}  // namespace

MergedClusters merge_clusters(std::span<const SourceLabels> sources, double merge_km, int threads) {
  // Global ids of the source clusters, sources in Source order.
  std::array<std::uint32_t, 3> first_id{};
  std::array<const SourceLabels*, 3> by_source{};
  for (const SourceLabels& s : sources) by_source[static_cast<std::size_t>(s.source)] = &s;
  std::uint32_t total_clusters = 0;
  for (std::size_t s = 0; s < 3; ++s) {
    first_id[s] = total_clusters;
    if (by_source[s]) total_clusters += static_cast<std::uint32_t>(by_source[s]->clusters);
  }

  // Every member location of every source, tagged with its global cluster id.
  std::vector<detect::WeightedPoint> points;  // weight 0: only the components matter
  std::vector<std::uint32_t> owner;
  for (std::size_t s = 0; s < 3; ++s) {
    if (!by_source[s]) continue;
    const SourceLabels& src = *by_source[s];
    for (std::size_t i = 0; i < src.cluster.size(); ++i) {
      if (src.cluster[i] < 0) continue;
      points.push_back({degrees(src.locations->lat_e7[i]), degrees(src.locations->lon_e7[i]), 0});
      owner.push_back(first_id[s] + static_cast<std::uint32_t>(src.cluster[i]));
    }
  }

  // Its roots are the smallest ids, which makes the numbering below follow
  // the first source cluster of each merged cluster.
  detect::ConcurrentUnionFind sets(total_clusters);
  for (std::uint32_t id = 0; id < total_clusters; ++id) sets.reset(id);
  if (!points.empty()) {
    detect::DbscanParams params;
    params.eps_km = merge_km > 0 ? merge_km : kZeroMergeKm;
    params.min_weight = 0;
    params.threads = threads;
    const detect::DbscanResult components = detect::weighted_dbscan(points, params);
    std::vector<std::int64_t> first_owner(static_cast<std::size_t>(components.clusters), -1);
    for (std::size_t i = 0; i < owner.size(); ++i) {
      auto& first = first_owner[static_cast<std::size_t>(components.cluster[i])];
      if (first < 0) first = owner[i];
      else sets.unite(static_cast<std::uint32_t>(first), owner[i]);
    }
  }

  MergedClusters out;
  std::vector<std::int32_t> merged_of_root(total_clusters, -1);
  for (std::uint32_t id = 0; id < total_clusters; ++id) {
    auto& m = merged_of_root[sets.find(id)];
    if (m < 0) m = out.count++;
  }
  for (std::size_t s = 0; s < 3; ++s) {
    if (!by_source[s]) continue;
    const SourceLabels& src = *by_source[s];
    auto& of_cluster = out.of_source_cluster[s];
    of_cluster.resize(static_cast<std::size_t>(src.clusters));
    for (std::int32_t c = 0; c < src.clusters; ++c)
      of_cluster[static_cast<std::size_t>(c)] = merged_of_root[sets.find(first_id[s] + static_cast<std::uint32_t>(c))];
    auto& of_location = out.of_location[s];
    of_location.resize(src.cluster.size());
    for (std::size_t i = 0; i < src.cluster.size(); ++i)
      of_location[i] = src.cluster[i] < 0 ? -1 : of_cluster[static_cast<std::size_t>(src.cluster[i])];
  }
  return out;
}

}  // namespace innocluster
