#pragma once
// Reading a small JSON file that may be missing or damaged (a package's
// package.json, a run's manifest, a demo's marker files): the callers decide
// what a missing document means, so this never throws.

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace innocluster {

/// The JSON document in `file`, or a discarded value (is_discarded(): neither
/// an object nor anything else) when the file cannot be opened or is not
/// JSON. J is nlohmann::json or nlohmann::ordered_json.
template <class J = nlohmann::json>
J read_json_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  return in ? J::parse(in, nullptr, /*allow_exceptions=*/false) : J(J::value_t::discarded);
}

}  // namespace innocluster
