#pragma once
// A concurrent union-find (disjoint sets) over dense ids, safe for several
// threads calling unite() and find() at once, without locks.
//
// Linking always makes the larger root point at the smaller one (by id), with
// a compare-and-swap, and find() halves paths as it goes. The sets it ends
// with depend only on the pairs united, never on their order or on the number
// of threads; the representative of a set is always its smallest id.
//
// Complexity: near-constant amortised time per operation in practice (linking
// by index with path halving); memory 4 bytes per id.

#include <atomic>
#include <cstdint>
#include <memory>

#include "core/large_array.h"

namespace innocluster::detect {

class ConcurrentUnionFind {
 public:
  using Id = std::uint32_t;

  /// Sets {0}, {1}, ..., {n-1}. Only ids that are later touched (through
  /// reset(), unite() or find()) have their memory written, so a sparse use of
  /// a large id space costs little fresh memory.
  explicit ConcurrentUnionFind(std::size_t n) : owned_(make_large_array<Id>(n)), parent_(owned_.get()) {}
  /// The same over `storage` (n ids, not owned; its contents do not matter).
  explicit ConcurrentUnionFind(Id* storage) : parent_(storage) {}

  /// Makes `id` a singleton; call once per id before using it.
  void reset(Id id) { parent_[id] = id; }

  /// The smallest id of the set holding `id`.
  Id find(Id id) {
    for (;;) {
      std::atomic_ref<Id> ref(parent_[id]);
      const Id p = ref.load(std::memory_order_relaxed);
      if (p == id) return id;
      std::atomic_ref<Id> pref(parent_[p]);
      const Id gp = pref.load(std::memory_order_relaxed);
      if (gp == p) return p;
      // Path halving: point id at its grandparent (harmless if it fails).
      Id expected = p;
      ref.compare_exchange_weak(expected, gp, std::memory_order_relaxed);
      id = gp;
    }
  }

  /// Merges the sets of a and b.
  void unite(Id a, Id b) {
    for (;;) {
      a = find(a);
      b = find(b);
      if (a == b) return;
      if (a < b) std::swap(a, b);  // link the larger root under the smaller
      std::atomic_ref<Id> ref(parent_[a]);
      Id expected = a;
      if (ref.compare_exchange_strong(expected, b, std::memory_order_acq_rel)) return;
    }
  }

  /// True when a and b are known to be in one set. While other threads are
  /// uniting, a false answer may be out of date; once they have finished it
  /// is exact.
  bool same(Id a, Id b) { return find(a) == find(b); }

 private:
  LargeArray<Id> owned_;
  Id* parent_;
};

}  // namespace innocluster::detect
