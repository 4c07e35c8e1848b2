#include "aggregate/weigh.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "core/error.h"

namespace innocluster {
namespace {

void add_row(ContributionTable& t, const std::string& doc) {
  t.document.push_back(t.documents.intern(doc));
  t.year.push_back(2021);
  t.lat_e7.push_back(0);
  t.lon_e7.push_back(0);
  t.field.push_back(0);
  t.org.push_back(0);
}

TEST(Weigh, EachRowOfADocumentWeighsOneOverK) {
  ContributionTable t;
  for (const char* d : {"A", "B", "A", "C", "A", "B"}) add_row(t, d);
  const RowWeights w = weigh(t, {}, "f.csv");
  // A has 3 rows: 2^32 = 3 * 1431655765 + 1, the leftover unit to its first row.
  EXPECT_EQ(w.weight, (std::vector<FixedWeight>{1431655766, kWeightOne / 2, 1431655765, kWeightOne,
                                                1431655765, kWeightOne / 2}));
  EXPECT_EQ(w.accepted_total, 3 * kWeightOne);
  EXPECT_EQ(w.rejected_total, 0);
  EXPECT_EQ(w.documents, 3u);
}

TEST(Weigh, RejectedRowsKeepTheirShareAsRejectedWeight) {
  ContributionTable t;
  add_row(t, "A");
  add_row(t, "B");
  const StringPool::Id a = t.documents.intern("A");
  const StringPool::Id lost = t.documents.intern("L");  // a document all of whose rows were rejected
  const std::vector<StringPool::Id> rejected = {a, a, lost};
  const RowWeights w = weigh(t, rejected, "f.csv");
  EXPECT_EQ(w.weight[0], 1431655766);  // A: 1 of 3 rows accepted
  EXPECT_EQ(w.weight[1], kWeightOne);
  EXPECT_EQ(w.documents, 2u);
  EXPECT_EQ(w.documents_seen, 3u);
  EXPECT_EQ(w.accepted_total + w.rejected_total, 3 * kWeightOne);
}

TEST(Weigh, GivenWeightsAreUsedAsTheyAre) {
  ContributionTable t;
  add_row(t, "A");
  add_row(t, "A");
  t.given_weight = {to_fixed_weight(2.5), to_fixed_weight(0.0)};
  const RowWeights w = weigh(t, {}, "f.csv");
  EXPECT_EQ(w.weight, t.given_weight);
  EXPECT_EQ(w.accepted_total, to_fixed_weight(2.5));
  EXPECT_EQ(w.documents, 1u);
}

TEST(Weigh, RefusesATotalBeyondTheFixedPointRange) {
  ContributionTable t;
  for (int i = 0; i < 2200; ++i) add_row(t, "A");
  t.given_weight.assign(t.rows(), to_fixed_weight(kMaxRowWeight));
  try {
    weigh(t, {}, "big.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kDataError);
    EXPECT_NE(std::string(e.what()).find("big.csv: the rows' weights add up to more than"), std::string::npos);
  }
}

RC_GTEST_PROP(Weigh, WeightsSumExactlyToTheNumberOfDocuments, ()) {
  const auto docs = *rc::gen::inRange(1, 60);
  const auto rows = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, docs));
  ContributionTable t;
  for (int d : rows) add_row(t, "doc" + std::to_string(d));
  const RowWeights w = weigh(t, {}, "f.csv");
  RC_ASSERT(w.accepted_total == static_cast<FixedWeight>(w.documents) * kWeightOne);
  FixedWeight sum = 0;
  for (FixedWeight x : w.weight) sum += x;
  RC_ASSERT(sum == w.accepted_total);
  RC_ASSERT(w.rejected_total == 0);
}

}  // namespace
}  // namespace innocluster
