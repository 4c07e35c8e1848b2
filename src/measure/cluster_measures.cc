#include "measure/cluster_measures.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

#include "core/dense_index.h"
#include "geo/geos.h"
#include "geo/place_index.h"
#include "geo/population_raster.h"
#include "measure/technology_fields.h"

namespace innocluster::measure {
namespace {

constexpr double kRadPerDeg = std::numbers::pi / 180.0;

std::size_t index_of(Source s) { return static_cast<std::size_t>(s); }

// Per cluster, the member locations of every source, as points.
std::vector<std::vector<GeoPoint>> member_points(const std::vector<SourceIngest>& sources,
                                                 const MergedClusters& merged) {
  std::vector<std::vector<GeoPoint>> members(static_cast<std::size_t>(merged.count));
  for (const SourceIngest& s : sources) {
    const auto& of_location = merged.of_location[index_of(s.source)];
    for (std::size_t i = 0; i < of_location.size(); ++i)
      if (of_location[i] >= 0)
        members[static_cast<std::size_t>(of_location[i])].push_back(
            {degrees(s.locations.lat_e7[i]), degrees(s.locations.lon_e7[i])});
  }
  return members;
}

// Sums, per cluster, the weight of each label (label 0 = none), one lookup
// per row in a flat index, and keeps the top k.
class LabelTally {
 public:
  void add(std::size_t cluster, int label, FixedWeight w) {
    const std::uint64_t key = (static_cast<std::uint64_t>(cluster) << 32) | static_cast<std::uint32_t>(label);
    // Rows of one document follow each other and mostly share cluster and
    // label: the last entry answers them without a lookup.
    if (keys_.empty() || keys_[last_] != key) {
      last_ = index_.find_or_insert(key);
      if (last_ == keys_.size()) {
        keys_.push_back(key);
        sums_.push_back(0);
      }
    }
    sums_[last_] += w;
  }

  /// The top k labels of every cluster, with their share of `cluster_total[c]`.
  std::vector<std::vector<Descriptor>> top(const std::vector<FixedWeight>& cluster_total, int k,
                                           const std::function<std::string(int)>& text) const {
    std::vector<std::vector<std::pair<FixedWeight, std::string>>> by_cluster(cluster_total.size());
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      const auto label = static_cast<int>(keys_[i] & 0xFFFFFFFFu);
      if (label > 0) by_cluster[keys_[i] >> 32].emplace_back(sums_[i], text(label));
    }
    std::vector<std::vector<Descriptor>> out(cluster_total.size());
    for (std::size_t c = 0; c < by_cluster.size(); ++c) {
      auto& all = by_cluster[c];
      std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      for (std::size_t i = 0; i < all.size() && static_cast<int>(i) < k; ++i)
        out[c].push_back({all[i].second, cluster_total[c] > 0 ? static_cast<double>(all[i].first) /
                                                                    static_cast<double>(cluster_total[c])
                                                              : 0.0});
    }
    return out;
  }

 private:
  DenseIndex index_;
  std::uint32_t last_ = 0;
  std::vector<std::uint64_t> keys_;
  std::vector<FixedWeight> sums_;
};

// Sum of the populations of the gazetteer places inside each footprint.
std::vector<double> gazetteer_population(const geo::Gazetteer& gazetteer,
                                         const std::vector<Footprint>& footprints) {
  geos::Context ctx;
  std::vector<double> out(footprints.size(), 0.0);
  for (std::size_t c = 0; c < footprints.size(); ++c) {
    const geos::Geometry shape = geos::from_wkb(ctx, footprints[c].wkb);
    double minx, miny, maxx, maxy;
    geos::api().GEOSGeom_getXMin_r(ctx.handle(), shape.get(), &minx);
    geos::api().GEOSGeom_getYMin_r(ctx.handle(), shape.get(), &miny);
    geos::api().GEOSGeom_getXMax_r(ctx.handle(), shape.get(), &maxx);
    geos::api().GEOSGeom_getYMax_r(ctx.handle(), shape.get(), &maxy);
    const GEOSPreparedGeometry* prepared = geos::api().GEOSPrepare_r(ctx.handle(), shape.get());
    for (geo::PlaceId p = 0; p < gazetteer.size(); ++p) {
      const double lat = gazetteer.lat(p);
      double lon = gazetteer.lon(p);
      if (lat < miny || lat > maxy) continue;
      // Footprints near the antimeridian may run past ±180.
      if (lon < minx) lon += 360;
      else if (lon > maxx) lon -= 360;
      if (lon < minx || lon > maxx) continue;
      geos::Geometry point = geos::own(ctx, geos::api().GEOSGeom_createPointFromXY_r(ctx.handle(), lon, lat), "create a point");
      if (geos::api().GEOSPreparedContains_r(ctx.handle(), prepared, point.get()) == 1)
        out[c] += static_cast<double>(gazetteer.population(p));
    }
    geos::api().GEOSPreparedGeom_destroy_r(ctx.handle(), prepared);
  }
  return out;
}

}  // namespace

std::array<std::optional<double>, 3> world_totals(const std::vector<SourceIngest>& sources) {
  std::array<std::optional<double>, 3> totals;
  for (const SourceIngest& s : sources) totals[index_of(s.source)] = to_double(s.weights.accepted_total);
  return totals;
}

