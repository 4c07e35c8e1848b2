#include "core/large_array.h"

#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <climits>
#include <cstdlib>
#include <string_view>

namespace innocluster {

namespace {

// The advice is given only with INNOCLUSTER_HUGE_PAGES=1 (see the header).
bool huge_pages_wanted() {
  static const bool wanted = [] {
    const char* v = std::getenv("INNOCLUSTER_HUGE_PAGES");
    return v && std::string_view(v) == "1";
  }();
  return wanted;
}

}  // namespace

void advise_pages(const void* from, const void* to, std::size_t page, int advice) {
  const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(from) + page - 1) / page * page;
  const std::uintptr_t last = reinterpret_cast<std::uintptr_t>(to) / page * page;
  if (last > first) (void)madvise(reinterpret_cast<void*>(first), last - first, advice);
}

void keep_freed_memory() {
  // Settings the C library may refuse change nothing but speed.
  (void)mallopt(M_MMAP_MAX, 0);
  (void)mallopt(M_TRIM_THRESHOLD, INT_MAX);
  // The heap grows in steps of at least 16 MiB of address space (memory is
  // only taken when touched): a dozen fewer brk() calls at 100 k points.
  (void)mallopt(M_TOP_PAD, 16 << 20);
}

void use_one_heap() {
  (void)mallopt(M_ARENA_MAX, 1);
}

void advise_huge_pages(void* p, std::size_t bytes) {
  // An error (no THP in this kernel) changes nothing.
  if (huge_pages_wanted()) advise_pages(p, static_cast<const char*>(p) + bytes, kHugePage, MADV_HUGEPAGE);
}

}  // namespace innocluster
