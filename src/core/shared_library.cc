#include "core/shared_library.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "core/error.h"
#include "innocluster/paths.h"

namespace innocluster {

std::vector<std::string> beside_executable_or_built(std::string_view file) {
  std::vector<std::string> places;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) places.push_back((exe.parent_path() / file).string());
  const std::string built = (std::filesystem::path(kBuildDir) / file).string();
  if (places.empty() || places.front() != built) places.push_back(built);
  return places;
}

std::vector<std::string> library_candidates(const char* variable, std::vector<std::string> otherwise) {
  if (const char* path = std::getenv(variable); path && *path) return {path};
  return otherwise;
}

#if INNOCLUSTER_FRONT_EXECUTABLE

void* load_shared_library(const std::vector<std::string>& candidates, const std::function<std::string(void*)>&,
                          std::string_view failure) {
  throw Error(ExitCode::kFailure,
              fmt::format("internal error (please report it): innocluster, which loads no library, was asked for "
                          "{}. {} Run the same command with innocluster-dynamic, beside it.",
                          candidates.empty() ? std::string("a library") : candidates.front(), failure));
}

void* find_symbol(void*, const char* name, std::string& missing) {
  missing += (missing.empty() ? "" : ", ") + std::string(name);
  return nullptr;
}

#else

void* load_shared_library(const std::vector<std::string>& candidates,
                          const std::function<std::string(void* handle)>& find, std::string_view failure) {
  std::string tried;
  for (const std::string& library : candidates) {
    std::error_code ec;
    if (library.find('/') != std::string::npos && !std::filesystem::exists(library, ec)) {
      tried += fmt::format("\n  {}: {}", library, ec ? ec.message() : "no such file");
      continue;
    }
    void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = dlerror();
      tried += fmt::format("\n  {}: {}", library, why ? why : "cannot be loaded");
      continue;
    }
    const std::string lacks = find(handle);
    if (lacks.empty()) return handle;
    tried += fmt::format("\n  {}: {}", library, lacks);
    dlclose(handle);
  }
  throw Error(ExitCode::kFailure, fmt::format("{} Looked at:{}", failure, tried));
}

void* find_symbol(void* handle, const char* name, std::string& missing) {
  void* symbol = dlsym(handle, name);
  if (!symbol) missing += (missing.empty() ? "" : ", ") + std::string(name);
  return symbol;
}

#endif

void load_function_table(const std::vector<std::string>& candidates,
                         const std::function<void(void* handle, std::string& missing)>& lookup,
                         std::string_view built_with, std::string_view failure) {
  load_shared_library(
      candidates,
      [&](void* handle) {
        std::string missing;
        lookup(handle, missing);
        return missing.empty() ? missing
                               : fmt::format("lacks {} (innocluster was built with {})", missing, built_with);
      },
      failure);
}

}  // namespace innocluster
