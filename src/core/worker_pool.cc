#include "core/worker_pool.h"

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace innocluster {
namespace {

// Steps of more parts than this start threads of their own beyond it rather
// than keeping ever more threads (a --threads far above the cores).
constexpr std::size_t kMostKept = 64;

class WorkerPool {
 public:
  // Runs the step on the kept threads; false (nothing run) when another step
  // has them, when it has more parts than are kept, or when a thread could
  // not be started.
  bool try_run(std::size_t parts, void (*fn)(void*, std::size_t), void* ctx) {
    if (parts - 1 > kMostKept) return false;
    bool expected = false;
    if (!busy_.compare_exchange_strong(expected, true, std::memory_order_acquire)) return false;
    {
      std::lock_guard lock(mutex_);
      try {
        // Kept threads are numbered from 1; thread t takes part t. A new one
        // has not seen this step.
        for (; kept_ + 1 < parts; ++kept_)
          std::thread([this, t = kept_ + 1, seen = generation_] { serve(t, seen); }).detach();
      } catch (const std::system_error&) {
        busy_.store(false, std::memory_order_release);
        return false;
      }
      fn_ = fn;
      ctx_ = ctx;
      parts_ = parts;
      remaining_ = parts - 1;
      ++generation_;
    }
    wake_.notify_all();
    fn(ctx, 0);
    {
      std::unique_lock lock(mutex_);
      done_.wait(lock, [this] { return remaining_ == 0; });
    }
    busy_.store(false, std::memory_order_release);
    return true;
  }

 private:
  void serve(std::size_t t, std::uint64_t seen) {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (t >= parts_) continue;
      void (*fn)(void*, std::size_t) = fn_;
      void* ctx = ctx_;
      lock.unlock();
      fn(ctx, t);
      lock.lock();
      if (--remaining_ == 0) done_.notify_one();
    }
  }

  std::atomic<bool> busy_{false};
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::size_t kept_ = 0;  // threads started (detached)
  // The step being run (under the mutex): its number, what it runs, and how
  // many kept threads have still to finish their part.
  std::uint64_t generation_ = 0;
  std::size_t remaining_ = 0;
  void (*fn_)(void*, std::size_t) = nullptr;
  void* ctx_ = nullptr;
  std::size_t parts_ = 0;
};

// The process's pool, made on first use without a lock (so that a fork() at
// any moment leaves the child nothing locked). Never destroyed: its threads
// wait until the process ends. A forked child has none of its parent's
// threads, so it gets a pool of its own (the parent's is left as it is).
std::atomic<WorkerPool*> the_pool{nullptr};

WorkerPool& pool() {
  static const bool registered = [] {
    pthread_atfork(nullptr, nullptr, [] { the_pool.store(nullptr); });
    return true;
  }();
  (void)registered;
  WorkerPool* p = the_pool.load(std::memory_order_acquire);
  if (p) return *p;
  auto* made = new WorkerPool;
  if (the_pool.compare_exchange_strong(p, made, std::memory_order_acq_rel)) return *made;
  delete made;  // another thread made it first
  return *p;
}

}  // namespace

void run_parts_raw(std::size_t parts, void (*fn)(void*, std::size_t), void* ctx) {
  if (parts == 0) return;
  if (parts == 1) {
    fn(ctx, 0);
    return;
  }
  if (pool().try_run(parts, fn, ctx)) return;
  // Threads of this call's own; parts whose thread cannot be started run
  // here, after part 0.
  std::vector<std::thread> threads;
  threads.reserve(parts - 1);
  std::size_t started = 1;
  try {
    for (; started < parts; ++started) threads.emplace_back(fn, ctx, started);
  } catch (const std::system_error&) {
  }
  fn(ctx, 0);
  for (std::size_t t = started; t < parts; ++t) fn(ctx, t);
  for (std::thread& th : threads) th.join();
}

}  // namespace innocluster
