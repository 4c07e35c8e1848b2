#include "synth/world.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/error.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "detect/sphere.h"
#include "geo/gazetteer.h"
#include "geo/place_index.h"
#include "innocluster/version.h"
#include "io/json_file.h"
#include "io/output_file.h"
#include "synth/profiles.h"
#include "synth/random.h"
#include "synth/world_clusters.h"

namespace innocluster::synth {
namespace {

constexpr double kKmPerDegree = 111.195;  // great-circle km per degree of latitude (R = 6371.0088)
constexpr std::size_t kSources = 3;

// ---------------------------------------------------------------------------
// Small helpers

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double c2 = detect::chord2(detect::unit_vector(lat1, lon1), detect::unit_vector(lat2, lon2));
  return 2 * detect::kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(c2) / 2));
}

// A point `dx_km` east and `dy_km` north of (lat, lon) on a local plane.
void offset(double lat, double lon, double dx_km, double dy_km, double& out_lat, double& out_lon) {
  out_lat = std::clamp(lat + dy_km / kKmPerDegree, -89.9, 89.9);
  out_lon = lon + dx_km / (kKmPerDegree * std::max(0.05, std::cos(lat * M_PI / 180)));
  if (out_lon > 180) out_lon -= 360;
  if (out_lon < -180) out_lon += 360;
}

// Picks an index from cumulative weights (last = total); weights may be 0.
std::size_t pick(const std::vector<double>& cumulative, Random& rng) {
  const double x = rng.uniform() * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

// The index at fraction `u` in [0, 1) of cumulative weights.
std::size_t pick_at(const std::vector<double>& cumulative, double u) {
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u * cumulative.back());
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

std::vector<double> cumulate(const std::vector<double>& w) {
  std::vector<double> c(w.size());
  double sum = 0;
  for (std::size_t i = 0; i < w.size(); ++i) c[i] = sum += w[i];
  return c;
}

// Integer counts that add up to the rounded running total: the same
// expectations always give the same integers, and no volume is lost to rounding.
std::vector<std::uint64_t> apportion(const std::vector<double>& expected) {
  std::vector<std::uint64_t> out(expected.size());
  double running = 0;
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    running += expected[i];
    const auto target = static_cast<std::uint64_t>(std::llround(running));
    out[i] = target > given ? target - given : 0;
    given += out[i];
  }
  return out;
}

// Inventors (authors) per document, 1..8: PCT applications have ~3 inventors
// on average (3.2), articles ~4.6 authors (long author lists are cut at 8).
constexpr double kPatentTeam[8] = {0.20, 0.24, 0.19, 0.14, 0.09, 0.06, 0.04, 0.04};
constexpr double kArticleTeam[8] = {0.07, 0.12, 0.16, 0.16, 0.14, 0.12, 0.11, 0.12};

int team_size(Source s, Random& rng) {
  if (s == Source::kDeals) return 1;
  const double* p = s == Source::kPatents ? kPatentTeam : kArticleTeam;
  double x = rng.uniform();
  for (int k = 0; k < 8; ++k) {
    if (x < p[k]) return k + 1;
    x -= p[k];
  }
  return 8;
}

// Share of a document's rows placed in its own cluster; the rest go to a
// partner place anywhere in the world (collaboration).
double local_share(Source s) { return s == Source::kPatents ? 0.93 : s == Source::kPublications ? 0.88 : 1.0; }

// Yearly growth by economy and source (patents, publications, deals):
// China and India grow fastest (Chinese VC shrinks), Japan shrinks slightly.
std::array<double, 3> economy_growth(std::string_view economy) {
  const std::string_view e = economy.substr(0, 2);
  if (e == "CN") return {0.08, 0.07, -0.06};
  if (e == "IN") return {0.12, 0.10, 0.08};
  if (e == "KR" || e == "TW" || e == "SG") return {0.04, 0.03, 0.02};
  if (e == "JP") return {-0.02, -0.01, 0.0};
  if (e == "US" || e == "CA") return {0.0, 0.0, -0.02};
  if (e == "DE" || e == "FR" || e == "GB" || e == "NL" || e == "CH" || e == "SE" || e == "FI" || e == "IT" ||
      e == "ES" || e == "AT" || e == "BE" || e == "DK" || e == "NO" || e == "IE" || e == "PL")
    return {-0.01, 0.01, 0.0};
  return {0.03, 0.05, 0.03};
}
constexpr std::array<double, 3> kBackgroundGrowth{0.02, 0.03, 0.0};

