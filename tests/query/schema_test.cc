// Indexes and uniqueness constraints: the schema commands, the planner's
// index seeks (same answers as a scan, following the statement's own
// writes), constraints enforced on every commit, and the schema persisted
// in the manifest.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "query/query_runner.h"
#include "store/memory_store.h"
#include "support/result_lines.h"

namespace namidb::query {
namespace {

using V = std::vector<std::string>;

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override { writer_ = std::move(WriterSession::Open(store_, "s")).value(); }

  Result<WriteResult> Try(std::string_view text) { return RunWrite(*writer_, text, {}); }
  V Rows(std::string_view text) {
    auto r = Try(text);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    if (!r.ok()) return {};
    V out = namidb::testing::ResultLines(r->result.rows);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string Plan(std::string_view text) {
    std::string plan;
    for (const auto& line : Rows(std::string("EXPLAIN ") + std::string(text))) plan += line + "\n";
    return plan;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
};

TEST_F(SchemaTest, AnIndexAnswersPropertyLookupsLikeAScan) {
  Rows("UNWIND range(1, 50) AS i CREATE (:P {id: i, group: i % 5})");
  const char* lookup = "MATCH (p:P {id: 7}) RETURN p.id, p.group";
  V before = Rows(lookup);
  EXPECT_EQ(before, (V{"7 | 2"}));
  EXPECT_EQ(Plan(lookup).find("NodeIndexSeek"), std::string::npos);
  Rows("CREATE INDEX p_id FOR (p:P) ON (p.id)");
  EXPECT_NE(Plan(lookup).find("NodeIndexSeek :P(id)"), std::string::npos) << Plan(lookup);
  EXPECT_EQ(Rows(lookup), before);
  // Cypher equality: 7.0 finds 7; other properties of the map still filter.
  EXPECT_EQ(Rows("MATCH (p:P {id: 7.0, group: 2}) RETURN p.id"), (V{"7"}));
  EXPECT_EQ(Rows("MATCH (p:P {id: 7, group: 3}) RETURN p.id"), V{});
  // Per row, from parameters and earlier clauses.
  EXPECT_EQ(Rows("UNWIND [3, 4, 99] AS k MATCH (p:P {id: k}) RETURN p.id"), (V{"3", "4"}));
  // The index follows writes, inside a statement and across them.
  EXPECT_EQ(Rows("MATCH (p:P {id: 7}) SET p.id = 700 WITH p MATCH (q:P {id: 700}) RETURN q.group"),
            (V{"2"}));
  EXPECT_EQ(Rows(lookup), V{});
  Rows("MATCH (p:P {id: 8}) DELETE p");
  EXPECT_EQ(Rows("MATCH (p:P {id: 8}) RETURN p"), V{});
  EXPECT_EQ(Rows("MERGE (p:P {id: 8}) RETURN p.group"), (V{"null"}));
  EXPECT_EQ(Rows("MERGE (p:P {id: 8}) RETURN count(*)"), (V{"1"}));
  EXPECT_EQ(Rows("SHOW INDEXES"), (V{"'p_id' | 'INDEX' | 'P' | 'id'"}));
  // WHERE equality on the indexed property seeks too, from constants,
  // parameters and variables bound before.
  const char* where = "MATCH (p:P) WHERE p.id = 9 AND p.group >= 0 RETURN p.group";
  EXPECT_NE(Plan(where).find("NodeIndexSeek :P(id)"), std::string::npos) << Plan(where);
  EXPECT_EQ(Rows(where), (V{"4"}));
  EXPECT_EQ(Rows("UNWIND [1, 2] AS k MATCH (p:P) WHERE k + 1 = p.id RETURN p.id"), (V{"2", "3"}));
}

TEST_F(SchemaTest, IdEqualityIsOnePointReadNotAScan) {
  Rows("UNWIND range(1, 20) AS i CREATE (:P {n: i})");
  V ids = Rows("MATCH (p:P) WHERE p.n IN [3, 4] RETURN id(p)");
  ASSERT_EQ(ids.size(), 2u);
  std::string three = ids[0].substr(1, 36);  // 'uuid' as Value::ToString prints it
  std::string four = ids[1].substr(1, 36);
  for (const char* fn : {"id", "elementId"}) {
    std::string lookup =
        std::string("MATCH (p:P) WHERE ") + fn + "(p) = '" + three + "' RETURN p.n";
    std::string plan = Plan(lookup);
    EXPECT_NE(plan.find("NodeIdSeek"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("NodeScan"), std::string::npos) << plan;
    V n = Rows(lookup);
    ASSERT_EQ(n.size(), 1u);
    // Reversed sides, from parameters, per row, labels still checked.
    EXPECT_EQ(Rows(std::string("MATCH (p) WHERE '") + three + "' = " + fn + "(p) RETURN p.n"), n);
    EXPECT_EQ(Rows(std::string("UNWIND ['") + three + "', '" + four +
                   "', 'nope', null, 7] AS k MATCH (p:P) WHERE " + fn + "(p) = k RETURN count(p)"),
              (V{"2"}));
    EXPECT_EQ(Rows(std::string("MATCH (p:Q) WHERE ") + fn + "(p) = '" + three + "' RETURN p"), V{});
  }
  // id() is the lowercase text: another spelling of the UUID names no node,
  // though it parses to the same one.
  std::string upper = three;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(Rows("MATCH (p:P) WHERE id(p) = '" + upper + "' RETURN p"), V{});
  // A deleted node is gone.
  Rows("MATCH (p:P) WHERE id(p) = '" + three + "' DETACH DELETE p");
  EXPECT_EQ(Rows("MATCH (p) WHERE id(p) = '" + three + "' RETURN p"), V{});
  // Relationship ids through elementId too.
  Rows("MATCH (a:P {n: 1}), (b:P {n: 2}) CREATE (a)-[:K]->(b)");
  EXPECT_EQ(Rows("MATCH ()-[r:K]->() RETURN elementId(r) = id(r)"), (V{"true"}));
}

TEST_F(SchemaTest, ConstraintsRefuseDuplicatesAndLeaveNoTrace) {
  Rows("CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE");
  Rows("CREATE (:Person {email: 'a@x'}), (:Person {email: 'b@x'}), (:Other {email: 'a@x'})");
  auto dup = Try("CREATE (:Person {email: 'a@x', name: 'again'})");
  ASSERT_FALSE(dup.ok());
  EXPECT_TRUE(dup.status().Is(StatusCode::kAlreadyExists)) << dup.status().ToString();
  EXPECT_NE(dup.status().message().find("person_email"), std::string::npos);
  EXPECT_EQ(Rows("MATCH (p:Person) RETURN count(*)"), (V{"2"}));
  EXPECT_FALSE(Try("MATCH (p:Person {email: 'b@x'}) SET p.email = 'a@x'").ok());
  EXPECT_FALSE(Try("MATCH (o:Other) SET o:Person").ok());
  // Moving a value away and another onto it in one statement is fine.
  Rows(
      "MATCH (p:Person {email: 'a@x'}) SET p.email = 'c@x' WITH 1 AS x MATCH (q:Person {email: "
      "'b@x'}) "
      "SET q.email = 'a@x'");
  EXPECT_EQ(Rows("MATCH (p:Person) RETURN p.email"), (V{"'a@x'", "'c@x'"}));
  // MERGE on the constrained property never duplicates.
  Rows("UNWIND ['a@x', 'd@x', 'd@x'] AS e MERGE (:Person {email: e})");
  EXPECT_EQ(Rows("MATCH (p:Person) RETURN count(*)"), (V{"3"}));
  // The staging API is checked at commit; the batch stays staged.
  ASSERT_TRUE(writer_
                  ->UpsertNode({"Person"},
                               Uuid::Parse("018f0000-0000-7000-8000-000000000001").value(),
                               ValueMap{{"email", Value::String("d@x")}})
                  .ok());
  EXPECT_TRUE(writer_->CommitBatch().status().Is(StatusCode::kAlreadyExists));
  EXPECT_EQ(writer_->staged(), 1u);
  writer_->DiscardBatch();
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), (V{"'person_email' | 'UNIQUENESS' | 'Person' | 'email'"}));
}

TEST_F(SchemaTest, SchemaCommandsAreIdempotentWhenAskedAndPersist) {
  Rows("CREATE (:A {k: 1}), (:A {k: 1})");
  auto refused = Try("CREATE CONSTRAINT FOR (a:A) REQUIRE a.k IS UNIQUE");
  EXPECT_TRUE(refused.status().Is(StatusCode::kAlreadyExists)) << refused.status().ToString();
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), V{});
  Rows("CREATE INDEX ON :A(k)");
  EXPECT_TRUE(Try("CREATE INDEX FOR (a:A) ON (a.k)").status().Is(StatusCode::kAlreadyExists));
  Rows("CREATE INDEX IF NOT EXISTS FOR (a:A) ON (a.k)");
  Rows("CREATE CONSTRAINT b_k IF NOT EXISTS ON (b:B) ASSERT b.k IS UNIQUE");
  EXPECT_EQ(Rows("SHOW INDEXES"),
            (V{"'b_k' | 'UNIQUE' | 'B' | 'k'", "'index_A_k' | 'INDEX' | 'A' | 'k'"}));
  // A fresh reader of the namespace sees the schema, and uses it.
  auto reader =
      GraphReader::Open(store_, *NamespaceLayout::Make("", "s"), std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok());
  auto shown = RunQuery(**reader, "SHOW INDEXES", {});
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->rows.size(), 2u);
  auto seek = RunQuery(**reader, "MATCH (a:A {k: 1}) RETURN count(*)", {});
  ASSERT_TRUE(seek.ok());
  EXPECT_EQ(seek->rows[0][0], Value::Int(2));
  auto read_only = RunQuery(**reader, "CREATE INDEX FOR (a:A) ON (a.x)", {});
  ASSERT_FALSE(read_only.ok());
  EXPECT_EQ(read_only.status().query_error()->detail, "WriteInReadQuery");
  Rows("DROP INDEX index_A_k");
  Rows("DROP CONSTRAINT b_k");
  EXPECT_TRUE(Try("DROP INDEX index_A_k").status().Is(StatusCode::kNotFound));
  Rows("DROP INDEX index_A_k IF EXISTS");
  EXPECT_EQ(Rows("SHOW INDEXES"), V{});
  auto bad = Try("CREATE INDEX FOR (a:A) ON (b.k)");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().query_error()->detail, "UndefinedVariable");
}

}  // namespace
}  // namespace namidb::query
