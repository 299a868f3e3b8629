// PlanCache and api::Database::Run with it: a text run again is neither
// parsed nor planned and answers as a fresh RunQuery does; errors are not
// kept; the cache stays within its entries and text bytes; a plan made
// against counts that changed a lot is made again (and then starts where
// the new counts say); Close empties it.
#include "api/plan_cache.h"

#include <gtest/gtest.h>

#include "api/database.h"
#include "store/memory_store.h"

namespace namidb::api {
namespace {

std::string Rows(const query::QueryResult& result) {
  std::string out;
  for (const auto& row : result.rows) {
    for (const auto& v : row) out += v.ToString() + " ";
    out += "| ";
  }
  return out;
}

class PlanCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.ns = "g";
    ASSERT_TRUE(db_.Open(options).ok());
  }

  std::string Run(const std::string& text, const ValueMap& params = {}, bool write = false) {
    auto r = db_.Run(text, params, write);
    if (!r.ok()) return "error: " + r.status().ToString();
    return Rows(r->result);
  }

  std::string Fresh(const std::string& text, const ValueMap& params = {}) {
    auto r = query::RunQuery(*db_.graph(), text, params);
    if (!r.ok()) return "error: " + r.status().ToString();
    return Rows(*r);
  }

  static ValueMap Id(int64_t id) {
    ValueMap params;
    params.Set("id", Value::Int(id));
    return params;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  Database db_{store_};
};

TEST_F(PlanCacheTest, ATextRunAgainIsPlannedOnceAndAnswersAsAFreshQuery) {
  ASSERT_EQ(Run("UNWIND range(1, 50) AS i CREATE (:P {id: i, name: 'p' + toString(i)})", {}, true),
            "");
  const std::string text = "MATCH (p:P) WHERE p.id = $id RETURN p.name";
  for (int64_t id : {3, 17, 50, 99}) {
    EXPECT_EQ(Run(text, Id(id)), Fresh(text, Id(id))) << id;
  }
  const PlanCache::Stats stats = db_.Stats().plans;
  EXPECT_EQ(stats.misses, 2u);  // the CREATE and the first read
  EXPECT_EQ(stats.hits, 3u);
  EXPECT_EQ(stats.entries, 2u);
  EXPECT_EQ(stats.text_bytes,
            text.size() +
                std::string("UNWIND range(1, 50) AS i CREATE (:P {id: i, name: 'p' + toString(i)})")
                    .size());
}

TEST_F(PlanCacheTest, ARunAsAWriteAndAsAReadOfOneTextEachAnswerAsTheirKind) {
  const std::string text = "CREATE (n:Q) RETURN count(*)";
  EXPECT_EQ(Run(text, {}, true), "1 | ");
  EXPECT_EQ(Run(text, {}, true), "1 | ");
  EXPECT_NE(Run(text).find("error: "), std::string::npos);  // an update in a read
  EXPECT_EQ(Run("MATCH (n:Q) RETURN count(n)"), "2 | ");
}

TEST_F(PlanCacheTest, ASyntaxErrorIsReturnedEachTimeAndNothingIsKept) {
  const std::string bad = "MATCH (n RETURN n";
  const std::string first = Run(bad);
  EXPECT_EQ(first.rfind("error: ", 0), 0u);
  EXPECT_EQ(first, Fresh(bad));
  EXPECT_EQ(Run(bad), first);
  EXPECT_EQ(db_.Stats().plans.entries, 0u);
  EXPECT_EQ(db_.Stats().plans.misses, 2u);
}

TEST_F(PlanCacheTest, AStatementThatFailsToPlanIsPlannedAgainOnItsNextRun) {
  const std::string text = "MATCH (n) RETURN m";  // m is not defined
  const std::string first = Run(text);
  EXPECT_EQ(first.rfind("error: ", 0), 0u);
  EXPECT_EQ(Run(text), first);
}

TEST_F(PlanCacheTest, ProfileCountsOnlyItsOwnRun) {
  ASSERT_EQ(Run("UNWIND range(1, 10) AS i CREATE (:P {id: i})", {}, true), "");
  auto first = db_.Run("PROFILE MATCH (p:P) RETURN count(p.id)", {}, false);
  auto second = db_.Run("PROFILE MATCH (p:P) RETURN count(p.id)", {}, false);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(db_.Stats().plans.hits, 1u);
  auto rows_of = [](const std::vector<std::string>& profile) {
    std::string out;  // the lines without their times
    for (const auto& line : profile) out += line.substr(0, line.rfind(", ")) + "\n";
    return out;
  };
  EXPECT_EQ(rows_of(first->result.profile), rows_of(second->result.profile));
}

TEST_F(PlanCacheTest, APlanMadeAgainstCountsThatChangedALotIsMadeAgain) {
  ASSERT_EQ(Run("UNWIND range(1, 10) AS i CREATE (:A {id: i})", {}, true), "");
  ASSERT_EQ(Run("UNWIND range(1, 1000) AS i CREATE (:B {id: i})", {}, true), "");
  const std::string explain = "EXPLAIN MATCH (a:A), (b:B) WHERE a.id = b.id RETURN count(*)";
  const std::string before = Run(explain);
  EXPECT_EQ(before, Fresh(explain));
  ASSERT_EQ(Run("UNWIND range(11, 5000) AS i CREATE (:A {id: i})", {}, true), "");
  const std::string after = Run(explain);
  EXPECT_EQ(after, Fresh(explain));
  EXPECT_NE(after, before);  // the plan starts elsewhere with A past B
  EXPECT_EQ(db_.Stats().plans.hits, 0u);
}

TEST_F(PlanCacheTest, CloseEmptiesIt) {
  Run("RETURN 1");
  EXPECT_EQ(db_.Stats().plans.entries, 1u);
  db_.Close();
  EXPECT_EQ(db_.Stats().plans.entries, 0u);
}

TEST(PlanCache, KeepsItsEntriesAndTextBytesLeastRecentlyUsedOut) {
  GraphStats stats;
  PlanCache cache(/*max_entries=*/2, /*max_text_bytes=*/400);
  auto a = cache.Get("RETURN 1 AS a", stats);
  cache.Get("RETURN 1 AS b", stats);
  EXPECT_EQ(cache.Get("RETURN 1 AS a", stats), a);  // a hit, a now most recent
  cache.Get("RETURN 1 AS c", stats);                // b goes
  EXPECT_EQ(cache.stats().entries, 2u);
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.Get("RETURN 1 AS a", stats), a);
  EXPECT_EQ(cache.stats().hits, 2u);
  cache.Get("RETURN 1 AS b", stats);
  EXPECT_EQ(cache.stats().hits, 2u);  // b was gone

