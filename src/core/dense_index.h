#pragma once
// DenseIndex: numbers distinct 64-bit keys 0, 1, 2, … in order of first
// appearance. Used on hot paths that look up one key per input row
// (collapsing locations, tallying labels per cluster), where a node-based
// std::unordered_map costs an allocation per distinct key and a pointer chase
// per row: here key and number share a 16-byte slot of an open-addressing
// table (linear probing, load <= 1/2), so a probe touches one cache line.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace innocluster {

class DenseIndex {
 public:
  /// The number of `key`, giving it the next number (size()) when new.
  std::uint32_t find_or_insert(std::uint64_t key) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.value == kEmpty) {
        slot = {key, static_cast<std::uint32_t>(size_)};
        return static_cast<std::uint32_t>(size_++);
      }
      if (slot.key == key) return slot.value;
    }
  }

  /// Adds `key`; true when it was new.
  bool insert(std::uint64_t key) {
    const std::size_t before = size_;
    return find_or_insert(key) == before;
  }

  /// Starts loading the slot of `key` (a hint; for loops that know their keys
  /// a few rows ahead).
  void prefetch(std::uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[mix(key) & (slots_.size() - 1)]);
  }

  std::size_t size() const { return size_; }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = kEmpty;
  };

  static std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }

  void grow() {
    std::vector<Slot> slots(std::max<std::size_t>(1024, slots_.size() * 2));
    const std::size_t mask = slots.size() - 1;
    for (const Slot& s : slots_) {
      if (s.value == kEmpty) continue;
      std::size_t i = mix(s.key) & mask;
      while (slots[i].value != kEmpty) i = (i + 1) & mask;
      slots[i] = s;
    }
    slots_.swap(slots);
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace innocluster