std::vector<ClusterMeasures> measure_clusters(const MeasureInput& in) {
  const auto& sources = *in.sources;
  const MergedClusters& merged = *in.merged;
  const Methodology& m = *in.methodology;
  const auto clusters = static_cast<std::size_t>(merged.count);
  std::vector<ClusterMeasures> out(clusters);
  const auto totals = world_totals(sources);

  // Counts, member locations, activity-weighted centres, activity per place.
  const geo::PlaceIndex sizeable(*in.gazetteer, static_cast<std::uint64_t>(m.naming.min_population));
  std::vector<std::vector<PlaceActivity>> activity(clusters);
  std::vector<std::array<double, 3>> centre_sum(clusters, {0, 0, 0});
  std::vector<std::array<FixedWeight, 3>> count(clusters, {0, 0, 0});
  for (const SourceIngest& s : sources) {
    const std::size_t si = index_of(s.source);
    for (std::size_t c = 0; c < clusters; ++c) out[c].count[si] = 0.0;
    const auto& of_location = merged.of_location[si];
    const double metric_weight = m.metric(s.source) ? m.metric(s.source)->weight : 1.0;
    const double per_unit = *totals[si] > 0 ? metric_weight / *totals[si] : 0.0;
    // Only member locations need a place: noise can be most of the locations.
    std::vector<std::uint32_t> members;
    std::vector<std::int32_t> member_lat, member_lon;
    for (std::size_t i = 0; i < of_location.size(); ++i)
      if (of_location[i] >= 0) {
        members.push_back(static_cast<std::uint32_t>(i));
        member_lat.push_back(s.locations.lat_e7[i]);
        member_lon.push_back(s.locations.lon_e7[i]);
      }
    const std::vector<geo::PlaceId> place = sizeable.nearest_all_e7(member_lat, member_lon);
    for (std::size_t k = 0; k < members.size(); ++k) {
      const std::uint32_t i = members[k];
      const auto c = static_cast<std::size_t>(of_location[i]);
      const FixedWeight w = s.locations.weight[i];
      count[c][si] += w;
      ++out[c].locations[si];
      const double a = to_double(w) * per_unit;
      if (place[k] != geo::kNoPlace) activity[c].push_back({place[k], a});
      const double phi = degrees(s.locations.lat_e7[i]) * kRadPerDeg;
      const double lambda = degrees(s.locations.lon_e7[i]) * kRadPerDeg;
      centre_sum[c][0] += a * std::cos(phi) * std::cos(lambda);
      centre_sum[c][1] += a * std::cos(phi) * std::sin(lambda);
      centre_sum[c][2] += a * std::sin(phi);
    }
  }
  for (std::size_t c = 0; c < clusters; ++c) {
    for (const SourceIngest& s : sources) out[c].count[index_of(s.source)] = to_double(count[c][index_of(s.source)]);
    const auto& v = centre_sum[c];
    out[c].centre = {std::atan2(v[2], std::hypot(v[0], v[1])) / kRadPerDeg, std::atan2(v[1], v[0]) / kRadPerDeg};
    out[c].naming = name_cluster(*in.gazetteer, activity[c], m.naming);
  }

  // Footprints and population.
  FootprintOptions footprint_options;
  footprint_options.buffer_km = footprint_buffer_km(m.merge_km);
  std::vector<Footprint> footprints = build_footprints(member_points(sources, merged), footprint_options);
  std::vector<double> population;
  if (in.population_raster) {
    for (const Footprint& f : footprints) population.push_back(in.population_raster->sum_within(f.wkb));
  } else {
    population = gazetteer_population(*in.gazetteer, footprints);
  }
  for (std::size_t c = 0; c < clusters; ++c) {
    out[c].footprint = std::move(footprints[c]);
    out[c].population = population[c];
  }

  // Descriptors: top fields and organisations per source.
  for (const SourceIngest& s : sources) {
    const std::size_t si = index_of(s.source);
    const ContributionTable& t = s.file.table;
    const auto& of_location = merged.of_location[si];
    const bool technology = s.source == Source::kPatents && in.technology_fields;
    // Technology fields are keyed by number (1..35); others by string id (+1 keeps 0 for "none").
    std::vector<int> field_key(t.fields.size(), 0);
    for (StringPool::Id f = 1; f < t.fields.size(); ++f)
      field_key[f] = technology ? in.technology_fields->field_of(t.fields[f]) : static_cast<int>(f);
    LabelTally fields, orgs;
    for (std::size_t row = 0; row < t.rows(); ++row) {
      const std::int32_t c = of_location[s.locations.row_location[row]];
      if (c < 0) continue;
      const FixedWeight w = s.weights.weight[row];
      fields.add(static_cast<std::size_t>(c), field_key[t.field[row]], w);
      orgs.add(static_cast<std::size_t>(c), static_cast<int>(t.org[row]), w);
    }
    const auto field_text = [&](int key) {
      return technology ? std::string(in.technology_fields->name(key)) : std::string(t.fields[static_cast<StringPool::Id>(key)]);
    };
    const auto org_text = [&](int key) { return std::string(t.orgs[static_cast<StringPool::Id>(key)]); };
    std::vector<FixedWeight> cluster_total(clusters);
    for (std::size_t c = 0; c < clusters; ++c) cluster_total[c] = count[c][si];
    auto top_fields = fields.top(cluster_total, in.top_k, field_text);
    auto top_orgs = orgs.top(cluster_total, in.top_k, org_text);
    for (std::size_t c = 0; c < clusters; ++c) {
      out[c].top_fields[si] = std::move(top_fields[c]);
      out[c].top_orgs[si] = std::move(top_orgs[c]);
    }
  }
  return out;
}

}  // namespace innocluster::measure
