#pragma once
// Threads kept for the life of the process, so that a parallel step costs a
// wake-up instead of a thread start.
//
// The detection engine runs a dozen short parallel steps per call (a radix
// sort pass on 100 k points takes about 20 us); starting and joining a
// std::thread for each took about 60 us, most of the engine's time on small
// inputs. run_parts() hands the parts of a step to waiting threads instead.
//
// One step at a time uses the kept threads: a call made while another is
// running (from another thread, or from inside a part) starts threads of its
// own for that call, as before, so calls never wait on each other and
// nesting cannot deadlock. So does a step of more than 64 parts. After
// fork(), the child starts a new set (fork() from inside a part is not
// supported). When no thread can be started, parts run one after another on
// the calling thread: a part must never wait for another part.
//
// A kept thread can also take a task that the caller does not wait for
// (run_in_background()); the next step waits for it instead.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

namespace innocluster {

/// Calls fn(ctx, t) for every t in [0, parts): t = 0 on the calling thread,
/// the others on other threads at the same time (see above); returns when
/// all have returned. fn must not throw.
void run_parts_raw(std::size_t parts, void (*fn)(void*, std::size_t), void* ctx);

/// Runs task(arg) on a kept thread without waiting for it, when one has been
/// started and no step is running: true. Otherwise false, and nothing is run
/// (the caller does the work itself). The next step waits for the task to end
/// before it starts. For work that need not hold up the caller and that the
/// process's end would finish anyway, such as the kernel's letting go of a
/// replaced file (io/output_file.cc): the process may end while the task runs
/// or before it starts. task must not throw, nor start steps of its own.
bool run_in_background(void (*task)(std::intptr_t), std::intptr_t arg);

/// run_parts_raw() for any callable part(t) (which must not throw).
template <class Part>
void run_parts(std::size_t parts, Part&& part) {
  using P = std::remove_reference_t<Part>;
  run_parts_raw(
      parts, [](void* ctx, std::size_t t) noexcept { (*static_cast<P*>(ctx))(t); },
      const_cast<void*>(static_cast<const void*>(std::addressof(part))));
}

}  // namespace innocluster
