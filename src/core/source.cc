#include "core/source.h"

namespace innocluster {

std::string_view source_name(Source s) {
  switch (s) {
    case Source::kPatents: return "patents";
    case Source::kPublications: return "publications";
    case Source::kDeals: return "deals";
  }
  return "unknown";
}

std::optional<Source> parse_source(std::string_view name) {
  for (Source s : kAllSources)
    if (source_name(s) == name) return s;
  return std::nullopt;
}

}  // namespace innocluster
