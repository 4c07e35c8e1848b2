#include "core/worker_pool.h"

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
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

// Scheduling. On a machine with few cores the scheduler tends to put a woken
// thread on the core of the thread that woke it, and to leave two busy
// threads sharing one core while another idles: it balances load on a tick
// of its own and does not move threads that ran a moment ago (measured on 2
// cores: stalls of 0.7-3.8 ms in 2 of a detect run's 23 steps; with threads
// that never sleep between steps, both on one core in 4 runs of 10, every
// step then taking twice as long). So:
// - a kept thread that took part in a step, and the caller of a step, check
//   for the next step (or for the end of this one) for up to kSpin before
//   they sleep, yielding the core while they check, so that a thread woken
//   onto their core runs at once;
// - when a step has no more parts than the process has cores, a kept thread
//   that takes a part on the core the caller was on moves off it: it leaves
//   that core out of its allowed set for a moment, which makes the scheduler
//   move it at once, then takes back the set it had (so the cores the user
//   allows are kept to, and more threads than cores stay spread);
// - likewise a kept thread is started on a core other than the caller's (a
//   new thread cannot move itself before it first runs).
// kSpin is 1 ms: the serial work between two steps of a detect run (opening
// the output, a phase's bookkeeping) often takes 0.2-1 ms, and a thread that
// slept meanwhile is woken through the kernel (at 100 k points, 19 sleeps a
// run with 0.2 ms, 7 with 1 ms: 0.1-0.25 ms less in all). A thread that
// checks yields its core at every check, so that other work goes first.
constexpr auto kSpin = std::chrono::microseconds(1000);

// Calls done() until it returns true or kSpin has passed; returns its last
// answer.
template <class Done>
bool spin_until(Done&& done) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (;;) {
    if (done()) return true;
    sched_yield();
    if (std::chrono::steady_clock::now() >= until) return done();
  }
}

// `allowed` without `cpu`, when a step of `parts` parts has room on the
// others (as many cores as parts): true and set in `out`.
bool others_than(int cpu, const cpu_set_t& allowed, std::size_t parts, cpu_set_t& out) {
  if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed) || CPU_COUNT(&allowed) < 2 ||
      parts > static_cast<std::size_t>(CPU_COUNT(&allowed)))
    return false;
  out = allowed;
  CPU_CLR(cpu, &out);
  return true;
}

// Moves the calling thread off core `cpu` (see above), keeping its own set.
void move_off(int cpu, std::size_t parts) {
  cpu_set_t mine, others;
  if (pthread_getaffinity_np(pthread_self(), sizeof mine, &mine) == 0 && others_than(cpu, mine, parts, others) &&
      pthread_setaffinity_np(pthread_self(), sizeof others, &others) == 0)
    pthread_setaffinity_np(pthread_self(), sizeof mine, &mine);
}

