#include "report/html_report.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/text.h"
#include "geo/countries.h"
#include "geo/gazetteer.h"
#include "io/json_file.h"
#include "io/output_file.h"
#include "io/topojson.h"
#include "report/cluster_outputs.h"
#include "report/world_map.h"

namespace innocluster::report {
namespace assets {
extern const std::string_view kReportCss;
extern const std::string_view kReportJs;
}  // namespace assets

namespace {

constexpr int kOutlineDecimals = 1;    // 0.1 map unit ≈ 4 km
constexpr int kFootprintDecimals = 3;  // 0.001 map unit ≈ 40 m


const char* source_label(Source s) {
  switch (s) {
    case Source::kPatents: return "Patents";
    case Source::kPublications: return "Publications";
    case Source::kDeals: return "VC deals";
  }
  return "";
}

const char* source_unit(Source s) {
  switch (s) {
    case Source::kPatents: return "PCT applications, fractional count of inventors";
    case Source::kPublications: return "scientific articles, fractional count of authors";
    case Source::kDeals: return "venture-capital deals";
  }
  return "";
}

// The version of the world-atlas package beside the outlines file, if any.
std::string package_version(const std::filesystem::path& outlines) {
  const auto package = read_json_file(outlines.parent_path() / "package.json");
  if (!package.is_object() || !package.contains("version") || !package["version"].is_string()) return "";
  return package["version"].get<std::string>();
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string script_json(const Json& value) {
  const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 64);
  for (char c : text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

Json report_data(const RankRun& run, const Json& manifest, const HtmlReportOptions& options) {
  const MapFrame frame;
  Json data = Json::object();
  const Json& methodology = manifest.at("methodology");
  data["synthetic"] = options.synthetic;
  data["title"] = fmt::format("Innovation clusters: {}", methodology.value("name", std::string()));
  data["top_n"] = methodology.value("top_n", 100);

  Json sources = Json::array();
  for (const SourceIngest& s : run.sources) {
    const std::string key(source_name(s.source));
    double weight = 1;
    if (methodology.contains("metrics") && methodology["metrics"].contains(key))
      weight = methodology["metrics"][key].value("weight", 1.0);
    sources.push_back({{"key", key},
                       {"label", source_label(s.source)},
                       {"unit", source_unit(s.source)},
                       {"weight", weight},
                       {"fields_key", descriptor_columns(s.source).fields},
                       {"orgs_key", descriptor_columns(s.source).orgs}});
  }
  data["sources"] = std::move(sources);
  data["map"] = {{"width", frame.width}, {"height", round_to(frame.height(), 2)}};

  const geo::Countries countries = geo::load_countries();
  std::set<std::string> codes;
  Json clusters = clusters_json(run);
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    Json& c = clusters[i];
    const measure::ClusterMeasures& m = run.measures[run.ranked[i].index];
    const geo::PlanePoint p = frame.project(m.centre.lat, m.centre.lon);
    c["x"] = round_to(p.x, 2);
    c["y"] = round_to(p.y, 2);
    c["footprint_path"] = footprint_path(m.footprint.wkb, frame, kFootprintDecimals);
    for (const measure::EconomyPart& e : m.naming.economy_parts) codes.insert(e.code);
  }
  data["clusters"] = std::move(clusters);

  Json economies = Json::array();
  for (const rank::EconomyCount& e : run.economies) {
    codes.insert(e.economy);
    economies.push_back({{"economy", e.economy},
                         {"clusters_in_top", e.clusters},
                         {"cross_border_in_top", e.cross_border}});
  }
  data["economies"] = std::move(economies);
  Json names = Json::object();
  for (const std::string& code : codes)
    if (const auto name = countries.name(code)) names[code] = std::string(*name);
  data["country_names"] = std::move(names);

  for (const auto& [key, value] : options.extras.data.items()) data[key] = value;
  return data;
}

std::string render_report_html(const Json& data, const Json& manifest, std::string_view outline_path) {
  const std::string title = data.value("title", std::string("Innovation clusters"));
  const double width = data.at("map").at("width").get<double>();
  const double height = data.at("map").at("height").get<double>();
  const bool synthetic = data.value("synthetic", false);
  const std::string version = manifest.value("version", std::string());
  const std::string outlines = data.contains("basemap") ? data["basemap"].value("package", std::string()) : "";

  std::string page;
  page.reserve(outline_path.size() + 64 * 1024);
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"innocluster " + html_escape(version) + "\">\n";
  page += "<title>" + html_escape(title) + "</title>\n<style>\n";
  page += assets::kReportCss;
  page += "</style>\n</head>\n<body>\n";
  if (synthetic)
    page += "<div id=\"synthetic-banner\" class=\"synthetic-banner\" role=\"note\"><strong>Synthetic data.</strong> "
            "The counts, organisations and rankings on this page come from a generated world, not from real "
            "patents, articles or deals; only the place names are real.</div>\n";
  page += "<header><h1>" + html_escape(title) + "</h1><p id=\"summary\"></p></header>\n<main>\n";
  page += fmt::format(
      "<section id=\"map-section\"><h2>Map</h2>\n"
      "<p class=\"hint\">Circles are sized by score (area); shaded areas are the clusters' footprints. "
      "Hover a circle for its name, click it for its panel; scroll to zoom, drag to pan, double-click to reset.</p>\n"
      "<div class=\"map-wrap\"><svg id=\"map\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
      "aria-label=\"World map of the clusters (Equal Earth projection)\">"
      "<path class=\"land\" d=\"",
      width, height);
  page += outline_path;  // only "MLlz0-9.- " (world_map.h)
  page += "\"/><g id=\"footprints\"></g><g id=\"marks\"></g></svg>"
          "<div id=\"tooltip\" class=\"tooltip\" hidden></div></div>\n</section>\n";
  page += "<aside id=\"panel\" class=\"panel\" hidden aria-live=\"polite\"></aside>\n";
  page += "<section id=\"rankings\"><h2>Rankings</h2>\n"
          "<p class=\"hint\">Click a column header to sort, a row to open the cluster's panel.</p>\n"
          "<div class=\"tables\"><div><h3>By size</h3><div class=\"scroll\"><table id=\"size-table\" "
          "class=\"ranking\"></table></div></div>\n"
          "<div><h3>By intensity</h3><div class=\"scroll\"><table id=\"intensity-table\" "
          "class=\"ranking\"></table></div></div></div>\n</section>\n";
  page += "<section id=\"charts\"><h2>Charts</h2><div class=\"charts\">"
          "<figure><figcaption>Clusters in the top N per economy</figcaption><div id=\"economy-chart\"></div></figure>"
          "<figure><figcaption>Metric mix of the top clusters (weighted share per source, percentage points)"
          "</figcaption><div id=\"mix-chart\"></div></figure></div>\n</section>\n";
  page += "<div id=\"extra-sections\"></div>\n";
  page += "<section id=\"methodology\"><h2>Methodology and parameters</h2><div id=\"methodology-body\"></div></section>\n";
  page += "<section id=\"run\"><h2>Run</h2><div id=\"run-body\"></div></section>\n";
  page += "<section id=\"provenance\"><h2>Data provenance and attributions</h2><ul>\n";
  if (synthetic)
    page += "<li>Contribution data: <strong>synthetic</strong>, generated by innocluster; not real patents, "
            "articles or deals.</li>\n";
  else
    page += "<li>Contribution data: the input files listed under Run.</li>\n";
  page += "<li>" + html_escape(geo::kGazetteerAttribution) + ". Cluster names and, unless a raster was given, "
          "populations come from it.</li>\n";
  page += "<li>World outlines: Natural Earth (https://www.naturalearthdata.com/), public domain, through the "
          "world-atlas package" + (outlines.empty() ? std::string() : " " + html_escape(outlines)) +
          " (TopoJSON, 1:110m), drawn in the Equal Earth projection (Šavrič, Patterson &amp; Jenny, 2018).</li>\n";
  page += "<li>Country names: ISO 3166-1, from Debian's iso-codes package.</li>\n";
  page += "<li>Technology fields: WIPO's IPC–technology concordance (35 fields, Schmoch 2008).</li>\n";
  page += "</ul></section>\n</main>\n";
  page += "<footer>Made by innocluster " + html_escape(version) +
          ". This file is self-contained: it loads nothing from the network.</footer>\n";
  page += "<script type=\"application/json\" id=\"report-data\">" + script_json(data) + "</script>\n";
  page += "<script type=\"application/json\" id=\"report-manifest\">" + script_json(manifest) + "</script>\n";
  page += "<script>\n";
  page += assets::kReportJs;
  page += "</script>\n</body>\n</html>\n";
  return page;
}

Basemap load_basemap(const HtmlReportOptions& options) {
  const std::string atlas = options.world_atlas.empty() ? world_atlas_path() : options.world_atlas;
  const std::vector<topojson::Feature> countries = topojson::read_file(atlas, "countries");
  Basemap b;
  b.file = std::filesystem::path(atlas).filename().string();
  const std::string version = package_version(atlas);
  if (!version.empty()) b.package = "world-atlas@" + version;
  b.features = countries.size();
  b.outline_path = outline_path(countries, MapFrame{}, kOutlineDecimals);
  return b;
}

std::uintmax_t write_html_report(const RankRun& run, const Json& manifest, const std::filesystem::path& out_dir,
                                 const HtmlReportOptions& options, const Basemap& basemap) {
  Json data = report_data(run, manifest, options);
  data["basemap"] = {{"package", basemap.package}, {"file", basemap.file}, {"features", basemap.features}};
  // The page is meant to be shared: it names the inputs as they were given,
  // not where they lie on this machine.
  Json embedded = manifest;
  if (embedded.contains("inputs"))
    for (Json& input : embedded["inputs"]) input.erase("absolute_path");
  const std::string page = render_report_html(data, embedded, basemap.outline_path);
  write_file_atomically(out_dir / "report.html", page);
  return page.size();
}

}  // namespace innocluster::report
