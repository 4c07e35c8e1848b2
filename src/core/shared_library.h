#pragma once
// Shared libraries loaded on first use (dlopen) rather than linked: GEOS's C
// library (geo/geos.h), ICU's common library (geo/unicode.h), zlib
// (io/byte_stream.cc) and the GDAL module (io/gdal_module.h). Each is needed by a few commands only, and a
// linked library costs its loading and symbol binding at every start of
// every command.
//
// The statically linked `innocluster` loads none of them (src/cli/main.cc):
// dlopen there would bring in a second C library beside the linked one, which
// GDAL and ICU do not survive; the commands that need them run in
// innocluster-dynamic, and zlib is linked in.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace innocluster {

/// Where a library is looked for: the file named by the environment
/// variable `variable` alone when it is set and not empty, else `otherwise`
/// (the defaults, in order).
std::vector<std::string> library_candidates(const char* variable, std::vector<std::string> otherwise);

/// The handle (kept for the life of the process) of the first of
/// `candidates` that loads and in which `find` finds what the caller needs
/// (unless refuse_shared_libraries()).
/// A candidate is a file path, or a library name that the dynamic loader
/// looks up (no '/'); a path that is not there is passed over as "no such
/// file". `find(handle)` returns what the library lacks, empty when it lacks
/// nothing (a library that lacks something is closed again). Throws
/// Error(kFailure): `failure`, then "Looked at:" and each candidate with why
/// it was not taken.
void* load_shared_library(const std::vector<std::string>& candidates,
                          const std::function<std::string(void* handle)>& find, std::string_view failure);

/// From now on (refuse = true), load_shared_library() throws an internal
/// error naming the library instead of loading anything: called at start by
/// the statically linked executable, so that a command that would need a
/// library there fails clearly rather than crash.
void refuse_shared_libraries(bool refuse);

/// The address of symbol `name` in the library `handle`, or nullptr with
/// `name` added to `missing` (a list separated by ", ").
void* find_symbol(void* handle, const char* name, std::string& missing);

/// load_shared_library() for a library whose functions are looked up into a
/// table: `lookup(handle, missing)` fills it with find_symbol(); a candidate
/// that lacks some is passed over as lacking them ("innocluster was built
/// with `built_with`", such as "GEOS 3.11.1").
void load_function_table(const std::vector<std::string>& candidates,
                         const std::function<void(void* handle, std::string& missing)>& lookup,
                         std::string_view built_with, std::string_view failure);

}  // namespace innocluster
