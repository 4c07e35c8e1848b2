#include "rank/comparison.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "geo/geos.h"

namespace innocluster::rank {
namespace {

std::size_t index_of(Source s) { return static_cast<std::size_t>(s); }

struct Shape {
  geos::Geometry geometry;
  double area = 0;
  double minx = 0, miny = 0, maxx = 0, maxy = 0;
};

std::vector<Shape> shapes(const geos::Context& ctx, const std::vector<std::vector<unsigned char>>& wkbs) {
  std::vector<Shape> out;
  out.reserve(wkbs.size());
  for (const auto& wkb : wkbs) {
    Shape s;
    if (!wkb.empty()) {
      s.geometry = geos::from_wkb(ctx, wkb);
      geos::api().GEOSArea_r(ctx.handle(), s.geometry.get(), &s.area);
      if (s.area > 0) {
        geos::api().GEOSGeom_getXMin_r(ctx.handle(), s.geometry.get(), &s.minx);
        geos::api().GEOSGeom_getYMin_r(ctx.handle(), s.geometry.get(), &s.miny);
        geos::api().GEOSGeom_getXMax_r(ctx.handle(), s.geometry.get(), &s.maxx);
        geos::api().GEOSGeom_getYMax_r(ctx.handle(), s.geometry.get(), &s.maxy);
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

// Whether a metric takes part in a run's score.
std::array<bool, 3> used(const Methodology& m) {
  std::array<bool, 3> out{};
  for (Source s : kAllSources) out[index_of(s)] = m.metric(s) && m.metric(s)->weight > 0;
  return out;
}

}  // namespace

std::string_view status_name(MatchStatus s) {
  switch (s) {
    case MatchStatus::kKept: return "kept";
    case MatchStatus::kNew: return "new";
    case MatchStatus::kDropped: return "dropped";
    case MatchStatus::kSplit: return "split";
    case MatchStatus::kMerged: return "merged";
  }
  return "";
}

std::vector<FootprintLink> link_footprints(const std::vector<std::vector<unsigned char>>& previous,
                                           const std::vector<std::vector<unsigned char>>& current,
                                           double min_overlap) {
  geos::Context ctx;
  const std::vector<Shape> a = shapes(ctx, previous), b = shapes(ctx, current);
  std::vector<FootprintLink> links;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(a[i].area > 0)) continue;
    const GEOSPreparedGeometry* prepared = geos::api().GEOSPrepare_r(ctx.handle(), a[i].geometry.get());
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (!(b[j].area > 0)) continue;
      if (b[j].minx > a[i].maxx || b[j].maxx < a[i].minx || b[j].miny > a[i].maxy || b[j].maxy < a[i].miny) continue;
      if (geos::api().GEOSPreparedIntersects_r(ctx.handle(), prepared, b[j].geometry.get()) != 1) continue;
      const geos::Geometry shared =
          geos::own(ctx, geos::api().GEOSIntersection_r(ctx.handle(), a[i].geometry.get(), b[j].geometry.get()),
                    "intersect two footprints");
      double area = 0;
      geos::api().GEOSArea_r(ctx.handle(), shared.get(), &area);
      const double overlap = std::min(1.0, area / std::min(a[i].area, b[j].area));
      if (overlap >= min_overlap) links.push_back({i, j, overlap});
    }
    geos::api().GEOSPreparedGeom_destroy_r(ctx.handle(), prepared);
  }
  return links;
}

std::vector<ClusterMatch> match_clusters(std::size_t previous_count, std::size_t current_count,
                                         const std::vector<FootprintLink>& links) {
  std::vector<std::vector<std::size_t>> of_current(current_count), of_previous(previous_count);
  std::vector<double> best_current(current_count, 0.0), best_previous(previous_count, 0.0);
  for (const FootprintLink& l : links) {
    of_current[l.current].push_back(l.previous);
    of_previous[l.previous].push_back(l.current);
    best_current[l.current] = std::max(best_current[l.current], l.overlap);
    best_previous[l.previous] = std::max(best_previous[l.previous], l.overlap);
  }
  std::vector<ClusterMatch> out;
  for (std::size_t c = 0; c < current_count; ++c) {
    ClusterMatch m;
    m.current = c;
    m.previous = of_current[c];
    std::sort(m.previous.begin(), m.previous.end());
    m.previous.erase(std::unique(m.previous.begin(), m.previous.end()), m.previous.end());
    m.overlap = best_current[c];
    if (m.previous.empty()) m.status = MatchStatus::kNew;
    else if (m.previous.size() > 1) m.status = MatchStatus::kMerged;
    else if (of_previous[m.previous.front()].size() > 1) m.status = MatchStatus::kSplit;
    else m.status = MatchStatus::kKept;
    out.push_back(std::move(m));
  }
  for (std::size_t p = 0; p < previous_count; ++p)
    if (of_previous[p].empty()) out.push_back({std::nullopt, {p}, MatchStatus::kDropped, 0.0});
  return out;
}

RunsKind classify_runs(const RankRunDirectory& previous, const RankRunDirectory& current) {
  const Methodology& a = previous.methodology;
  const Methodology& b = current.methodology;
  RunsKind out;
  const bool edition = a.edition != b.edition;
  const bool methodology = a.name != b.name || used(a) != used(b);
  out.kind = edition && methodology ? "edition and methodology"
             : edition              ? "edition"
             : methodology          ? "methodology"
                                    : "same methodology and edition";
  // Inputs of the sources both runs read.
  std::vector<std::string> differing;
  for (const RunInput& x : previous.inputs)
    for (const RunInput& y : current.inputs)
      if (x.source == y.source && (x.path != y.path || x.bytes != y.bytes))
        differing.push_back(fmt::format("{} ({} vs {})", source_name(x.source), x.path, y.path));
  if (!edition && !differing.empty())
    out.warnings.push_back(fmt::format(
        "the runs read different input files for {}: rank changes mix the {} with the data; rank both "
        "runs on the same files to separate them",
        fmt::join(differing, ", "), methodology ? "methodology change" : "parameter change"));
  if (methodology && !edition) {
    std::vector<std::string> windows;
    for (Source s : kAllSources)
      if (a.metric(s) && b.metric(s) && (a.metric(s)->years.first != b.metric(s)->years.first ||
                                          a.metric(s)->years.last != b.metric(s)->years.last))
        windows.push_back(fmt::format("{} {}-{} vs {}-{}", source_name(s), a.metric(s)->years.first,
                                      a.metric(s)->years.last, b.metric(s)->years.first, b.metric(s)->years.last));
    if (!windows.empty())
      out.warnings.push_back(fmt::format("the year windows differ ({}): the two methodologies count different "
                                         "years; rank one with --edition so both count the same",
                                         fmt::join(windows, ", ")));
  }
  if (methodology && edition)
    out.warnings.push_back(fmt::format("both the methodology ({} vs {}) and the edition ({} vs {}) differ: a rank "
                                       "change cannot be told apart into method and growth",
                                       a.name, b.name, a.edition, b.edition));
  if (a.top_n != b.top_n)
    out.warnings.push_back(fmt::format("the headline rankings have different lengths (top {} vs top {})", a.top_n,
                                       b.top_n));
  return out;
}

Comparison compare_runs(const RankRunDirectory& previous, const RankRunDirectory& current, double min_overlap) {
  Comparison out;
  out.kind = classify_runs(previous, current);
  out.min_overlap = min_overlap;
  out.metric_previous = used(previous.methodology);
  out.metric_current = used(current.methodology);
  std::vector<std::vector<unsigned char>> a, b;
  for (const RunCluster& c : previous.clusters) a.push_back(c.footprint_wkb);
  for (const RunCluster& c : current.clusters) b.push_back(c.footprint_wkb);
  const auto matches = match_clusters(a.size(), b.size(), link_footprints(a, b, min_overlap));

  for (const ClusterMatch& m : matches) {
    ComparisonRow row;
    row.match = m;
    if (m.current) {
      const RunCluster& c = current.clusters[*m.current];
      row.name = c.name;
      row.economy = c.economy;
      row.rank_current = c.rank;
      row.in_top_current = c.in_top;
      row.score_current = c.score;
      row.count_current = c.count;
      row.share_current = c.share;
    }
    if (!m.previous.empty() && (m.current || m.status == MatchStatus::kDropped)) {
      std::vector<std::string> names;
      double score = 0;
      bool in_top = false;
      int rank = 0;
      std::array<std::optional<double>, 3> count, share;
      for (std::size_t p : m.previous) {
        const RunCluster& c = previous.clusters[p];
        names.push_back(c.name);
        score += c.score;
        in_top = in_top || c.in_top;
        rank = rank == 0 ? c.rank : std::min(rank, c.rank);
        for (std::size_t s = 0; s < 3; ++s) {
          if (c.count[s]) count[s] = count[s].value_or(0) + *c.count[s];
          if (c.share[s]) share[s] = share[s].value_or(0) + *c.share[s];
        }
      }
      row.previous_names = fmt::format("{}", fmt::join(names, "; "));
      row.rank_previous = rank;
      row.in_top_previous = in_top;
      row.score_previous = score;
      row.count_previous = count;
      row.share_previous = share;
      if (!m.current) {
        const RunCluster& c = previous.clusters[m.previous.front()];
        row.name = c.name;
        row.economy = c.economy;
      }
    }
    if (row.rank_previous && row.rank_current) row.rank_change = *row.rank_previous - *row.rank_current;
    out.rows.push_back(std::move(row));
  }
  // Current clusters come in current-rank order already (the run is sorted);
  // dropped ones follow, by previous rank.
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const ComparisonRow& x, const ComparisonRow& y) {
    const bool xd = !x.match.current, yd = !y.match.current;
    if (xd != yd) return yd;
    if (!xd) return *x.rank_current < *y.rank_current;
    return *x.rank_previous < *y.rank_previous;
  });
  return out;
}

}  // namespace innocluster::rank
