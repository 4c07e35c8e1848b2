#include "synth/profiles.h"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace innocluster::synth {
namespace {

// IPC codes, one or more per WIPO technology field a profile leans on.
const std::vector<std::string> kIpc = {
    "H04L 5/00",     // 0 Digital communication
    "H04W 72/04",    // 1 Digital communication
    "G06F 3/01",     // 2 Computer technology
    "G06N 20/00",    // 3 Computer technology
    "H04B 7/06",     // 4 Telecommunications
    "H01L 21/00",    // 5 Semiconductors
    "G02B 27/00",    // 6 Optics
    "A61K 31/00",    // 7 Pharmaceuticals
    "C07D 401/04",   // 8 Organic fine chemistry
    "C12N 15/00",    // 9 Biotechnology
    "A61B 5/00",     // 10 Medical technology
    "B60W 30/00",    // 11 Transport
    "F02D 41/00",    // 12 Engines, pumps, turbines
    "H01M 10/0525",  // 13 Electrical machinery, apparatus, energy
    "C08L 23/00",    // 14 Macromolecular chemistry, polymers
    "B01J 23/00",    // 15 Chemical engineering
    "B25J 9/00",     // 16 Handling
    "G05B 19/00",    // 17 Control
    "G06Q 40/00",    // 18 IT methods for management
    "G01N 33/00",    // 19 Analysis of biological materials
    "F16H 1/00",     // 20 Mechanical elements
    "B23K 26/00",    // 21 Machine tools
    "H04N 23/00",    // 22 Audio-visual technology
    "C09D 5/00",     // 23 Surface technology, coating
};
const std::vector<std::string> kScience = {
    "Computer Science",                       // 0
    "Electrical & Electronic Engineering",    // 1
    "Medicine",                               // 2
    "Chemistry",                              // 3
    "Physics",                                // 4
    "Materials Science",                      // 5
    "Biochemistry & Molecular Biology",       // 6
    "Mathematics",                            // 7
    "Environmental Sciences",                 // 8
    "Mechanical Engineering",                 // 9
    "Pharmacology & Pharmacy",                // 10
    "Energy & Fuels",                         // 11
    "Neurosciences",                          // 12
};
const std::vector<std::string> kSectors = {
    "Software",               // 0
    "AI & Machine Learning",  // 1
    "Biotechnology",          // 2
    "Fintech",                // 3
    "Hardware",               // 4
    "Healthcare",             // 5
    "Cleantech",              // 6
    "Mobility",               // 7
    "E-commerce",             // 8
    "Semiconductors",         // 9
    "Industrial Technology",  // 10
};

struct Lean {
  std::vector<std::size_t> ipc, science, sectors;  // specialities, leading one first
  std::vector<const char*> words;                  // for applicant names
};

const Lean& lean(Profile p) {
  static const std::array<Lean, 9> leans = {{
      {{2, 0, 7, 10, 13}, {0, 2, 3, 4}, {0, 5, 8}, {"Industries", "Technology", "Holdings", "Instruments"}},  // general
      {{0, 1, 2, 3, 4, 22}, {0, 1, 7}, {0, 1, 8, 4}, {"Telecom", "Networks", "Digital", "Software", "Cloud"}},  // digital
      {{7, 9, 10, 8, 19}, {2, 6, 10, 12}, {2, 5}, {"Pharmaceuticals", "Biosciences", "Therapeutics", "Medical"}},  // pharma
      {{11, 12, 13, 20, 17}, {9, 1, 11}, {7, 10, 6}, {"Motor", "Automotive", "Mobility", "Drive Systems"}},  // automotive
      {{5, 22, 6, 2, 1}, {1, 4, 5}, {4, 9, 0}, {"Electronics", "Semiconductor", "Display", "Optical"}},  // electronics
      {{13, 11, 5, 15}, {11, 5, 3}, {6, 7}, {"Energy", "Battery", "New Energy", "Power"}},  // battery
      {{14, 15, 8, 23, 7}, {3, 5, 8}, {6, 2, 10}, {"Chemical", "Materials", "Polymers", "Coatings"}},  // chemistry
      {{16, 17, 20, 21, 12}, {9, 1, 5}, {10, 4, 7}, {"Machinery", "Robotics", "Precision", "Heavy Industries"}},  // machinery
      {{18, 2, 3, 0}, {0, 7, 2}, {3, 0, 1, 8}, {"Financial Technologies", "Data", "Software", "Analytics"}},  // finance
  }};
  return leans[static_cast<std::size_t>(p)];
}

// 75%: a speciality (the first twice as likely as the next, and so on);
// 25%: any value of the list, uniformly.
std::size_t choose(const std::vector<std::size_t>& special, std::size_t all, Random& rng) {
  if (special.empty() || rng.uniform() >= 0.75) return rng.below(all);
  double total = 0;
  for (std::size_t i = 0; i < special.size(); ++i) total += 1.0 / static_cast<double>(1u << i);
  double x = rng.uniform() * total;
  for (std::size_t i = 0; i < special.size(); ++i) {
    x -= 1.0 / static_cast<double>(1u << i);
    if (x < 0) return special[i];
  }
  return special.back();
}

std::string_view company_suffix(std::string_view economy) {
  const std::string_view e = economy.substr(0, 2);
  if (e == "CN" || e == "KR" || e == "TW" || e == "HK") return "Co., Ltd.";
  if (e == "JP") return "Corporation";
  if (e == "US" || e == "CA") return "Inc.";
  if (e == "DE" || e == "AT" || e == "CH") return "GmbH";
  if (e == "FR") return "SA";
  if (e == "NL" || e == "BE") return "B.V.";
  return "Ltd";
}

constexpr std::array<const char*, 20> kSyllables = {"Nova", "Lumi", "Quant", "Zen", "Vex",  "Ora",  "Kai",
                                                    "Byte", "Gen",  "Axi",   "Flux", "Mira", "Tera", "Sol",
                                                    "Neo",  "Vita", "Core",  "Hexa", "Arc",  "Pulse"};
constexpr std::array<const char*, 10> kEndings = {"ly", "ra", "on", "ix", "io", "um", "a", "eo", "is", "ar"};

}  // namespace

