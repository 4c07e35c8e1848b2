#pragma once
// Helpers shared by the tests: scratch directories, file I/O, running the CLI.

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace innocluster::testing {

/// A fresh empty directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& bytes);
std::string read_file(const std::filesystem::path& path);

/// The names of the entries of `dir`, sorted.
std::vector<std::string> names_in(const std::filesystem::path& dir);

/// Writes `bytes` gzip-compressed.
void write_gzip_file(const std::filesystem::path& path, const std::string& bytes);

struct CommandResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs the built innocluster binary with `args` (a shell-quoted string).
CommandResult run_cli(const std::string& args);
/// The same, run from the working directory `dir`.
CommandResult run_cli_in(const std::filesystem::path& dir, const std::string& args);

/// Runs `program` (a path without shell metacharacters) with `args`, from
/// `dir` when it is not empty: run_cli() for another executable.
CommandResult run_program(const std::string& program, const std::filesystem::path& dir, const std::string& args);

/// run_cli() with the environment variable `name` set to `value` for the run.
CommandResult run_cli_with_env(const char* name, const char* value, const std::string& args);
/// run_program() (from the working directory) likewise.
CommandResult run_program_with_env(const std::string& program, const char* name, const char* value,
                                   const std::string& args);

/// `innocluster rank` over examples/patents.csv (minimum weight 2, written
/// under `dir`) with the environment variable `name` set to `value` for the
/// run: a command that loads both GDAL's module and GEOS.
CommandResult run_rank_with_env(const std::filesystem::path& dir, const char* name, const char* value);

/// Expects `r` to be the failure of a library loaded on first use that could
/// not be loaded: exit code 1, and each of `phrases` in the output (what was
/// not loaded, the path tried and why, what to do).
void expect_load_failure(const CommandResult& r, std::initializer_list<std::string_view> phrases);

/// The standard output of a shell command that must succeed (throws
/// std::runtime_error otherwise).
std::string command_output(const std::string& cmd);

/// What ldd lists for an executable (kInnoclusterBinary, or
/// kInnoclusterDynamicBinary: the build that loads libraries on first use):
/// the shared libraries loaded at every start.
std::string libraries_loaded_at_start(std::string_view binary);

/// The source tree (for methodologies/, examples/, tests/fixtures/).
std::filesystem::path source_dir();

}  // namespace innocluster::testing