class WorkerPool {
 public:
  // Runs the step on the kept threads; false (nothing run) when another step
  // has them, when it has more parts than are kept, or when a thread could
  // not be started.
  bool try_run(std::size_t parts, void (*fn)(void*, std::size_t), void* ctx) {
    if (parts - 1 > kMostKept || in_background) return false;
    bool expected = false;
    while (!busy_.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
      // The kept threads may be held by a background task alone: it is
      // short, so wait for it rather than start threads for this step.
      expected = false;
      auto ended = [this] { return !background_.load(std::memory_order_acquire); };
      if (ended()) {
        // Another step has them, or the background task has just ended.
        if (busy_.compare_exchange_strong(expected, true, std::memory_order_acquire)) break;
        return false;
      }
      if (!spin_until(ended)) {
        std::unique_lock lock(mutex_);
        done_.wait(lock, ended);
      }
    }
    {
      std::lock_guard lock(mutex_);
      // Kept threads are numbered from 1; thread t takes part t. A new one
      // has not seen this step.
      for (; kept_ + 1 < parts; ++kept_) {
        if (!start_thread(kept_ + 1, parts)) {
          busy_.store(false, std::memory_order_release);
          return false;
        }
      }
      fn_ = fn;
      ctx_ = ctx;
      parts_ = parts;
      caller_cpu_ = sched_getcpu();
      remaining_.store(parts - 1, std::memory_order_relaxed);
      generation_.store(generation_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }
    wake_.notify_all();
    // A thread just woken may have been queued on this core: let it run, and
    // move off (serve()), before this part.
    sched_yield();
    fn(ctx, 0);
    auto finished = [this] { return remaining_.load(std::memory_order_acquire) == 0; };
    if (!spin_until(finished)) {
      std::unique_lock lock(mutex_);
      done_.wait(lock, finished);
    }
    busy_.store(false, std::memory_order_release);
    return true;
  }

  // Hands task(arg) to kept thread 1 as a step of two parts whose part 0
  // nobody runs; the thread that ends it frees the kept threads (serve()).
  bool try_post(void (*task)(std::intptr_t), std::intptr_t arg) {
    if (in_background) return false;
    bool expected = false;
    if (!busy_.compare_exchange_strong(expected, true, std::memory_order_acquire)) return false;
    {
      std::lock_guard lock(mutex_);
      if (kept_ == 0) {  // none is started for a task that the caller can do
        busy_.store(false, std::memory_order_release);
        return false;
      }
      task_ = task;
      task_arg_ = arg;
      fn_ = [](void* pool, std::size_t) {
        auto* self = static_cast<WorkerPool*>(pool);
        in_background = true;
        self->task_(self->task_arg_);
        in_background = false;
      };
      ctx_ = this;
      parts_ = 2;
      caller_cpu_ = sched_getcpu();
      background_.store(true, std::memory_order_relaxed);
      remaining_.store(1, std::memory_order_relaxed);
      generation_.store(generation_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }
    wake_.notify_all();
    return true;
  }

 private:
  // Whether this thread is running a background task (which must not wait
  // for itself).
  static thread_local bool in_background;

  struct Start {
    WorkerPool* pool;
    std::size_t t;
    std::uint64_t seen;
    bool known;           // whether `allowed` could be read
    cpu_set_t allowed;    // the caller's cores
  };

  // Starts kept thread t (under the mutex) for a step of `parts` parts, on
  // a core other than the caller's when there is room.
  bool start_thread(std::size_t t, std::size_t parts) {
    auto start = std::make_unique<Start>(Start{this, t, generation_.load(std::memory_order_relaxed), false, {}});
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return false;
    start->known = pthread_getaffinity_np(pthread_self(), sizeof start->allowed, &start->allowed) == 0;
    cpu_set_t others;
    if (start->known && others_than(sched_getcpu(), start->allowed, parts, others))
      pthread_attr_setaffinity_np(&attr, sizeof others, &others);
    pthread_t id;
    const int rc = pthread_create(&id, &attr, &WorkerPool::thread_main, start.get());
    pthread_attr_destroy(&attr);
    if (rc != 0) return false;
    start.release();  // the thread's now
    pthread_detach(id);
    return true;
  }

  static void* thread_main(void* arg) {
    const std::unique_ptr<Start> start(static_cast<Start*>(arg));
    // The set it would have had from its caller.
    if (start->known) pthread_setaffinity_np(pthread_self(), sizeof start->allowed, &start->allowed);
    start->pool->serve(start->t, start->seen);
    return nullptr;
  }

  // Runs part t of every step that has one.
  void serve(std::size_t t, std::uint64_t seen) {
    auto posted = [&] { return generation_.load(std::memory_order_acquire) != seen; };
    bool took_part = true;  // (a new thread is started for a step that has its part)
    for (;;) {
      if (!(took_part && spin_until(posted))) {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, posted);
      }
      void (*fn)(void*, std::size_t) = nullptr;
      void* ctx = nullptr;
      std::size_t parts = 0;
      int caller_cpu = -1;
      bool background = false;
      {
        std::lock_guard lock(mutex_);
        seen = generation_.load(std::memory_order_relaxed);
        fn = fn_;
        ctx = ctx_;
        parts = parts_;
        caller_cpu = caller_cpu_;
        background = background_.load(std::memory_order_relaxed);
      }
      // (A thread without a part in a background task keeps checking for
      // the next step as it did.)
      if (t >= parts) {
        if (!background) took_part = false;
        continue;
      }
      took_part = true;
      if (sched_getcpu() == caller_cpu) move_off(caller_cpu, parts);
      fn(ctx, t);
      if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard lock(mutex_);  // the caller checks `remaining_` under it before it sleeps
        // (Known from the step taken: by now another step may hold the
        // threads, its caller having seen this one end.)
        if (background) {
          // A background task has no caller waiting to free the threads. (A
          // step waiting for it finds them free once it sees it ended.)
          busy_.store(false, std::memory_order_release);
          background_.store(false, std::memory_order_release);
        }
        done_.notify_all();
      }
    }
  }

  std::atomic<bool> busy_{false};
  // Whether the step holding the kept threads is a background task.
  std::atomic<bool> background_{false};
  void (*task_)(std::intptr_t) = nullptr;
  std::intptr_t task_arg_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::size_t kept_ = 0;  // threads started (detached)
  // The step being run: its number (changed under the mutex, read without
  // it by threads checking for work), what it runs and the core its caller
  // was on (under the mutex), and how many kept threads have still to finish
  // their part.
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::size_t> remaining_{0};
  void (*fn_)(void*, std::size_t) = nullptr;
  void* ctx_ = nullptr;
  std::size_t parts_ = 0;
  int caller_cpu_ = -1;
};

thread_local bool WorkerPool::in_background = false;

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

bool run_in_background(void (*task)(std::intptr_t), std::intptr_t arg) { return pool().try_post(task, arg); }

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
