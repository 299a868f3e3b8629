// GroupTable (execution/group_table.h): groups keys under Cypher's grouping
// equivalence, numbers groups in the order they first appear, and keeps
// each group's key. Checked against a model over random keys, and through
// the grouping it serves (RETURN k, count(*)).
#include "query/execution/group_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "query/functions/value_ops.h"
#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/result_lines.h"

namespace namidb::query {
namespace {

std::pair<size_t, bool> Add(GroupTable& table, std::vector<Value> key) {
  return table.FindOrAdd(key);
}

TEST(GroupTableTest, GroupsEquivalentKeysOnce) {
  GroupTable table(1);
  EXPECT_EQ(Add(table, {Value::Int(1)}), std::make_pair(size_t{0}, true));
  EXPECT_EQ(Add(table, {Value::Float(1.0)}), std::make_pair(size_t{0}, false));  // 1 meets 1.0
  EXPECT_EQ(Add(table, {Value::String("1")}), std::make_pair(size_t{1}, true));
  EXPECT_EQ(Add(table, {Value()}), std::make_pair(size_t{2}, true));
  EXPECT_EQ(Add(table, {Value()}), std::make_pair(size_t{2}, false));  // null meets null
  EXPECT_EQ(Add(table, {Value::Float(std::nan(""))}), std::make_pair(size_t{3}, true));
  EXPECT_EQ(Add(table, {Value::Float(std::nan(""))}), std::make_pair(size_t{3}, false));
  EXPECT_EQ(Add(table, {Value::List({Value::Int(2), Value()})}), std::make_pair(size_t{4}, true));
  EXPECT_EQ(Add(table, {Value::List({Value::Float(2.0), Value()})}),
            std::make_pair(size_t{4}, false));
  EXPECT_EQ(Add(table, {Value::Bool(true)}), std::make_pair(size_t{5}, true));
  ASSERT_EQ(table.size(), 6u);
  // The key kept is the first one seen.
  EXPECT_EQ(table.key(0)[0].kind(), ValueKind::kInt);
  EXPECT_EQ(table.key(1)[0].as_string(), "1");
}

TEST(GroupTableTest, AKeyOfNoValuesIsOneGroup) {
  GroupTable table(0);
  EXPECT_EQ(Add(table, {}), std::make_pair(size_t{0}, true));
  EXPECT_EQ(Add(table, {}), std::make_pair(size_t{0}, false));
  EXPECT_EQ(table.size(), 1u);
}

TEST(GroupTableTest, AgreesWithAModelOverRandomKeysOfTwoValues) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    GroupTable table(2);
    // Model: the key as text -> the group number it got first.
    std::map<std::pair<int64_t, std::string>, size_t> model;
    std::vector<std::pair<int64_t, std::string>> first_keys;
    for (int i = 0; i < 60000; ++i) {
      // Nearby integers (the case a weak hash fills neighbouring slots with),
      // some as floats, and a few strings.
      int64_t a = static_cast<int64_t>(random() % 5000);
      std::string b = std::to_string(random() % 7);
      Value first = random() % 3 == 0 ? Value::Float(static_cast<double>(a)) : Value::Int(a);
      auto [group, fresh] = Add(table, {first, Value::String(b)});
      auto [it, inserted] = model.emplace(std::make_pair(a, b), model.size());
      ASSERT_EQ(group, it->second);
      ASSERT_EQ(fresh, inserted);
      if (inserted) first_keys.emplace_back(a, b);
    }
    ASSERT_EQ(table.size(), model.size());
    for (size_t g = 0; g < table.size(); ++g) {
      EXPECT_TRUE(Equivalent(table.key(g)[0], Value::Int(first_keys[g].first)));
      EXPECT_EQ(table.key(g)[1].as_string(), first_keys[g].second);
    }
    table.Clear();
    EXPECT_EQ(table.size(), 0u);
    EXPECT_EQ(Add(table, {Value::Int(4), Value::String("x")}), std::make_pair(size_t{0}, true));
  }
}

TEST(GroupTableTest, GroupingCountsEachKeyAsAModelDoes) {
  auto writer = std::move(WriterSession::Open(std::make_shared<MemoryStore>(), "g")).value();
  // 20,000 rows over keys that repeat, mixing 1 and 1.0, null and strings.
  auto r = RunQuery(writer->view(),
                    "UNWIND range(0, 19999) AS i "
                    "WITH CASE i % 4 WHEN 0 THEN (i * 7919) % 613 "
                    "WHEN 1 THEN toFloat((i * 7919) % 613) WHEN 2 THEN null "
                    "ELSE toString(i % 5) END AS k "
                    "RETURN k, count(*) AS n ORDER BY n DESC, k LIMIT 3",
                    {}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::map<std::string, int64_t> model;
  for (int64_t i = 0; i < 20000; ++i) {
    switch (i % 4) {
      case 0:
      case 1:
        ++model["n" + std::to_string((i * 7919) % 613)];
        break;
      case 2:
        ++model["null"];
        break;
      default:
        ++model["s" + std::to_string(i % 5)];
    }
  }
  EXPECT_EQ(model.size(), 613u + 1 + 5);
  // null and the five strings take 5,000 and 1,000 rows each; the numbers
  // about 16 each.
  EXPECT_EQ(testing::ResultLines(r->rows),
            (std::vector<std::string>{"null | 5000", "'0' | 1000", "'1' | 1000"}));
  auto groups = RunQuery(writer->view(),
                         "UNWIND range(0, 19999) AS i "
                         "WITH CASE i % 4 WHEN 0 THEN (i * 7919) % 613 "
                         "WHEN 1 THEN toFloat((i * 7919) % 613) WHEN 2 THEN null "
                         "ELSE toString(i % 5) END AS k "
                         "WITH k, count(*) AS n RETURN count(*) AS groups, sum(n) AS rows",
                         {}, {});
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  EXPECT_EQ(testing::ResultLines(groups->rows),
            (std::vector<std::string>{std::to_string(model.size()) + " | 20000"}));
}

}  // namespace
}  // namespace namidb::query
