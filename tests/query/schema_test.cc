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

// IS NOT NULL: every node of the label has the property, checked when the
// constraint is made and at every commit after.
TEST_F(SchemaTest, ExistenceConstraintsRequireTheProperty) {
  Rows("CREATE (:A {k: 1}), (:A)");
  auto refused = Try("CREATE CONSTRAINT a_k FOR (a:A) REQUIRE a.k IS NOT NULL");
  EXPECT_TRUE(refused.status().Is(StatusCode::kInvalidArgument)) << refused.status().ToString();
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), V{});
  Rows("MATCH (a:A) WHERE a.k IS NULL SET a.k = 2");
  Rows("CREATE CONSTRAINT a_k FOR (a:A) REQUIRE a.k IS NOT NULL");
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), V{"'a_k' | 'NODE_PROPERTY_EXISTENCE' | 'A' | 'k'"});
  EXPECT_EQ(Rows("SHOW INDEXES"), V{});  // no index comes with it
  EXPECT_EQ(Rows("CALL db.constraints() YIELD name, type RETURN name, type"),
            V{"'a_k' | 'NODE_PROPERTY_EXISTENCE'"});
  // Whatever leaves a node of the label without the property is refused,
  // and leaves no trace.
  for (const char* text : {
           "CREATE (:A)",
           "CREATE (:A {k: null})",
           "MATCH (a:A {k: 1}) REMOVE a.k",
           "MATCH (a:A {k: 1}) SET a.k = null",
           "MATCH (a:A {k: 2}) SET a = {other: 1}",
           "CREATE (b:B) SET b:A",
           "UNWIND [1, 2] AS x CREATE (:C {x: x}) CREATE (:A)",
       }) {
    auto r = Try(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(r.status().Is(StatusCode::kInvalidArgument))
        << text << ": " << r.status().ToString();
    EXPECT_NE(r.status().message().find("a_k"), std::string::npos) << r.status().ToString();
  }
  EXPECT_EQ(Rows("MATCH (a:A) RETURN a.k"), (V{"1", "2"}));
  EXPECT_EQ(Rows("MATCH (n) WHERE NOT n:A RETURN count(n)"), V{"0"});
  // What keeps it holding is taken.
  Rows("CREATE (:A {k: 3})");
  Rows("MATCH (a:A {k: 3}) SET a.k = 4");
  Rows("MATCH (a:A {k: 4}) REMOVE a:A, a.k");  // leaving the label, it may drop it
  Rows("MATCH (a:A {k: 2}) DELETE a");
  EXPECT_EQ(Rows("MATCH (a:A) RETURN a.k"), V{"1"});
  // The staging API is held to it too.
  UuidV7Generator ids;
  ASSERT_TRUE(writer_->UpsertNode({"A"}, ids.Next(), {}).ok());
  auto staged = writer_->CommitBatch();
  EXPECT_TRUE(staged.status().Is(StatusCode::kInvalidArgument)) << staged.status().ToString();
  writer_->DiscardBatch();
  // A uniqueness constraint on the same property stands beside it.
  Rows("CREATE CONSTRAINT a_k_unique FOR (a:A) REQUIRE a.k IS UNIQUE");
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), (V{"'a_k' | 'NODE_PROPERTY_EXISTENCE' | 'A' | 'k'",
                                         "'a_k_unique' | 'UNIQUENESS' | 'A' | 'k'"}));
  EXPECT_EQ(Rows("SHOW INDEXES"), V{"'a_k_unique' | 'UNIQUE' | 'A' | 'k'"});
  // A fresh reader reads it from the manifest.
  auto reader =
      GraphReader::Open(store_, *NamespaceLayout::Make("", "s"), std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok());
  auto shown = RunQuery(**reader, "SHOW CONSTRAINTS", {});
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->rows.size(), 2u);
  // Dropped, it holds no more; a name made for it says what it is.
  Rows("DROP CONSTRAINT a_k");
  Rows("CREATE (:A)");
  auto again = Try("CREATE CONSTRAINT FOR (a:A) REQUIRE a.k IS NOT NULL");
  EXPECT_TRUE(again.status().Is(StatusCode::kInvalidArgument));
  Rows("MATCH (a:A) WHERE a.k IS NULL DELETE a");
  Rows("CREATE CONSTRAINT FOR (a:A) REQUIRE a.k IS NOT NULL");
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), (V{"'a_k_unique' | 'UNIQUENESS' | 'A' | 'k'",
                                         "'constraint_A_k_exists' | 'NODE_PROPERTY_EXISTENCE' | "
                                         "'A' | 'k'"}));
}

