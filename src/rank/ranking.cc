#include "rank/ranking.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "core/error.h"
#include "core/text.h"

namespace innocluster::rank {
namespace {

void check_options(const RankOptions& options, const std::array<bool, kMetricCount>& used) {
  bool any = false;
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    const std::string_view name = source_name(kAllSources[m]);
    const double w = options.weights[m];
    if (!std::isfinite(w) || w < 0)
      throw Error(ExitCode::kUsage, fmt::format("weight of {} is {}: weights must be finite and >= 0", name, w));
    if (!used[m]) continue;
    any = true;
    const double t = options.totals[m];
    if (!std::isfinite(t) || t <= 0)
      throw Error(ExitCode::kUsage,
                  fmt::format("world total of {} is {}: totals must be finite and > 0", name, t));
  }
  if (!any) throw Error(ExitCode::kUsage, "every metric has weight 0: there is nothing to rank by");
}

double checked_count(const ClusterCounts& c, std::size_t m) {
  const std::optional<double>& v = c.count[m];
  const std::string_view name = source_name(kAllSources[m]);
  if (!v)
    throw Error(ExitCode::kDataError, fmt::format("cluster '{}' has no {} count", c.cluster, name));
  if (!std::isfinite(*v) || *v < 0)
    throw Error(ExitCode::kDataError,
                fmt::format("cluster '{}' has {} count {}: counts must be finite and >= 0", c.cluster, name, *v));
  return *v;
}

}  // namespace

std::array<bool, kMetricCount> used_metrics(const RankOptions& options) {
  std::array<bool, kMetricCount> used{};
  for (std::size_t m = 0; m < kMetricCount; ++m) used[m] = options.weights[m] > 0;
  return used;
}

std::vector<RankedCluster> rank_clusters(const std::vector<ClusterCounts>& clusters,
                                         const RankOptions& options) {
  const std::array<bool, kMetricCount> used = used_metrics(options);
  check_options(options, used);

  std::vector<RankedCluster> out(clusters.size());
  std::vector<double> count_sum(clusters.size(), 0.0);
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    const ClusterCounts& c = clusters[i];
    RankedCluster& r = out[i];
    r.index = i;
    r.cluster = c.cluster;
    r.economy = c.economy;
    const bool has_population = c.population && std::isfinite(*c.population) && *c.population > 0;
    const double millions = has_population ? *c.population / 1e6 : 0.0;
    // Summed in metric order, the same for every row, so equal inputs give
    // bit-equal scores and the tie rule sees them as equal.
    for (std::size_t m = 0; m < kMetricCount; ++m) {
      if (!used[m]) continue;
      const double count = checked_count(c, m);
      const double share = 100.0 * count / options.totals[m];
      r.share[m] = share;
      r.score += options.weights[m] * share;
      count_sum[i] += count;
      if (has_population) r.per_million[m] = count / millions;
    }
    if (has_population) r.intensity = r.score / millions;
  }

  std::vector<std::size_t> order(out.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto by_size = [&](std::size_t a, std::size_t b) {
    if (out[a].score != out[b].score) return out[a].score > out[b].score;
    if (count_sum[a] != count_sum[b]) return count_sum[a] > count_sum[b];
    if (out[a].cluster != out[b].cluster) return out[a].cluster < out[b].cluster;
    if (out[a].economy != out[b].economy) return out[a].economy < out[b].economy;
    return a < b;
  };
  std::sort(order.begin(), order.end(), by_size);
  for (std::size_t k = 0; k < order.size(); ++k) {
    RankedCluster& r = out[order[k]];
    r.rank = static_cast<int>(k + 1);
    r.in_top = r.rank <= options.top_n;
  }

  std::vector<std::size_t> intense;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i].intensity) intense.push_back(i);
  std::sort(intense.begin(), intense.end(), [&](std::size_t a, std::size_t b) {
    if (*out[a].intensity != *out[b].intensity) return *out[a].intensity > *out[b].intensity;
    return out[a].rank < out[b].rank;
  });
  for (std::size_t k = 0; k < intense.size(); ++k) out[intense[k]].intensity_rank = static_cast<int>(k + 1);

  std::vector<RankedCluster> sorted;
  sorted.reserve(out.size());
  for (std::size_t i : order) sorted.push_back(std::move(out[i]));
  return sorted;
}

std::vector<EconomyCount> count_by_economy(const std::vector<RankedCluster>& ranked) {
  std::map<std::string, EconomyCount, std::less<>> by_code;
  for (const RankedCluster& r : ranked) {
    if (!r.in_top) continue;
    std::set<std::string, std::less<>> codes;  // "US/US" counts once
    std::string_view rest = r.economy;
    while (true) {
      const std::size_t slash = rest.find('/');
      const std::string_view code = trim(rest.substr(0, slash));
      if (!code.empty()) codes.emplace(code);
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
    for (const std::string& code : codes) {
      EconomyCount& e = by_code[code];
      e.economy = code;
      ++e.clusters;
      if (codes.size() > 1) ++e.cross_border;
    }
  }
  std::vector<EconomyCount> out;
  out.reserve(by_code.size());
  for (auto& [code, e] : by_code) out.push_back(std::move(e));
  std::stable_sort(out.begin(), out.end(),
                   [](const EconomyCount& a, const EconomyCount& b) { return a.clusters > b.clusters; });
  return out;
}

std::optional<double> total_from_shares(const std::vector<std::array<double, 2>>& count_and_share) {
  std::vector<double> ratios;
  for (const auto& [count, share] : count_and_share)
    if (std::isfinite(count) && std::isfinite(share) && share > 0) ratios.push_back(count / (share / 100.0));
  if (ratios.empty()) return std::nullopt;
  std::sort(ratios.begin(), ratios.end());
  const std::size_t n = ratios.size();
  return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0;
}

}  // namespace innocluster::rank
