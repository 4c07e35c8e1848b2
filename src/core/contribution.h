#pragma once
// ContributionTable: the accepted rows of one source, column by column.
//
// One row per (document, contributor location), as read from a contribution
// file (docs/formats.md). Strings are interned; coordinates are integers in
// units of 1e-7 degree (about 1.1 cm), exact for any input with seven or fewer
// decimals and compact (8 bytes a point). Rows keep input order.

#include <cstdint>
#include <vector>

#include "core/source.h"
#include "core/string_pool.h"
#include "core/weight.h"

namespace innocluster {

/// Degrees to the integer grid of 1e-7 degree, and back.
inline constexpr double kCoordScale = 1e7;

struct ContributionTable {
  Source source = Source::kPatents;

  // One entry per accepted row.
  std::vector<StringPool::Id> document;  ///< into `documents`
  std::vector<std::int16_t> year;
  std::vector<std::int32_t> lat_e7;  ///< latitude × 1e7, in [-90e7, 90e7]
  std::vector<std::int32_t> lon_e7;  ///< longitude × 1e7, in [-180e7, 180e7]
  std::vector<StringPool::Id> field;  ///< into `fields`; kEmpty when absent
  std::vector<StringPool::Id> org;    ///< into `orgs`; kEmpty when absent
  /// The row's weight from a `weight` column; empty when the file has none,
  /// in which case the weigh stage gives each row 1/k of its document.
  std::vector<FixedWeight> given_weight;

  StringPool documents, fields, orgs;

  std::size_t rows() const { return document.size(); }
  bool has_given_weights() const { return !given_weight.empty(); }

  /// Releases the spare capacity left by growing the columns while reading,
  /// one column at a time (so the peak stays near one column's size).
  void shrink_to_fit();

  /// Bytes held by the columns and pools (capacity, not size).
  std::size_t memory_bytes() const;
};

}  // namespace innocluster
