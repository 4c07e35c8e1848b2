#include "report/cluster_outputs.h"

#include <cmath>

#include <fmt/format.h>

#include "core/text.h"
#include "geo/countries.h"
#include "geo/gazetteer.h"
#include "io/json_file.h"
#include "io/output_file.h"

namespace innocluster {
namespace {

std::size_t index_of(Source s) { return static_cast<std::size_t>(s); }


std::string describe(const std::vector<measure::Descriptor>& top) {
  std::string out;
  for (const measure::Descriptor& d : top)
    out += fmt::format("{}{} ({:.1f}%)", out.empty() ? "" : "; ", d.label, 100 * d.share);
  return out;
}

FieldValue optional_real(const std::optional<double>& v, int decimals) {
  if (!v) return std::monostate{};
  return round_to(*v, decimals);
}

}  // namespace

SourceWords descriptor_columns(Source s) {
  switch (s) {
    case Source::kPatents: return {"top_technology_fields", "top_applicants"};
    case Source::kPublications: return {"top_science_fields", "top_institutions"};
    case Source::kDeals: return {"top_deal_sectors", "top_companies"};
  }
  return {"", ""};
}

FeatureTable cluster_table(const RankRun& run) {
  FeatureTable t;
  t.layer = "clusters";
  std::vector<Source> sources;
  for (const SourceIngest& s : run.sources) sources.push_back(s.source);
  auto field = [&t](std::string name, FieldType type) { t.fields.push_back({std::move(name), type}); };
  field("rank", FieldType::kInteger);
  field("name", FieldType::kString);
  field("economy", FieldType::kString);
  for (Source s : sources) field(std::string(source_name(s)), FieldType::kReal);
  for (Source s : sources) field(fmt::format("share_{}", source_name(s)), FieldType::kReal);
  field("score", FieldType::kReal);
  field("population", FieldType::kInteger);
  field("intensity", FieldType::kReal);
  field("intensity_rank", FieldType::kInteger);
  field("in_top", FieldType::kInteger);
  for (Source s : sources) field(fmt::format("{}_per_million", source_name(s)), FieldType::kReal);
  field("lat", FieldType::kReal);
  field("lon", FieldType::kReal);
  field("area_km2", FieldType::kReal);
  for (Source s : sources) field(fmt::format("locations_{}", source_name(s)), FieldType::kInteger);
  for (Source s : sources) field(descriptor_columns(s).fields, FieldType::kString);
  for (Source s : sources) field(descriptor_columns(s).orgs, FieldType::kString);
  field("cluster_id", FieldType::kInteger);

  for (const rank::RankedCluster& r : run.ranked) {
    const measure::ClusterMeasures& c = run.measures[r.index];
    std::vector<FieldValue> row;
    row.emplace_back(std::int64_t{r.rank});
    row.emplace_back(r.cluster);
    row.emplace_back(r.economy);
    for (Source s : sources) row.push_back(optional_real(c.count[index_of(s)], 3));
    for (Source s : sources) row.push_back(optional_real(r.share[index_of(s)], 6));
    row.emplace_back(round_to(r.score, 6));
    if (c.population) row.emplace_back(static_cast<std::int64_t>(std::llround(*c.population)));
    else row.emplace_back(std::monostate{});
    row.push_back(optional_real(r.intensity, 6));
    if (r.intensity_rank) row.emplace_back(std::int64_t{*r.intensity_rank});
    else row.emplace_back(std::monostate{});
    row.emplace_back(std::int64_t{r.in_top ? 1 : 0});
    for (Source s : sources) row.push_back(optional_real(r.per_million[index_of(s)], 3));
    row.emplace_back(round_to(c.centre.lat, 5));
    row.emplace_back(round_to(c.centre.lon, 5));
    row.emplace_back(round_to(c.footprint.area_km2, 1));
    for (Source s : sources) row.emplace_back(static_cast<std::int64_t>(c.locations[index_of(s)]));
    for (Source s : sources) row.emplace_back(describe(c.top_fields[index_of(s)]));
    for (Source s : sources) row.emplace_back(describe(c.top_orgs[index_of(s)]));
    row.emplace_back(static_cast<std::int64_t>(r.index));
    t.rows.push_back(std::move(row));
    t.geometry_wkb.push_back(c.footprint.wkb);
  }
  return t;
}

namespace {

std::string csv_text(const FieldValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);  // shortest round-trip
  return std::get<std::string>(v);
}

void write_csv(const FeatureTable& t, const std::filesystem::path& path) {
  OutputFile out(path);
  std::string line;
  for (std::size_t i = 0; i < t.fields.size(); ++i) {
    if (i) line.push_back(',');
    append_csv_field(line, t.fields[i].name);
  }
  line.push_back('\n');
  out.write(line);
  for (const auto& row : t.rows) {
    line.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) line.push_back(',');
      append_csv_field(line, csv_text(row[i]));
    }
    line.push_back('\n');
    out.write(line);
  }
  out.commit();
}

