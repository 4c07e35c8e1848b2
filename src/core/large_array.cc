#include "core/large_array.h"

#include <sys/mman.h>

#include <cstdint>

namespace innocluster {

void advise_huge_pages(void* p, std::size_t bytes) {
  const auto begin = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = (begin + kHugePage - 1) / kHugePage * kHugePage;
  const std::uintptr_t last = (begin + bytes) / kHugePage * kHugePage;
  // Advice only: an error (no THP in this kernel) changes nothing.
  if (last > first) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace innocluster
