// The loader of the libraries loaded on first use (core/shared_library.h):
// the first candidate that loads and has what is asked is taken; every other
// is named in the error with why it was passed over.

#include "core/shared_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "innocluster/paths.h"
#include "test_support.h"

namespace innocluster {
namespace {

using ::testing::HasSubstr;

TEST(SharedLibrary, TakesTheFirstCandidateThatHasEverything) {
  void* strlen_address = nullptr;
  void* handle = load_shared_library(
      {"/nonexistent/libc.so.6", "libc.so.6"},
      [&](void* h) {
        std::string missing;
        strlen_address = find_symbol(h, "strlen", missing);
        return missing;
      },
      "cannot load the C library.");
  EXPECT_NE(handle, nullptr);
  EXPECT_NE(strlen_address, nullptr);
}

TEST(SharedLibrary, AVariableNamesTheOnlyCandidate) {
  const std::vector<std::string> defaults = {"libz.so.1", "/usr/lib/libz.so"};
  ::unsetenv("INNOCLUSTER_TEST_LIBRARY");
  EXPECT_EQ(library_candidates("INNOCLUSTER_TEST_LIBRARY", defaults), defaults);
  ::setenv("INNOCLUSTER_TEST_LIBRARY", "", 1);
  EXPECT_EQ(library_candidates("INNOCLUSTER_TEST_LIBRARY", defaults), defaults);
  ::setenv("INNOCLUSTER_TEST_LIBRARY", "/opt/libz.so.1", 1);
  EXPECT_EQ(library_candidates("INNOCLUSTER_TEST_LIBRARY", defaults), std::vector<std::string>{"/opt/libz.so.1"});
  ::unsetenv("INNOCLUSTER_TEST_LIBRARY");
}

TEST(SharedLibrary, NamesEveryCandidateAndWhyItWasPassedOver) {
  const std::string not_a_library = (testing::source_dir() / "README.md").string();
  try {
    load_shared_library(
        {"/nonexistent/libc.so.6", not_a_library, "libnonexistent-innocluster.so.1", "libc.so.6"},
        [](void* h) {
          std::string missing;
          find_symbol(h, "strlen", missing);
          find_symbol(h, "innocluster_no_such_function", missing);
          find_symbol(h, "innocluster_nor_this_one", missing);
          return missing.empty() ? missing : "lacks " + missing;
        },
        "cannot load the test library; do something.");
    FAIL() << "a library lacking functions was taken";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kFailure);
    const std::string what = e.what();
    EXPECT_THAT(what, HasSubstr("cannot load the test library; do something. Looked at:"));
    EXPECT_THAT(what, HasSubstr("\n  /nonexistent/libc.so.6: no such file"));
    EXPECT_THAT(what, HasSubstr("\n  " + not_a_library + ": "));  // the loader's reason
    EXPECT_THAT(what, HasSubstr("\n  libnonexistent-innocluster.so.1: "));
    EXPECT_THAT(what, HasSubstr("\n  libc.so.6: lacks innocluster_no_such_function, innocluster_nor_this_one"));
  }
}

TEST(SharedLibrary, BuiltFilesAreLookedForBesideTheExecutableThenInTheBuildDirectory) {
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe");
  EXPECT_EQ(beside_executable_or_built("libx.so"),
            (std::vector<std::string>{(self.parent_path() / "libx.so").string(),
                                      (std::filesystem::path(kBuildDir) / "libx.so").string()}));
}

}  // namespace
}  // namespace innocluster
