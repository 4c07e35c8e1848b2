// innocluster: find and rank the world's innovation clusters.

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iterator>
#include <string_view>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "core/large_array.h"
#include "innocluster/version.h"

namespace innocluster::cli {

ExitCode& exit_code() {
  static ExitCode code = ExitCode::kOk;
  return code;
}

}  // namespace innocluster::cli

int main(int argc, char** argv) {
  using namespace innocluster;
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
  // Only the command asked for is set up (each builds dozens of options:
  // 0.16 ms at every start, all of them); all of them for anything else
  // (--help, --version, a mistyped command), so that help and errors list
  // every command.
  using AddCommand = void (*)(CLI::App&);
  static constexpr std::pair<std::string_view, AddCommand> kCommands[] = {
      {"ingest", cli::add_ingest_command},     {"rank", cli::add_rank_command},
      {"detect", cli::add_detect_command},     {"rerank", cli::add_rerank_command},
      {"geocode", cli::add_geocode_command},   {"synth", cli::add_synth_command},
      {"demo", cli::add_demo_command},         {"compare", cli::add_compare_command},
      {"sensitivity", cli::add_sensitivity_command},
  };
  const auto asked = argc > 1 ? std::find_if(std::begin(kCommands), std::end(kCommands),
                                             [&](const auto& c) { return c.first == argv[1]; })
                              : std::end(kCommands);
  if (asked != std::end(kCommands)) {
    asked->second(app);
  } else {
    for (const auto& [name, add] : kCommands) add(app);
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
