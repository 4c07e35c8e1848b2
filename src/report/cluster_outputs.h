#pragma once
// The tables of a ranking run (docs/formats.md): clusters.csv,
// clusters.json, clusters.geojson, clusters.gpkg and economies.csv, all from
// one column definition so that the four cluster files always agree.

#include <filesystem>

#include "io/gis_writer.h"
#include "pipeline/rank.h"
#include "report/manifest.h"

namespace innocluster {

/// What a source's descriptors are called in column names and keys.
struct SourceWords {
  const char* fields;  ///< "top_technology_fields", "top_science_fields", "top_deal_sectors"
  const char* orgs;    ///< "top_applicants", "top_institutions", "top_companies"
};
SourceWords descriptor_columns(Source s);

/// The cluster table, one row per cluster in rank order, with footprints.
FeatureTable cluster_table(const RankRun& run);

/// The content of clusters.json: one object per cluster in rank order
/// (docs/formats.md, "clusters.json").
Json clusters_json(const RankRun& run);

/// Writes clusters.csv, clusters.json, clusters.geojson, clusters.gpkg and
/// economies.csv into `out_dir`, each atomically.
void write_cluster_outputs(const RankRun& run, const std::filesystem::path& out_dir);

/// The manifest's summary of a run: per-source detection figures, totals,
/// clusters, gazetteer and population source.
Json rank_summary(const RankRun& run);

}  // namespace innocluster
