#pragma once
// Errors are values that carry what the user needs to act: the file, the line
// (when there is one), what went wrong and, where we know it, what to do next.
// They travel as exceptions of type `Error` up to the command-line front, which
// prints the message and exits with the error's exit code.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace innocluster {

/// Process exit codes (documented in docs/cli.md). Values above 2 follow
/// BSD sysexits.h so that scripts can tell usage, data and config errors apart.
enum class ExitCode : int {
  kOk = 0,
  kFailure = 1,        ///< unexpected internal failure
  kRejectedRows = 2,   ///< --strict and at least one row was rejected
  kUsage = 64,         ///< bad command-line arguments
  kDataError = 65,     ///< an input file is malformed as a whole (e.g. missing column)
  kNoInput = 66,       ///< an input file cannot be opened
  kCannotCreate = 73,  ///< an output file or directory cannot be written
  kConfig = 78,        ///< the methodology file is invalid
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

/// "file:line: message" (line omitted when 0), the form every located error uses.
std::string located(const std::string& file, std::uint64_t line, const std::string& message);

}  // namespace innocluster
