#include "io/output_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/worker_pool.h"
#include "test_support.h"

namespace innocluster {
namespace {

using testing::names_in;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

// The file descriptors the process has open.
std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

TEST(OutputFile, CommitWritesTheBytesUnderTheFinalNameOnly) {
  TempDir dir;
  OutputFile out(dir / "a.csv");
  out.write("x,y\n");
  out.write(std::string(300 << 10, 'z'));  // a piece that bypasses the buffer
  out.write("\n1,2\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "a.csv"));  // not before commit()
  out.commit();
  EXPECT_EQ(read_file(dir / "a.csv"), "x,y\n" + std::string(300 << 10, 'z') + "\n1,2\n");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.csv"});
}

TEST(OutputFile, CommitReplacesAnExistingFileAndLeavesNothingElse) {
  TempDir dir;
  write_file(dir / "a.csv", "old contents, longer than the new ones\n");
  write_file_atomically(dir / "a.csv", "new\n");
  EXPECT_EQ(read_file(dir / "a.csv"), "new\n");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.csv"});
}

TEST(OutputFile, TheReplacedFileIsLetGoOfOnceTheNextStepStarts) {
  TempDir dir;
  write_file(dir / "a.csv", std::string(1 << 20, 'o'));
  run_parts(2, [](std::size_t) {});  // a kept thread exists, to close the old file
  const std::size_t before = open_descriptors();
  write_file_atomically(dir / "a.csv", "new\n");
  run_parts(2, [](std::size_t) {});  // waits for the background close
  EXPECT_EQ(open_descriptors(), before);
  EXPECT_EQ(read_file(dir / "a.csv"), "new\n");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.csv"});
}

TEST(OutputFile, OutputsAreCheckedWithoutBeingMade) {
  TempDir dir;
  std::filesystem::create_directory(dir / "d");
  check_can_write(dir / "new.csv");
  check_can_write(dir / "d" / "new.csv");
  auto fails = [](const std::filesystem::path& p, const std::string& why) {
    try {
      check_can_write(p);
      ADD_FAILURE() << p << " passed";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCannotCreate);
      EXPECT_NE(std::string(e.what()).find(p.string() + ": cannot " + why), std::string::npos) << e.what();
    }
  };
  fails(dir / "missing" / "x.csv", "create: No such file or directory");
  write_file(dir / "f", "");
  fails(dir / "f" / "x.csv", "create: Not a directory");
  fails(dir / "d", "replace: Is a directory");
  fails("", "create: No such file or directory");
  fails(dir / std::string(250, 'x'), "create: File name too long");  // with ".tmp-<pid>" past 255 bytes
  // A link to a directory in the file's place is replaced, not followed.
  std::filesystem::create_directory_symlink("d", dir / "link");
  check_can_write(dir / "link");
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"d", "f", "link"}));
}

TEST(OutputFile, SameOutputResolvesDirectoriesButNotTheLastName) {
  TempDir dir;
  std::filesystem::create_directory(dir / "d");
  std::filesystem::create_directory_symlink("d", dir / "link-to-d");
  write_file(dir / "d" / "target.csv", "");
  std::filesystem::create_symlink("target.csv", dir / "d" / "link.csv");
  EXPECT_TRUE(same_output(dir / "d" / "a.csv", dir / "d" / "." / "a.csv"));
  EXPECT_TRUE(same_output(dir / "d" / "a.csv", dir / "link-to-d" / "a.csv"));
  EXPECT_TRUE(same_output(dir / "d" / "a.csv", dir / "d" / ".." / "d" / "a.csv"));
  EXPECT_FALSE(same_output(dir / "d" / "a.csv", dir / "d" / "b.csv"));
  EXPECT_FALSE(same_output(dir / "d" / "link.csv", dir / "d" / "target.csv"));  // the link is replaced, not followed
  EXPECT_TRUE(same_output("a.csv", std::filesystem::current_path() / "a.csv"));
  EXPECT_TRUE(same_output("a.csv", "./a.csv"));
}

TEST(OutputFile, ReplacingASymlinkReplacesTheLinkNotItsTarget) {
  TempDir dir;
  write_file(dir / "target.csv", "target\n");
  std::filesystem::create_symlink(dir / "target.csv", dir / "a.csv");
  write_file_atomically(dir / "a.csv", "new\n");
  EXPECT_FALSE(std::filesystem::is_symlink(dir / "a.csv"));
  EXPECT_EQ(read_file(dir / "a.csv"), "new\n");
  EXPECT_EQ(read_file(dir / "target.csv"), "target\n");
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"a.csv", "target.csv"}));
}

TEST(OutputFile, ADirectoryInTheWayIsAnErrorAndIsLeftAlone) {
  TempDir dir;
  std::filesystem::create_directory(dir / "a.csv");
  write_file(dir / "a.csv" / "inside.txt", "kept\n");
  const std::size_t before = open_descriptors();
  OutputFile out(dir / "a.csv");
  out.write("new\n");
  try {
    out.commit();
    FAIL() << "commit() over a directory succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotCreate);
    EXPECT_NE(std::string(e.what()).find("a.csv: cannot rename into place"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file(dir / "a.csv" / "inside.txt"), "kept\n");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.csv"});  // the temporary file is gone too
  EXPECT_EQ(open_descriptors(), before);  // nor is the directory held
}

TEST(OutputFile, DroppedWithoutCommitLeavesTheOldFile) {
  TempDir dir;
  write_file(dir / "a.csv", "old\n");
  {
    OutputFile out(dir / "a.csv");
    out.write("partial");
  }
  EXPECT_EQ(read_file(dir / "a.csv"), "old\n");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.csv"});
}

}  // namespace
}  // namespace innocluster
