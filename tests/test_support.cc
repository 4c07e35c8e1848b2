#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "innocluster/paths.h"
#include "test_binary.h"

namespace innocluster::testing {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("innocluster-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> names_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void write_gzip_file(const std::filesystem::path& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + path.string());
  if (!bytes.empty() && gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) == 0)
    throw std::runtime_error("gzwrite failed");
  gzclose(f);
}

CommandResult run_cli(const std::string& args) { return run_cli_in({}, args); }

CommandResult run_cli_in(const std::filesystem::path& dir, const std::string& args) {
  return run_program(kInnoclusterBinary, dir, args);
}

CommandResult run_program(const std::string& program, const std::filesystem::path& dir, const std::string& args) {
  std::string cmd = program + " " + args + " 2>&1";
  if (!dir.empty()) {
    std::string quoted;  // single-quoted for the shell, quotes in it escaped
    for (const char c : dir.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd = "cd '" + quoted + "' && " + cmd;
  }
  CommandResult result;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandResult run_cli_with_env(const char* name, const char* value, const std::string& args) {
  return run_program_with_env(kInnoclusterBinary, name, value, args);
}

CommandResult run_program_with_env(const std::string& program, const char* name, const char* value,
                                   const std::string& args) {
  ::setenv(name, value, 1);
  try {
    CommandResult r = run_program(program, {}, args);
    ::unsetenv(name);
    return r;
  } catch (...) {
    ::unsetenv(name);
    throw;
  }
}

CommandResult run_rank_with_env(const std::filesystem::path& dir, const char* name, const char* value) {
  return run_cli_with_env(name, value,
                          "rank --patents " + (source_dir() / "examples/patents.csv").string() +
                              " --min-weight 2 --out " + (dir / "run").string());
}

void expect_load_failure(const CommandResult& r, std::initializer_list<std::string_view> phrases) {
  EXPECT_EQ(r.exit_code, 1) << r.output;
  for (const std::string_view phrase : phrases)
    EXPECT_NE(r.output.find(phrase), std::string::npos) << "no \"" << phrase << "\" in\n" << r.output;
}

std::string command_output(const std::string& cmd) {
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + cmd);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  if (::pclose(pipe) != 0) throw std::runtime_error(cmd + " failed");
  return out;
}

std::string libraries_loaded_at_start(std::string_view binary) { return command_output("ldd " + std::string(binary)); }

std::filesystem::path source_dir() { return innocluster::kSourceDir; }

}  // namespace innocluster::testing
