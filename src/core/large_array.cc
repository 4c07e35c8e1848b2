#include "core/large_array.h"

#include <sys/mman.h>

#include <cstdint>
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

void advise_huge_pages(void* p, std::size_t bytes) {
  if (!huge_pages_wanted()) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = (begin + kHugePage - 1) / kHugePage * kHugePage;
  const std::uintptr_t last = (begin + bytes) / kHugePage * kHugePage;
  // Advice only: an error (no THP in this kernel) changes nothing.
  if (last > first) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace innocluster