// Documents per year: `total` documents over the source's reference window
// (gii-2025), following exp(g (year - middle)); years outside it extrapolate.
std::vector<std::uint64_t> documents_per_year(double total, double growth, YearWindow reference, YearWindow years) {
  const double middle = 0.5 * (reference.first + reference.last);
  double z = 0;
  for (int y = reference.first; y <= reference.last; ++y) z += std::exp(growth * (y - middle));
  std::vector<double> expected;
  for (int y = years.first; y <= years.last; ++y) expected.push_back(total * std::exp(growth * (y - middle)) / z);
  return apportion(expected);
}

// ---------------------------------------------------------------------------
// Places of the world

struct Address {
  double lat, lon;
};

// A place a cluster is spread over: an anchor city or a corridor town.
struct Site {
  double lat = 0, lon = 0;
  double sigma_km = 1;
  geo::PlaceId owner = geo::kNoPlace;  // addresses must lie nearest to it (anchors)
  std::array<double, kSources> weight{};  // expected fractional count per source
  std::array<std::vector<Address>, kSources> addresses;
  std::array<std::vector<double>, kSources> address_cumulative;
};

struct Cluster {
  const ClusterSpec* spec = nullptr;
  std::array<double, kSources> documents{};  // expected, over the reference window
  std::array<double, kSources> growth{};
  std::vector<Site> sites;
  std::array<std::vector<double>, kSources> site_cumulative;
  std::array<std::vector<std::string>, kSources> orgs;
  std::array<std::vector<double>, kSources> org_cumulative;
  std::string home;  // the first anchor's name, for organisation names
};

struct Cell {
  std::vector<geo::PlaceId> places;
  std::vector<double> cumulative;  // by population
  double population = 0;
  std::array<double, kSources> documents{};
};

struct World {
  const geo::Gazetteer* gazetteer = nullptr;
  Methodology methodology;
  SynthOptions options;
  std::array<YearWindow, kSources> reference{};  // gii-2025 windows
  std::array<YearWindow, kSources> years{};      // generated
  std::vector<Cluster> clusters;
  std::vector<Cell> cells;
  std::array<std::vector<double>, kSources> cell_cumulative;
  std::array<double, kSources> background{};
  // Partner choice: clusters then background, by expected documents.
  std::array<std::vector<double>, kSources> partner_cumulative;
  // Organisation of background rows, by source and PlaceId (places in cells only).
  std::array<std::vector<std::string>, kSources> place_org;
};

double threshold(const World& w, std::size_t m) {
  return w.methodology.metrics[m]->min_weight * w.options.scale;
}

// Fills a site's address pool for one source: `n` addresses around the site,
// the busiest first (popularity ~ 1/(i+1)^0.8, as a few institutions and
// company sites hold most of a city's records).
void make_addresses(Site& site, std::size_t m, std::size_t n, const geo::PlaceIndex& sizeable, double grid,
                    Random& rng) {
  std::vector<double> popularity;
  for (std::size_t i = 0; i < n; ++i) {
    Address a{site.lat, site.lon};
    for (int attempt = 0; attempt < 16; ++attempt) {
      double dx = rng.normal(), dy = rng.normal();
      if (dx * dx + dy * dy > 6.25) continue;  // within 2.5 sigma
      double lat, lon;
      offset(site.lat, site.lon, dx * site.sigma_km, dy * site.sigma_km, lat, lon);
      // On the methodology's grid, so that the place checked is the place
      // the ranking will credit (rounding moves a point up to ~70 m).
      lat = std::round(lat * grid) / grid;
      lon = std::round(lon * grid) / grid;
      if (site.owner != geo::kNoPlace && sizeable.nearest(lat, lon) != site.owner) continue;
      a = {lat, lon};
      break;
    }
    site.addresses[m].push_back(a);
    popularity.push_back(1.0 / std::pow(static_cast<double>(i + 1), 0.8));
  }
  site.address_cumulative[m] = cumulate(popularity);
}

