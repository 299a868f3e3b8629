// Updating statements: CREATE, MERGE, SET, REMOVE, DELETE, FOREACH run as one transaction
// each through RunWrite; their effects are read back by later clauses of the
// same statement and, after the commit, by a fresh reader. A failing
// statement leaves no trace.
#include <gtest/gtest.h>

#include <algorithm>

#include "query/query_runner.h"
#include "store/memory_store.h"
#include "support/result_lines.h"

namespace namidb::query {
namespace {

using V = std::vector<std::string>;

class WriteTest : public ::testing::Test {
 protected:
  void SetUp() override { writer_ = std::move(WriterSession::Open(store_, "w")).value(); }

  WriteResult Write(std::string_view text, const ValueMap& params = {}) {
    auto r = RunWrite(*writer_, text, params);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    return r.ok() ? *r : WriteResult{};
  }
  QueryErrorInfo WriteError(std::string_view text) {
    auto r = RunWrite(*writer_, text, {});
    EXPECT_FALSE(r.ok()) << text;
    if (r.ok() || !r.status().query_error()) {
      ADD_FAILURE() << text << ": " << r.status().ToString();
      return {};
    }
    return *r.status().query_error();
  }
  // Rows read by a fresh reader of the committed namespace, sorted.
  V Read(std::string_view text) {
    auto reader =
        GraphReader::Open(store_, *NamespaceLayout::Make("", "w"), std::make_shared<BlockCache>());
    EXPECT_TRUE(reader.ok());
    auto r = RunQuery(**reader, text, {});
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    if (!r.ok()) return {};
    V out = namidb::testing::ResultLines(r->rows);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
};

TEST_F(WriteTest, CreateMakesNodesAndDistinctRelationships) {
  WriteResult w = Write(
      "CREATE (a:Person:Admin {name: 'Ann', age: 31}), (b:Person {name: $b}) "
      "CREATE (a)-[:KNOWS {since: 2020}]->(b), (a)-[:KNOWS]->(b) "
      "RETURN a.name, labels(a)",
      ValueMap{{"b", Value::String("Bob")}});
  EXPECT_EQ(w.counters.nodes_created, 2);
  EXPECT_EQ(w.counters.relationships_created, 2);
  EXPECT_EQ(w.counters.labels_added, 3);
  EXPECT_EQ(w.counters.properties_set, 4);
  ASSERT_EQ(w.result.rows.size(), 1u);
  EXPECT_EQ(w.result.rows[0][0], Value::String("Ann"));
  // Created relationships have their own identity, even between the same nodes.
  EXPECT_EQ(Read("MATCH (:Person {name: 'Ann'})-[r:KNOWS]->(b) RETURN b.name, r.since"),
            (V{"'Bob' | 2020", "'Bob' | null"}));
  // One row in, one set of new elements per row; no RETURN, no rows.
  WriteResult unwound = Write("UNWIND range(1, 3) AS i CREATE (:N {i: i})");
  EXPECT_TRUE(unwound.result.columns.empty());
  EXPECT_TRUE(unwound.result.rows.empty());
  EXPECT_EQ(unwound.counters.nodes_created, 3);
  EXPECT_EQ(Read("MATCH (n:N) RETURN count(*), sum(n.i)"), (V{"3 | 6"}));
}

TEST_F(WriteTest, CreateBindsANamedPathToWhatItMade) {
  WriteResult w = Write(
      "CREATE p = ({id: 1})-[:R]->({id: 2})<-[:S]-({id: 3}) "
      "RETURN length(p), [n IN nodes(p) | n.id], [r IN relationships(p) | type(r)]");
  ASSERT_EQ(w.result.rows.size(), 1u);
  EXPECT_EQ(w.result.rows[0][0].ToString(), "2");
  EXPECT_EQ(w.result.rows[0][1].ToString(), "[1, 2, 3]");
  EXPECT_EQ(w.result.rows[0][2].ToString(), "['R', 'S']");
  // A bound node starts the path as itself; a lone node is a path of length 0.
  WriteResult bound = Write(
      "MATCH (a {id: 1}) CREATE p = (a)-[:T]->(), q = ({id: 9}) "
      "RETURN nodes(p)[0] = a, length(p), length(q), nodes(q)[0].id");
  ASSERT_EQ(bound.result.rows.size(), 1u);
  EXPECT_EQ(bound.result.rows[0][0].ToString(), "true");
  EXPECT_EQ(bound.result.rows[0][1].ToString(), "1");
  EXPECT_EQ(bound.result.rows[0][2].ToString(), "0");
  EXPECT_EQ(bound.result.rows[0][3].ToString(), "9");
  EXPECT_EQ(WriteError("MATCH (p) CREATE p = ()-[:R]->()").detail, "VariableAlreadyBound");
  EXPECT_EQ(WriteError("CREATE p = ()-[:R]->(), p = ()-[:R]->()").detail, "VariableAlreadyBound");
}

TEST_F(WriteTest, LabelsWrittenTwiceAreOneLabel) {
  WriteResult w = Write("CREATE (a:A:B:A) RETURN labels(a)");
  EXPECT_EQ(w.counters.labels_added, 2);
  ASSERT_EQ(w.result.rows.size(), 1u);
  EXPECT_EQ(w.result.rows[0][0].ToString(), "['A', 'B']");
  WriteResult merged = Write("MERGE (m:X:X {k: 1}) RETURN labels(m)");
  EXPECT_EQ(merged.counters.labels_added, 1);
  ASSERT_EQ(merged.result.rows.size(), 1u);
  EXPECT_EQ(merged.result.rows[0][0].ToString(), "['X']");
  EXPECT_EQ(Read("MATCH (n:A:A) RETURN labels(n)"), (V{"['A', 'B']"}));
  EXPECT_EQ(Read("MATCH (n:X) RETURN labels(n)"), (V{"['X']"}));
}

TEST_F(WriteTest, UpdatesHappenInFullWhateverALimitKeeps) {
  WriteResult w = Write("UNWIND range(1, 5) AS i CREATE (n:L {i: i}) RETURN n LIMIT 0");
  EXPECT_TRUE(w.result.rows.empty());
  EXPECT_EQ(w.counters.nodes_created, 5);
  EXPECT_EQ(Read("MATCH (n:L) RETURN count(*)"), (V{"5"}));
}

TEST_F(WriteTest, SetAndRemoveChangePropertiesAndLabels) {
  Write("CREATE (:P {name: 'x', a: 1, b: 2})");
  WriteResult w = Write(
      "MATCH (n:P) SET n.a = n.a + 10, n.c = 'new', n:Q REMOVE n.b RETURN n.a, n.b, labels(n)");
  ASSERT_EQ(w.result.rows.size(), 1u);
  EXPECT_EQ(w.result.rows[0][0], Value::Int(11));
  EXPECT_TRUE(w.result.rows[0][1].is_null());
  EXPECT_EQ(w.counters.properties_set, 3);
  EXPECT_EQ(w.counters.labels_added, 1);
  EXPECT_EQ(Read("MATCH (n:Q) RETURN n.name, n.a, n.b, n.c"), (V{"'x' | 11 | null | 'new'"}));
  Write("MATCH (n:P) SET n += {a: null, d: true}");
  EXPECT_EQ(Read("MATCH (n:P) RETURN keys(n)"), (V{"['c', 'd', 'name']"}));
  Write("MATCH (n:P) SET n = {only: 1} REMOVE n:Q");
  EXPECT_EQ(Read("MATCH (n:P) RETURN properties(n), labels(n)"), (V{"{only: 1} | ['P']"}));
  EXPECT_EQ(Read("MATCH (n:Q) RETURN n"), V{});
}

TEST_F(WriteTest, DeleteRefusesConnectedNodesUnlessDetached) {
  Write("CREATE (a:A)-[:T]->(b:B), (c:C)");
  QueryErrorInfo e = WriteError("MATCH (a:A) DELETE a");
  EXPECT_EQ(e.type, "ConstraintVerificationFailed");
  EXPECT_EQ(e.detail, "DeleteConnectedNode");
  EXPECT_EQ(Read("MATCH (n) RETURN count(*)"), (V{"3"}));  // nothing changed
  WriteResult both = Write("MATCH (a:A)-[r]->() DELETE a, r");
  EXPECT_EQ(both.counters.nodes_deleted, 1);
  EXPECT_EQ(both.counters.relationships_deleted, 1);
  Write("CREATE (x:X)-[:T]->(y:Y)");
  WriteResult detached = Write("MATCH (x:X) DETACH DELETE x");
  EXPECT_EQ(detached.counters.nodes_deleted, 1);
  EXPECT_EQ(detached.counters.relationships_deleted, 1);
  EXPECT_EQ(Read("MATCH (n) RETURN labels(n)"), (V{"['B']", "['C']", "['Y']"}));
  EXPECT_EQ(Read("MATCH ()-[r]->() RETURN count(r)"), (V{"0"}));
}

TEST_F(WriteTest, AFailingStatementLeavesNoTrace) {
  Write("CREATE (:Keep)");
  uint64_t version = writer_->manifest().version;
  EXPECT_EQ(WriteError("CREATE (:Gone) WITH 1 AS x RETURN x / 0").detail, "DivisionByZero");
  EXPECT_EQ(WriteError("CREATE (:Gone {m: {a: 1}})").detail, "InvalidPropertyType");
  EXPECT_EQ(writer_->manifest().version, version);  // nothing committed
  EXPECT_EQ(writer_->staged(), 0u);
  EXPECT_EQ(Read("MATCH (n) RETURN labels(n)"), (V{"['Keep']"}));
  // And the session goes on writing.
  Write("CREATE (:After)");
  EXPECT_EQ(Read("MATCH (n) RETURN count(*)"), (V{"2"}));
}

TEST_F(WriteTest, MalformedUpdatesAreCompileErrors) {
  EXPECT_EQ(WriteError("CREATE (a)-[:T]-(b)").detail, "RequiresDirectedRelationship");
  EXPECT_EQ(WriteError("CREATE (a)-[:T|U]->(b)").detail, "NoSingleRelationshipType");
  EXPECT_EQ(WriteError("CREATE (a)-[:T*2]->(b)").detail, "CreatingVarLength");
  EXPECT_EQ(WriteError("MATCH (a) CREATE (a:L)").detail, "VariableAlreadyBound");
  EXPECT_EQ(WriteError("SET x.a = 1").detail, "UndefinedVariable");
}

TEST_F(WriteTest, NamesThatAreNotUtf8AreRefusedAndChangeNothing) {
  Write("CREATE (:Keep)-[:T]->(:Keep)");
  uint64_t version = writer_->manifest().version;
  // In the statement's text: a SyntaxError where the bytes are.
  QueryErrorInfo text = WriteError("CREATE (x:\xff\xff\xff\xffX)-[:T\xe1\xe1\xe1]->(y:Y)");
  EXPECT_EQ(text.detail, "InvalidUnicodeCharacter");
  EXPECT_EQ(text.column, 11);
  // In a parameter's map keys, which become property keys: refused when staged.
  ValueMap props{{"ok", Value::Int(1)}, {"k\xe1", Value::Int(2)}};
  auto key = RunWrite(*writer_, "CREATE (n:Gone) SET n = $props", {{"props", Value::Map(props)}});
  EXPECT_TRUE(key.status().Is(StatusCode::kInvalidArgument)) << key.status().ToString();
  EXPECT_NE(key.status().message().find("not UTF-8"), std::string::npos);
  EXPECT_EQ(writer_->manifest().version, version);
  EXPECT_EQ(writer_->staged(), 0u);
  // A flush and an untyped step still see every relationship.
  ASSERT_TRUE(writer_->Flush().ok());
  EXPECT_EQ(Read("MATCH (:Keep)-[r]->() RETURN type(r)"), (V{"'T'"}));
  EXPECT_EQ(Read("MATCH (n:Gone) RETURN count(n)"), (V{"0"}));
}

TEST_F(WriteTest, MergeMatchesOrCreatesRowByRow) {
  Write("UNWIND ['NY', 'Ohio', 'NY'] AS c CREATE (:Person {bornIn: c})");
  // Each row sees what earlier rows created: one City per distinct name.
  WriteResult w = Write(
      "MATCH (p:Person) MERGE (c:City {name: p.bornIn}) "
      "ON CREATE SET c.created = true ON MATCH SET c.matched = true");
  EXPECT_EQ(w.counters.nodes_created, 2);
  EXPECT_EQ(Read("MATCH (c:City) RETURN c.name, c.created, c.matched"),
            (V{"'NY' | true | true", "'Ohio' | true | null"}));
  // A relationship between bound nodes: created once, then matched.
  for (int i = 0; i < 2; ++i) {
    WriteResult r = Write(
        "MATCH (a:City {name: 'NY'}), (b:City {name: 'Ohio'}) "
        "MERGE (a)-[r:ROAD {km: 900}]->(b) RETURN r.km");
    EXPECT_EQ(r.counters.relationships_created, i == 0 ? 1 : 0);
    ASSERT_EQ(r.result.rows.size(), 1u);
  }
  // Undirected MERGE matches the existing relationship either way round.
  EXPECT_EQ(
      Write("MATCH (a:City {name: 'Ohio'}), (b:City {name: 'NY'}) MERGE (a)-[:ROAD {km: 900}]-(b)")
          .counters.relationships_created,
      0);
  // A path with new nodes is created whole, and its path variable bound.
  WriteResult p = Write("MERGE p = (:A {k: 1})-[:T]->(:B) RETURN length(p)");
  EXPECT_EQ(p.counters.nodes_created, 2);
  EXPECT_EQ(p.result.rows[0][0], Value::Int(1));
  EXPECT_EQ(WriteError("MERGE ({num: null})").detail, "MergeReadOwnWrites");
  EXPECT_EQ(WriteError("MATCH (a) MERGE (a)").detail, "VariableAlreadyBound");
  EXPECT_EQ(WriteError("MERGE (a)-[:T|U]->(b)").detail, "NoSingleRelationshipType");
  EXPECT_EQ(WriteError("MERGE (n $p)").detail, "InvalidParameterUse");
  EXPECT_EQ(WriteError("MERGE (n) ON MATCH SET x.num = 1").detail, "UndefinedVariable");
}

TEST_F(WriteTest, ForeachAppliesItsUpdatesPerElement) {
  WriteResult w =
      Write("CREATE (root:Root) FOREACH (i IN range(1, 3) | CREATE (root)-[:HAS]->(:Leaf {i: i}))");
  EXPECT_EQ(w.counters.nodes_created, 4);
  EXPECT_EQ(w.counters.relationships_created, 3);
  EXPECT_EQ(Read("MATCH (:Root)-[:HAS]->(l) RETURN sum(l.i)"), (V{"6"}));
  Write("MATCH (l:Leaf) WITH collect(l) AS leaves FOREACH (x IN leaves | SET x.seen = true)");
  EXPECT_EQ(Read("MATCH (l:Leaf) WHERE l.seen RETURN count(*)"), (V{"3"}));
  EXPECT_EQ(WriteError("FOREACH (x IN [1] | MATCH (n) RETURN n)").detail,
            "InvalidClauseComposition");
  // WITH * is fine with nothing in scope; RETURN * is not.
  EXPECT_EQ(Write("CREATE () WITH * CREATE ()").counters.nodes_created, 2);
  EXPECT_EQ(WriteError("MATCH (n) DELETE n:Person").detail, "InvalidDelete");
}

TEST_F(WriteTest, CallSubqueriesMayUpdatePerRow) {
  WriteResult w =
      Write("UNWIND [1, 2, 3] AS i CALL { WITH i CREATE (:S {i: i}) } RETURN count(*) AS rows");
  EXPECT_EQ(w.counters.nodes_created, 3);
  EXPECT_EQ(w.result.rows[0][0], Value::Int(3));  // a unit subquery keeps each outer row once
  // Each row's subquery sees the writes of the rows before it.
  WriteResult m =
      Write("UNWIND [1, 1, 2] AS k CALL { WITH k MERGE (t:T {k: k}) RETURN t } RETURN count(*)");
  EXPECT_EQ(m.counters.nodes_created, 2);
  EXPECT_EQ(Read("MATCH (s:S) RETURN sum(s.i)"), (V{"6"}));
}

TEST_F(WriteTest, AStatementStoppedByALimitLeavesNoTrace) {
  QueryLimits limits;
  limits.max_intermediate_rows = 50;
  auto r = RunWrite(*writer_, "UNWIND range(1, 100) AS i CREATE (:L {i: i})", {}, limits);
  EXPECT_TRUE(r.status().Is(StatusCode::kResourceExhausted)) << r.status().ToString();
  EXPECT_EQ(writer_->staged(), 0u);
  EXPECT_EQ(Write("MATCH (l:L) RETURN count(*)").result.rows[0][0], Value::Int(0));
}

TEST_F(WriteTest, TemporalValuesAreStoredAndFoundAgain) {
  Write(
      "CREATE (:E {on: date('2020-01-01'), at: datetime('2020-01-01T10:00+02:00'), "
      "days: [date('2020-01-02'), date('2020-01-03')]})");
  ASSERT_TRUE(writer_->Flush().ok());  // read back from data files, not the WAL
  EXPECT_EQ(
      Read("MATCH (e:E) RETURN e.on, e.at, e.at.hour, e.days[1]"),
      (V{"date('2020-01-01') | datetime('2020-01-01T10:00+02:00') | 10 | date('2020-01-03')"}));
  // Equality as instants, through a property match and through an index.
  EXPECT_EQ(Read("MATCH (e:E {at: datetime('2020-01-01T08:00Z')}) RETURN count(*)"), (V{"1"}));
  Write("CREATE INDEX FOR (e:E) ON (e.at)");
  EXPECT_EQ(Read("MATCH (e:E) WHERE e.at = datetime('2020-01-01T09:00+01:00') RETURN e.on"),
            (V{"date('2020-01-01')"}));
}

}  // namespace
}  // namespace namidb::query
