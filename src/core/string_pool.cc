#include "core/string_pool.h"

#include <functional>
#include <limits>
#include <stdexcept>

namespace innocluster {
namespace {

std::uint32_t hash_text(std::string_view text) {
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(text));
}

}  // namespace

StringPool::StringPool() : offsets_{0}, slots_(16, 0) {
  intern(std::string_view{});
}

StringPool::Id StringPool::intern(std::string_view text) {
  const std::uint32_t h = hash_text(text);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Id slot = slots_[i];
    if (slot == 0) break;
    const Id id = slot - 1;
    if (hashes_[id] == h && (*this)[id] == text) return id;
  }
  if (chars_.size() + text.size() > std::numeric_limits<std::uint32_t>::max() ||
      size() >= std::numeric_limits<Id>::max() - 1)
    throw std::length_error("string pool is full (4 GiB of text or 2^32 values)");
  const Id id = static_cast<Id>(size());
  chars_.insert(chars_.end(), text.begin(), text.end());
  offsets_.push_back(static_cast<std::uint32_t>(chars_.size()));
  hashes_.push_back(h);
  if (2 * (size() + 1) > slots_.size()) {
    grow();  // re-inserts every id, the new one included
  } else {
    for (std::size_t i = h & mask;; i = (i + 1) & mask)
      if (slots_[i] == 0) {
        slots_[i] = id + 1;
        break;
      }
  }
  return id;
}

void StringPool::grow() {
  std::vector<Id> slots(slots_.size() * 2, 0);
  const std::size_t mask = slots.size() - 1;
  for (Id id = 0; id < size(); ++id)
    for (std::size_t i = hashes_[id] & mask;; i = (i + 1) & mask)
      if (slots[i] == 0) {
        slots[i] = id + 1;
        break;
      }
  slots_.swap(slots);
}

std::size_t StringPool::memory_bytes() const {
  return chars_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) +
         slots_.capacity() * sizeof(Id) + hashes_.capacity() * sizeof(std::uint32_t);
}

}  // namespace innocluster
