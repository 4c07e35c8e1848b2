#include "rank/run_directory.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "core/error.h"
#include "io/gis_reader.h"

namespace innocluster::rank {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::size_t index_of(Source s) { return static_cast<std::size_t>(s); }

[[noreturn]] void bad_manifest(const std::string& path, const std::string& what) {
  throw Error(ExitCode::kDataError,
              fmt::format("{}: {}; the manifest was not written by `innocluster rank` of this version: "
                          "re-run the ranking",
                          path, what));
}

// The value at a dotted key, of the type asked for.
template <typename T>
T get(const Json& root, const std::string& dotted, const std::string& path) {
  const Json* node = &root;
  std::istringstream keys(dotted);
  for (std::string key; std::getline(keys, key, '.');) {
    if (!node->is_object() || !node->contains(key)) bad_manifest(path, fmt::format("key '{}' is missing", dotted));
    node = &(*node)[key];
  }
  try {
    return node->get<T>();
  } catch (const nlohmann::json::exception&) {
    bad_manifest(path, fmt::format("key '{}' has the wrong type ({})", dotted, node->dump()));
  }
}

std::optional<double> optional_real(const FieldValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::nullopt;
}

}  // namespace

Methodology methodology_from_manifest(const Json& manifest, const std::string& path) {
  Methodology m;
  m.name = get<std::string>(manifest, "methodology.name", path);
  m.path = get<std::string>(manifest, "methodology.path", path);
  m.description = get<std::string>(manifest, "methodology.description", path);
  m.edition = get<int>(manifest, "methodology.edition", path);
  // Manifests of runs made before editions existed have no file_edition.
  const Json& meta = manifest["methodology"];
  m.edition_shift = meta.contains("file_edition") ? m.edition - get<int>(manifest, "methodology.file_edition", path) : 0;
  m.location_decimals = get<int>(manifest, "methodology.location_decimals", path);
  m.merge_km = get<double>(manifest, "methodology.merge_km", path);
  m.top_n = get<int>(manifest, "methodology.top_n", path);
  m.naming.fraction = get<double>(manifest, "methodology.naming.fraction", path);
  m.naming.max_places = get<int>(manifest, "methodology.naming.max_places", path);
  m.naming.min_population = get<std::int64_t>(manifest, "methodology.naming.min_population", path);
  m.naming.economy_min_share = get<double>(manifest, "methodology.naming.economy_min_share", path);
  const Json metrics = get<Json>(manifest, "methodology.metrics", path);
  for (const auto& [key, value] : metrics.items()) {
    const auto source = parse_source(key);
    if (!source) bad_manifest(path, fmt::format("unknown metric '{}' under methodology.metrics", key));
    const std::string base = "methodology.metrics." + key + ".";
    MetricSettings s;
    s.weight = get<double>(manifest, base + "weight", path);
    s.eps_km = get<double>(manifest, base + "eps_km", path);
    s.min_weight = get<double>(manifest, base + "min_weight", path);
    const auto years = get<std::vector<int>>(manifest, base + "years", path);
    if (years.size() != 2) bad_manifest(path, fmt::format("key '{}years' must hold two years", base));
    s.years = {years[0], years[1]};
    m.metrics[index_of(*source)] = s;
  }
  return m;
}

