#pragma once
// Shared libraries loaded on first use (dlopen) rather than linked: GEOS's C
// library (geo/geos.h), ICU's common library (geo/unicode.h), zlib
// (io/byte_stream.cc) and the GDAL module (io/gdal_module.h). Each is needed by a few commands only, and a
// linked library costs its loading and symbol binding at every start of
// every command.
//
// `innocluster`, the statically linked front, loads none of them
// (src/cli/main.cc): dlopen there would bring in a second C library beside
// the linked one, which GDAL and ICU do not survive. The commands that need
// them run in innocluster-dynamic, zlib is linked in, and this file is
// compiled into the front a second time with INNOCLUSTER_FRONT_EXECUTABLE,
// where load_shared_library() throws without calling dlopen (which is then
// not linked in at all).

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
/// `candidates` that loads and in which `find` finds what the caller needs.
/// (In the front executable: throws Error(kFailure) naming the first
/// candidate, an internal error.)
/// A candidate is a file path, or a library name that the dynamic loader
/// looks up (no '/'); a path that is not there is passed over as "no such
/// file". `find(handle)` returns what the library lacks, empty when it lacks
/// nothing (a library that lacks something is closed again). Throws
/// Error(kFailure): `failure`, then "Looked at:" and each candidate with why
/// it was not taken.
void* load_shared_library(const std::vector<std::string>& candidates,
                          const std::function<std::string(void* handle)>& find, std::string_view failure);

/// The places where a file the build makes beside the executables (GDAL's
/// module, innocluster-dynamic) is looked for: beside the running executable
/// (/proc/self/exe), then in the build directory (for a copy of the
/// executable elsewhere).
std::vector<std::string> beside_executable_or_built(std::string_view file);

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