const Address& pick_address(const Site& site, std::size_t m, Random& rng) {
  return site.addresses[m][pick(site.address_cumulative[m], rng)];
}

// Builds a cluster's sites: its anchors, and corridor towns every ~6 km
// between an anchor and the nearest earlier one when they are more than
// 10 km apart, so that detection (15 km radius) connects them.
void build_sites(World& w, Cluster& c, const std::array<double, 3>& share, const geo::PlaceIndex& sizeable,
                 const geo::PlaceIndex& all_places) {
  const geo::Gazetteer& gaz = *w.gazetteer;
  const ClusterSpec& spec = *c.spec;
  std::vector<geo::PlaceId> anchors;
  for (const Anchor& a : spec.anchors) {
    const geo::PlaceId p = gaz.find(a.geonameid);
    if (p == geo::kNoPlace)
      throw Error(ExitCode::kDataError,
                  fmt::format("{}: GeoNames place {} of the synthetic cluster '{}' is missing: the gazetteer "
                              "is not cities1000 (run scripts/setup.sh, or unset INNOCLUSTER_GAZETTEER)",
                              gaz.summary().path, a.geonameid, spec.name));
    anchors.push_back(p);
  }
  c.home = std::string(gaz.name(anchors.front()));
  for (std::size_t m = 0; m < kSources; ++m)
    c.documents[m] = share[m] / 100 * kWorldTotals[m] * w.options.scale;

  // Corridors carry the source strongest against its threshold: one source
  // that connects is enough, the others' clusters merge into it (5 km).
  std::size_t strongest = 0;
  for (std::size_t m = 1; m < kSources; ++m)
    if (c.documents[m] / threshold(w, m) > c.documents[strongest] / threshold(w, strongest)) strongest = m;

  std::vector<Site> corridor;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    Site s;
    s.lat = gaz.lat(anchors[i]);
    s.lon = gaz.lon(anchors[i]);
    const double pop = std::max<double>(50000, static_cast<double>(gaz.population(anchors[i])));
    s.sigma_km = std::clamp(1.0 + 0.9 * std::log(pop / 50000), 1.0, 6.0);
    s.owner = anchors[i];
    c.sites.push_back(s);
    if (i == 0) continue;
    std::size_t nearest = 0;
    double best = 1e18;
    for (std::size_t j = 0; j < i; ++j) {
      const double d = distance_km(s.lat, s.lon, c.sites[j].lat, c.sites[j].lon);
      if (d < best) best = d, nearest = j;
    }
    if (best <= 10) continue;
    const int steps = static_cast<int>(std::ceil(best / 6.0));
    for (int k = 1; k < steps; ++k) {
      const double t = static_cast<double>(k) / steps;
      Site town;
      town.lat = c.sites[nearest].lat + t * (s.lat - c.sites[nearest].lat);
      town.lon = c.sites[nearest].lon + t * (s.lon - c.sites[nearest].lon);
      const geo::PlaceId near = all_places.nearest(town.lat, town.lon);
      if (near != geo::kNoPlace && distance_km(town.lat, town.lon, gaz.lat(near), gaz.lon(near)) <= 3) {
        town.lat = gaz.lat(near);  // a real town on the way
        town.lon = gaz.lon(near);
      }
      town.sigma_km = 1.0;
      corridor.push_back(town);
    }
  }
  // Each corridor town holds 0.3 x the threshold of a corridor source, so
  // that the five towns within 15 km of one another make it core; at most
  // 35% of the source goes to corridors. When deals are the strongest
  // source, the stronger of patents and publications carries a corridor too,
  // so that the region also holds together for two-metric methods (gii-2024).
  std::array<bool, kSources> carries{};
  carries[strongest] = !corridor.empty();
  if (strongest == 2 && !corridor.empty())
    carries[c.documents[0] / threshold(w, 0) > c.documents[1] / threshold(w, 1) ? 0 : 1] = true;
  for (std::size_t m = 0; m < kSources; ++m) {
    if (!carries[m]) continue;
    const double per_town = std::min(0.3 * threshold(w, m), 0.35 * c.documents[m] / static_cast<double>(corridor.size()));
    for (Site& t : corridor) t.weight[m] = per_town;
  }
  double anchor_total = 0;
  for (const Anchor& a : spec.anchors) anchor_total += a.weight;
  for (std::size_t m = 0; m < kSources; ++m) {
    double left = c.documents[m];
    for (const Site& t : corridor) left -= t.weight[m];
    for (std::size_t i = 0; i < anchors.size(); ++i) c.sites[i].weight[m] = left * spec.anchors[i].weight / anchor_total;
  }
  // An anchor too light to be core on its own in a source, and not within
  // reach of one that is, would be noise there and its activity lost. For
  // the places after the first, whose activity relative to the first decides
  // the name, it is converted, share for share, into the strongest source at
  // the same place (which the corridors connect): the place keeps its
  // planned activity and the cluster its name. In the strongest source
  // without corridors, it joins the first anchor. The first anchor's own
  // light sources stay as they are and are noise, as they would be in real
  // data (Ningde's few articles).
  auto viable_anchors = [&](std::size_t m) {
    std::vector<bool> viable(anchors.size());
    for (std::size_t i = 0; i < anchors.size(); ++i) viable[i] = c.sites[i].weight[m] >= 1.2 * threshold(w, m);
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < anchors.size(); ++i)
        for (std::size_t j = 0; j < anchors.size() && !viable[i]; ++j)
          if (viable[j] && distance_km(c.sites[i].lat, c.sites[i].lon, c.sites[j].lat, c.sites[j].lon) <= 12)
            viable[i] = changed = true;
    }
    return viable;
  };
  const double scale = w.options.scale;
  for (std::size_t m = 0; m < kSources; ++m) {
    if (m == strongest || carries[m]) continue;
    const std::vector<bool> viable = viable_anchors(m);
    for (std::size_t i = 1; i < anchors.size(); ++i)
      if (!viable[i]) {
        const double moved = c.sites[i].weight[m] / (kWorldTotals[m] * scale);
        c.sites[i].weight[strongest] += moved * kWorldTotals[strongest] * scale;
        c.sites[i].weight[m] = 0;
      }
  }
  if (corridor.empty()) {
    const std::vector<bool> viable = viable_anchors(strongest);
    double stranded = 0;
    for (std::size_t i = 1; i < anchors.size(); ++i) stranded += viable[i] ? 0 : c.sites[i].weight[strongest];
    if (viable[0] || c.sites[0].weight[strongest] + stranded >= 1.2 * threshold(w, strongest))
      for (std::size_t i = 1; i < anchors.size(); ++i)
        if (!viable[i]) {
          c.sites[0].weight[strongest] += c.sites[i].weight[strongest];
          c.sites[i].weight[strongest] = 0;
        }
  }
  c.sites.insert(c.sites.end(), corridor.begin(), corridor.end());
  for (std::size_t m = 0; m < kSources; ++m) {
    c.documents[m] = 0;
    for (const Site& site : c.sites) c.documents[m] += site.weight[m];
  }

  Random rng(stream_seed(w.options.seed, 1000 + static_cast<std::uint64_t>(spec.rank)));
  for (std::size_t m = 0; m < kSources; ++m) {
    std::vector<double> weights;
    for (Site& s : c.sites) {
      weights.push_back(s.weight[m]);
      // About two addresses per sqrt(row): a few busy institutions, a long tail.
      const double rows = s.weight[m] * (m == 0 ? 3.0 : m == 1 ? 4.6 : 1.0);
      const auto n = static_cast<std::size_t>(std::clamp(2 * std::sqrt(rows), 3.0, 3000.0));
      make_addresses(s, m, n, sizeable, std::pow(10.0, w.methodology.location_decimals), rng);
    }
    c.site_cumulative[m] = cumulate(weights);
    c.orgs[m] = organisation_names(static_cast<Source>(m), spec.profile, c.home, spec.economy, rng);
    std::vector<double> popularity;
    for (std::size_t i = 0; i < c.orgs[m].size(); ++i) popularity.push_back(1.0 / std::pow(static_cast<double>(i + 1), 1.1));
    c.org_cumulative[m] = cumulate(popularity);
  }
  // Growth: the economy's trend, nudged per cluster so that neighbours differ.
  const std::array<double, 3> g = economy_growth(spec.economy);
  std::uint64_t h = static_cast<std::uint64_t>(spec.rank) * 0x9E3779B97F4A7C15ull;
  const double nudge = (static_cast<double>(splitmix64(h) >> 11) * 0x1.0p-53 - 0.5) * 0.04;
  for (std::size_t m = 0; m < kSources; ++m) c.growth[m] = g[m] + nudge;
}

