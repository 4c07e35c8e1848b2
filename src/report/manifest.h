#pragma once
// manifest.json: what a run read, what it made of it and how long it took, so
// that a result can be traced and defended (docs/formats.md, "manifest.json").

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/methodology.h"
#include "pipeline/ingest.h"

namespace innocluster {

using Json = nlohmann::ordered_json;

/// The fields every manifest starts with: tool, version, command, synthetic
/// (whether any input is synthetic data), methodology.
Json manifest_header(const std::string& command, const Methodology& methodology, bool synthetic);

/// One entry of "inputs": the file, its columns and its balanced counts.
/// Paths of written files are given relative to `out_dir`.
Json input_summary(const SourceIngest& ingest, const std::filesystem::path& out_dir);

/// Writes `<out_dir>/manifest.json` atomically (2-space indent, trailing newline).
void write_manifest(const std::filesystem::path& out_dir, const Json& manifest);

}  // namespace innocluster
