#pragma once
// report.html: one self-contained page for a ranking run (docs/formats.md,
// "report.html"): a world map of the clusters, the size and intensity
// rankings as sortable tables, a panel per cluster, charts, the methodology
// and the run's facts, data provenance and attributions. It needs nothing but
// a browser: no network, no external script, font or image.
//
// How the page is made: C++ writes the static frame (head, stylesheet, the
// world's outlines as one SVG path, the provenance text) and embeds the data
// as JSON in two <script type="application/json"> blocks — "report-data"
// (report_data(): clusters, economies, sources, map positions) and
// "report-manifest" (manifest.json as the run wrote it); the page's script
// (src/report/assets/report.js, compiled in) draws the cluster marks, tables,
// panels and charts from them. Text reaches the page only as escaped HTML
// (html_escape) or through the DOM's textContent, and the JSON blocks have
// '<', '>' and '&' written as \u003c, \u003e, \u0026 (script_json), so no
// name, organisation or path can close a tag or start a script.
//
// Determinism: the page is a function of the run, the manifest and the
// outlines file; numbers are written in shortest round-trip form after the
// rounding of clusters.json, map coordinates are quantized (report/world_map.h).
// The only varying content is what manifest.json already holds (timings).
//
// Extending it: a later analysis (rank changes against a previous edition, a
// methodology comparison, rank intervals) adds an optional member to
// ReportExtras; report_data() embeds each present one under its own key, and
// report.js's SECTIONS and COLUMNS registries render a section or a table
// column only when its key is in the data. A page without them is unchanged.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "pipeline/rank.h"
#include "report/manifest.h"

namespace innocluster::report {

/// Optional analyses shown when present (see "Extending it"; the keys
/// report/report_extras.h makes: "comparison", "methodology_comparison",
/// "sensitivity").
struct ReportExtras {
  /// Extra keys of the data block, each rendered by report.js when present.
  Json data = Json::object();
};

struct HtmlReportOptions {
  /// The run's data are synthetic: the page carries a "synthetic data" banner.
  bool synthetic = false;
  /// TopoJSON world outlines; empty = world_atlas_path().
  std::string world_atlas;
  ReportExtras extras;
};

/// The data block: {"synthetic", "title", "top_n", "sources": [{key, label,
/// weight, fields_key, orgs_key}], "map": {width, height}, "clusters":
/// [clusters.json's object + "x", "y" (map units, 2 decimals) and
/// "footprint_path" (SVG path, 3 decimals)], "economies": [economies.csv's
/// rows], "country_names": {code: name}} plus the extras.
Json report_data(const RankRun& run, const Json& manifest, const HtmlReportOptions& options);

/// The page from its parts: the data block, the manifest, and the outlines'
/// SVG path (map units of report_data's "map"). A pure function.
std::string render_report_html(const Json& data, const Json& manifest, std::string_view outline_path);

/// The world map's outlines, read once before anything is written, so that a
/// missing file stops a run before its first output.
struct Basemap {
  std::string file;          ///< the TopoJSON file's name
  std::string package;       ///< "world-atlas@2.0.2", or "" when no package.json is beside the file
  std::size_t features = 0;  ///< countries
  std::string outline_path;  ///< SVG path (report/world_map.h), map units of MapFrame{}
};

/// Reads `options.world_atlas` (or world_atlas_path()). Throws
/// Error(kNoInput) when it cannot be read and Error(kDataError) when it is not
/// a topology with a "countries" object; both messages say to run scripts/setup.sh.
Basemap load_basemap(const HtmlReportOptions& options);

/// Writes `<out_dir>/report.html` atomically and returns its size in bytes.
/// Throws Error(kCannotCreate) when the file cannot be written.
std::uintmax_t write_html_report(const RankRun& run, const Json& manifest, const std::filesystem::path& out_dir,
                                 const HtmlReportOptions& options, const Basemap& basemap);

/// Text for HTML content or a quoted attribute value: & < > " ' escaped.
std::string html_escape(std::string_view text);

/// JSON for a <script type="application/json"> block: compact, UTF-8, with
/// '<', '>' and '&' as \u003c, \u003e, \u0026 (so "</script>" cannot occur),
/// invalid UTF-8 replaced by U+FFFD.
std::string script_json(const Json& value);

}  // namespace innocluster::report