const std::string& pick_field(Source source, Profile profile, Random& rng) {
  const Lean& l = lean(profile);
  switch (source) {
    case Source::kPatents: return kIpc[choose(l.ipc, kIpc.size(), rng)];
    case Source::kPublications: return kScience[choose(l.science, kScience.size(), rng)];
    case Source::kDeals: return kSectors[choose(l.sectors, kSectors.size(), rng)];
  }
  return kIpc[0];
}

std::vector<std::string> organisation_names(Source source, Profile profile, const std::string& home,
                                            std::string_view economy, Random& rng) {
  const Lean& l = lean(profile);
  std::vector<std::string> out;
  switch (source) {
    case Source::kPatents:
      for (const char* w : l.words) out.push_back(fmt::format("{} {} {}", home, w, company_suffix(economy)));
      out.push_back(fmt::format("University of {}", home));
      for (const char* w : lean(Profile::kGeneral).words)
        out.push_back(fmt::format("{} {} {}", home, w, company_suffix(economy)));
      break;
    case Source::kPublications:
      for (const char* pattern : {"University of {}", "{} Institute of Technology", "{} Medical University",
                                  "{} Academy of Sciences", "{} Normal University", "{} University Hospital",
                                  "{} National Laboratory", "{} Polytechnic University"})
        out.push_back(fmt::format(fmt::runtime(pattern), home));
      break;
    case Source::kDeals:
      for (int i = 0; i < 24; ++i) {
        const char* sector_word = l.words[rng.below(l.words.size())];
        out.push_back(fmt::format("{}{} {}", kSyllables[rng.below(kSyllables.size())],
                                  kEndings[rng.below(kEndings.size())], sector_word));
      }
      break;
  }
  return out;
}

std::string background_organisation(Source source, std::string_view place, std::uint64_t population) {
  switch (source) {
    case Source::kPatents: return fmt::format("{} Manufacturing", place);
    case Source::kPublications:
      return population >= 100000 ? fmt::format("University of {}", place) : fmt::format("{} Hospital", place);
    case Source::kDeals: return fmt::format("{} Ventures", place);
  }
  return {};
}

}  // namespace innocluster::synth
