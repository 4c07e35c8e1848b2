#pragma once
// Cluster names and economies (docs/methodology.md, "Names and economies").
//
// Input: a cluster's activity per gazetteer place, i.e. each member location's
// activity (e.g. its share-weighted count) credited to its nearest sizeable
// place (geo::PlaceIndex::nearest_all over places with population >=
// naming.min_population) and summed per place (activity_by_place()).
//
// Name: places are grouped by name first, summing their activity, because
// GeoNames holds several places of one name close together (districts,
// twin villages) and "Cambridge–Cambridge" would be no name. The groups are
// ordered by activity (descending), then by the population of the group's
// most populous place (descending), then by that place's geonameid
// (ascending), so the order is total and the result deterministic. The first
// group always names the cluster; each next group joins, in order, while
// fewer than `max_places` have joined and its activity is >= fraction x the
// first's. Names are joined with an en dash (U+2013): "Osaka–Kobe–Kyoto".
//
// Economies: activity is summed per country of the places (ISO 3166-1
// alpha-2); countries are ordered by activity (descending, then code); the
// first is always listed, each other when its activity is >= economy_min_share
// x the cluster's total. Joined with "/": "CN/HK".
//
// Activities must be finite and >= 0 (else std::invalid_argument); places
// with activity 0 take no part. A cluster with no activity has an empty name
// and no economies. Comparisons are made in double precision on the sums as
// given; the sums are accumulated in place order, so equal inputs give equal
// names. Cost: O(k log k) for k places.

#include <span>
#include <string>
#include <vector>

#include "core/methodology.h"
#include "geo/gazetteer.h"

namespace innocluster::measure {

/// The en dash that joins place names, U+2013 in UTF-8.
inline constexpr const char* kNameSeparator = "\xE2\x80\x93";
/// The separator of economy codes.
inline constexpr const char* kEconomySeparator = "/";

struct PlaceActivity {
  geo::PlaceId place = geo::kNoPlace;
  double activity = 0;
};

/// One place name in a cluster's name.
struct NamePart {
  std::string name;       ///< the GeoNames name (UTF-8)
  double activity = 0;    ///< summed over the cluster's places of that name
  geo::PlaceId place = geo::kNoPlace;  ///< the most populous place of that name
};

/// One economy of a cluster.
struct EconomyPart {
  std::string code;     ///< ISO 3166-1 alpha-2
  double activity = 0;  ///< summed over the cluster's places in that economy
  double share = 0;     ///< activity / the cluster's total activity
};

struct ClusterNaming {
  std::string name;       ///< "Osaka–Kobe–Kyoto"; empty when there is no activity
  std::string economies;  ///< "CN/HK"; empty when there is no activity
  std::vector<NamePart> parts;           ///< the places named, in order
  std::vector<EconomyPart> economy_parts;  ///< the economies listed, in order
  double total_activity = 0;
};

/// Sums `activity[i]` per `place[i]` (locations assigned to kNoPlace are
/// skipped), in ascending PlaceId order. Spans must have equal lengths.
std::vector<PlaceActivity> activity_by_place(std::span<const geo::PlaceId> place,
                                             std::span<const double> activity);

/// The name and economies of one cluster from its activity per place. A place
/// may appear more than once (its activities add up). Every place must be a
/// valid id of `gazetteer` (else std::out_of_range).
ClusterNaming name_cluster(const geo::Gazetteer& gazetteer, std::span<const PlaceActivity> activity,
                           const NamingSettings& settings);

}  // namespace innocluster::measure
