#include "core/worker_pool.h"

#include <gtest/gtest.h>

#include <pthread.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/parallel.h"
#include "detect/parallel.h"

namespace innocluster {
namespace {

// The parts each call ran, and on how many distinct threads.
struct Seen {
  std::mutex mutex;
  std::multiset<std::size_t> parts;
  std::set<std::thread::id> threads;
  void add(std::size_t t) {
    std::lock_guard lock(mutex);
    parts.insert(t);
    threads.insert(std::this_thread::get_id());
  }
};

std::multiset<std::size_t> zero_to(std::size_t n) {
  std::multiset<std::size_t> all;
  for (std::size_t t = 0; t < n; ++t) all.insert(t);
  return all;
}

TEST(WorkerPool, EveryPartRunsOnceOnItsOwnThreadWithPart0OnTheCaller) {
  // 70 parts: more than are kept, so that call starts threads of its own.
  for (std::size_t parts : {0u, 1u, 2u, 5u, 3u, 8u, 70u, 4u}) {
    Seen seen;
    std::thread::id part0;
    run_parts(parts, [&](std::size_t t) {
      if (t == 0) part0 = std::this_thread::get_id();
      seen.add(t);
    });
    EXPECT_EQ(seen.parts, zero_to(parts)) << parts;
    EXPECT_EQ(seen.threads.size(), parts) << parts;
    if (parts > 0) {
      EXPECT_EQ(part0, std::this_thread::get_id());
    }
  }
}

TEST(WorkerPool, PartsRunAtTheSameTime) {
  // Each part waits for all the others: this returns only if they overlap.
  constexpr std::size_t kParts = 4;
  std::atomic<std::size_t> arrived{0};
  run_parts(kParts, [&](std::size_t) {
    ++arrived;
    while (arrived.load() < kParts) std::this_thread::yield();
  });
  EXPECT_EQ(arrived.load(), kParts);
}

TEST(WorkerPool, NestedCallsRunOnThreadsOfTheirOwn) {
  Seen outer, inner;
  run_parts(3, [&](std::size_t t) {
    outer.add(t);
    run_parts(2, [&](std::size_t u) { inner.add(t * 10 + u); });
  });
  EXPECT_EQ(outer.parts, zero_to(3));
  EXPECT_EQ(inner.parts, (std::multiset<std::size_t>{0, 1, 10, 11, 20, 21}));
}

TEST(WorkerPool, CallsFromSeveralThreadsAtOnceAllComplete) {
  std::atomic<int> total{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c)
    callers.emplace_back([&] {
      for (int r = 0; r < 50; ++r) run_parts(3, [&](std::size_t t) { total += static_cast<int>(t) + 1; });
    });
  for (std::thread& c : callers) c.join();
  EXPECT_EQ(total.load(), 4 * 50 * (1 + 2 + 3));
}

TEST(WorkerPool, ABackgroundTaskRunsOnAKeptThreadWithoutHoldingUpTheCallerAndTheNextStepWaitsForIt) {
  run_parts(2, [](std::size_t) {});  // a kept thread exists
  static std::atomic<bool> release{false}, done{false};
  static std::thread::id ran_on;
  release = false;
  done = false;
  // The task waits for the caller: run_in_background() returns before it ends.
  ASSERT_TRUE(run_in_background(
      [](std::intptr_t arg) {
        while (!release.load()) std::this_thread::yield();
        ran_on = std::this_thread::get_id();
        done.store(arg == 42);
      },
      42));
  EXPECT_FALSE(done.load());
  release = true;
  bool done_first = false;
  run_parts(2, [&](std::size_t t) {
    if (t == 0) done_first = done.load();
  });
  EXPECT_TRUE(done_first);
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(WorkerPool, NoBackgroundTaskWhileAStepHoldsTheKeptThreads) {
  std::atomic<bool> posted{true};
  run_parts(2, [&](std::size_t t) {
    if (t == 0) posted = run_in_background([](std::intptr_t) {}, 0);
  });
  EXPECT_FALSE(posted.load());  // (the caller then does the work itself)
}

TEST(WorkerPool, AForkedChildHasAPoolOfItsOwn) {
  run_parts(2, [](std::size_t) {});  // the parent's threads exist
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::atomic<int> ran{0};
    run_parts(3, [&](std::size_t) { ++ran; });
    _exit(ran.load() == 3 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// The cores each part's thread may run on, after a few steps (kept threads
// are started on another core than the caller's, and move off the caller's
// for a moment when they find themselves on it; each time they must take
// back the caller's set).
bool parts_keep_the_callers_cores() {
  cpu_set_t callers;
  if (pthread_getaffinity_np(pthread_self(), sizeof callers, &callers) != 0) return false;
  bool same = true;
  std::mutex mutex;
  for (int step = 0; step < 20; ++step) {
    run_parts(3, [&](std::size_t) {
      cpu_set_t mine;
      const bool ok = pthread_getaffinity_np(pthread_self(), sizeof mine, &mine) == 0 && CPU_EQUAL(&mine, &callers);
      std::lock_guard lock(mutex);
      same = same && ok;
    });
  }
  return same;
}

TEST(WorkerPool, KeptThreadsRunOnTheCallersCores) { EXPECT_TRUE(parts_keep_the_callers_cores()); }

TEST(WorkerPool, KeptThreadsKeepToOneCoreWhenTheProcessHasOne) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A child of its own pool, allowed a single core: its threads cannot move
    // off it, and must still run every part.
    cpu_set_t one;
    CPU_ZERO(&one);
    const int cpu = sched_getcpu();
    CPU_SET(cpu < 0 ? 0 : cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) _exit(2);
    std::atomic<int> ran{0};
    for (int step = 0; step < 5; ++step) run_parts(2, [&](std::size_t) { ++ran; });
    _exit(ran.load() == 10 && parts_keep_the_callers_cores() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(ParallelBlocksWith, EveryBlockOnceEachThreadInIncreasingOrderWithItsOwnState) {
  struct State {
    int id = -1;
    std::vector<std::size_t> begins;
  };
  for (int threads : {1, 2, 3, 5}) {
    std::mutex mutex;
    std::vector<std::vector<std::size_t>> seen;  // the blocks of each state
    std::atomic<int> states{0};
    constexpr std::size_t kItems = 1003, kBlock = 10;
    std::vector<std::atomic<int>> covered(kItems);
    detect::parallel_blocks_with<State>(kItems, kBlock, threads, [&](State& s, std::size_t b, std::size_t e) {
      if (s.id < 0) s.id = states++;
      EXPECT_TRUE(s.begins.empty() || s.begins.back() < b);
      s.begins.push_back(b);
      EXPECT_EQ(b % kBlock, 0u);
      EXPECT_EQ(e, std::min(kItems, b + kBlock));
      for (std::size_t i = b; i < e; ++i) ++covered[i];
      std::lock_guard lock(mutex);
      seen.resize(std::max<std::size_t>(seen.size(), static_cast<std::size_t>(s.id) + 1));
      seen[static_cast<std::size_t>(s.id)] = s.begins;
    });
    for (std::size_t i = 0; i < kItems; ++i) EXPECT_EQ(covered[i].load(), 1) << i;
    EXPECT_LE(states.load(), threads);
    EXPECT_GE(states.load(), 1);
  }
}

TEST(ParallelBlocksWith, RethrowsAFailureOnceEveryThreadHasStopped) {
  struct None {};
  EXPECT_THROW(detect::parallel_blocks_with<None>(100, 1, 2,
                                                  [](None&, std::size_t b, std::size_t) {
                                                    if (b == 37) throw std::runtime_error("block 37");
                                                  }),
               std::runtime_error);
}

TEST(WorkerPool, ForEachTaskRethrowsTheFirstFailureAfterRunningEveryTask) {
  std::atomic<int> ran{0};
  try {
    for_each_task(6, 3, [&](std::size_t i) {
      ++ran;
      if (i == 2 || i == 4) throw std::runtime_error("task " + std::to_string(i));
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task 2");
  }
  EXPECT_EQ(ran.load(), 6);
}

}  // namespace
}  // namespace innocluster