// Background: every gazetteer place more than 30 km from a cluster's site,
// grouped into cells of about 28 km; each source's leftover volume is shared
// among cells in proportion to population, no cell above a tenth of the
// detection threshold (a 15 km disc touches at most nine cells), so that
// background stays noise.
void build_background(World& w, const std::array<double, kSources>& cluster_documents) {
  const geo::Gazetteer& gaz = *w.gazetteer;
  std::vector<detect::UnitVector> sites;
  std::vector<double> site_lat;
  for (const Cluster& c : w.clusters)
    for (const Site& s : c.sites) {
      sites.push_back(detect::unit_vector(s.lat, s.lon));
      site_lat.push_back(s.lat);
    }
  const double exclusion = detect::ChordRadius::from_km(30).chord2();
  std::map<std::int64_t, std::size_t> cell_of_key;
  constexpr double kBand = 0.25;
  for (geo::PlaceId p = 0; p < gaz.size(); ++p) {
    bool near = false;
    for (std::size_t i = 0; i < sites.size() && !near; ++i)
      near = std::abs(site_lat[i] - gaz.lat(p)) < 0.3 && detect::chord2(sites[i], gaz.point(p)) <= exclusion;
    if (near || gaz.population(p) == 0) continue;
    const auto band = static_cast<std::int64_t>(std::floor((gaz.lat(p) + 90) / kBand));
    const double width = kBand / std::max(0.05, std::cos((static_cast<double>(band) * kBand - 90 + kBand / 2) * M_PI / 180));
    const auto col = static_cast<std::int64_t>(std::floor((gaz.lon(p) + 180) / width));
    const std::int64_t key = band * 100000 + col;
    auto [it, inserted] = cell_of_key.emplace(key, w.cells.size());
    if (inserted) w.cells.emplace_back();
    Cell& cell = w.cells[it->second];
    cell.places.push_back(p);
    cell.population += static_cast<double>(gaz.population(p));
    cell.cumulative.push_back(cell.population);
  }
  // Cells in key order, so the numbering does not depend on the file order.
  for (std::size_t m = 0; m < kSources; ++m) w.place_org[m].resize(gaz.size());
  for (const Cell& c : w.cells)
    for (geo::PlaceId p : c.places)
      for (std::size_t m = 0; m < kSources; ++m)
        w.place_org[m][p] = background_organisation(static_cast<Source>(m), gaz.name(p), gaz.population(p));
  std::vector<Cell> ordered;
  for (const auto& [key, index] : cell_of_key) ordered.push_back(std::move(w.cells[index]));
  w.cells = std::move(ordered);

  for (std::size_t m = 0; m < kSources; ++m) {
    const double world = kWorldTotals[m] * w.options.scale;
    w.background[m] = std::max(0.0, world - cluster_documents[m]);
    const double cap = threshold(w, m) / 10;
    // Water-filling: the rate r per inhabitant with sum(min(r pop, cap)) = background.
    double lo = 0, hi = 1;
    auto filled = [&](double r) {
      double sum = 0;
      for (const Cell& c : w.cells) sum += std::min(r * c.population, cap);
      return sum;
    };
    while (filled(hi) < w.background[m] && hi < 1e6) hi *= 2;
    for (int i = 0; i < 100; ++i) {
      const double mid = 0.5 * (lo + hi);
      (filled(mid) < w.background[m] ? lo : hi) = mid;
    }
    std::vector<double> weights;
    for (Cell& c : w.cells) weights.push_back(c.documents[m] = std::min(hi * c.population, cap));
    w.cell_cumulative[m] = cumulate(weights);
  }
}

