// Generates address variants with known true places, for bench/geocode-bench:
// `gen_addresses ROWS OUT.csv [SEED]`.
//
// Places are drawn from the gazetteer (GeoNames cities1000) in proportion to
// their population, as inventors and authors are. Each row writes one place
// the way address fields do in real records:
//  - city: the GeoNames name (40%), the ASCII name (25%), one of the place's
//    alternate names in any script (20%: exonyms, transliterations, local
//    scripts), or the name with noise (15%: upper case, lower case,
//    diacritics stripped to ASCII, hyphens for spaces, a trailing " City" or
//    a trailing period);
//  - region (50% of rows): the GeoNames admin1 name of the place's region
//    (data/admin1_names.tsv), in upper case one time in five;
//  - country: the ISO alpha-2 code (40%), alpha-3 (15%), the English name
//    (35%), the English name upper-cased (10%).
// Columns: city, region, country, true_id (GeoNames id), true_lat, true_lon.
// Deterministic for a seed (splitmix64; no std:: distributions).

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "geo/countries.h"
#include "geo/gazetteer.h"
#include "geo/geocoder.h"
#include "io/output_file.h"

namespace {

struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0 (the bias of a 64-bit modulo is negligible here).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  bool chance(unsigned percent) { return below(100) < percent; }
};

std::string upper_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}
std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(sep, start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace innocluster;
  if (argc < 3) {
    std::fprintf(stderr, "usage: gen_addresses ROWS OUT.csv [SEED]\n");
    return 64;
  }
  const long long rows = std::atoll(argv[1]);
  SplitMix64 rng{argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 7};
  geo::GazetteerOptions options;
  options.alternate_names = true;
  const geo::Gazetteer g = geo::load_gazetteer(options);
  const geo::Countries countries = geo::load_countries();

  // GeoNames' own admin1 names ("geonames" rows of the table).
  std::map<std::string, std::string> admin1_name;
  {
    std::ifstream in(geo::admin1_names_path());
    std::string line;
    while (std::getline(in, line)) {
      const std::vector<std::string> f = split(line, '\t');
      if (f.size() == 4 && f[3] == "geonames") admin1_name.emplace(f[0] + "." + f[1], f[2]);
    }
  }

  std::vector<std::uint64_t> cumulative(g.size());
  std::uint64_t total = 0;
  for (geo::PlaceId p = 0; p < g.size(); ++p) cumulative[p] = total += std::max<std::uint64_t>(g.population(p), 1);

  CsvWriter out(argv[2], {"city", "region", "country", "true_id", "true_lat", "true_lon"});
  for (long long r = 0; r < rows; ++r) {
    const std::uint64_t x = rng.below(total);
    const auto p = static_cast<geo::PlaceId>(std::upper_bound(cumulative.begin(), cumulative.end(), x) -
                                             cumulative.begin());
    std::string city;
    const std::uint64_t kind = rng.below(100);
    if (kind < 40) {
      city = g.name(p);
    } else if (kind < 65) {
      city = g.ascii_name(p);
    } else if (kind < 85) {
      const std::vector<std::string> alternates = split(g.alternate_names(p), ',');
      city = alternates.empty() ? std::string(g.name(p)) : alternates[rng.below(alternates.size())];
    } else {
      city = g.name(p);
      switch (rng.below(6)) {
        case 0: city = upper_ascii(city); break;
        case 1: city = lower_ascii(city); break;
        case 2: city = g.ascii_name(p); break;
        case 3:
          for (char& c : city)
            if (c == ' ') c = '-';
          break;
        case 4: city += " City"; break;
        default: city += "."; break;
      }
    }
    std::string region;
    if (rng.chance(50)) {
      const auto it = admin1_name.find(fmt::format("{}.{}", g.country(p), g.admin1(p)));
      if (it != admin1_name.end()) region = rng.chance(20) ? upper_ascii(it->second) : it->second;
    }
    std::string country(g.country(p));
    const geo::Country* c = countries.find(country);
    const std::uint64_t form = rng.below(100);
    if (c != nullptr && form >= 40) {
      if (form < 55) country = c->alpha3;
      else if (form < 90) country = c->name;
      else country = upper_ascii(c->name);
    }
    out.row({city, region, country, std::to_string(g.geonameid(p)), fmt::format("{}", g.lat(p)),
             fmt::format("{}", g.lon(p))});
  }
  out.commit();
  return 0;
}
