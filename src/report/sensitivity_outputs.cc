#include "report/sensitivity_outputs.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/output_file.h"

namespace innocluster {
namespace {

using Json = nlohmann::ordered_json;

double round_to(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

Json per_metric(const std::array<double, 3>& values, const std::vector<rank::RunInput>& inputs, int decimals) {
  Json out = Json::object();
  for (const rank::RunInput& in : inputs)
    out[std::string(source_name(in.source))] = round_to(values[static_cast<std::size_t>(in.source)], decimals);
  return out;
}

// Names hold multi-byte UTF-8 (en dashes): pad by code points, not bytes.
std::string padded(const std::string& text, std::size_t width) {
  std::size_t n = 0;
  for (unsigned char ch : text) n += (ch & 0xC0) != 0x80;
  return text + std::string(n < width ? width - n : 0, ' ');
}

}  // namespace

void write_sensitivity(const SensitivityReport& report, const std::filesystem::path& out_dir) {
  CsvWriter csv(out_dir / "sensitivity.csv",
                std::vector<std::string>{"name", "economy", "rank", "rank_median", "rank_p05", "rank_p95", "top_share",
                                         "matched_share", "cluster_id"});
  for (const SensitivityRow& r : report.rows) {
    const rank::RunCluster& c = report.run.clusters[r.cluster];
    csv.row(std::vector<std::string>{c.name, c.economy, std::to_string(c.rank), std::to_string(r.rank_median),
                                     std::to_string(r.rank_p05), std::to_string(r.rank_p95),
                                     fmt::format("{}", round_to(r.top_share, 4)),
                                     fmt::format("{}", round_to(r.matched_share, 4)), std::to_string(c.cluster_id)});
  }
  csv.commit();

  const rank::SensitivityOptions& o = report.options;
  Json samples = Json::array();
  for (std::size_t k = 0; k < report.result.choices.size(); ++k) {
    const rank::SampleChoices& c = report.result.choices[k];
    samples.push_back({{"sample", k},
                       {"eps_km", per_metric(c.eps_km, report.run.inputs, 6)},
                       {"min_weight", per_metric(c.min_weight, report.run.inputs, 6)},
                       {"weight", per_metric(c.weight, report.run.inputs, 6)},
                       {"merge_km", round_to(c.merge_km, 6)},
                       {"clusters", report.result.sample_clusters[k]}});
  }
  const Methodology& m = report.run.methodology;
  Json kept = Json::object();
  for (const rank::RunInput& in : report.run.inputs)
    kept[std::string(source_name(in.source))] = report.result.kept_locations[static_cast<std::size_t>(in.source)];
  Json json = {{"run", report.run.dir.string()},
               {"methodology", m.name},
               {"edition", m.edition},
               {"samples", o.samples},
               {"seed", o.seed},
               {"range", o.range},
               {"weight_concentration", o.weight_concentration},
               {"top_n", o.top_n},
               {"percentiles", "nearest rank; p05 and p95 widened to hold the base rank"},
               {"table", "sensitivity.csv"},
               {"seconds", {{"ingest_and_base", report.ingest_seconds}, {"samples", report.samples_seconds}}},
               {"threads", o.threads},
               {"locations_sampled", kept},
               {"sample_choices", samples}};
  write_file_atomically(out_dir / "sensitivity.json", json.dump(2) + "\n");
}

std::string sensitivity_summary(const SensitivityReport& report, int show) {
  std::string out = fmt::format("{:>4}  {} {:>6} {:>11} {:>8}\n", "rank", padded("cluster", 34), "median",
                                "90% range", fmt::format("in top {}", report.options.top_n));
  for (const SensitivityRow& r : report.rows) {
    const rank::RunCluster& c = report.run.clusters[r.cluster];
    if (c.rank > show) break;
    out += fmt::format("{:>4}  {} {:>6} {:>11} {:>7.0f}%\n", c.rank, padded(c.name, 34), r.rank_median,
                       fmt::format("{}-{}", r.rank_p05, r.rank_p95), 100 * r.top_share);
  }
  const auto& o = report.options;
  out += fmt::format("{} samples (seed {}): eps, min weight and merge distance within ±{}%, metric weights Dirichlet "
                     "around the methodology's; {:.1f} s on {} threads ({:.1f} samples/s), inputs and base run {:.1f} s\n",
                     o.samples, o.seed, round_to(100 * o.range, 1), report.samples_seconds, o.threads,
                     report.samples_seconds > 0 ? o.samples / report.samples_seconds : 0.0, report.ingest_seconds);
  return out;
}

}  // namespace innocluster
