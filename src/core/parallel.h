#pragma once
// Running independent tasks on a few threads, for the stages that work per
// item (ingest per source file, sensitivity per sample). The detection
// engine has its own block-wise primitive (detect/parallel.h).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

#include "core/worker_pool.h"

namespace innocluster {

/// Calls task(i) for every i in [0, n), handing the indices out in order to
/// min(n, threads) threads (0 = one per core; the caller's thread is one of
/// them). Every task runs even when another fails; then the exception of the
/// failed task with the smallest index is rethrown, so which error the
/// caller sees does not depend on the thread count or on timing.
template <class Task>
void for_each_task(std::size_t n, int threads, Task&& task) {
  std::vector<std::exception_ptr> failure(n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < n;) {
      try {
        task(i);
      } catch (...) {
        failure[i] = std::current_exception();
      }
    }
  };
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = std::min<std::size_t>(n, threads > 0 ? static_cast<unsigned>(threads) : hardware);
  run_parts(workers, [&](std::size_t) { worker(); });
  for (const std::exception_ptr& e : failure)
    if (e) std::rethrow_exception(e);
}

}  // namespace innocluster