// IS :: T: where a node of the label has the property, its value is of one
// of the types (a null is no value: absent is allowed), checked when the
// constraint is made and at every commit after.
TEST_F(SchemaTest, TypeConstraintsRequireTheValuesType) {
  Rows("CREATE (:A {k: 1}), (:A {k: 'one'}), (:A), (:B {k: true})");
  auto refused = Try("CREATE CONSTRAINT a_k FOR (a:A) REQUIRE a.k IS :: INTEGER");
  EXPECT_TRUE(refused.status().Is(StatusCode::kInvalidArgument)) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("'one'"), std::string::npos);
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), V{});
  // A union takes what either names, written in any order and either way.
  Rows("CREATE CONSTRAINT a_k FOR (a:A) REQUIRE a.k IS :: STRING | INTEGER");
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), V{"'a_k' | 'NODE_PROPERTY_TYPE' | 'A' | 'k'"});
  EXPECT_EQ(Rows("SHOW INDEXES"), V{});  // no index comes with it
  Rows("CREATE CONSTRAINT a_k IF NOT EXISTS FOR (a:A) REQUIRE a.k IS TYPED INTEGER | STRING");
  auto again = Try("CREATE CONSTRAINT other FOR (a:A) REQUIRE a.k IS :: ANY<INT | VARCHAR>");
  EXPECT_TRUE(again.status().Is(StatusCode::kAlreadyExists)) << again.status().ToString();
  EXPECT_NE(again.status().message().find("equivalent constraint exists already: a_k"),
            std::string::npos)
      << again.status().ToString();
  // Another type for the same property is refused, even IF NOT EXISTS.
  auto conflict =
      Try("CREATE CONSTRAINT a_k_float IF NOT EXISTS FOR (a:A) REQUIRE a.k IS :: FLOAT");
  EXPECT_TRUE(conflict.status().Is(StatusCode::kAlreadyExists)) << conflict.status().ToString();
  // Whatever gives a node of the label a value of another type is refused
  // and leaves no trace; the label's other nodes and properties are free.
  for (const char* text : {
           "CREATE (:A {k: 1.5})",
           "CREATE (:A {k: [1, 2]})",
           "MATCH (a:A {k: 1}) SET a.k = true",
           "MATCH (a:A {k: 'one'}) SET a += {k: date('2024-01-01')}",
           "MATCH (b:B) SET b:A",
       }) {
    auto r = Try(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(r.status().Is(StatusCode::kInvalidArgument))
        << text << ": " << r.status().ToString();
    EXPECT_NE(r.status().message().find("a_k"), std::string::npos) << r.status().ToString();
  }
  EXPECT_EQ(Rows("MATCH (a:A) RETURN a.k"), (V{"'one'", "1", "null"}));
  Rows("CREATE (:A {k: 'two', other: 1.5}), (:A {k: null}), (:B {k: 2.5})");
  Rows("MATCH (a:A {k: 1}) SET a.k = 2");
  Rows("MATCH (a:A {k: 2}) REMOVE a.k");
  Rows("MATCH (b:B {k: true}) REMOVE b:B SET b.k = 3, b:A");
  EXPECT_EQ(Rows("MATCH (a:A) RETURN a.k"), (V{"'one'", "'two'", "3", "null", "null", "null"}));
  // The staging API is held to it too.
  UuidV7Generator ids;
  ASSERT_TRUE(writer_->UpsertNode({"A"}, ids.Next(), ValueMap{{"k", Value::Float(0.5)}}).ok());
  auto staged = writer_->CommitBatch();
  EXPECT_TRUE(staged.status().Is(StatusCode::kInvalidArgument)) << staged.status().ToString();
  writer_->DiscardBatch();
  // Lists: of one type, NOT NULL elements; the schema procedures say it.
  Rows("CREATE CONSTRAINT c_tags FOR (c:C) REQUIRE c.tags IS :: LIST<STRING NOT NULL>");
  Rows("CREATE (:C {tags: ['a', 'b']}), (:C {tags: []})");
  EXPECT_FALSE(Try("CREATE (:C {tags: ['a', 1]})").ok());
  EXPECT_FALSE(Try("CREATE (:C {tags: 'a'})").ok());
  EXPECT_EQ(Rows("CALL db.constraints() YIELD name, type, propertyType WHERE name = 'c_tags' "
                 "RETURN type, propertyType"),
            V{"'NODE_PROPERTY_TYPE' | 'LIST<STRING NOT NULL>'"});
  EXPECT_EQ(Rows("SHOW CONSTRAINTS YIELD name, propertyType RETURN name, propertyType"),
            (V{"'a_k' | 'STRING | INTEGER'", "'c_tags' | 'LIST<STRING NOT NULL>'"}));
  EXPECT_EQ(Rows("CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n "
                 "WITH n WHERE n.name = 'C' RETURN n.constraints"),
            V{"['CONSTRAINT c_tags FOR (n:`C`) REQUIRE n.tags IS :: LIST<STRING NOT NULL>']"});
  // Types a property cannot have, or that the rule does not take, are
  // refused where they are written.
  for (const char* text : {
           "CREATE CONSTRAINT x FOR (a:A) REQUIRE a.x IS :: INTEGER NOT NULL",
           "CREATE CONSTRAINT x FOR (a:A) REQUIRE a.x IS :: LIST<INTEGER>",
           "CREATE CONSTRAINT x FOR (a:A) REQUIRE a.x IS :: LIST<LIST<INTEGER NOT NULL> NOT NULL>",
           "CREATE CONSTRAINT x FOR (a:A) REQUIRE a.x IS :: MAP",
           "CREATE CONSTRAINT x FOR (a:A) REQUIRE a.x IS :: NODE",
           "CREATE CONSTRAINT x FOR (a:A) REQUIRE a.x IS :: ANY",
       }) {
    auto r = Try(text);
    ASSERT_FALSE(r.ok()) << text;
    ASSERT_NE(r.status().query_error(), nullptr) << r.status().ToString();
    EXPECT_EQ(r.status().query_error()->detail, "InvalidPropertyType") << text;
  }
  // A fresh reader reads it from the manifest; dropped, it holds no more.
  auto reader =
      GraphReader::Open(store_, *NamespaceLayout::Make("", "s"), std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok());
  auto shown = RunQuery(**reader, "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS c", {});
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->rows[0][0].ToString(), "['a_k', 'c_tags']");
  Rows("DROP CONSTRAINT a_k");
  Rows("CREATE (:A {k: 1.5})");
  Rows("MATCH (a:A {k: 1.5}) DELETE a");
  Rows("CREATE CONSTRAINT FOR (a:A) REQUIRE a.k IS :: STRING | INTEGER");
  EXPECT_EQ(Rows("SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'constraint_A' RETURN name"),
            V{"'constraint_A_k_type'"});
}

