#include "geo/geocoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/progress.h"
#include "core/text.h"
#include "innocluster/paths.h"

namespace innocluster::geo {
namespace {

constexpr std::array<std::string_view, 4> kLevelNames = {"none", "country", "region", "city"};
constexpr std::array<std::string_view, 5> kReasonCodes = {"", "empty_address", "no_country_match",
                                                          "no_place_match", "no_city"};

std::string data_path(const char* name) {
  namespace fs = std::filesystem;
  const char* dir = std::getenv("INNOCLUSTER_DATA");
  const fs::path base = (dir != nullptr && *dir != '\0') ? fs::path(dir) : fs::path(kSourceDir) / "data";
  return (base / name).string();
}

// The rows of a tab-separated table with a header, each split into fields;
// `columns` fields are required on every row.
std::vector<std::pair<std::uint64_t, std::vector<std::string>>> read_table(const std::string& path,
                                                                           std::size_t columns) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ExitCode::kNoInput,
                located(path, 0,
                        "cannot open the geocoder's name table; it ships in data/ of the source tree "
                        "(set INNOCLUSTER_DATA to the directory holding it)"));
  std::vector<std::pair<std::uint64_t, std::vector<std::string>>> rows;
  std::string line;
  std::uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 || line.empty()) continue;  // header
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
      const std::size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() < columns)
      throw Error(ExitCode::kDataError,
                  located(path, line_no,
                          fmt::format("expected {} tab-separated columns, found {}; restore the file from "
                                      "the source tree",
                                      columns, fields.size())));
    rows.emplace_back(line_no, std::move(fields));
  }
  return rows;
}

bool is_code(std::string_view c) { return c.size() == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'; }

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string_view part = trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string_view::npos) return parts;
    start = comma + 1;
  }
}

// Compressed rows: key id -> postings, from (key, place, own name) triples,
// sorted by population (largest first), then geonameid.
struct Posting {
  std::uint32_t key;
  PlaceId place;
  bool own_name;  // the key is the place's GeoNames name or ASCII name
};

void to_csr(std::vector<Posting>& postings, std::size_t keys, const Gazetteer& g, std::vector<std::uint32_t>& start,
            std::vector<PlaceId>& places, std::vector<std::uint8_t>& own_name) {
  std::sort(postings.begin(), postings.end(), [&g](const Posting& a, const Posting& b) {
    if (a.key != b.key) return a.key < b.key;
    if (g.population(a.place) != g.population(b.place)) return g.population(a.place) > g.population(b.place);
    if (g.geonameid(a.place) != g.geonameid(b.place)) return g.geonameid(a.place) < g.geonameid(b.place);
    if (a.place != b.place) return a.place < b.place;
    return a.own_name > b.own_name;
  });
  // One posting per (key, place), keeping the own-name flag when either had it.
  postings.erase(std::unique(postings.begin(), postings.end(),
                             [](const Posting& a, const Posting& b) { return a.key == b.key && a.place == b.place; }),
                 postings.end());
  start.assign(keys + 1, 0);
  places.clear();
  own_name.clear();
  places.reserve(postings.size());
  own_name.reserve(postings.size());
  for (const Posting& posting : postings) {
    ++start[posting.key + 1];
    places.push_back(posting.place);
    own_name.push_back(posting.own_name ? 1 : 0);
  }
  for (std::size_t k = 0; k < keys; ++k) start[k + 1] += start[k];
  std::vector<Posting>().swap(postings);
}

}  // namespace

std::string_view match_level_name(MatchLevel level) { return kLevelNames[static_cast<std::size_t>(level)]; }
std::string_view geocode_reason_code(GeocodeReason reason) { return kReasonCodes[static_cast<std::size_t>(reason)]; }

std::string country_names_path() { return data_path("country_names.tsv"); }
std::string admin1_names_path() { return data_path("admin1_names.tsv"); }

Geocoder::Geocoder(Gazetteer gazetteer, const std::string& country_names, const std::string& admin1_names)
    : gazetteer_(std::move(gazetteer)) {
  if (!gazetteer_.has_alternate_names() && gazetteer_.size() > 0)
    throw Error(ExitCode::kUsage, "the geocoder needs a gazetteer loaded with its alternate names");
  Stopwatch watch;
  index_places();
  load_countries(country_names);
  load_regions(admin1_names);
  build_seconds_ = watch.seconds();
}