Json descriptors_json(const std::vector<measure::Descriptor>& top) {
  Json out = Json::array();
  for (const measure::Descriptor& d : top) out.push_back({{"label", d.label}, {"share", round_to(d.share, 6)}});
  return out;
}


void write_economies(const RankRun& run, const std::filesystem::path& path) {
  const geo::Countries countries = geo::load_countries();
  CsvWriter out(path, {"economy", "name", "clusters_in_top", "cross_border_in_top"});
  for (const rank::EconomyCount& e : run.economies) {
    const auto name = countries.name(e.economy);
    out.row({e.economy, name ? *name : std::string_view{}, std::to_string(e.clusters), std::to_string(e.cross_border)});
  }
  out.commit();
}

Json clusters_json(const RankRun& run, const FeatureTable& t) {
  Json clusters = Json::array();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    Json obj = Json::object();
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      const FieldValue& v = t.rows[r][i];
      const std::string& name = t.fields[i].name;
      if (name.rfind("top_", 0) == 0) continue;  // structured below
      if (std::holds_alternative<std::monostate>(v)) obj[name] = nullptr;
      else if (const auto* n = std::get_if<std::int64_t>(&v)) obj[name] = *n;
      else if (const auto* d = std::get_if<double>(&v)) obj[name] = *d;
      else obj[name] = std::get<std::string>(v);
    }
    const rank::RankedCluster& ranked = run.ranked[r];
    const measure::ClusterMeasures& c = run.measures[ranked.index];
    obj["in_top"] = ranked.in_top;
    obj["synthetic"] = run.synthetic;
    Json places = Json::array();
    for (const measure::NamePart& p : c.naming.parts)
      places.push_back({{"name", p.name}, {"activity", round_to(p.activity, 9)}});
    obj["name_places"] = places;
    Json economies = Json::array();
    for (const measure::EconomyPart& e : c.naming.economy_parts)
      economies.push_back({{"code", e.code}, {"share", round_to(e.share, 6)}});
    obj["economy_shares"] = economies;
    for (const SourceIngest& s : run.sources) {
      obj[descriptor_columns(s.source).fields] = descriptors_json(c.top_fields[index_of(s.source)]);
      obj[descriptor_columns(s.source).orgs] = descriptors_json(c.top_orgs[index_of(s.source)]);
    }
    clusters.push_back(std::move(obj));
  }
  return clusters;
}

}  // namespace

Json clusters_json(const RankRun& run) { return clusters_json(run, cluster_table(run)); }

void write_cluster_outputs(const RankRun& run, const std::filesystem::path& out_dir) {
  const FeatureTable table = cluster_table(run);
  write_csv(table, out_dir / "clusters.csv");
  write_file_atomically(out_dir / "clusters.json", json_file_text(clusters_json(run, table)));
  write_geojson(out_dir / "clusters.geojson", table);
  write_geopackage(out_dir / "clusters.gpkg", table);
  write_economies(run, out_dir / "economies.csv");
}

Json rank_summary(const RankRun& run) {
  Json detection = Json::array();
  for (std::size_t i = 0; i < run.detections.size(); ++i) {
    const SourceDetection& d = run.detections[i];
    detection.push_back({{"source", source_name(d.source)},
                         {"locations", run.sources[i].locations.size()},
                         {"clusters", d.result.clusters},
                         {"noise_locations", d.noise_locations},
                         {"noise_weight", d.noise_weight},
                         {"seconds",
                          {{"index", d.result.times.index},
                           {"core", d.result.times.core},
                           {"connect", d.result.times.connect},
                           {"border", d.result.times.border}}}});
  }
  Json totals = Json::object();
  for (const SourceIngest& s : run.sources) totals[std::string(source_name(s.source))] = *run.totals[index_of(s.source)];
  std::size_t in_top = 0;
  for (const rank::RankedCluster& r : run.ranked) in_top += r.in_top ? 1 : 0;
  Json seconds = Json::object();
  for (const auto& [stage, secs] : run.seconds) seconds[stage] = secs;
  return {{"detection", detection},
          {"world_totals", totals},
          {"clusters", run.ranked.size()},
          {"clusters_in_top", in_top},
          {"population_source", run.population_source},
          {"gazetteer",
           {{"path", run.gazetteer.path},
            {"places", run.gazetteer.places},
            {"excluded", run.gazetteer.excluded()},
            {"attribution", geo::kGazetteerAttribution}}},
          {"stage_seconds", seconds}};
}

}  // namespace innocluster
