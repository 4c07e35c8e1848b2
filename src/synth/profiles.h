#pragma once
// What a synthetic cluster's records are about: technology fields (as IPC
// codes), science fields, deal sectors and organisation names, by profile
// (synth/world_clusters.h). A profile draws 75% of its fields from its own
// specialities and 25% from the general mix, so that every cluster has a
// recognisable lead field (Shenzhen: digital communication; Boston:
// pharmaceuticals) and a plausible spread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "synth/random.h"
#include "synth/world_clusters.h"

namespace innocluster::synth {

/// An IPC code (patents), a science field (publications) or a sector (deals).
const std::string& pick_field(Source source, Profile profile, Random& rng);

/// The organisations of a cluster for one source, most active first:
/// applicants (patents), institutions (publications) or companies (deals),
/// named after the cluster's home city; made up, and plausible.
std::vector<std::string> organisation_names(Source source, Profile profile, const std::string& home,
                                            std::string_view economy, Random& rng);

/// The organisation of a background place's records.
std::string background_organisation(Source source, std::string_view place, std::uint64_t population);

}  // namespace innocluster::synth
