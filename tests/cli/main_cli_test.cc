// The top level of the command line: main() sets up only the command named
// first, or every command for anything else; help and errors must not tell.

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace innocluster {
namespace {

using testing::run_cli;

constexpr const char* kCommands[] = {"ingest", "rank",    "detect",  "rerank",     "geocode",
                                     "synth",  "demo",    "compare", "sensitivity"};

TEST(MainCli, HelpListsEveryCommandInOrder) {
  const auto r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::size_t at = r.output.find("Subcommands:");
  ASSERT_NE(at, std::string::npos) << r.output;
  for (const char* name : kCommands) {
    const std::size_t next = r.output.find(std::string("\n  ") + name + " ", at);
    EXPECT_NE(next, std::string::npos) << name << " missing or out of order in\n" << r.output;
    if (next != std::string::npos) at = next;
  }
}

TEST(MainCli, EachCommandParsesItsOwnOptions) {
  for (const char* name : kCommands) {
    const auto r = run_cli(std::string(name) + " --help");
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.output;
    EXPECT_NE(r.output.find(std::string("innocluster ") + name), std::string::npos) << r.output;
  }
  // One command's option is unknown to another.
  const auto r = run_cli("detect --input " + (testing::source_dir() / "README.md").string() +
                         " --eps-km 1 --min-weight 1 --out y.csv --patents x.csv");
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("--patents"), std::string::npos) << r.output;
}

TEST(MainCli, AMistypedOrMissingCommandIsAUsageError) {
  for (const char* args : {"detct", "", "--eps-km 5"}) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 64) << args << ": " << r.output;
    EXPECT_NE(r.output.find("innocluster --help"), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace innocluster
