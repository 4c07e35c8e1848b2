#pragma once
// Fractional counting: how much each accepted row of a source counts.
//
// Without a weight column, a document with k contributor rows gives each row
// 1/k (WIPO's fractional count): floor(2^32 / k) fixed-point units, the
// 2^32 mod k leftover units going one each to the document's first accepted
// rows in input order, so that a document whose rows are all accepted sums to
// exactly one. k counts every row that carries the document's id, rejected
// ones included (a contributor whose location is unusable still shared the
// document): their part is reported as rejected weight, not re-distributed.
// With a weight column, each row counts its given weight.
//
// Cost: O(rows) time, 4 bytes per distinct document of scratch memory.

#include <span>
#include <vector>

#include "core/contribution.h"

namespace innocluster {

struct RowWeights {
  std::vector<FixedWeight> weight;  ///< one per accepted row, in row order
  FixedWeight accepted_total = 0;   ///< sum of `weight`
  /// Weight the rejected rows of known documents would have carried (only
  /// for fractional counting; 0 with given weights).
  FixedWeight rejected_total = 0;
  std::uint64_t documents = 0;  ///< distinct documents with at least one accepted row
  /// Distinct documents with a readable id, accepted or not. With fractional
  /// counting, accepted_total + rejected_total == documents_seen exactly.
  std::uint64_t documents_seen = 0;
};

/// Weighs the accepted rows of `table`. `rejected_row_documents` lists the
/// document of each rejected row whose id was readable. Throws Error
/// (kDataError) when the source's total weight exceeds kMaxTotalWeight.
RowWeights weigh(const ContributionTable& table,
                 std::span<const StringPool::Id> rejected_row_documents,
                 const std::string& path);

}  // namespace innocluster
