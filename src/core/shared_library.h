#pragma once
// Shared libraries loaded on first use (dlopen) rather than linked: GEOS's C
// library (geo/geos.h), ICU's common library (geo/unicode.h) and the GDAL
// module (io/gdal_module.h). Each is needed by a few commands only, and a
// linked library costs its loading and symbol binding at every start of
// every command.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace innocluster {

/// The handle (kept for the life of the process) of the first of
/// `candidates` that loads and in which `find` finds what the caller needs.
/// A candidate is a file path, or a library name that the dynamic loader
/// looks up (no '/'); a path that is not there is passed over as "no such
/// file". `find(handle)` returns what the library lacks, empty when it lacks
/// nothing (a library that lacks something is closed again). Throws
/// Error(kFailure): `failure`, then "Looked at:" and each candidate with why
/// it was not taken.
void* load_shared_library(const std::vector<std::string>& candidates,
                          const std::function<std::string(void* handle)>& find, std::string_view failure);

/// The address of symbol `name` in the library `handle`, or nullptr with
/// `name` added to `missing` (a list separated by ", "): for the `find` of
/// load_shared_library() that looks up a table of functions.
void* find_symbol(void* handle, const char* name, std::string& missing);

}  // namespace innocluster
