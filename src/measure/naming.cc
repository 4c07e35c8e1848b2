#include "measure/naming.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace innocluster::measure {
namespace {

struct NameGroup {
  std::string_view name;
  double activity = 0;
  geo::PlaceId representative = geo::kNoPlace;  // most populous, then smallest geonameid
};

// The place that stands for a group: the most populous, then the smallest geonameid.
bool better_representative(const geo::Gazetteer& g, geo::PlaceId a, geo::PlaceId b) {
  if (g.population(a) != g.population(b)) return g.population(a) > g.population(b);
  return g.geonameid(a) < g.geonameid(b);
}

// Activity per place in ascending PlaceId order, summed in that order so that
// the sums do not depend on the order the caller listed the places in.
std::vector<PlaceActivity> merge_by_place(std::vector<PlaceActivity> pairs) {
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const PlaceActivity& a, const PlaceActivity& b) { return a.place < b.place; });
  std::vector<PlaceActivity> out;
  for (const PlaceActivity& a : pairs) {
    if (!out.empty() && out.back().place == a.place) {
      out.back().activity += a.activity;
    } else {
      out.push_back(a);
    }
  }
  return out;
}

// The checked, merged activity of a cluster's places, without places of activity 0.
std::vector<PlaceActivity> summed(const geo::Gazetteer& g, std::span<const PlaceActivity> activity) {
  for (const PlaceActivity& a : activity) {
    if (a.place >= g.size()) throw std::out_of_range("name_cluster: place id outside the gazetteer");
    if (!std::isfinite(a.activity) || a.activity < 0)
      throw std::invalid_argument("name_cluster: activity must be finite and >= 0");
  }
  std::vector<PlaceActivity> out = merge_by_place({activity.begin(), activity.end()});
  std::erase_if(out, [](const PlaceActivity& a) { return a.activity == 0; });
  return out;
}

std::vector<NamePart> name_parts(const geo::Gazetteer& g, const std::vector<PlaceActivity>& places,
                                 const NamingSettings& settings) {
  std::map<std::string_view, NameGroup> groups;
  for (const PlaceActivity& a : places) {
    NameGroup& group = groups[g.name(a.place)];
    group.name = g.name(a.place);
    group.activity += a.activity;
    if (group.representative == geo::kNoPlace || better_representative(g, a.place, group.representative))
      group.representative = a.place;
  }
  std::vector<NameGroup> ordered;
  ordered.reserve(groups.size());
  for (const auto& [name, group] : groups) ordered.push_back(group);
  std::sort(ordered.begin(), ordered.end(), [&g](const NameGroup& a, const NameGroup& b) {
    if (a.activity != b.activity) return a.activity > b.activity;
    return better_representative(g, a.representative, b.representative);
  });

  std::vector<NamePart> parts;
  for (const NameGroup& group : ordered) {
    if (parts.size() >= static_cast<std::size_t>(std::max(settings.max_places, 1))) break;
    if (!parts.empty() && group.activity < settings.fraction * parts.front().activity) break;
    parts.push_back({std::string(group.name), group.activity, group.representative});
  }
  return parts;
}

std::vector<EconomyPart> economy_parts(const geo::Gazetteer& g, const std::vector<PlaceActivity>& places,
                                       double total, const NamingSettings& settings) {
  std::map<std::string_view, double> by_country;
  for (const PlaceActivity& a : places) by_country[g.country(a.place)] += a.activity;
  std::vector<EconomyPart> ordered;
  for (const auto& [code, activity] : by_country) ordered.push_back({std::string(code), activity, activity / total});
  // std::map gave code order; a stable sort by activity keeps it for ties.
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const EconomyPart& a, const EconomyPart& b) { return a.activity > b.activity; });
  std::vector<EconomyPart> listed;
  for (const EconomyPart& e : ordered)
    if (listed.empty() || e.activity >= settings.economy_min_share * total) listed.push_back(e);
  return listed;
}

template <typename Part, typename Text>
std::string join(const std::vector<Part>& parts, std::string_view separator, Text text) {
  std::string out;
  for (const Part& p : parts) {
    if (!out.empty()) out += separator;
    out += text(p);
  }
  return out;
}

}  // namespace

std::vector<PlaceActivity> activity_by_place(std::span<const geo::PlaceId> place, std::span<const double> activity) {
  if (place.size() != activity.size())
    throw std::invalid_argument("activity_by_place: place and activity spans differ in length");
  std::vector<PlaceActivity> pairs;
  pairs.reserve(place.size());
  for (std::size_t i = 0; i < place.size(); ++i)
    if (place[i] != geo::kNoPlace) pairs.push_back({place[i], activity[i]});
  return merge_by_place(std::move(pairs));
}

ClusterNaming name_cluster(const geo::Gazetteer& gazetteer, std::span<const PlaceActivity> activity,
                           const NamingSettings& settings) {
  const std::vector<PlaceActivity> places = summed(gazetteer, activity);
  ClusterNaming out;
  for (const PlaceActivity& a : places) out.total_activity += a.activity;
  if (places.empty() || !(out.total_activity > 0)) return out;

  out.parts = name_parts(gazetteer, places, settings);
  out.economy_parts = economy_parts(gazetteer, places, out.total_activity, settings);
  out.name = join(out.parts, kNameSeparator, [](const NamePart& p) -> const std::string& { return p.name; });
  out.economies =
      join(out.economy_parts, kEconomySeparator, [](const EconomyPart& e) -> const std::string& { return e.code; });
  return out;
}

}  // namespace innocluster::measure
