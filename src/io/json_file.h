#pragma once
// Reading a small JSON file that may be missing or damaged (a package's
// package.json, a run's manifest, a demo's marker files): the callers decide
// what a missing document means, so this never throws. And the text of a
// JSON file the programs write.

#include <filesystem>
#include <fstream>
#include <string>

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

/// The text of a JSON output file: `doc` indented by 2, ending with a
/// newline. Strings that are not UTF-8 (a path, a name read from the input)
/// are written with U+FFFD for their bad bytes, rather than failing once the
/// work is done.
template <class J>
std::string json_file_text(const J& doc) {
  return doc.dump(2, ' ', false, J::error_handler_t::replace) + "\n";
}

}  // namespace innocluster
