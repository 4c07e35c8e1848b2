#pragma once
// Progress of long work, on stderr, only when stderr is a terminal (so logs
// and pipes stay clean). Redraws at most ten times a second.

#include <chrono>
#include <cstdint>
#include <string>

namespace innocluster {

class Progress {
 public:
  /// `total` in the unit of update(); 0 when unknown (then no percentage).
  Progress(std::string label, std::uint64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::uint64_t done);
  /// Clears the line. Also done by the destructor.
  void finish();

  /// True when progress is drawn (stderr is a terminal).
  static bool enabled();

 private:
  std::string label_;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool drawn_ = false;
};

/// Seconds elapsed since construction, for the per-stage timings of manifests.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace innocluster