  // A text over a quarter of the bytes runs but is not kept.
  const std::string long_text = "RETURN '" + std::string(120, 'x') + "' AS long";
  auto kept_before = cache.stats();
  EXPECT_EQ(cache.Get(long_text, stats)->text(), long_text);
  EXPECT_EQ(cache.stats().entries, kept_before.entries);
  EXPECT_EQ(cache.stats().text_bytes, kept_before.text_bytes);

  // Text bytes bound it before its entries do: six texts of 16 bytes in 80.
  PlanCache by_bytes(/*max_entries=*/10, /*max_text_bytes=*/80);
  for (int i = 1; i <= 6; ++i) by_bytes.Get("RETURN 1 AS x_0" + std::to_string(i), stats);
  EXPECT_EQ(by_bytes.stats().entries, 5u);
  EXPECT_EQ(by_bytes.stats().text_bytes, 80u);
  by_bytes.Get("RETURN 1 AS x_06", stats);
  EXPECT_EQ(by_bytes.stats().hits, 1u);
  by_bytes.Get("RETURN 1 AS x_01", stats);  // the first went
  EXPECT_EQ(by_bytes.stats().hits, 1u);
}

TEST(PlanCache, CountsDriftPastDoubleOrHalfWithASlack) {
  GraphStats then;
  then.nodes = 1000;
  then.labels["A"] = 1000;
  GraphStats now = then;
  EXPECT_FALSE(CountsDrifted(then, now));
  now.nodes = now.labels["A"] = 2064;
  EXPECT_FALSE(CountsDrifted(then, now));
  now.nodes = now.labels["A"] = 2065;
  EXPECT_TRUE(CountsDrifted(then, now));
  now = then;
  now.labels["A"] = 467;  // 1000 > 2 * 467 + 64
  EXPECT_TRUE(CountsDrifted(then, now));
  now = then;
  now.labels["B"] = 64;  // a new label within the slack
  EXPECT_FALSE(CountsDrifted(then, now));
  now.labels["B"] = 65;
  EXPECT_TRUE(CountsDrifted(then, now));
  now = then;
  now.labels.erase("A");  // a label gone
  EXPECT_TRUE(CountsDrifted(then, now));
}

}  // namespace
}  // namespace namidb::api
