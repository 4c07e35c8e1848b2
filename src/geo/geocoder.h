#pragma once
// The offline geocoder: an address (city, region, country — or one text
// "City, Region, Country") to a GeoNames place, without any network.
//
// Sources (all installed or committed, see data/README.md):
//  - places: the gazetteer (GeoNames cities1000) with its names, ASCII names
//    and alternate names in every script;
//  - countries: data/country_names.tsv (ISO 3166-1 codes, names and their
//    translations from Debian's iso-codes, plus common variants: "USA", "UK",
//    "P.R. China", "Korea, Republic of");
//  - regions: data/admin1_names.tsv (GeoNames admin1 names, and the ISO
//    3166-2 codes, names and translations mapped to them).
//
// Every name is compared by its key (geo/name_key.h: NFKD, marks removed,
// case folded, NFKC, punctuation to spaces). The matching rules, in order
// (docs/methodology.md, "Geocoding"):
//  1. the country, when given, must name a known country (else
//     no_country_match) and restricts every later step to it;
//  2. the region, when given, narrows the city's candidates to its admin1
//     region(s); a region that names no known region, or that leaves no
//     candidate, is ignored (it narrows nothing);
//  3. the city key is looked up among the places' names; when nothing
//     matches, with common words removed ("Osaka-shi" → "osaka", "東京都" →
//     "東京", "City of London" → "london"), and then without words holding
//     digits (postal codes). The most populous candidate wins (on equal
//     population, the smaller geonameid), except that a place whose own
//     GeoNames name or ASCII name matched beats places that matched only by
//     an alternate name unless they are more than kAlternateNameFactor times
//     as populous;
//  4. without a city match, the result falls back to the region (its most
//     populous place stands for it) or to the country (likewise), with the
//     reason the city was not placed (no_city or no_place_match).
// `candidates` is the number of places whose name matched the city, inside
// the country when one is given, before the region narrows them.
//
// Building the index reads the gazetteer once and folds about 900,000 names
// (cities1000): see build_seconds(). After construction a Geocoder is
// immutable: geocode() may be called from any number of threads at once.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_pool.h"
#include "geo/gazetteer.h"
#include "geo/name_key.h"

namespace innocluster::geo {

/// How precisely an address was placed.
enum class MatchLevel : std::uint8_t { kNone, kCountry, kRegion, kCity };
/// "none", "country", "region", "city".
std::string_view match_level_name(MatchLevel level);

/// Why an address was not placed at city level (kNone when it was).
enum class GeocodeReason : std::uint8_t {
  kNone,
  kEmptyAddress,    ///< city, region and country all empty
  kNoCountryMatch,  ///< the country names no known country
  kNoPlaceMatch,    ///< no place of that name (in the country, when given)
  kNoCity,          ///< no city given: placed at region or country level only
};
/// "", "empty_address", "no_country_match", "no_place_match", "no_city".
std::string_view geocode_reason_code(GeocodeReason reason);

struct GeocodeResult {
  MatchLevel match = MatchLevel::kNone;
  GeocodeReason reason = GeocodeReason::kEmptyAddress;
  /// The city; for a region or country match the most populous place of that
  /// region or country, which stands for it; kNoPlace for no match.
  PlaceId place = kNoPlace;
  std::uint32_t candidates = 0;  ///< places whose name matched the city
};

/// A place that matches a name only through its alternate names beats one
/// whose own GeoNames name (or ASCII name) it is only when more than this
/// many times as populous (docs/methodology.md, "Geocoding").
inline constexpr double kAlternateNameFactor = 10.0;

/// Paths of the two name tables (data/ of the source tree, or INNOCLUSTER_DATA).
std::string country_names_path();
std::string admin1_names_path();

class Geocoder {
 public:
  /// Builds the index. `gazetteer` must have been loaded with its alternate
  /// names (GazetteerOptions::alternate_names) and is kept by the geocoder.
  /// Throws Error(kNoInput) when a table cannot be read, Error(kDataError)
  /// naming file:line when a table row is malformed, and Error(kUsage) when
  /// the gazetteer lacks its alternate names (a programming error).
  Geocoder(Gazetteer gazetteer, const std::string& country_names, const std::string& admin1_names);

  /// The gazetteer (load_gazetteer with alternate names) and the tables of data/.
  static Geocoder load_default();

  /// Places an address given as separate fields (any may be empty).
  GeocodeResult geocode(std::string_view city, std::string_view region, std::string_view country) const;

  /// Places one text "City, Region, Country" (parts separated by commas):
  /// the last part is the country, the one before it the region, the one
  /// before that the city; with two parts, "City, Country" (or, when that
  /// finds no city, "City, Region" of any country: "Springfield, IL"); with
  /// one, a city anywhere (or else a country). When the city part finds
  /// nothing, the parts before it are tried, right to left (street lines).
  /// A country name holding commas ("Congo, The Democratic Republic of
  /// the") is recognised as one part.
  /// A region part is never taken for the city: "Nowhere, California, US"
  /// is a region match, not the town of California, Maryland.
  GeocodeResult geocode_address(std::string_view address) const;

  const Gazetteer& gazetteer() const { return gazetteer_; }
  std::size_t name_keys() const { return keys_.size(); }
  double build_seconds() const { return build_seconds_; }

 private:
  using Code = std::array<char, 2>;
  struct Region {
    Code country;
    std::string admin1;
  };
  struct CityMatch {
    PlaceId place = kNoPlace;
    std::uint32_t candidates = 0;
  };

  void index_places();
  void load_countries(const std::string& path);
  void load_regions(const std::string& path);

  std::vector<Code> find_countries(std::string_view text) const;
  std::vector<const Region*> find_regions(std::string_view text, const std::vector<Code>& countries) const;
  CityMatch find_city(std::string_view text, const std::vector<Code>& countries,
                      const std::vector<const Region*>& regions) const;
  CityMatch match_key(const std::string& key, const std::vector<Code>& countries,
                      const std::vector<const Region*>& regions) const;
  PlaceId prefer_own_name(PlaceId any, PlaceId own) const;
  PlaceId representative(const std::vector<Code>& countries, const std::vector<const Region*>& regions) const;
  bool in(PlaceId p, const std::vector<Code>& countries) const;
  bool in(PlaceId p, const std::vector<const Region*>& regions) const;

  Gazetteer gazetteer_;
  NameFolder folder_;
  // Place names: key -> places (sorted by population, largest first, then
  // geonameid). Primary: the names as GeoNames writes them; secondary: the
  // same with common words removed, consulted only when primary finds nothing.
  StringPool keys_;
  std::vector<std::uint32_t> primary_start_, secondary_start_;  // keys_.size() + 1 entries
  std::vector<PlaceId> primary_, secondary_;
  std::vector<std::uint8_t> primary_own_, secondary_own_;  // 1 when the key is the place's own name
  // Countries and regions: key -> entries.
  StringPool country_keys_, region_keys_;
  std::vector<std::vector<Code>> countries_by_key_;
  std::vector<Region> regions_;
  std::vector<std::vector<std::uint32_t>> regions_by_key_;  // into regions_
  std::unordered_map<std::string, std::uint32_t> region_index_;  // "DE.02" -> into regions_
  // The place standing for a country ("DE") or a region ("DE.02").
  std::unordered_map<std::string, PlaceId> best_place_;
  double build_seconds_ = 0;
};

}  // namespace innocluster::geo
