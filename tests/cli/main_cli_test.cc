// The top level of the command line: main() sets up only the command named
// first, or every command for anything else; help and errors must not tell.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "test_binary.h"
#include "test_support.h"

namespace innocluster {
namespace {

using testing::run_cli;
using testing::TempDir;

constexpr const char* kCommands[] = {"ingest", "rank",    "detect",  "rerank",     "geocode",
                                     "synth",  "demo",    "compare", "sensitivity"};

// The names ldd lists for `binary`.
std::set<std::string> libraries_of(const char* binary) {
  std::istringstream ldd(testing::libraries_loaded_at_start(binary));
  std::set<std::string> loaded;
  std::string line;
  while (std::getline(ldd, line)) {
    std::istringstream fields(line);
    std::string name;
    if (fields >> name) loaded.insert(name);
  }
  return loaded;
}

// The C runtime (x86-64 names, as the engine's vector code is x86-64's), and
// under the sanitizers their runtimes, which want the shared C++ runtime
// (CMakeLists.txt).
std::set<std::string> c_runtime() {
  std::set<std::string> expected = {"linux-vdso.so.1", "libm.so.6", "libc.so.6", "/lib64/ld-linux-x86-64.so.2"};
#if defined(__SANITIZE_ADDRESS__)
  expected.insert({"libasan.so.8", "libubsan.so.1", "libstdc++.so.6", "libgcc_s.so.1"});
#endif
  return expected;
}

TEST(MainCli, InnoclusterIsStaticallyLinked) {
  // No dynamic loader, no library to map and relocate at start (and none
  // loaded later: commands that need one run in innocluster-dynamic).
#if defined(__SANITIZE_ADDRESS__)
  EXPECT_EQ(libraries_of(kInnoclusterBinary), c_runtime());
#else
  EXPECT_EQ(libraries_of(kInnoclusterBinary), std::set<std::string>{"statically"});
#endif
}

TEST(MainCli, TheDynamicBuildLoadsOnlyTheCRuntimeAtStart) {
  // Every other library is compiled in (fmt, toml++, the C++ runtime) or
  // loaded on first use (zlib, GEOS, ICU, GDAL's module): each one loaded at
  // start costs every command its loading and relocation.
  EXPECT_EQ(libraries_of(kInnoclusterDynamicBinary), c_runtime());
}

TEST(MainCli, CommandsThatLoadLibrariesRunInTheDynamicBuild) {
  // innocluster runs `detect`, help and usage errors itself, and hands every
  // other command over; here with no innocluster-dynamic to run, failing
  // with what to do.
  const std::string bin = kInnoclusterBinary;
  for (const char* args : {"detect --help", "--help", "--version"}) {
    const auto r = testing::run_program_with_env(bin, "INNOCLUSTER_DYNAMIC", "/nonexistent/innocluster-dynamic", args);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.output;
  }
  EXPECT_EQ(testing::run_program_with_env(bin, "INNOCLUSTER_DYNAMIC", "/nonexistent/x", "detct").exit_code, 64);
  for (const char* name : kCommands) {
    if (std::string_view(name) == "detect") continue;
    const auto r = testing::run_program_with_env(bin, "INNOCLUSTER_DYNAMIC", "/nonexistent/innocluster-dynamic",
                                                 std::string(name) + " --help");
    EXPECT_EQ(r.exit_code, 1) << name << ": " << r.output;
    EXPECT_EQ(r.output, "innocluster: error: `innocluster " + std::string(name) +
                            "` runs in innocluster-dynamic (which scripts/build.sh builds beside innocluster), and "
                            "none could be run. Looked at:\n  /nonexistent/innocluster-dynamic: No such file or "
                            "directory\n")
        << name;
  }
}

TEST(MainCli, TheDynamicBuildIsFoundBesideThenInTheBuildDirectory) {
  TempDir dir;
  const std::filesystem::path copy = dir / "innocluster";
  std::filesystem::copy_file(kInnoclusterBinary, copy);
  // Beside it first, with the same arguments.
  testing::write_file(dir / "innocluster-dynamic", "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
  std::filesystem::permissions(dir / "innocluster-dynamic", std::filesystem::perms::owner_all);
  auto r = testing::run_program(copy.string(), {}, "rank --min-weight 2 --out 'a b'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "[rank]\n[--min-weight]\n[2]\n[--out]\n[a b]\n");
  // A link to innocluster itself is passed over, for the build directory's.
  std::filesystem::remove(dir / "innocluster-dynamic");
  std::filesystem::create_symlink(copy, dir / "innocluster-dynamic");
  r = testing::run_program(copy.string(), {}, "rank --help");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("innocluster rank"), std::string::npos) << r.output;
  // Alone, `detect` needs nothing beside it, gzip input included.
  std::filesystem::remove(dir / "innocluster-dynamic");
  testing::write_gzip_file(dir / "p.csv.gz", "lat,lon,weight\n1,2,1\n1,2.001,1\n40,50,1\n");
  r = testing::run_program(copy.string(), {}, "detect --input " + (dir / "p.csv.gz").string() +
                                                  " --eps-km 1 --min-weight 2 --out " + (dir / "l.csv").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(testing::read_file(dir / "l.csv"), "cluster,core\n0,1\n0,1\n-1,0\n");
}

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