// ---------------------------------------------------------------------------
// Writing rows

struct Row {
  int year;
  double lat, lon;
  const std::string* field;
  const std::string* org;
};

class TaskOutput {
 public:
  explicit TaskOutput(Source s) : source_(s) {}
  void row(std::string_view id, const Row& r) {
    fmt::format_to(std::back_inserter(text), "{},{},{:.4f},{:.4f},", id, r.year, r.lat, r.lon);
    append_csv_field(text, *r.field);
    text.push_back(',');
    append_csv_field(text, *r.org);
    text.push_back('\n');
    ++rows;
  }
  std::string document_id(std::size_t task, std::uint64_t n, int year) const {
    switch (source_) {
      case Source::kPatents: return fmt::format("WO{}{:03}{:06}", year, task, n);
      case Source::kPublications: return fmt::format("10.5555/syn.{}.{}", task, n);
      case Source::kDeals: return fmt::format("VC-{}-{}-{}", year, task, n);
    }
    return {};
  }
  std::string text;
  std::uint64_t rows = 0, documents = 0;

 private:
  Source source_;
};

// A partner place anywhere: a cluster or a background cell, by volume.
Address partner_address(const World& w, std::size_t m, Random& rng, const std::string** org) {
  const std::size_t i = pick(w.partner_cumulative[m], rng);
  if (i < w.clusters.size()) {
    const Cluster& c = w.clusters[i];
    const Site& s = c.sites[pick(c.site_cumulative[m], rng)];
    if (org) *org = &c.orgs[m][pick(c.org_cumulative[m], rng)];
    return pick_address(s, m, rng);
  }
  const Cell& cell = w.cells[pick(w.cell_cumulative[m], rng)];
  const geo::PlaceId p = cell.places[pick(cell.cumulative, rng)];
  double lat, lon;
  offset(w.gazetteer->lat(p), w.gazetteer->lon(p), rng.normal(), rng.normal(), lat, lon);
  if (org) *org = &w.place_org[m][p];
  return {lat, lon};
}