RankRunDirectory read_rank_run(const fs::path& dir, bool footprints) {
  RankRunDirectory run;
  run.dir = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(ExitCode::kNoInput,
                fmt::format("{}: no such directory; give the --out directory of an `innocluster rank` run",
                            dir.string()));
  const fs::path manifest_path = dir / "manifest.json";
  const std::string mpath = manifest_path.string();
  std::ifstream in(manifest_path);
  if (!in)
    throw Error(ExitCode::kNoInput,
                fmt::format("{}: missing: {} is not a finished `innocluster rank` run (the manifest is written "
                            "last); run `innocluster rank ... --out {}` first",
                            mpath, dir.string(), dir.string()));
  try {
    run.manifest = Json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ExitCode::kDataError, fmt::format("{}: not valid JSON ({}); re-run the ranking", mpath, e.what()));
  }
  const std::string command = get<std::string>(run.manifest, "command", mpath);
  // `demo` runs the same pipeline on the synthetic world and writes the same tables.
  if (command != "rank" && command != "demo")
    throw Error(ExitCode::kDataError,
                fmt::format("{}: the run was made by `innocluster {}`, not `innocluster rank`: it has no ranked "
                            "clusters; run `innocluster rank` and give its --out directory",
                            mpath, command));
  run.methodology = methodology_from_manifest(run.manifest, mpath);
  for (const Json& input : get<Json>(run.manifest, "inputs", mpath)) {
    RunInput r;
    const auto source = parse_source(input.value("source", ""));
    if (!source) bad_manifest(mpath, fmt::format("an input has no known source: {}", input.dump()));
    r.source = *source;
    r.path = input.value("path", "");
    if (const auto at = input.find("absolute_path"); at != input.end() && at->is_string())
      r.absolute_path = at->get<std::string>();
    r.bytes = input.value("bytes", std::uint64_t{0});
    r.weight_accepted = input.value("weight_accepted", 0.0);
    run.inputs.push_back(std::move(r));
  }
  run.population_source = get<std::string>(run.manifest, "run.population_source", mpath);
  run.synthetic = run.manifest.value("synthetic", false);

  fs::path layer_path = dir / "clusters.geojson";
  if (!fs::is_regular_file(layer_path, ec) && fs::is_regular_file(dir / "clusters.gpkg", ec))
    layer_path = dir / "clusters.gpkg";
  if (!fs::is_regular_file(layer_path, ec))
    throw Error(ExitCode::kNoInput,
                fmt::format("{}: missing (and no clusters.gpkg beside it): the run's clusters cannot be read; "
                            "re-run `innocluster rank ... --out {}`",
                            layer_path.string(), dir.string()));
  const FeatureTable table = read_feature_table(layer_path);
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < table.fields.size(); ++i) column[table.fields[i].name] = i;
  auto col = [&](const std::string& name) -> std::optional<std::size_t> {
    const auto it = column.find(name);
    return it == column.end() ? std::nullopt : std::optional(it->second);
  };
  for (const char* required : {"rank", "name", "economy", "score", "cluster_id"})
    if (!col(required))
      throw Error(ExitCode::kDataError,
                  fmt::format("{}: no column '{}': not the cluster layer of an `innocluster rank` run; re-run "
                              "the ranking",
                              layer_path.string(), required));
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    RunCluster c;
    auto integer = [&](const char* name) {
      const auto* v = std::get_if<std::int64_t>(&row[*col(name)]);
      if (!v)
        throw Error(ExitCode::kDataError,
                    fmt::format("{}: feature {}: '{}' is not an integer; re-run the ranking", layer_path.string(),
                                r + 1, name));
      return *v;
    };
    auto text = [&](const char* name) {
      const auto* v = std::get_if<std::string>(&row[*col(name)]);
      return v ? *v : std::string();
    };
    c.rank = static_cast<int>(integer("rank"));
    c.cluster_id = integer("cluster_id");
    c.name = text("name");
    c.economy = text("economy");
    c.score = optional_real(row[*col("score")]).value_or(0);
    if (const auto i = col("in_top")) c.in_top = optional_real(row[*i]).value_or(0) != 0;
    if (const auto i = col("population"))
      if (const auto* p = std::get_if<std::int64_t>(&row[*i])) c.population = *p;
    for (Source s : kAllSources) {
      const std::string name(source_name(s));
      if (const auto i = col(name)) c.count[index_of(s)] = optional_real(row[*i]);
      if (const auto i = col("share_" + name)) c.share[index_of(s)] = optional_real(row[*i]);
    }
    if (footprints) c.footprint_wkb = table.geometry_wkb[r];
    run.clusters.push_back(std::move(c));
  }
  std::stable_sort(run.clusters.begin(), run.clusters.end(),
                   [](const RunCluster& a, const RunCluster& b) { return a.rank < b.rank; });
  return run;
}

}  // namespace innocluster::rank
