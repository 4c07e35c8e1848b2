#pragma once
// Arrays of millions of elements, on transparent huge pages when asked.
//
// The detection engine and its inputs live in a few arrays of tens to
// hundreds of megabytes that are filled once and then read in scattered
// order. On 4 KiB pages, filling them costs a page fault per 4 KiB and
// reading them a TLB miss on nearly every scattered access; on 2 MiB pages
// both mostly disappear. Linux backs a region with huge pages when asked with
// madvise(MADV_HUGEPAGE) before it is first touched (with the default
// setting, "madvise", of /sys/kernel/mm/transparent_hugepage/enabled).
//
// The advice is off unless INNOCLUSTER_HUGE_PAGES=1 is set: where the huge
// pages come from memory that was never touched, obtaining them can cost
// more than they save, and the time of a run then depends on the state of
// the machine's memory. Measured on the reference machine, a virtual machine
// (bench/RESULTS.md, "detect"): 10 M points took 0.78 s with huge pages
// freed by a previous run, 1.1-1.34 s with fresh ones, 0.93-0.95 s without.
// The likely reason: its kernel reports free blocks of 2 MiB to the host a
// couple of seconds after they are freed (free page reporting of the virtio
// balloon, page_reporting_order 9), and the host maps them in again when
// they are next used. A huge page freed by one run is such a
// block; a 4 KiB page often is not. So even a small run on huge pages loses
// after a pause: at 100 k points, with the heap's first 32 MiB on huge pages,
// runs one after another took 0.75 ms less, but a run 6-10 s after the
// previous one took 19-22 ms instead of 14 ms.
// With huge pages, the untouched parts of an advised array (unused slots of
// the grid) are backed by memory too.
//
// Only arrays of at least kHugeFrom bytes are advised: smaller ones would
// waste most of a 2 MiB page.

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace innocluster {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;
inline constexpr std::size_t kHugeFrom = std::size_t{4} << 20;

/// madvise(advice) on the whole pages of `page` bytes inside [from, to);
/// errors are ignored (advice only).
void advise_pages(const void* from, const void* to, std::size_t page, int advice);

/// Makes the C library keep the memory the process frees for its next
/// allocations instead of giving it back to the system: large blocks come
/// from the heap rather than from mappings of their own, and the heap is not
/// trimmed. Fresh memory costs a page fault per 4 KiB page when first
/// touched (about 1.3 us on the reference machine), and the stages of a run
/// allocate and free arrays of hundreds of megabytes one after another (the
/// points read, then the engine's columns): reused, those pages are already
/// there. Measured (bench/RESULTS.md): `rank` on 10 M rows 3.56 -> 2.76 s
/// for 621 -> 693 MiB peak; `detect` on 10 M points, index phase 0.32 ->
/// 0.285 s. The heap also grows in steps of at least 16 MiB of address space
/// (memory is still taken only when touched): each growth is a system call
/// that changes the process's mappings, 10 fewer of them took 0.08 ms off
/// `detect` at 100 k points. Called once by the programs at start, before any
/// allocation worth keeping; a library caller keeps its own allocator
/// settings.
void keep_freed_memory();

/// Makes every thread allocate from one heap (the C library's default is a
/// heap per thread, up to 8 per core), so that the scratch one thread frees
/// is reused by the others rather than set aside. For `detect`, whose worker
/// threads each allocate and free a few hundred KiB of scratch per phase:
/// 180 fresh pages fewer at 100 k points (0.2 ms of 15). Not for `rank`,
/// whose stages allocate large arrays on several threads at once: one heap
/// left them 6% more memory at peak (706 -> 749 MiB at 10 M rows), no
/// faster. Called before the threads start.
void use_one_heap();

/// Asks for huge pages on the whole 2 MiB pages inside [p, p + bytes), when
/// INNOCLUSTER_HUGE_PAGES=1.
void advise_huge_pages(void* p, std::size_t bytes);

struct FreeDelete {
  void operator()(void* p) const { std::free(p); }
};

/// An uninitialised array of trivial T, freed with free().
template <class T>
using LargeArray = std::unique_ptr<T[], FreeDelete>;

/// n uninitialised elements; on huge pages when the array is large and they
/// are asked for. Throws
/// std::bad_alloc when the memory is not there.
template <class T>
LargeArray<T> make_large_array(std::size_t n) {
  const std::size_t bytes = std::max<std::size_t>(n * sizeof(T), 1);
  void* p = nullptr;
  if (bytes >= kHugeFrom) {
    p = std::aligned_alloc(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage);
    if (p) advise_huge_pages(p, bytes);
  } else {
    p = std::malloc(bytes);
  }
  if (!p) throw std::bad_alloc();
  return LargeArray<T>(static_cast<T*>(p));
}

/// The storage of `from` as an array of `To` (the same bytes, now owned by the
/// result): memory that has been used once is already backed by the system,
/// so reusing it for the next array of the same size saves the page faults
/// (about 1.3 us per 4 KiB page) of fresh memory.
template <class To, class From>
LargeArray<To> reuse_as(LargeArray<From>&& from) {
  static_assert(std::is_trivial_v<To> && std::is_trivial_v<From> && alignof(To) <= alignof(std::max_align_t));
  return LargeArray<To>(reinterpret_cast<To*>(from.release()));
}

/// An allocator that leaves elements of trivially copyable and destructible
/// types unwritten when a vector value-initialises them (resize(n),
/// vector(n)), default member values included (WeightedPoint's zeros): the
/// memory is first touched where the elements are first written, by
/// whichever threads write them, instead of all of it zeroed at once on one
/// thread. Every element must be assigned before it is read. (Such types
/// are implicit-lifetime types: the allocation itself creates them.)
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0 && std::is_trivially_copyable_v<U> && std::is_trivially_destructible_v<U>) {
      (void)p;  // left as allocated
    } else if constexpr (sizeof...(Args) == 0) {
      ::new (static_cast<void*>(p)) U;
    } else {
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
  }
};

/// A vector whose resize() leaves new elements unwritten (see above).
template <class T>
using UninitVector = std::vector<T, UninitAllocator<T>>;

/// v.reserve(n), with the new storage on huge pages when it is large (call it
/// on an empty vector, before filling it).
template <class T, class A>
void reserve_large(std::vector<T, A>& v, std::size_t n) {
  v.reserve(n);
  if (v.capacity() * sizeof(T) >= kHugeFrom) advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace innocluster
