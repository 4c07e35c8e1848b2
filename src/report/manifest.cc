#include "report/manifest.h"

#include "innocluster/version.h"
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
  return {
      {"source", source_name(s.source)},
      {"path", s.path},
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
}

void write_manifest(const std::filesystem::path& out_dir, const Json& manifest) {
  write_file_atomically(out_dir / "manifest.json", manifest.dump(2) + "\n");
}

}  // namespace innocluster