// One cluster's documents of one source.
void cluster_task(const World& w, std::size_t m, std::size_t ci, std::size_t task, TaskOutput& out) {
  const Cluster& c = w.clusters[ci];
  const Source source = static_cast<Source>(m);
  Random rng(stream_seed(w.options.seed, (task + 1) * 8 + m));
  const std::vector<std::uint64_t> per_year =
      documents_per_year(c.documents[m], c.growth[m], w.reference[m], w.years[m]);
  const Profile profile = c.spec->profile;
  // The lead row of each document picks its site from a Weyl sequence (golden
  // ratio steps) rather than at random, so that every site gets its planned
  // share of documents to within a few, even in a small world.
  double weyl = rng.uniform();
  std::uint64_t n = 0;
  for (std::size_t yi = 0; yi < per_year.size(); ++yi) {
    const int year = w.years[m].first + static_cast<int>(yi);
    for (std::uint64_t d = 0; d < per_year[yi]; ++d) {
      const std::string id = out.document_id(task, ++n, year);
      const int k = team_size(source, rng);
      const std::string& field = pick_field(source, profile, rng);
      const std::string* org = &c.orgs[m][pick(c.org_cumulative[m], rng)];
      for (int r = 0; r < k; ++r) {
        Address a;
        const std::string* row_org = org;
        if (r == 0) {
          weyl += 0.6180339887498949;
          weyl -= std::floor(weyl);
          a = pick_address(c.sites[pick_at(c.site_cumulative[m], weyl)], m, rng);
        } else if (rng.uniform() < local_share(source)) {
          a = pick_address(c.sites[pick(c.site_cumulative[m], rng)], m, rng);
          if (source == Source::kPublications) row_org = &c.orgs[m][pick(c.org_cumulative[m], rng)];
        } else {
          a = partner_address(w, m, rng, source == Source::kPublications ? &row_org : nullptr);
        }
        out.row(id, {year, a.lat, a.lon, &field, row_org});
      }
      ++out.documents;
    }
  }
}

