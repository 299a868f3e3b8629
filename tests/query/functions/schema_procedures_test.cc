// The schema procedures: db.schema.nodeTypeProperties(),
// db.schema.relTypeProperties() and db.schema.visualization() over data
// in the memtable and in data files, and a statement's interrupts stopping
// their scans.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb::query {
namespace {

class SchemaProceduresTest : public ::testing::Test {
 protected:
  void SetUp() override { writer_ = std::move(WriterSession::Open(store_, "s")).value(); }

  Result<WriteResult> Try(std::string_view text, QueryEnvironment environment = {}) {
    return RunWrite(*writer_, text, {}, {}, environment);
  }
  void Write(std::string_view text) {
    auto r = Try(text);
    ASSERT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  }
  // Rows as Cypher literals, one per line.
  std::string Run(std::string_view text) {
    auto r = Try(text);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    if (!r.ok()) return "";
    std::string out;
    for (const auto& row : r->result.rows) {
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + row[i].ToString();
      out += "\n";
    }
    return out;
  }
  void Flush() { ASSERT_TRUE(writer_->Flush().ok()); }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
};

TEST_F(SchemaProceduresTest, NodeTypesAreLabelSetsWithTheirPropertiesTypesAndWhetherMandatory) {
  Write(
      "CREATE (:Person {name: 'a', age: 1}), (:Person {name: 'b'}), "
      "(:Student:Person {name: 'c', age: 2.5}), (:Empty)");
  Flush();
  // Some in data files, some in the memtable; one changed since the flush.
  Write("CREATE (:Person {name: 'd', tags: ['x', 'y'], age: 'old'}), (:Person {name: 'e'})");
  Write("MATCH (p:Person {name: 'b'}) SET p.age = 3");
  EXPECT_EQ(Run("CALL db.schema.nodeTypeProperties()"),
            "':`Empty`',['Empty'],null,null,false\n"
            "':`Person`',['Person'],'age',['Long', 'String'],false\n"
            "':`Person`',['Person'],'name',['String'],true\n"
            "':`Person`',['Person'],'tags',['StringArray'],false\n"
            "':`Person`:`Student`',['Person', 'Student'],'age',['Double'],true\n"
            "':`Person`:`Student`',['Person', 'Student'],'name',['String'],true\n");
  // A property every node of a type had until one lost it.
  Write("MATCH (p:Student) REMOVE p.age");
  EXPECT_EQ(Run("CALL db.schema.nodeTypeProperties() YIELD nodeType, propertyName, mandatory "
                "WHERE nodeType CONTAINS 'Student' RETURN propertyName, mandatory"),
            "'name',true\n");
}

TEST_F(SchemaProceduresTest, RelationshipTypesWithTheirProperties) {
  Write(
      "CREATE (a:P)-[:KNOWS {since: 2020}]->(b:P), (b)-[:KNOWS]->(a), "
      "(a)-[:LIKES {w: 1.5, at: date('2024-01-02')}]->(:Q), (b)-[:SEES]->(b)");
  Flush();
  Write("MATCH (a:P)-[r:LIKES]->() CREATE (a)-[:LIKES {w: 2.0, at: date('2024-01-03')}]->(a)");
  EXPECT_EQ(Run("CALL db.schema.relTypeProperties()"),
            "':`KNOWS`','since',['Long'],false\n"
            "':`LIKES`','at',['Date'],true\n"
            "':`LIKES`','w',['Double'],true\n"
            "':`SEES`',null,null,false\n");
  // A deleted relationship leaves its type.
  Write("MATCH ()-[r:SEES]->() DELETE r");
  EXPECT_EQ(Run("CALL db.schema.relTypeProperties() YIELD relType RETURN DISTINCT relType"),
            "':`KNOWS`'\n':`LIKES`'\n");
}

TEST_F(SchemaProceduresTest, VisualizationHasANodePerLabelAndARelationshipPerLabelsJoined) {
  Write("CREATE INDEX person_name FOR (n:Person) ON (n.name)");
  Write("CREATE CONSTRAINT city_id FOR (c:City) REQUIRE c.id IS UNIQUE");
  Write(
      "CREATE (a:Person:Admin {name: 'a'})-[:LIVES_IN]->(:City {id: 1}), "
      "(a)-[:KNOWS]->(:Person {name: 'b'}), (:Unjoined)");
  Flush();
  Write("MATCH (c:City) CREATE (c)-[:NEAR]->(c)");
  auto r = Try("CALL db.schema.visualization()");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->result.columns, (std::vector<std::string>{"nodes", "relationships"}));
  ASSERT_EQ(r->result.rows.size(), 1u);
  std::map<Uuid, std::string> label_of;
  std::string nodes;
  for (const Value& v : r->result.rows[0][0].as_list()) {
    const NodeValue& n = v.as_node();
    label_of[n.id] = n.labels.at(0);
    nodes += v.ToString() + "\n";
  }
  EXPECT_EQ(nodes,
            "(:Admin {constraints: [], indexes: [], name: 'Admin'})\n"
            "(:City {constraints: ['CONSTRAINT city_id FOR (n:`City`) REQUIRE n.id IS UNIQUE'], "
            "indexes: ['id'], name: 'City'})\n"
            "(:Person {constraints: [], indexes: ['name'], name: 'Person'})\n"
            "(:Unjoined {constraints: [], indexes: [], name: 'Unjoined'})\n");
  std::set<std::tuple<std::string, std::string, std::string>> joined;
  for (const Value& v : r->result.rows[0][1].as_list()) {
    const RelationshipValue& rel = v.as_relationship();
    ASSERT_TRUE(label_of.contains(rel.start) && label_of.contains(rel.end)) << v.ToString();
    joined.insert({label_of[rel.start], rel.type, label_of[rel.end]});
  }
  EXPECT_EQ(joined, (std::set<std::tuple<std::string, std::string, std::string>>{
                        {"Admin", "KNOWS", "Person"},
                        {"Admin", "LIVES_IN", "City"},
                        {"City", "NEAR", "City"},
                        {"Person", "KNOWS", "Person"},
                        {"Person", "LIVES_IN", "City"}}));
  // The made-up elements keep their ids from call to call.
  auto again = Try("CALL db.schema.visualization()");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->result.rows, r->result.rows);
}

TEST_F(SchemaProceduresTest, TheStatementsInterruptsStopTheScan) {
  // Nodes with no relationships: a scan of relationships polls per node too.
  Write("UNWIND range(1, 500) AS i CREATE (:N {i: i})");
  Write("CREATE (:A)-[:R]->(:B)");
  int yields = 0;
  QueryEnvironment stop;
  stop.yield.every_ms = 0;
  stop.yield.hook = [&yields] {
    ++yields;
    return Status::Cancelled("stopped by the host");
  };
  for (const char* call :
       {"CALL db.schema.nodeTypeProperties()", "CALL db.schema.relTypeProperties()",
        "CALL db.schema.visualization()"}) {
    yields = 0;
    auto r = Try(call, stop);
    ASSERT_FALSE(r.ok()) << call;
    EXPECT_EQ(r.status().code(), StatusCode::kCancelled) << call << ": " << r.status().ToString();
    EXPECT_EQ(yields, 1) << call;
  }
  // A call that reads no more than the catalogue is not stopped.
  yields = 0;
  EXPECT_TRUE(Try("CALL db.labels()", stop).ok());
  EXPECT_EQ(yields, 0);
}

}  // namespace
}  // namespace namidb::query