// A new constraint reads the values of the nodes there are: from the data
// files' property columns, the records of a run without them, and the
// memtable, a window at a time.
TEST_F(SchemaTest, ANewConstraintChecksTheValuesInDataFilesAndTheMemtable) {
  Rows("UNWIND range(1, 3000) AS i CREATE (:A {k: i, s: toString(i)})");
  ASSERT_TRUE(writer_->Flush().ok());
  Rows("CREATE (:A {k: 3001, s: '3001'})");
  Rows("CREATE CONSTRAINT k_unique FOR (a:A) REQUIRE a.k IS UNIQUE");
  Rows("CREATE CONSTRAINT s_exists FOR (a:A) REQUIRE a.s IS NOT NULL");
  Rows("CREATE CONSTRAINT k_type FOR (a:A) REQUIRE a.k IS :: INTEGER");
  Rows("DROP CONSTRAINT k_unique");
  Rows("DROP CONSTRAINT s_exists");
  Rows("DROP CONSTRAINT k_type");
  // One node breaking each, in the data files (its newest version there) or in the memtable.
  Rows("MATCH (a:A {k: 1234}) SET a.k = 77, a.s = null, a.t = 1.5");
  ASSERT_TRUE(writer_->Flush().ok());
  Rows("MATCH (a:A {k: 2999}) SET a.u = 'x'");
  struct Case {
    const char* command;
    StatusCode code;
  };
  for (const Case& c : {
           Case{"CREATE CONSTRAINT FOR (a:A) REQUIRE a.k IS UNIQUE", StatusCode::kAlreadyExists},
           Case{"CREATE CONSTRAINT FOR (a:A) REQUIRE a.s IS NOT NULL",
                StatusCode::kInvalidArgument},
           Case{"CREATE CONSTRAINT FOR (a:A) REQUIRE a.t IS :: INTEGER",
                StatusCode::kInvalidArgument},
           Case{"CREATE CONSTRAINT FOR (a:A) REQUIRE a.u IS :: INTEGER",
                StatusCode::kInvalidArgument},
       }) {
    auto r = Try(c.command);
    EXPECT_TRUE(r.status().Is(c.code)) << c.command << ": " << r.status().ToString();
  }
  EXPECT_EQ(Rows("SHOW CONSTRAINTS"), V{});
  Rows("CREATE CONSTRAINT FOR (a:A) REQUIRE a.t IS :: FLOAT");
  Rows("CREATE CONSTRAINT FOR (a:A) REQUIRE a.u IS :: STRING");
  EXPECT_EQ(Rows("SHOW CONSTRAINTS").size(), 2u);
}