// Background documents of the cells [first, last).
void background_task(const World& w, std::size_t m, std::size_t first, std::size_t last, std::size_t task,
                     TaskOutput& out) {
  const Source source = static_cast<Source>(m);
  Random rng(stream_seed(w.options.seed, (task + 1) * 8 + m));
  std::vector<double> expected;
  for (std::size_t i = first; i < last; ++i) expected.push_back(w.cells[i].documents[m]);
  const std::vector<std::uint64_t> counts = apportion(expected);
  const geo::Gazetteer& gaz = *w.gazetteer;
  std::uint64_t n = 0;
  for (std::size_t i = first; i < last; ++i) {
    const Cell& cell = w.cells[i];
    const std::vector<std::uint64_t> per_year =
        documents_per_year(static_cast<double>(counts[i - first]), kBackgroundGrowth[m], w.reference[m], w.years[m]);
    for (std::size_t yi = 0; yi < per_year.size(); ++yi) {
      const int year = w.years[m].first + static_cast<int>(yi);
      for (std::uint64_t d = 0; d < per_year[yi]; ++d) {
        const std::string id = out.document_id(task, ++n, year);
        const int k = team_size(source, rng);
        const std::string& field = pick_field(source, Profile::kGeneral, rng);
        const geo::PlaceId home = cell.places[pick(cell.cumulative, rng)];
        const std::string* org = &w.place_org[m][home];
        for (int r = 0; r < k; ++r) {
          Address a;
          const std::string* row_org = org;
          if (r == 0 || rng.uniform() < local_share(source)) {
            const geo::PlaceId p = r == 0 ? home : cell.places[pick(cell.cumulative, rng)];
            offset(gaz.lat(p), gaz.lon(p), rng.normal(), rng.normal(), a.lat, a.lon);
            if (source == Source::kPublications && r > 0) row_org = &w.place_org[m][p];
          } else {
            a = partner_address(w, m, rng, source == Source::kPublications ? &row_org : nullptr);
          }
          out.row(id, {year, a.lat, a.lon, &field, row_org});
        }
        ++out.documents;
      }
    }
  }
}

// Writes one source's file: cluster tasks in rank order, then background
// blocks, computed on `threads` workers a batch at a time and written in order.
SourceTotals write_source(const World& w, std::size_t m, const std::filesystem::path& path, int threads) {
  struct Task {
    bool background;
    std::size_t first, last;  // cluster index, or cell range
  };
  std::vector<Task> tasks;
  for (std::size_t i = 0; i < w.clusters.size(); ++i) tasks.push_back({false, i, i + 1});
  constexpr std::size_t kCellsPerTask = 2000;
  for (std::size_t i = 0; i < w.cells.size(); i += kCellsPerTask)
    tasks.push_back({true, i, std::min(w.cells.size(), i + kCellsPerTask)});

  SourceTotals totals;
  totals.file = path.filename().string();
  totals.years = w.years[m];
  double expected = w.background[m];
  for (const Cluster& c : w.clusters) expected += c.documents[m];
  Progress progress(fmt::format("synth: {}", totals.file), static_cast<std::uint64_t>(expected));
  constexpr std::string_view kHeader = "id,year,lat,lon,field,org\n";
  OutputFile file(path);
  file.write(kHeader);
  const std::size_t batch = std::max<std::size_t>(1, 2 * static_cast<std::size_t>(threads));
  for (std::size_t start = 0; start < tasks.size(); start += batch) {
    const std::size_t end = std::min(tasks.size(), start + batch);
    std::vector<TaskOutput> outputs(end - start, TaskOutput(static_cast<Source>(m)));
    for_each_task(end - start, threads, [&](std::size_t i) {
      const std::size_t t = start + i;
      const Task& task = tasks[t];
      if (task.background) background_task(w, m, task.first, task.last, t, outputs[i]);
      else cluster_task(w, m, task.first, t, outputs[i]);
    });
    for (std::size_t t = start; t < end; ++t) {
      TaskOutput& o = outputs[t - start];
      file.write(o.text);
      totals.rows += o.rows;
      totals.documents += o.documents;
      (tasks[t].background ? totals.background_documents : totals.cluster_documents) += o.documents;
      totals.bytes += o.text.size();
    }
    progress.update(totals.documents);
  }
  file.commit();
  totals.bytes += kHeader.size();
  return totals;
}

}  // namespace

