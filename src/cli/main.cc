// innocluster: find and rank the world's innovation clusters.

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iterator>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "core/large_array.h"
#include "innocluster/version.h"
#if INNOCLUSTER_FRONT_EXECUTABLE
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/shared_library.h"
#include "io/zlib_functions.h"
#endif

namespace innocluster::cli {

ExitCode& exit_code() {
  static ExitCode code = ExitCode::kOk;
  return code;
}

namespace {

#if INNOCLUSTER_FRONT_EXECUTABLE
// The front executable, `innocluster` (CMakeLists.txt), hands the command to
// innocluster-dynamic, built beside it from the same code: the commands that
// load GDAL's module, GEOS or ICU on first use, which a statically linked
// program cannot (core/shared_library.h). It is the file that
// INNOCLUSTER_DYNAMIC names, else the one beside this executable, then the
// one in the build directory; a file that is this executable itself (a link
// to it) is passed over. Returns only when none can be run.
int run_dynamic_build(char** argv) {
  struct stat self {};
  const bool know_self = ::stat("/proc/self/exe", &self) == 0;
  std::string tried;
  for (const std::string& path :
       library_candidates("INNOCLUSTER_DYNAMIC", beside_executable_or_built("innocluster-dynamic"))) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && know_self && st.st_dev == self.st_dev && st.st_ino == self.st_ino) {
      tried += fmt::format("\n  {}: this program itself", path);
      continue;
    }
    ::execv(path.c_str(), argv);
    tried += fmt::format("\n  {}: {}", path, std::strerror(errno));
  }
  std::fputs(fmt::format("innocluster: error: `innocluster {}` runs in innocluster-dynamic (which "
                         "scripts/build.sh builds beside innocluster), and none could be run. Looked at:{}\n",
                         argv[1], tried)
                 .c_str(),
             stderr);
  return static_cast<int>(ExitCode::kFailure);
}

// zlib, linked in: this executable loads no library.
constexpr ZlibFunctions kLinkedZlib{&::inflateInit2_, &::inflate, &::inflateReset, &::inflateEnd};
#endif

}  // namespace
}  // namespace innocluster::cli

int main(int argc, char** argv) {
  using namespace innocluster;
  // Only the command asked for is set up (each builds dozens of options:
  // 0.16 ms at every start, all of them); all of them for anything else
  // (--help, --version, a mistyped command), so that help and errors list
  // every command.
  using AddCommand = void (*)(CLI::App&);
  struct Command {
    std::string_view name;
    AddCommand add;
    // Whether it runs in the statically linked executable too: it loads no
    // library on first use but zlib (which that one links). The others may
    // load GDAL's module, GEOS or ICU, and run in innocluster-dynamic. (A
    // usage error such as `innocluster foo rank --input x` still checks
    // rank's options there: option checks must load no library.)
    bool runs_statically;
  };
  static constexpr Command kCommands[] = {
      {"ingest", cli::add_ingest_command, false},   {"rank", cli::add_rank_command, false},
      {"detect", cli::add_detect_command, true},    {"rerank", cli::add_rerank_command, false},
      {"geocode", cli::add_geocode_command, false}, {"synth", cli::add_synth_command, false},
      {"demo", cli::add_demo_command, false},       {"compare", cli::add_compare_command, false},
      {"sensitivity", cli::add_sensitivity_command, false},
  };
  const auto asked = argc > 1 ? std::find_if(std::begin(kCommands), std::end(kCommands),
                                             [&](const Command& c) { return c.name == argv[1]; })
                              : std::end(kCommands);
#if INNOCLUSTER_FRONT_EXECUTABLE
  if (asked != std::end(kCommands) && !asked->runs_statically) return cli::run_dynamic_build(argv);
  use_linked_zlib(cli::kLinkedZlib);
#endif
  keep_freed_memory();
  CLI::App app{
      "innocluster: find and rank the world's innovation clusters, the places where\n"
      "inventors, scientific authors and venture-backed companies concentrate.\n\n"
      "Try `innocluster demo` (a synthetic world, ranked); start with `innocluster ingest`\n"
      "to check your own contribution files.\n"
      "Exit codes: 0 ok, 2 rows rejected under --strict, 64 usage, 65 bad input file,\n"
      "66 input not found, 73 cannot write output, 78 bad methodology, 1 internal error.",
      "innocluster"};
  app.set_version_flag("--version", std::string("innocluster ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);
  if (asked != std::end(kCommands)) {
    asked->add(app);
  } else {
    for (const Command& c : kCommands) c.add(app);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    std::fputs("Run `innocluster --help` or `innocluster <command> --help` for usage.\n", stderr);
    return static_cast<int>(ExitCode::kUsage);
  } catch (const Error& e) {
    std::fputs(fmt::format("innocluster: error: {}\n", e.what()).c_str(), stderr);
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fputs(fmt::format("innocluster: internal error: {}\n", e.what()).c_str(), stderr);
    return static_cast<int>(ExitCode::kFailure);
  }
  return static_cast<int>(cli::exit_code());
}
