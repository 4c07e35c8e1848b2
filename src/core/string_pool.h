#pragma once
// Interned strings: each distinct text is stored once and named by a dense
// 32-bit id, so that a column of repeated texts (document ids, IPC codes,
// organisations) costs four bytes a row plus one copy of each distinct value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace innocluster {

class StringPool {
 public:
  using Id = std::uint32_t;
  /// Id 0 is always the empty string, so "absent" needs no extra flag.
  static constexpr Id kEmpty = 0;

  StringPool();

  /// The id of `text`, adding it when new. Ids are dense and given in order of
  /// first appearance, so the same input sequence always yields the same ids.
  /// Throws std::length_error past 2^32 - 1 distinct values or 4 GiB of text.
  Id intern(std::string_view text);

  /// The id of `text` when it was interned, else nullopt; never adds. Const,
  /// so concurrent find() calls are safe while nobody interns. Needs the hash
  /// index: call it before shrink_to_fit() (or after another intern()).
  std::optional<Id> find(std::string_view text) const;

  /// The text of an id returned by intern(); valid until the next intern().
  std::string_view operator[](Id id) const {
    return {chars_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]};
  }

  /// Number of distinct strings, the empty string included.
  std::size_t size() const { return offsets_.size() - 1; }

  /// Releases the spare capacity left by growth and the hash index (call when
  /// done interning: the pool then holds only its text and offsets; a later
  /// intern() rebuilds the index first).
  void shrink_to_fit();

  /// Bytes held by the pool (text, offsets and hash slots), for memory reports.
  std::size_t memory_bytes() const;

 private:
  Id lookup_or_add(std::string_view text);
  void rebuild_index(std::size_t slots);

  std::vector<char> chars_;
  std::vector<std::uint32_t> offsets_;  // size() + 1 entries
  struct Slot {
    Id id_plus_one = 0;       // 0 when empty
    std::uint32_t hash = 0;   // low 32 bits of the string's hash
  };
  std::vector<Slot> slots_;             // open addressing, linear probing, load <= 1/2
  Id last_ = kEmpty;                    // the id intern() returned last
};

}  // namespace innocluster