Geocoder Geocoder::load_default() {
  GazetteerOptions options;
  options.alternate_names = true;
  return Geocoder(load_gazetteer(options), country_names_path(), admin1_names_path());
}

void Geocoder::index_places() {
  const Gazetteer& g = gazetteer_;
  std::vector<Posting> primary, secondary;
  primary.reserve(g.size() * 8);
  std::string key;
  std::vector<StringPool::Id> seen;
  for (PlaceId p = 0; p < g.size(); ++p) {
    seen.clear();
    const auto add = [&](std::string_view name, bool own_name) {
      folder_.key(name, key);
      if (key.empty()) return;
      const StringPool::Id id = keys_.intern(key);
      if (std::find(seen.begin(), seen.end(), id) != seen.end()) return;
      seen.push_back(id);
      primary.push_back({id, p, own_name});
      const std::string stripped = strip_common_words(key);
      if (stripped != key) secondary.push_back({keys_.intern(stripped), p, own_name});
    };
    add(g.name(p), true);
    add(g.ascii_name(p), true);
    const std::string_view alternates = g.alternate_names(p);
    for (std::size_t start = 0; start < alternates.size();) {
      const std::size_t comma = std::min(alternates.find(',', start), alternates.size());
      add(alternates.substr(start, comma - start), false);
      start = comma + 1;
    }
    // The place standing for its country and its region: the most populous.
    const auto stand_for = [&](std::string code) {
      const auto [it, inserted] = best_place_.try_emplace(std::move(code), p);
      const PlaceId q = it->second;
      if (!inserted && (g.population(p) > g.population(q) ||
                        (g.population(p) == g.population(q) && g.geonameid(p) < g.geonameid(q))))
        it->second = p;
    };
    stand_for(std::string(g.country(p)));
    stand_for(fmt::format("{}.{}", g.country(p), g.admin1(p)));
  }
  to_csr(primary, keys_.size(), g, primary_start_, primary_, primary_own_);
  to_csr(secondary, keys_.size(), g, secondary_start_, secondary_, secondary_own_);
}

