#include "report/manifest.h"

#include <array>

#include "innocluster/version.h"
#include "io/json_file.h"
#include "io/output_file.h"

namespace innocluster {
namespace {

Json methodology_json(const Methodology& m) {
  Json metrics = Json::object();
  for (Source s : kAllSources) {
    const auto& metric = m.metric(s);
    if (!metric) continue;
    metrics[std::string(source_name(s))] = {
        {"weight", metric->weight},
        {"eps_km", metric->eps_km},
        {"min_weight", metric->min_weight},
        {"years", {metric->years.first, metric->years.last}},
    };
  }
  return {{"name", m.name},
          {"path", m.path},
          {"edition", m.edition},
          {"file_edition", m.edition - m.edition_shift},
          {"description", m.description},
          {"location_decimals", m.location_decimals},
          {"merge_km", m.merge_km},
          {"top_n", m.top_n},
          {"naming",
           {{"fraction", m.naming.fraction},
            {"max_places", m.naming.max_places},
            {"min_population", m.naming.min_population},
            {"economy_min_share", m.naming.economy_min_share}}},
          {"metrics", metrics}};
}

Json column_roles(const ColumnRoles& roles) {
  Json out = Json::object();
  const std::pair<const char*, const std::string*> all[] = {
      {"id", &roles.id},         {"year", &roles.year},     {"lat", &roles.lat},
      {"lon", &roles.lon},       {"weight", &roles.weight}, {"field", &roles.field},
      {"org", &roles.org},       {"city", &roles.city},     {"region", &roles.region},
      {"country", &roles.country}, {"address", &roles.address}};
  for (const auto& [role, name] : all)
    if (!name->empty()) out[role] = *name;
  return out;
}

// Rates are shares of the rows sent to the geocoder; null when there were none.
Json geocoding_summary(const GeocodeCounts& g) {
  static constexpr std::array<const char*, 4> kLevels = {"none", "country", "region", "city"};
  Json by_match = Json::object();
  Json rate = Json::object();
  for (std::size_t level = 4; level-- > 0;) {
    by_match[kLevels[level]] = g.by_match[level];
    rate[kLevels[level]] = g.rows ? Json(static_cast<double>(g.by_match[level]) / static_cast<double>(g.rows)) : Json();
  }
  return {{"rows", g.rows},
          {"placed", g.by_match[3]},
          {"rate", g.rows ? Json(static_cast<double>(g.by_match[3]) / static_cast<double>(g.rows)) : Json()},
          {"by_match", by_match},
          {"rate_by_match", rate},
          {"distinct_addresses", g.distinct_addresses},
          {"seconds", g.seconds}};
}

}  // namespace

Json manifest_header(const std::string& command, const Methodology& methodology, bool synthetic) {
  return {{"tool", "innocluster"},
          {"version", kVersion},
          {"command", command},
          {"synthetic", synthetic},
          {"methodology", methodology_json(methodology)}};
}

Json input_summary(const SourceIngest& s, const std::filesystem::path& out_dir) {
  const IngestCounts& c = s.file.counts;
  Json by_reason = Json::object();
  for (std::size_t r = 0; r < kRejectReasonCount; ++r)
    if (c.by_reason[r] > 0) by_reason[std::string(reason_code(static_cast<RejectReason>(r)))] = c.by_reason[r];
  Json rejected_file = nullptr;
  if (s.file.rejected_file) rejected_file = std::filesystem::relative(*s.file.rejected_file, out_dir).string();
  // Where the file lies, for commands that re-read it from elsewhere
  // (sensitivity); null when the working directory cannot be resolved.
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(s.path, ec);
  Json out = {
      {"source", source_name(s.source)},
      {"path", s.path},
      {"absolute_path", ec ? Json() : Json(absolute.string())},
      {"synthetic", s.synthetic},
      {"format", s.file.format},
      {"bytes", s.file.file_bytes},
      {"columns", column_roles(s.file.roles)},
      {"ignored_columns", s.file.ignored_columns},
      {"read", c.read},
      {"accepted", c.accepted},
      {"rejected", c.rejected},
      {"rejected_by_reason", by_reason},
      {"blank_lines", c.blank_lines},
      {"rejected_file", rejected_file},
      {"documents", s.weights.documents},
      {"documents_seen", s.weights.documents_seen},
      {"weight_accepted", to_double(s.weights.accepted_total)},
      {"weight_rejected", to_double(s.weights.rejected_total)},
      {"weights", s.file.table.has_given_weights() ? "weight column" : "fractional 1/k per document"},
      {"locations", s.locations.size()},
      {"table_bytes", s.file.table.memory_bytes()},
      {"seconds", {{"read", s.read_seconds}, {"weigh", s.weigh_seconds}, {"collapse", s.collapse_seconds}}},
  };
  const ColumnRoles& roles = s.file.roles;
  if (!roles.city.empty() || !roles.region.empty() || !roles.country.empty() || !roles.address.empty())
    out["geocoding"] = geocoding_summary(c.geocoding);
  return out;
}

void write_manifest(const std::filesystem::path& out_dir, const Json& manifest) {
  write_file_atomically(out_dir / "manifest.json", json_file_text(manifest));
}

}  // namespace innocluster
