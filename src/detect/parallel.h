#pragma once
// The engine's only threading primitive: run a function over the blocks of a
// range on a few threads (the process's kept threads, core/worker_pool.h).
// Every phase that uses it writes results that do
// not depend on which thread handled which block, so the output is the same
// for any thread count.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>

#include "core/worker_pool.h"

namespace innocluster::detect {

/// The number of threads to use for a request of `requested` (0 = all cores).
inline int resolve_threads(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

/// Calls fn(state, begin, end) for consecutive blocks [begin, end) of [0, n)
/// of at most `block` items, handing blocks out dynamically to `threads`
/// threads (the caller's thread is one of them), each with one State of its
/// own (made as State{} when the thread starts and passed to every block it
/// takes: scratch worth keeping from block to block). Blocks run in no
/// particular order, but each thread takes its blocks in increasing order.
/// An exception thrown by fn is rethrown here once every thread has stopped.
template <class State, class Fn>
void parallel_blocks_with(std::size_t n, std::size_t block, int threads, Fn&& fn) {
  if (n == 0) return;
  block = std::max<std::size_t>(block, 1);
  const std::size_t blocks = (n + block - 1) / block;
  const int workers = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), blocks));
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  auto work = [&] {
    try {
      State state{};
      for (;;) {
        if (failed.load(std::memory_order_relaxed)) return;
        const std::size_t b = next.fetch_add(1, std::memory_order_relaxed);
        if (b >= blocks) return;
        fn(state, b * block, std::min(n, (b + 1) * block));
      }
    } catch (...) {
      if (!failed.exchange(true)) error = std::current_exception();
    }
  };
  run_parts(static_cast<std::size_t>(std::max(workers, 1)), [&](std::size_t) { work(); });
  if (error) std::rethrow_exception(error);
}

/// parallel_blocks_with() without state: fn(begin, end).
template <class Fn>
void parallel_blocks(std::size_t n, std::size_t block, int threads, Fn&& fn) {
  struct None {};
  parallel_blocks_with<None>(n, block, threads, [&](None&, std::size_t b, std::size_t e) { fn(b, e); });
}

/// Calls fn(t, begin, end) once for each of `parts` near-equal consecutive
/// slices of [0, n), slice t on its own thread (t = 0 on the caller's).
template <class Fn>
void parallel_slices(std::size_t n, int parts, Fn&& fn) {
  parts = std::max(parts, 1);
  const auto p = static_cast<std::size_t>(parts);
  auto slice = [&](std::size_t t) { return n * t / p; };
  if (parts == 1) {
    fn(std::size_t{0}, std::size_t{0}, n);
    return;
  }
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  auto run = [&](std::size_t t) {
    try {
      fn(t, slice(t), slice(t + 1));
    } catch (...) {
      if (!failed.exchange(true)) error = std::current_exception();
    }
  };
  run_parts(p, run);
  if (error) std::rethrow_exception(error);
}

}  // namespace innocluster::detect
