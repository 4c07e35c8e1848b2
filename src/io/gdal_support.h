#pragma once
// What every GDAL-backed file of ours needs (internal to the library: include
// only from .cc files): GDAL's drivers registered once, and GDAL's own error
// reporting silenced and captured, so that a failure reaches the user as an
// innocluster::Error carrying GDAL's message instead of as stray stderr lines.

#include <string>

namespace innocluster::gdal {

/// Registers GDAL's drivers, once per process (thread-safe).
void ensure_registered();

/// While alive, GDAL errors and warnings raised on this thread are not printed
/// but kept: message() is the last failure's text. Scopes nest (GDAL keeps a
/// per-thread handler stack), and other threads are not affected.
class ErrorScope {
 public:
  ErrorScope();
  ~ErrorScope();
  ErrorScope(const ErrorScope&) = delete;
  ErrorScope& operator=(const ErrorScope&) = delete;

  /// True when GDAL reported a failure (CE_Failure or CE_Fatal) in this scope.
  bool failed() const { return failed_; }
  /// GDAL's text for the last failure in this scope, or `fallback` when GDAL
  /// said nothing.
  std::string message(const std::string& fallback = "GDAL gave no reason") const;

 private:
  friend void record_gdal_error(int, int, const char*);
  bool failed_ = false;
  std::string last_failure_;
};

/// Sets a GDAL configuration option for this thread while alive, then restores
/// the previous thread-local value (GDAL options are process-wide otherwise).
class ThreadConfigOption {
 public:
  ThreadConfigOption(const char* key, const char* value);
  ~ThreadConfigOption();
  ThreadConfigOption(const ThreadConfigOption&) = delete;
  ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

 private:
  std::string key_;
  std::string previous_;
  bool had_previous_ = false;
};

}  // namespace innocluster::gdal
