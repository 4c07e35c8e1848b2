#include "aggregate/weigh.h"

#include <fmt/format.h>

#include "core/error.h"

namespace innocluster {

RowWeights weigh(const ContributionTable& table,
                 std::span<const StringPool::Id> rejected_row_documents, const std::string& path) {
  RowWeights out;
  // k: rows per document, rejected ones included.
  std::vector<std::uint32_t> k(table.documents.size(), 0);
  for (StringPool::Id d : table.document)
    if (k[d]++ == 0) ++out.documents;
  for (StringPool::Id d : rejected_row_documents) ++k[d];
  for (std::uint32_t kd : k) out.documents_seen += kd > 0 ? 1 : 0;

  if (table.has_given_weights()) {
    out.weight = table.given_weight;
  } else {
    std::vector<std::uint32_t> weighed(k.size(), 0);  // accepted rows of the document so far
    out.weight.resize(table.rows());
    for (std::size_t i = 0; i < table.rows(); ++i) {
      const StringPool::Id d = table.document[i];
      const auto share = static_cast<FixedWeight>(kWeightOne / k[d]);
      const auto leftover = static_cast<std::uint32_t>(kWeightOne % k[d]);
      out.weight[i] = share + (weighed[d]++ < leftover ? 1 : 0);
    }
  }

  constexpr auto kLimit = static_cast<FixedWeight>(kMaxTotalWeight) * kWeightOne;
  for (FixedWeight w : out.weight) {
    if (w > kLimit - out.accepted_total)
      throw Error(ExitCode::kDataError,
                  fmt::format("{}: the rows' weights add up to more than {:.0f}; innocluster "
                              "sums weights exactly in 64-bit fixed point and cannot go further: "
                              "split the file or scale its weights down",
                              path, kMaxTotalWeight));
    out.accepted_total += w;
  }
  // Every document with a readable id totals exactly one: what its accepted
  // rows did not take is its rejected rows' part.
  if (!table.has_given_weights())
    out.rejected_total = static_cast<FixedWeight>(out.documents_seen) * kWeightOne - out.accepted_total;
  return out;
}

}  // namespace innocluster
