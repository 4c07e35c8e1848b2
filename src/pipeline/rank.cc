#include "pipeline/rank.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/progress.h"
#include "geo/population_raster.h"
#include "measure/technology_fields.h"

namespace innocluster {
namespace {

std::size_t index_of(Source s) { return static_cast<std::size_t>(s); }

}  // namespace

SourceDetection detect_source(const SourceIngest& s, const MetricSettings& metric, int threads) {
  const WeightedLocations& loc = s.locations;
  detect::DbscanParams params;
  params.eps_km = metric.eps_km;
  params.min_weight = to_fixed_weight(metric.min_weight);
  params.threads = threads;
  SourceDetection out;
  out.source = s.source;
  out.result = detect::weighted_dbscan(detection_points(loc), params);
  FixedWeight noise = 0;
  for (std::size_t i = 0; i < loc.size(); ++i)
    if (out.result.cluster[i] < 0) {
      ++out.noise_locations;
      noise += loc.weight[i];
    }
  out.noise_weight = to_double(noise);
  return out;
}

RankRun run_rank(const RankRequest& request) {
  const Methodology& m = request.ingest.methodology;
  RankRun run;
  auto timed = [&run](const char* stage, auto&& work) {
    Stopwatch watch;
    work();
    run.seconds.emplace_back(stage, watch.seconds());
  };

  // Reference data first: a missing gazetteer should fail before hours of work.
  geo::Gazetteer gazetteer;
  timed("gazetteer", [&] { gazetteer = geo::load_gazetteer(); });
  run.gazetteer = gazetteer.summary();
  std::optional<geo::PopulationRaster> raster;
  if (request.population_raster) raster = geo::PopulationRaster::open(*request.population_raster);
  run.population_source = raster ? raster->description() : "gazetteer";
  std::optional<measure::TechnologyFields> technology;
  if (request.ingest.inputs[index_of(Source::kPatents)])
    technology = measure::TechnologyFields::load_default();

  timed("ingest", [&] { run.sources = ingest_sources(request.ingest); });
  run.synthetic = any_synthetic(run.sources);
  // A source without accepted weight has no world total to share: say why.
  for (const SourceIngest& s : run.sources)
    if (s.weights.accepted_total <= 0)
      throw Error(ExitCode::kDataError,
                  fmt::format("{}: no {} row carries weight ({} read, {} rejected: see {}): there is "
                              "nothing to rank; fix the rows or leave the file out",
                              s.path, source_name(s.source), s.file.counts.read, s.file.counts.rejected,
                              s.file.rejected_file ? s.file.rejected_file->string() : "the manifest"));

  timed("detect", [&] {
    for (const SourceIngest& s : run.sources)
      run.detections.push_back(detect_source(s, *m.metric(s.source), request.threads));
  });

  timed("merge", [&] {
    std::vector<SourceLabels> labels;
    for (std::size_t i = 0; i < run.sources.size(); ++i)
      labels.push_back({run.sources[i].source, &run.sources[i].locations, run.detections[i].result.cluster,
                        run.detections[i].result.clusters});
    run.merged = merge_clusters(labels, m.merge_km, request.threads);
  });

  timed("measure", [&] {
    measure::MeasureInput in;
    in.sources = &run.sources;
    in.merged = &run.merged;
    in.methodology = &m;
    in.gazetteer = &gazetteer;
    in.technology_fields = technology ? &*technology : nullptr;
    in.population_raster = raster ? &*raster : nullptr;
    in.top_k = request.top_k;
    run.measures = measure::measure_clusters(in);
  });

  timed("rank", [&] {
    run.totals = measure::world_totals(run.sources);
    rank::RankOptions options;
    options.top_n = m.top_n;
    for (const SourceIngest& s : run.sources) {
      options.totals[index_of(s.source)] = *run.totals[index_of(s.source)];
      options.weights[index_of(s.source)] = m.metric(s.source)->weight;
    }
    std::vector<rank::ClusterCounts> counts;
    for (const measure::ClusterMeasures& c : run.measures) {
      rank::ClusterCounts row;
      row.cluster = c.naming.name;
      row.economy = c.naming.economies;
      row.count = c.count;
      row.population = c.population;
      counts.push_back(std::move(row));
    }
    if (!counts.empty()) {
      run.ranked = rank::rank_clusters(counts, options);
      run.economies = rank::count_by_economy(run.ranked);
    }
  });
  return run;
}

}  // namespace innocluster
