#pragma once
// Uninitialised arrays for the engine's large columns, backed by transparent
// huge pages where the system offers them.
//
// The engine reads and writes its columns of tens of millions of entries in
// scattered order (radix sort scatter, gathers by point index); with 4 KiB
// pages nearly every such access also misses the TLB. Arrays of 2 MiB or more
// are therefore aligned to 2 MiB and marked MADV_HUGEPAGE before first touch,
// which on Linux with transparent huge pages in "madvise" or "always" mode
// gives them huge pages. It is a hint only: where it is not honoured the
// arrays are ordinary memory, and nothing else changes.
//
// Only arrays that are written in full should use it: a sparsely touched
// array (such as the union-find's parents) would become resident in 2 MiB
// steps.

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>

namespace innocluster::detect {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

template <class T>
using Buffer = std::unique_ptr<T[], FreeDeleter>;

/// An uninitialised array of n trivially constructible values.
template <class T>
Buffer<T> make_buffer(std::size_t n) {
  static_assert(std::is_trivially_default_constructible_v<T> && std::is_trivially_destructible_v<T>);
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  const std::size_t bytes = n * sizeof(T) == 0 ? 1 : n * sizeof(T);
  void* p = nullptr;
  if (bytes >= kHuge) {
    const std::size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
    p = std::aligned_alloc(kHuge, rounded);
#ifdef MADV_HUGEPAGE
    if (p) madvise(p, rounded, MADV_HUGEPAGE);
#endif
  } else {
    p = std::malloc(bytes);
  }
  if (!p) throw std::bad_alloc();
  return Buffer<T>(static_cast<T*>(p));
}

}  // namespace innocluster::detect
