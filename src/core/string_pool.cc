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

StringPool::StringPool() : offsets_{0, 0} {}  // id 0: the empty string

StringPool::Id StringPool::intern(std::string_view text) {
  // Rows of one document usually follow each other and share ids, fields and
  // organisations: the last value answers those without touching the index.
  if ((*this)[last_] == text) return last_;
  last_ = lookup_or_add(text);
  return last_;
}

StringPool::Id StringPool::lookup_or_add(std::string_view text) {
  if (2 * (size() + 1) > slots_.size()) rebuild_index(std::max<std::size_t>(16, 4 * (size() + 1)));
  const std::uint32_t hash = hash_text(text);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  for (;; i = (i + 1) & mask) {
    const Slot slot = slots_[i];
    if (slot.id_plus_one == 0) break;
    // The stored hash spares reading the text of every other string probed.
    if (slot.hash == hash && (*this)[slot.id_plus_one - 1] == text) return slot.id_plus_one - 1;
  }
  if (chars_.size() + text.size() > std::numeric_limits<std::uint32_t>::max() ||
      size() >= std::numeric_limits<Id>::max() - 1)
    throw std::length_error("string pool is full (4 GiB of text or 2^32 values)");
  const Id id = static_cast<Id>(size());
  chars_.insert(chars_.end(), text.begin(), text.end());
  offsets_.push_back(static_cast<std::uint32_t>(chars_.size()));
  slots_[i] = {id + 1, hash};
  return id;
}

std::optional<StringPool::Id> StringPool::find(std::string_view text) const {
  if (text.empty()) return kEmpty;
  if (slots_.empty()) return std::nullopt;
  const std::uint32_t hash = hash_text(text);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot slot = slots_[i];
    if (slot.id_plus_one == 0) return std::nullopt;
    if (slot.hash == hash && (*this)[slot.id_plus_one - 1] == text) return slot.id_plus_one - 1;
  }
}

void StringPool::rebuild_index(std::size_t slots) {
  std::size_t capacity = 16;
  while (capacity < slots) capacity *= 2;
  slots_.assign(capacity, Slot{});
  const std::size_t mask = capacity - 1;
  for (Id id = 0; id < size(); ++id) {
    const std::uint32_t hash = hash_text((*this)[id]);
    std::size_t i = hash & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = {id + 1, hash};
  }
}

void StringPool::shrink_to_fit() {
  chars_.shrink_to_fit();
  offsets_.shrink_to_fit();
  std::vector<Slot>().swap(slots_);  // assigning {} would keep the capacity
}

std::size_t StringPool::memory_bytes() const {
  return chars_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) +
         slots_.capacity() * sizeof(Slot);
}

}  // namespace innocluster