WorldSummary generate_world(const SynthOptions& options, const std::filesystem::path& out_dir) {
  Stopwatch watch;
  if (!(options.scale > 0 && options.scale <= 10))
    throw Error(ExitCode::kUsage, fmt::format("--scale {}: must be > 0 and <= 10 (1 = the real world's volume)", options.scale));
  if (options.years && !(1900 <= options.years->first && options.years->first <= options.years->last &&
                         options.years->last <= 2100))
    throw Error(ExitCode::kUsage, fmt::format("--years {}-{}: give two years A-B with 1900 <= A <= B <= 2100",
                                              options.years->first, options.years->last));
  World w;
  w.options = options;
  w.methodology = load_methodology(resolve_methodology_path("gii-2025"));
  for (std::size_t m = 0; m < kSources; ++m) {
    if (!w.methodology.metrics[m])
      throw Error(ExitCode::kConfig, "the shipped gii-2025 methodology lacks a metric: reinstall methodologies/");
    w.reference[m] = w.methodology.metrics[m]->years;
    w.years[m] = options.years ? *options.years : w.reference[m];
  }
  const geo::Gazetteer gazetteer = geo::load_gazetteer();
  w.gazetteer = &gazetteer;
  const geo::PlaceIndex sizeable(gazetteer, static_cast<std::uint64_t>(w.methodology.naming.min_population));
  const geo::PlaceIndex all_places(gazetteer, 0);

  const std::vector<std::array<double, 3>> shares = world_shares();
  const std::span<const ClusterSpec> specs = world_clusters();
  w.clusters.resize(specs.size());
  {
    Progress progress("synth: placing clusters", specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i) {
      w.clusters[i].spec = &specs[i];
      build_sites(w, w.clusters[i], shares[i], sizeable, all_places);
      progress.update(i + 1);
    }
  }
  std::array<double, kSources> cluster_documents{};
  for (const Cluster& c : w.clusters)
    for (std::size_t m = 0; m < kSources; ++m) cluster_documents[m] += c.documents[m];
  build_background(w, cluster_documents);
  for (std::size_t m = 0; m < kSources; ++m) {
    std::vector<double> weights;
    for (const Cluster& c : w.clusters) weights.push_back(c.documents[m]);
    weights.push_back(w.background[m]);
    // The background entry stands for all cells: partner_address() picks one.
    w.partner_cumulative[m] = cumulate(weights);
  }

  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec)
    throw Error(ExitCode::kCannotCreate,
                fmt::format("{}: cannot create the output directory: {}", out_dir.string(), ec.message()));
  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  WorldSummary summary;
  summary.clusters = w.clusters.size();
  for (const Cell& c : w.cells) summary.background_places += c.places.size();
  for (std::size_t m = 0; m < kSources; ++m)
    summary.sources[m] = write_source(w, m, out_dir / fmt::format("{}.csv", source_name(static_cast<Source>(m))), threads);
  summary.seconds = watch.seconds();
  write_file_atomically(out_dir / kSyntheticMarker, json_file_text(synthetic_manifest(options, summary)));
  return summary;
}

nlohmann::ordered_json synthetic_manifest(const SynthOptions& options, const WorldSummary& summary) {
  nlohmann::ordered_json sources = nlohmann::ordered_json::object();
  for (std::size_t m = 0; m < kSources; ++m) {
    const SourceTotals& s = summary.sources[m];
    sources[std::string(source_name(static_cast<Source>(m)))] = {
        {"file", s.file},
        {"years", {s.years.first, s.years.last}},
        {"rows", s.rows},
        {"documents", s.documents},
        {"cluster_documents", s.cluster_documents},
        {"background_documents", s.background_documents},
        {"bytes", s.bytes},
    };
  }
  nlohmann::ordered_json years = nullptr;
  if (options.years) years = {options.years->first, options.years->last};
  return {
      {"synthetic", true},
      {"statement",
       "SYNTHETIC DATA. These records were generated by innocluster synth; they are not real patents, articles "
       "or deals. Clusters are placed at real places (GeoNames) with shares modelled on the published GII 2025 "
       "ranking, so that rankings look realistic, but every id, count, field and organisation is made up."},
      {"generator", "innocluster synth"},
      {"generator_version", kGeneratorVersion},
      {"innocluster_version", kVersion},
      {"seed", options.seed},
      {"scale", options.scale},
      {"years", years},
      {"clusters", summary.clusters},
      {"background_places", summary.background_places},
      {"sources", sources},
      {"attribution", geo::kGazetteerAttribution},
  };
}

bool in_synthetic_directory(const std::filesystem::path& input_path) {
  std::error_code ec;
  const std::filesystem::path dir = input_path.has_parent_path() ? input_path.parent_path() : ".";
  return std::filesystem::exists(dir / kSyntheticMarker, ec);
}

}  // namespace innocluster::synth
