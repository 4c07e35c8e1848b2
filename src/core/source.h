#pragma once
// The three kinds of contribution record innocluster counts.

#include <array>
#include <optional>
#include <string_view>

namespace innocluster {

enum class Source : unsigned char { kPatents = 0, kPublications = 1, kDeals = 2 };

inline constexpr std::array<Source, 3> kAllSources = {Source::kPatents, Source::kPublications,
                                                      Source::kDeals};

/// "patents", "publications", "deals": the metric names used in files and flags.
std::string_view source_name(Source s);

/// The inverse of source_name; nullopt for any other text.
std::optional<Source> parse_source(std::string_view name);

}  // namespace innocluster
