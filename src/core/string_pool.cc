#include "core/string_pool.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>

namespace innocluster {
namespace {

std::uint32_t hash_text(std::string_view text) {
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(text));
}

}  // namespace

StringPool::StringPool() : offsets_{0} {
  intern(std::string_view{});
}

StringPool::Id StringPool::intern(std::string_view text) {
  if (2 * (size() + 1) > slots_.size()) rebuild_index(std::max<std::size_t>(16, 4 * (size() + 1)));
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash_text(text) & mask;
  for (;; i = (i + 1) & mask) {
    const Id slot = slots_[i];
    if (slot == 0) break;
    if ((*this)[slot - 1] == text) return slot - 1;
  }
  if (chars_.size() + text.size() > std::numeric_limits<std::uint32_t>::max() ||
      size() >= std::numeric_limits<Id>::max() - 1)
    throw std::length_error("string pool is full (4 GiB of text or 2^32 values)");
  const Id id = static_cast<Id>(size());
  chars_.insert(chars_.end(), text.begin(), text.end());
  offsets_.push_back(static_cast<std::uint32_t>(chars_.size()));
  slots_[i] = id + 1;
  return id;
}

void StringPool::rebuild_index(std::size_t slots) {
  std::size_t capacity = 16;
  while (capacity < slots) capacity *= 2;
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (Id id = 0; id < size(); ++id) {
    std::size_t i = hash_text((*this)[id]) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = id + 1;
  }
}

void StringPool::shrink_to_fit() {
  chars_.shrink_to_fit();
  offsets_.shrink_to_fit();
  std::vector<Id>().swap(slots_);  // assigning {} would keep the capacity
}

std::size_t StringPool::memory_bytes() const {
  return chars_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) +
         slots_.capacity() * sizeof(Id);
}

}  // namespace innocluster
