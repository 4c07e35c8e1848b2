#include "rank/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>

#include "core/error.h"
#include "core/parallel.h"
#include "detect/dbscan.h"
#include "rank/ranking.h"

namespace innocluster::rank {
namespace {

std::size_t index_of(Source s) { return static_cast<std::size_t>(s); }

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;

std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// splitmix64 (Steele, Lea & Flood 2014), with explicit transforms to the
// distributions we need, so that every platform draws the same numbers.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return mix(state_ += kGolden); }
  /// Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in (0, 1].
  double positive_uniform() { return 1.0 - uniform(); }
  /// Standard normal (Box-Muller, one of the pair).
  double normal() {
    const double r = std::sqrt(-2.0 * std::log(positive_uniform()));
    return r * std::cos(2.0 * std::numbers::pi * uniform());
  }
  /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 by the boost
  /// Gamma(shape + 1) × U^(1/shape).
  double gamma(double shape) {
    if (shape < 1.0) return gamma(shape + 1.0) * std::pow(positive_uniform(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      const double x = normal();
      double v = 1.0 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const double u = positive_uniform();
      if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
      if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
  }

 private:
  std::uint64_t state_;
};

// What every sample shares: the locations that can matter in some sample,
// as degrees, their weights, the world totals, and their base clusters.
//
// A location that is noise under the most permissive choices of the range
// (eps × (1 + range), min_weight × (1 - range)) is noise in every sample: its
// neighbour weight within a smaller eps is no larger, the threshold no
// smaller, so it is never core; and no location that may be core lies within
// eps of it (else it would be a border location there). For the same reason
// it never adds weight to a location that may be core. Leaving such
// locations out therefore changes no sample's clusters, and in real data most
// locations are noise (bench/RESULTS.md).
struct Prepared {
  std::vector<Source> sources;
  std::vector<std::vector<detect::WeightedPoint>> points;  ///< of the kept locations
  std::vector<WeightedLocations> locations;               ///< the kept locations
  std::vector<std::vector<std::int32_t>> base_cluster;    ///< per kept location, or -1
  std::vector<double> total;                              ///< world total per source (as double)
  std::vector<double> base_activity;                      ///< per base cluster
  std::vector<std::size_t> kept;                          ///< per source: locations kept
};

Prepared prepare(const std::vector<SourceIngest>& sources, const MergedClusters& base, const Methodology& m,
                 const SensitivityOptions& options) {
  Prepared p;
  p.base_activity.assign(static_cast<std::size_t>(base.count), 0.0);
  std::vector<std::array<FixedWeight, 3>> fixed(static_cast<std::size_t>(base.count), {0, 0, 0});
  for (const SourceIngest& s : sources) {
    const WeightedLocations& all = s.locations;
    const auto& of_location = base.of_location[index_of(s.source)];
    if (of_location.size() != all.size())
      throw Error(ExitCode::kFailure, "sensitivity: the base clusters do not belong to these locations");
    const std::vector<detect::WeightedPoint> points = detection_points(all);
    detect::DbscanParams widest;
    widest.eps_km = m.metric(s.source)->eps_km * (1.0 + options.range);
    widest.min_weight = to_fixed_weight(m.metric(s.source)->min_weight * (1.0 - options.range));
    widest.threads = options.threads;
    const detect::DbscanResult reach = detect::weighted_dbscan(points, widest);
    WeightedLocations kept;
    kept.decimals = all.decimals;
    std::vector<detect::WeightedPoint> kept_points;
    std::vector<std::int32_t> kept_base;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (of_location[i] >= 0) fixed[static_cast<std::size_t>(of_location[i])][index_of(s.source)] += all.weight[i];
      if (reach.cluster[i] < 0) continue;
      kept.lat_e7.push_back(all.lat_e7[i]);
      kept.lon_e7.push_back(all.lon_e7[i]);
      kept.weight.push_back(all.weight[i]);
      kept_points.push_back(points[i]);
      kept_base.push_back(of_location[i]);
    }
    p.sources.push_back(s.source);
    p.kept.push_back(kept.size());
    p.points.push_back(std::move(kept_points));
    p.locations.push_back(std::move(kept));
    p.base_cluster.push_back(std::move(kept_base));
    p.total.push_back(to_double(s.weights.accepted_total));
  }
  for (std::size_t b = 0; b < fixed.size(); ++b)
    for (std::size_t k = 0; k < p.sources.size(); ++k)
      if (p.total[k] > 0) p.base_activity[b] += to_double(fixed[b][index_of(p.sources[k])]) / p.total[k];
  return p;
}

// One base cluster's share of activity in one sample cluster, per source.
struct Part {
  std::int32_t sample_cluster = -1;
  std::array<FixedWeight, 3> weight{};
};

// One sample: detection, merge, ranking, and the rank of each base cluster's
// match (0 when unmatched). Returns the number of clusters the sample found.
int run_sample(const Prepared& p, const SampleChoices& choice, int top_n, std::vector<int>& rank_of_base) {
  std::vector<detect::DbscanResult> results(p.sources.size());
  std::vector<SourceLabels> labels;
  for (std::size_t k = 0; k < p.sources.size(); ++k) {
    const std::size_t si = index_of(p.sources[k]);
    detect::DbscanParams params;
    params.eps_km = choice.eps_km[si];
    params.min_weight = to_fixed_weight(choice.min_weight[si]);
    params.threads = 1;
    results[k] = detect::weighted_dbscan(p.points[k], params);
    labels.push_back({p.sources[k], &p.locations[k], results[k].cluster, results[k].clusters});
  }
  const MergedClusters merged = merge_clusters(labels, choice.merge_km, 1);
  const auto clusters = static_cast<std::size_t>(merged.count);

  // Counts per sample cluster, and each base cluster's parts.
  std::vector<std::array<FixedWeight, 3>> count(clusters, {0, 0, 0});
  std::vector<std::vector<Part>> parts(p.base_activity.size());
  for (std::size_t k = 0; k < p.sources.size(); ++k) {
    const std::size_t si = index_of(p.sources[k]);
    const auto& of_location = merged.of_location[si];
    const auto& base = p.base_cluster[k];
    const auto& weight = p.locations[k].weight;
    for (std::size_t i = 0; i < of_location.size(); ++i) {
      const std::int32_t c = of_location[i];
      if (c >= 0) count[static_cast<std::size_t>(c)][si] += weight[i];
      if (c < 0 || base[i] < 0) continue;
      auto& list = parts[static_cast<std::size_t>(base[i])];
      // A base cluster mostly lands in one or two sample clusters: a short scan.
      auto it = std::find_if(list.rbegin(), list.rend(), [c](const Part& x) { return x.sample_cluster == c; });
      if (it == list.rend()) {
        list.push_back({c, {0, 0, 0}});
        list.back().weight[si] += weight[i];
      } else {
        it->weight[si] += weight[i];
      }
    }
  }

  // Size ranking of the sample, by the library's one rule.
  std::vector<int> rank_of_sample(clusters, 0);
  if (clusters > 0) {
    RankOptions options;
    options.top_n = top_n;
    for (std::size_t k = 0; k < p.sources.size(); ++k) {
      const std::size_t si = index_of(p.sources[k]);
      options.totals[si] = p.total[k];
      options.weights[si] = choice.weight[si];
    }
    std::vector<ClusterCounts> rows(clusters);
    for (std::size_t c = 0; c < clusters; ++c)
      for (std::size_t k = 0; k < p.sources.size(); ++k) {
        const std::size_t si = index_of(p.sources[k]);
        rows[c].count[si] = to_double(count[c][si]);
      }
    for (const RankedCluster& r : rank_clusters(rows, options)) rank_of_sample[r.index] = r.rank;
  }

  // Matching: the sample cluster with the largest part of the base cluster's
  // activity, when that part is at least half of it.
  rank_of_base.assign(p.base_activity.size(), 0);
  for (std::size_t b = 0; b < parts.size(); ++b) {
    double best = -1;
    std::int32_t best_cluster = -1;
    for (const Part& part : parts[b]) {
      double activity = 0;
      for (std::size_t k = 0; k < p.sources.size(); ++k)
        if (p.total[k] > 0) activity += to_double(part.weight[index_of(p.sources[k])]) / p.total[k];
      if (activity > best || (activity == best && part.sample_cluster < best_cluster)) {
        best = activity;
        best_cluster = part.sample_cluster;
      }
    }
    if (best_cluster >= 0 && best >= 0.5 * p.base_activity[b])
      rank_of_base[b] = rank_of_sample[static_cast<std::size_t>(best_cluster)];
  }
  return merged.count;
}

}  // namespace

SampleChoices draw_choices(const Methodology& base, const std::vector<Source>& sources,
                           const SensitivityOptions& options, int k) {
  // The (k+1)-th output of splitmix64 seeded with the base seed.
  Random random(mix(options.seed + static_cast<std::uint64_t>(k + 1) * kGolden));
  auto factor = [&] { return 1.0 + options.range * (2.0 * random.uniform() - 1.0); };
  SampleChoices c;
  for (Source s : sources) {
    const MetricSettings& m = *base.metric(s);
    c.eps_km[index_of(s)] = m.eps_km * factor();
    c.min_weight[index_of(s)] = m.min_weight * factor();
  }
  c.merge_km = base.merge_km * factor();
  // Dirichlet around the base weights: Gamma(concentration × K × w / W) each,
  // normalised to keep the sum W of the used weights.
  double total_weight = 0;
  int used = 0;
  for (Source s : sources)
    if (base.metric(s)->weight > 0) {
      total_weight += base.metric(s)->weight;
      ++used;
    }
  double gamma_sum = 0;
  std::array<double, 3> g{};
  for (Source s : sources) {
    const double w = base.metric(s)->weight;
    if (!(w > 0) || options.weight_concentration <= 0) continue;
    g[index_of(s)] = random.gamma(options.weight_concentration * used * w / total_weight);
    gamma_sum += g[index_of(s)];
  }
  for (Source s : sources)
    c.weight[index_of(s)] = options.weight_concentration <= 0 ? base.metric(s)->weight
                            : gamma_sum > 0                   ? total_weight * g[index_of(s)] / gamma_sum
                                                              : 0.0;
  return c;
}

int nearest_rank_percentile(std::vector<int> values, double p) {
  std::sort(values.begin(), values.end());
  const auto n = static_cast<double>(values.size());
  const auto position = static_cast<std::size_t>(std::max(1.0, std::ceil(p * n - 1e-9)));
  return values[std::min(position, values.size()) - 1];
}

SensitivityResult run_sensitivity(const std::vector<SourceIngest>& sources, const MergedClusters& base,
                                  const Methodology& methodology, const SensitivityOptions& options) {
  SensitivityResult out;
  const Prepared prepared = prepare(sources, base, methodology, options);
  for (std::size_t k = 0; k < prepared.sources.size(); ++k) out.kept_locations[index_of(prepared.sources[k])] = prepared.kept[k];
  const auto samples = static_cast<std::size_t>(std::max(0, options.samples));
  for (std::size_t k = 0; k < samples; ++k)
    out.choices.push_back(draw_choices(methodology, prepared.sources, options, static_cast<int>(k)));
  out.sample_clusters.assign(samples, 0);
  std::vector<std::vector<int>> rank_of_base(samples);

  std::mutex progress_mutex;
  int done = 0;
  for_each_task(samples, options.threads, [&](std::size_t k) {
    out.sample_clusters[k] = run_sample(prepared, out.choices[k], options.top_n, rank_of_base[k]);
    const std::lock_guard lock(progress_mutex);
    ++done;
    if (options.on_sample) options.on_sample(done);
  });

  out.clusters.resize(prepared.base_activity.size());
  for (std::size_t b = 0; b < out.clusters.size(); ++b) {
    ClusterSensitivity& c = out.clusters[b];
    for (std::size_t k = 0; k < samples; ++k) {
      const int r = rank_of_base[k][b];
      // Unmatched: after every cluster of the sample, and out of the top N.
      c.ranks.push_back(r > 0 ? r : std::max(out.sample_clusters[k], options.top_n) + 1);
      c.matched += r > 0;
      c.in_top += r > 0 && r <= options.top_n;
    }
  }
  return out;
}

}  // namespace innocluster::rank
