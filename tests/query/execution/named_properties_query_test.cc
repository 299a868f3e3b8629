// A node reached by an Expand or found by a seek is decoded with only the
// properties the statement names (GraphReader::LookupNodesNamed) when that
// is all it reads of it. The answers are those whole records give, over an
// older run, a newer run that changed or removed properties, and the WAL;
// and a node the statement uses whole stays whole.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/hash.h"
#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/result_lines.h"

namespace namidb::query {
namespace {

Uuid Id(int n) { return NameBasedUuid("named-properties-" + std::to_string(n)); }

class NamedPropertiesQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "g")).value();
    ASSERT_TRUE(RunWrite(*writer_, "CREATE INDEX FOR (p:Person) ON (p.id)", {}).ok());
    for (int n = 0; n < 60; ++n) {
      ValueMap props{{"id", Value::Int(n)},
                     {"name", Value::String("p" + std::to_string(n))},
                     {"bio", Value::String(std::string(20000, 'b'))},
                     {"tags", Value::List({Value::String("t"), Value::Int(n)})}};
      if (n % 3 == 0) props.Set("age", Value::Int(20 + n));
      ASSERT_TRUE(writer_->UpsertNode({"Person"}, Id(n), props).ok());
    }
    for (int n = 0; n < 60; ++n) {
      for (int k : {1, 7, 13}) {
        ASSERT_TRUE(writer_->UpsertEdge("KNOWS", Id(n), Id((n + k) % 60), {}).ok());
      }
    }
    ASSERT_TRUE(writer_->CommitBatch().ok());
    ASSERT_TRUE(writer_->Flush().ok());
    // A newer run: names changed, ages removed, one person deleted.
    for (int n : {1, 8, 14}) {
      ASSERT_TRUE(writer_
                      ->UpsertNode({"Person"}, Id(n),
                                   ValueMap{{"id", Value::Int(n)}, {"name", Value::String("new")}})
                      .ok());
    }
    ASSERT_TRUE(writer_->TombstoneNode(Id(7)).ok());
    ASSERT_TRUE(writer_->CommitBatch().ok());
    ASSERT_TRUE(writer_->Flush().ok());
    // The WAL: an age added, a label changed.
    ASSERT_TRUE(writer_
                    ->UpsertNode({"Person", "Admin"}, Id(13),
                                 ValueMap{{"id", Value::Int(13)}, {"age", Value::Int(99)}})
                    .ok());
    ASSERT_TRUE(writer_->CommitBatch().ok());
    reader_ = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "g"),
                                          std::make_shared<BlockCache>()))
                  .value();
  }
  std::vector<std::string> Rows(const std::string& text) {
    auto r =
        RunQuery(*reader_, text, {{"x", Value::Int(0)}, {"id", Value::String(Id(13).ToString())}});
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    if (!r.ok()) return {};
    return namidb::testing::ResultLines(r->rows);
  }
  // `match` then `items`, against the same with `node` also kept whole (so
  // its record is read whole): the same rows.
  void ExpectSameAsWhole(const std::string& match, const std::string& node,
                         const std::string& items, size_t rows) {
    std::string named = match + " RETURN " + items + " ORDER BY id";
    std::string whole = match + " WITH *, " + node + " AS whole RETURN " + items + " ORDER BY id";
    auto got = Rows(named), expected = Rows(whole);
    std::sort(got.begin(), got.end());  // ties of `id` come in any order
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected) << named;
    EXPECT_EQ(got.size(), rows) << named;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
  std::unique_ptr<GraphReader> reader_;
};