void Geocoder::load_countries(const std::string& path) {
  std::string key;
  for (const auto& [line, f] : read_table(path, 2)) {
    if (!is_code(f[0]))
      throw Error(ExitCode::kDataError,
                  located(path, line, fmt::format("country code '{}' is not two upper-case letters", f[0])));
    folder_.key(f[1], key);
    if (key.empty()) continue;
    const StringPool::Id id = country_keys_.intern(key);
    if (id >= countries_by_key_.size()) countries_by_key_.resize(id + 1);
    std::vector<Code>& codes = countries_by_key_[id];
    const Code code{f[0][0], f[0][1]};
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
}

void Geocoder::load_regions(const std::string& path) {
  std::string key;
  for (const auto& [line, f] : read_table(path, 3)) {
    if (!is_code(f[0]) || f[1].empty())
      throw Error(ExitCode::kDataError,
                  located(path, line, fmt::format("'{}' '{}' is not a country code and an admin1 code", f[0], f[1])));
    const auto [it, inserted] =
        region_index_.try_emplace(fmt::format("{}.{}", f[0], f[1]), static_cast<std::uint32_t>(regions_.size()));
    if (inserted) regions_.push_back(Region{Code{f[0][0], f[0][1]}, f[1]});
    folder_.key(f[2], key);
    if (key.empty()) continue;
    const StringPool::Id id = region_keys_.intern(key);
    if (id >= regions_by_key_.size()) regions_by_key_.resize(id + 1);
    std::vector<std::uint32_t>& list = regions_by_key_[id];
    if (std::find(list.begin(), list.end(), it->second) == list.end()) list.push_back(it->second);
  }
}

bool Geocoder::in(PlaceId p, const std::vector<Code>& countries) const {
  if (countries.empty()) return true;
  const std::string_view c = gazetteer_.country(p);
  return std::any_of(countries.begin(), countries.end(), [c](const Code& code) { return code[0] == c[0] && code[1] == c[1]; });
}

bool Geocoder::in(PlaceId p, const std::vector<const Region*>& regions) const {
  const std::string_view c = gazetteer_.country(p);
  const std::string_view a = gazetteer_.admin1(p);
  return std::any_of(regions.begin(), regions.end(), [&](const Region* r) {
    return r->country[0] == c[0] && r->country[1] == c[1] && r->admin1 == a;
  });
}

std::vector<Geocoder::Code> Geocoder::find_countries(std::string_view text) const {
  const std::string key = folder_.key(text);
  for (const std::string& k : {key, drop_numbers(key)})
    if (const auto id = country_keys_.find(k); id && *id < countries_by_key_.size() && !countries_by_key_[*id].empty())
      return countries_by_key_[*id];
  return {};
}

std::vector<const Geocoder::Region*> Geocoder::find_regions(std::string_view text,
                                                            const std::vector<Code>& countries) const {
  const std::string key = folder_.key(text);
  std::vector<const Region*> out;
  const std::string variants[] = {key, strip_region_words(key), strip_common_words(key), drop_numbers(key)};
  for (const std::string& k : variants) {
    const auto id = region_keys_.find(k);
    if (!id || *id >= regions_by_key_.size()) continue;
    for (std::uint32_t r : regions_by_key_[*id]) {
      const Region& region = regions_[r];
      if (countries.empty() || std::find(countries.begin(), countries.end(), region.country) != countries.end())
        out.push_back(&region);
    }
    if (!out.empty()) return out;
  }
  // A region written as the name of its main city ("東京都", "Beijing Shi"):
  // the region of the most populous place of that name.
  const CityMatch m = find_city(text, countries, {});
  if (m.place != kNoPlace) {
    const auto it = region_index_.find(fmt::format("{}.{}", gazetteer_.country(m.place), gazetteer_.admin1(m.place)));
    if (it != region_index_.end()) out.push_back(&regions_[it->second]);
  }
  return out;
}

Geocoder::CityMatch Geocoder::match_key(const std::string& key, const std::vector<Code>& countries,
                                        const std::vector<const Region*>& regions) const {
  const auto id = keys_.find(key);
  if (!id || key.empty()) return {};
  for (int pass = 0; pass < 2; ++pass) {
    const std::vector<std::uint32_t>& start = pass == 0 ? primary_start_ : secondary_start_;
    const std::vector<PlaceId>& places = pass == 0 ? primary_ : secondary_;
    const std::vector<std::uint8_t>& own = pass == 0 ? primary_own_ : secondary_own_;
    // The best place (the first: postings are by population) among all
    // candidates and among those of the region, each by any name and by own name.
    CityMatch m;
    std::array<PlaceId, 4> best{kNoPlace, kNoPlace, kNoPlace, kNoPlace};  // any, any own, region, region own
    for (std::uint32_t i = start[*id]; i < start[*id + 1]; ++i) {
      const PlaceId p = places[i];
      if (!in(p, countries)) continue;
      ++m.candidates;
      const bool in_region = !regions.empty() && in(p, regions);
      if (best[0] == kNoPlace) best[0] = p;
      if (own[i] && best[1] == kNoPlace) best[1] = p;
      if (in_region && best[2] == kNoPlace) best[2] = p;
      if (in_region && own[i] && best[3] == kNoPlace) best[3] = p;
    }
    if (best[0] == kNoPlace) continue;
    const bool region_decides = best[2] != kNoPlace;
    m.place = prefer_own_name(region_decides ? best[2] : best[0], region_decides ? best[3] : best[1]);
    return m;
  }
  return {};
}

PlaceId Geocoder::prefer_own_name(PlaceId any, PlaceId own) const {
  if (own == kNoPlace || own == any) return any;
  // "Manchester, US" is Manchester, New Hampshire, not Richmond, Virginia
  // (which GeoNames also calls Manchester); but "Bombay, IN" is Mumbai, not a
  // village of that name: a place found by its own name wins unless the
  // alternate-name match is more than kAlternateNameFactor times as populous.
  const double own_population = static_cast<double>(gazetteer_.population(own));
  return static_cast<double>(gazetteer_.population(any)) > kAlternateNameFactor * own_population ? any : own;
}

Geocoder::CityMatch Geocoder::find_city(std::string_view text, const std::vector<Code>& countries,
                                        const std::vector<const Region*>& regions) const {
  const std::string key = folder_.key(text);
  if (key.empty()) return {};
  CityMatch m = match_key(key, countries, regions);
  if (m.place != kNoPlace) return m;
  const std::string stripped = strip_common_words(key);
  if (stripped != key && (m = match_key(stripped, countries, regions)).place != kNoPlace) return m;
  const std::string bare = drop_numbers(key);
  if (bare != key) {
    if ((m = match_key(bare, countries, regions)).place != kNoPlace) return m;
    const std::string bare_stripped = strip_common_words(bare);
    if (bare_stripped != bare) m = match_key(bare_stripped, countries, regions);
  }
  return m;
}

PlaceId Geocoder::representative(const std::vector<Code>& countries, const std::vector<const Region*>& regions) const {
  PlaceId best = kNoPlace;
  const auto consider = [&](const std::string& code) {
    const auto it = best_place_.find(code);
    if (it == best_place_.end()) return;
    const PlaceId p = it->second;
    if (best == kNoPlace || gazetteer_.population(p) > gazetteer_.population(best) ||
        (gazetteer_.population(p) == gazetteer_.population(best) && gazetteer_.geonameid(p) < gazetteer_.geonameid(best)))
      best = p;
  };
  if (!regions.empty()) {
    for (const Region* r : regions) consider(fmt::format("{}{}.{}", r->country[0], r->country[1], r->admin1));
  } else {
    for (const Code& c : countries) consider(std::string{c[0], c[1]});
  }
  return best;
}

GeocodeResult Geocoder::geocode(std::string_view city, std::string_view region, std::string_view country) const {
  city = trim(city);
  region = trim(region);
  country = trim(country);
  GeocodeResult out;
  if (city.empty() && region.empty() && country.empty()) return out;  // empty_address
  std::vector<Code> countries;
  if (!country.empty()) {
    countries = find_countries(country);
    if (countries.empty()) {
      out.reason = GeocodeReason::kNoCountryMatch;
      return out;
    }
  }
  const std::vector<const Region*> regions = region.empty() ? std::vector<const Region*>{} : find_regions(region, countries);
  if (!city.empty()) {
    const CityMatch m = find_city(city, countries, regions);
    out.candidates = m.candidates;
    if (m.place != kNoPlace) {
      out.match = MatchLevel::kCity;
      out.reason = GeocodeReason::kNone;
      out.place = m.place;
      return out;
    }
  }
  out.reason = city.empty() ? GeocodeReason::kNoCity : GeocodeReason::kNoPlaceMatch;
  if (!regions.empty()) {
    out.place = representative(countries, regions);
    out.match = out.place == kNoPlace ? MatchLevel::kNone : MatchLevel::kRegion;
  } else if (!countries.empty()) {
    out.place = representative(countries, {});
    out.match = out.place == kNoPlace ? MatchLevel::kNone : MatchLevel::kCountry;
  }
  if (out.match == MatchLevel::kNone) out.reason = GeocodeReason::kNoPlaceMatch;
  return out;
}

GeocodeResult Geocoder::geocode_address(std::string_view address) const {
  const std::vector<std::string_view> split = split_commas(address);
  std::vector<std::string> parts(split.begin(), split.end());
  // A country name may itself hold commas ("Congo, The Democratic Republic
  // of the", "Palestine, State of"): when the last part is no country but
  // the last two or three parts together are, they are one part.
  if (!parts.empty() && find_countries(parts.back()).empty())
    for (std::size_t k = 2; k <= std::min<std::size_t>(3, parts.size()); ++k) {
      std::string joined;
      for (std::size_t i = parts.size() - k; i < parts.size(); ++i) joined += (joined.empty() ? "" : ", ") + parts[i];
      if (find_countries(joined).empty()) continue;
      parts.resize(parts.size() - k);
      parts.push_back(std::move(joined));
      break;
    }
  const std::size_t n = parts.size();
  if (n == 0) return {};
  if (n == 1) {
    const GeocodeResult city = geocode(parts[0], "", "");
    if (city.match == MatchLevel::kCity) return city;
    const GeocodeResult country = geocode("", "", parts[0]);
    return country.match == MatchLevel::kCountry ? country : city;
  }
  if (n == 2) {
    const GeocodeResult first = geocode(parts[0], "", parts[1]);
    if (first.match == MatchLevel::kCity) return first;
    // "Springfield, IL": the second part may be a region rather than a country.
    if (!find_regions(parts[1], {}).empty()) {
      const GeocodeResult second = geocode(parts[0], parts[1], "");
      if (second.match == MatchLevel::kCity) return second;
    }
    return first;
  }
  const std::string& country = parts[n - 1];
  const std::string& region = parts[n - 2];
  const GeocodeResult first = geocode(parts[n - 3], region, country);
  if (first.match == MatchLevel::kCity || first.reason == GeocodeReason::kNoCountryMatch) return first;
  for (std::size_t i = n - 3; i-- > 0;) {
    const GeocodeResult r = geocode(parts[i], region, country);
    if (r.match == MatchLevel::kCity) return r;
  }
  return first;
}

}  // namespace innocluster::geo