// Neo4j 5's other spellings of what there is are taken; what there is not
// is refused by name, and changes nothing.
TEST_F(SchemaTest, OtherFormsOfTheSchemaCommands) {
  Rows("CREATE RANGE INDEX r FOR (a:A) ON (a.k) OPTIONS {indexProvider: 'range-1.0'}");
  Rows("CREATE BTREE INDEX b FOR (b:B) ON (b.k)");
  Rows("CREATE CONSTRAINT u FOR (c:C) REQUIRE c.k IS NODE UNIQUE OPTIONS {}");
  EXPECT_EQ(Rows("SHOW INDEXES"), (V{"'b' | 'INDEX' | 'B' | 'k'", "'r' | 'INDEX' | 'A' | 'k'",
                                     "'u' | 'UNIQUE' | 'C' | 'k'"}));
  for (const char* text : {
           "CREATE TEXT INDEX t FOR (a:A) ON (a.name)",
           "CREATE POINT INDEX p FOR (a:A) ON (a.at)",
           "CREATE FULLTEXT INDEX f FOR (a:A) ON EACH [a.name]",
           "CREATE VECTOR INDEX v FOR (a:A) ON (a.embedding)",
           "CREATE LOOKUP INDEX l FOR (n) ON EACH labels(n)",
           "CREATE INDEX rel FOR ()-[r:T]-() ON (r.w)",
           "CREATE INDEX two FOR (a:A) ON (a.x, a.y)",
           "CREATE CONSTRAINT t FOR (a:A) REQUIRE a.x IS :: POINT",
           "CREATE CONSTRAINT k FOR (a:A) REQUIRE a.x IS NODE KEY",
           "CREATE CONSTRAINT k FOR (a:A) REQUIRE (a.x, a.y) IS UNIQUE",
           "CREATE CONSTRAINT r FOR ()-[r:T]-() REQUIRE r.x IS UNIQUE",
       }) {
    auto r = Try(text);
    ASSERT_FALSE(r.ok()) << text;
    ASSERT_NE(r.status().query_error(), nullptr) << r.status().ToString();
    EXPECT_EQ(r.status().query_error()->detail, "UnsupportedFeature") << text;
  }
  EXPECT_EQ(Rows("SHOW INDEXES").size(), 3u);
  auto bad = Try("CREATE INDEX o FOR (a:A) ON (a.k) OPTIONS 3");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().query_error()->detail, "UnexpectedSyntax");
}

TEST_F(SchemaTest, ShowTakesYieldWhereAndLaterClauses) {
  Rows("CREATE INDEX p_id FOR (p:P) ON (p.id)");
  Rows("CREATE CONSTRAINT q_k FOR (q:Q) REQUIRE q.k IS UNIQUE");
  Rows("CREATE CONSTRAINT q_m FOR (q:Q) REQUIRE q.m IS NOT NULL");
  // Alone, the schema command's columns; with more, db.indexes() /
  // db.constraints()'s, as Neo4j's SHOW ... YIELD names them.
  EXPECT_EQ(Rows("SHOW INDEXES YIELD name, labelsOrTypes RETURN name, labelsOrTypes[0] AS l "
                 "ORDER BY name"),
            (V{"'p_id' | 'P'", "'q_k' | 'Q'"}));
  EXPECT_EQ(Rows("SHOW INDEX WHERE type = 'INDEX'"),
            (V{"'p_id' | 'INDEX' | 'NODE' | ['P'] | ['id']"}));
  EXPECT_EQ(Rows("SHOW CONSTRAINTS YIELD name, type WHERE type = 'NODE_PROPERTY_EXISTENCE'"),
            (V{"'q_m' | 'NODE_PROPERTY_EXISTENCE'"}));
  EXPECT_EQ(Rows("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n"), (V{"2"}));
  EXPECT_EQ(Rows("SHOW CONSTRAINTS YIELD *").size(), 2u);
  auto unknown = Try("SHOW INDEXES YIELD state");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.status().query_error()) << unknown.status().ToString();
}

}  // namespace
}  // namespace namidb::query