TEST_F(NamedPropertiesQueryTest, ExpandedNodesAnswerAsWholeRecords) {
  ExpectSameAsWhole("MATCH (a:Person {id: $x})-[:KNOWS]-(f)", "f",
                    "f.id AS id, f.name AS name, f.age AS age, f.tags AS tags", 5);
  ExpectSameAsWhole("MATCH (a:Person)-[:KNOWS]->(f:Person {name: 'new'})", "f",
                    "a.id AS id, f.id AS fid, f.bio AS bio", 7);
  ExpectSameAsWhole("MATCH (a:Person)-[:KNOWS]->(f) WHERE f.age > 30 AND a.id < 20", "f",
                    "a.id AS id, f.id AS fid, f.age AS age", 17);
  ExpectSameAsWhole("MATCH (a:Person) WHERE a.id < 10 OPTIONAL MATCH (a)-[:KNOWS]->(f {age: 99})",
                    "f", "a.id AS id, f.id AS fid, labels(f) AS labels", 9);
  // What the rows hold, checked once by hand: the versions the test meant.
  EXPECT_EQ(Rows("MATCH (:Person {id: 0})-[:KNOWS]->(f) RETURN f.id AS id, f.name, f.age, "
                 "labels(f) ORDER BY id"),
            (std::vector<std::string>{"1 | 'new' | null | ['Person']",
                                      "13 | null | 99 | ['Person', 'Admin']"}));
}

TEST_F(NamedPropertiesQueryTest, SoughtNodesAnswerAsWholeRecords) {
  ExpectSameAsWhole("MATCH (p:Person {id: 14})", "p", "p.id AS id, p.name AS name, p.age AS age",
                    1);
  ExpectSameAsWhole("MATCH (p:Person) WHERE p.id IN [1, 3, 7, 13]", "p", "p.id AS id, p.age AS age",
                    3);
  ExpectSameAsWhole("MATCH (p) WHERE id(p) = $id", "p", "p.id AS id, p.age AS age, p.bio AS bio",
                    1);
  EXPECT_EQ(Rows("MATCH (p) WHERE id(p) = $id RETURN p.age, p.name"),
            (std::vector<std::string>{"99 | null"}));
}

// A node the statement hands out or reads beyond named properties is read
// whole, however few properties it also names.
TEST_F(NamedPropertiesQueryTest, NodesUsedWholeStayWhole) {
  auto keys = [&](const std::string& text) {
    auto rows = Rows(text);
    return rows.empty() ? std::string() : rows[0];
  };
  std::string all = "['age', 'bio', 'id', 'name', 'tags']";
  EXPECT_EQ(keys("MATCH (:Person {id: 2})-[:KNOWS]->(f {id: 3}) RETURN f.id, keys(f)"),
            "3 | " + all);
  EXPECT_EQ(keys("MATCH (:Person {id: 2})-[:KNOWS]->(f {id: 3}) WITH f.id AS id, f "
                 "RETURN id, keys(properties(f))"),
            "3 | " + all);
  EXPECT_EQ(keys("MATCH (p:Person {id: 3}) RETURN p.id, keys(p)"), "3 | " + all);
  auto whole =
      RunQuery(*reader_, "MATCH (:Person {id: 2})-[:KNOWS]->(f {id: 3}) RETURN f.id, f", {});
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  ASSERT_EQ(whole->rows.size(), 1u);
  EXPECT_EQ(whole->rows[0][1].as_node().properties.size(), 5u);
}

// What shows the records were decoded in part: the statement's memory
// holds the properties it names, not the 20 kB biographies.
TEST_F(NamedPropertiesQueryTest, ANodeReadForSomePropertiesHoldsOnlyThose) {
  QueryLimits limits;
  limits.max_memory_bytes = 256 << 10;
  auto named =
      RunQuery(*reader_, "MATCH (:Person)-[:KNOWS]->(f) RETURN count(f.name) AS n", {}, limits);
  ASSERT_TRUE(named.ok()) << named.status().ToString();
  EXPECT_EQ(named->rows[0][0], Value::Int(171));  // 174 relationships, 3 to a node without a name
  auto whole = RunQuery(
      *reader_, "MATCH (:Person)-[:KNOWS]->(f) WITH f, f AS whole RETURN count(f.name) AS n", {},
      limits);
  EXPECT_TRUE(whole.status().Is(StatusCode::kResourceExhausted)) << whole.status().ToString();
}

}  // namespace
}  // namespace namidb::query
