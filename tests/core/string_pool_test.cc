#include "core/string_pool.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <string>

namespace innocluster {
namespace {

TEST(StringPool, EmptyStringIsIdZero) {
  StringPool pool;
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool.intern(""), StringPool::kEmpty);
  EXPECT_EQ(pool[StringPool::kEmpty], "");
}

TEST(StringPool, IdsAreDenseInOrderOfFirstAppearance) {
  StringPool pool;
  EXPECT_EQ(pool.intern("H04L"), 1u);
  EXPECT_EQ(pool.intern("G06F"), 2u);
  EXPECT_EQ(pool.intern("H04L"), 1u);
  EXPECT_EQ(pool.intern("東京"), 3u);
  EXPECT_EQ(pool[3], "東京");
  EXPECT_EQ(pool.size(), 4u);
}

TEST(StringPool, SurvivesGrowthWithManyValues) {
  StringPool pool;
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(pool.intern("doc-" + std::to_string(i)), static_cast<StringPool::Id>(i + 1));
  for (int i = 0; i < 100000; i += 997) EXPECT_EQ(pool.intern("doc-" + std::to_string(i)), static_cast<StringPool::Id>(i + 1));
  EXPECT_EQ(pool[12345 + 1], "doc-12345");
  EXPECT_GT(pool.memory_bytes(), 100000u * 8);
}

TEST(StringPool, ShrinkKeepsValuesAndInterningGoesOn) {
  StringPool pool;
  for (int i = 0; i < 1000; ++i) pool.intern("v" + std::to_string(i));
  const std::size_t before = pool.memory_bytes();
  pool.shrink_to_fit();
  EXPECT_LT(pool.memory_bytes(), before);
  EXPECT_EQ(pool[500 + 1], "v500");
  EXPECT_EQ(pool.intern("v500"), 501u);
  EXPECT_EQ(pool.intern("new"), 1001u);
}

RC_GTEST_PROP(StringPool, MatchesAMapOracle, (const std::vector<std::string>& texts)) {
  StringPool pool;
  std::map<std::string, StringPool::Id> oracle{{"", 0}};
  for (const std::string& t : texts) {
    const StringPool::Id id = pool.intern(t);
    const auto [it, inserted] = oracle.emplace(t, static_cast<StringPool::Id>(oracle.size()));
    RC_ASSERT(id == it->second);
    RC_ASSERT(pool[id] == t);
  }
  RC_ASSERT(pool.size() == oracle.size());
}

RC_GTEST_PROP(StringPool, FindAnswersWithoutAdding,
              (const std::vector<std::string>& texts, const std::vector<std::string>& probes)) {
  StringPool pool;
  std::map<std::string, StringPool::Id> oracle{{"", 0}};
  for (const std::string& t : texts) oracle.emplace(t, pool.intern(t));
  const std::size_t size = pool.size();
  for (const std::string& p : probes) {
    const auto it = oracle.find(p);
    const std::optional<StringPool::Id> found = pool.find(p);
    RC_ASSERT(found.has_value() == (it != oracle.end()));
    if (found) RC_ASSERT(*found == it->second);
  }
  for (const auto& [text, id] : oracle) RC_ASSERT(pool.find(text) == std::optional<StringPool::Id>(id));
  RC_ASSERT(pool.size() == size);
}

}  // namespace
}  // namespace innocluster
