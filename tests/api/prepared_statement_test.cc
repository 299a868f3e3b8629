// PreparedStatement: runs with new parameters answer exactly as a fresh
// RunQuery / RunWrite does, while planning once; the plan's operators keep
// nothing of one run for the next (a label scan cached by one run is not
// the graph of the next); a new index or procedure makes it plan again.
#include "api/prepared_statement.h"

#include <gtest/gtest.h>

#include "query/functions/procedures.h"
#include "store/memory_store.h"

namespace namidb::api {
namespace {

using query::QueryLimits;
using query::RunQuery;
using query::RunWrite;

std::string Rows(const query::QueryResult& result) {
  std::string out;
  for (const auto& row : result.rows) {
    for (const auto& v : row) out += v.ToString() + " ";
    out += "| ";
  }
  return out;
}

ValueMap Params(std::initializer_list<std::pair<const char*, Value>> entries) {
  ValueMap map;
  for (const auto& [k, v] : entries) map.Set(k, v);
  return map;
}

class PreparedStatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "p")).value();
    Write(
        "UNWIND range(0, 59) AS i CREATE (:Person {id: i, name: 'p' + toString(i), group: i % "
        "5})");
    Write("MATCH (a:Person), (b:Person) WHERE b.id = (a.id * 7 + 3) % 60 CREATE (a)-[:KNOWS]->(b)");
    Write("MATCH (a:Person), (b:Person) WHERE b.id = (a.id + 1) % 60 CREATE (a)-[:KNOWS]->(b)");
  }

  void Write(const std::string& text) {
    auto r = RunWrite(*writer_, text, {});
    ASSERT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  }

  std::string Fresh(const std::string& text, const ValueMap& params) {
    auto r = RunQuery(writer_->view(), text, params);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    return r.ok() ? Rows(*r) : "";
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
};

TEST_F(PreparedStatementTest, EveryRunAnswersAsAFreshQueryWithOnePlan) {
  const std::vector<std::string> texts = {
      "MATCH (n:Person {id: $id}) RETURN n.name",
      "MATCH (n:Person) WHERE n.group = $id % 5 RETURN n.id ORDER BY n.id DESC LIMIT $n",
      "MATCH (n:Person) RETURN n.id ORDER BY n.id SKIP $n LIMIT 3",
      "MATCH (a:Person {id: $id})-[:KNOWS]->(b)-[:KNOWS]->(c) RETURN DISTINCT c.id ORDER BY c.id",
      "MATCH (a:Person {id: $id})-[:KNOWS*1..3]->(c) RETURN count(DISTINCT c)",
      "MATCH (a:Person) WHERE a.id < $n OPTIONAL MATCH (a)-[:KNOWS]->(b:Person {group: 0}) "
      "RETURN a.id, b.id ORDER BY a.id, b.id",
      "MATCH (a:Person) WHERE EXISTS { MATCH (a)-[:KNOWS]->(:Person {id: $id}) } RETURN a.id "
      "ORDER BY a.id",
      "MATCH (a:Person {id: $id}) RETURN [(a)-[:KNOWS]->(b) | b.id] AS out",
      "MATCH (n:Person) RETURN n.group AS g, count(*) AS c, collect(n.id)[0..$n] AS some ORDER BY "
      "g",
      "MATCH (n:Person) RETURN count(n)",
      "MATCH p = shortestPath((a:Person {id: $id})-[:KNOWS*]->(b:Person {id: $n})) RETURN "
      "length(p)",
      "UNWIND range(1, $n) AS x RETURN x UNION UNWIND range($n, 2 * $n) AS x RETURN x",
      "MATCH (n:Person) WHERE n.id = $id CALL { WITH n MATCH (n)-->(m) RETURN m.id AS m } RETURN m "
      "ORDER BY m",
      "MATCH (a:Person), (b:Person) WHERE a.id = $id AND b.id = $n RETURN a.id + b.id",
  };
  for (const auto& text : texts) {
    auto prepared = PreparedStatement::Prepare(text);
    ASSERT_TRUE(prepared.ok()) << text << ": " << prepared.status().ToString();
    for (int64_t i : {3, 17, 3, 42, 0}) {
      ValueMap params = Params({{"id", Value::Int(i)}, {"n", Value::Int(i % 7 + 1)}});
      auto got = (*prepared)->Query(writer_->view(), params);
      ASSERT_TRUE(got.ok()) << text << ": " << got.status().ToString();
      EXPECT_EQ(Rows(*got), Fresh(text, params)) << text << " with $id = " << i;
    }
    EXPECT_EQ((*prepared)->plans(), 1u) << text;
  }
}

TEST_F(PreparedStatementTest, ARunSeesTheGraphOfNowNotWhatAnEarlierRunScanned) {
  // The label scan of `n` is kept across Resets within one statement; a
  // prepared statement's next run must read the label again.
  auto prepared = PreparedStatement::Prepare(
      "MATCH (n:Person) WHERE n.id >= $from RETURN count(n) AS c, max(n.id) AS top");
  ASSERT_TRUE(prepared.ok());
  ValueMap params = Params({{"from", Value::Int(50)}});
  auto before = (*prepared)->Query(writer_->view(), params);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(Rows(*before), "10 59 | ");
  Write("CREATE (:Person {id: 60}), (:Person {id: 61})");
  Write("MATCH (n:Person {id: 55}) DETACH DELETE n");
  auto after = (*prepared)->Query(writer_->view(), params);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(Rows(*after), "11 61 | ");
  EXPECT_EQ(Rows(*after), Fresh((*prepared)->text(), params));
  EXPECT_EQ((*prepared)->plans(), 1u);
}

TEST_F(PreparedStatementTest, AnExpansionsLabelMembersAreReadAgainByTheNextRun) {
  auto prepared = PreparedStatement::Prepare(
      "MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE a.group = $g RETURN count(b)");
  ASSERT_TRUE(prepared.ok());
  ValueMap params = Params({{"g", Value::Int(1)}});
  ASSERT_TRUE((*prepared)->Query(writer_->view(), params).ok());
  Write("MATCH (b:Person) WHERE b.id % 2 = 0 REMOVE b:Person SET b:Former");
  auto after = (*prepared)->Query(writer_->view(), params);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(Rows(*after), Fresh((*prepared)->text(), params));
}

TEST_F(PreparedStatementTest, ANewIndexMakesItPlanAgainAndSeekByTheIndex) {
  auto prepared = PreparedStatement::Prepare("EXPLAIN MATCH (n:Person {id: $id}) RETURN n.name");
  ASSERT_TRUE(prepared.ok());
  auto before = (*prepared)->Query(writer_->view(), {});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(Rows(*before).find("IndexSeek"), std::string::npos) << Rows(*before);
  Write("CREATE INDEX FOR (p:Person) ON (p.id)");
  auto after = (*prepared)->Query(writer_->view(), {});
  ASSERT_TRUE(after.ok());
  EXPECT_NE(Rows(*after).find("IndexSeek"), std::string::npos) << Rows(*after);
  EXPECT_EQ((*prepared)->plans(), 2u);
}

TEST_F(PreparedStatementTest, AProcedureRegisteredSinceMakesItPlanAgain) {
  query::ProcedureRegistry procedures;
  auto add = [&](int64_t answer) {
    auto signature = query::ParseProcedureSignature("test.answer() :: (x :: INTEGER?)");
    ASSERT_TRUE(signature.ok());
    query::ProcedureBody body =
        [answer](const ValueList&, query::ProcedureContext&) -> Result<std::vector<ValueList>> {
      return std::vector<ValueList>{{Value::Int(answer)}};
    };
    ASSERT_TRUE(procedures.Register({std::move(*signature), std::move(body), ""}).ok());
  };
  add(1);
  query::QueryEnvironment environment;
  environment.procedures = &procedures;
  auto prepared = PreparedStatement::Prepare("CALL test.answer() YIELD x RETURN x");
  ASSERT_TRUE(prepared.ok());
  auto first = (*prepared)->Query(writer_->view(), {}, {}, environment);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(Rows(*first), "1 | ");
  add(2);  // replaces the procedure the plan pointed at
  auto second = (*prepared)->Query(writer_->view(), {}, {}, environment);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(Rows(*second), "2 | ");
  EXPECT_EQ((*prepared)->plans(), 2u);
}

TEST_F(PreparedStatementTest, WritesRunAsTransactionsOfTheirOwnWithTheirOwnCounters) {
  auto prepared = PreparedStatement::Prepare(
      "MERGE (n:Tag {name: $name}) ON CREATE SET n.uses = 1 ON MATCH "
      "SET n.uses = n.uses + 1 RETURN n.uses");
  ASSERT_TRUE(prepared.ok());
  // Created: name and uses set; matched: uses.
  for (auto [name, set] :
       std::vector<std::pair<const char*, uint64_t>>{{"a", 2}, {"b", 2}, {"a", 1}, {"a", 1}}) {
    auto w = (*prepared)->Write(*writer_, Params({{"name", Value::String(name)}}));
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ(w->counters.properties_set, set) << name;
    EXPECT_EQ(w->counters.nodes_created, set == 2 ? 1u : 0u) << name;
  }
  EXPECT_EQ(Fresh("MATCH (n:Tag) RETURN n.name, n.uses ORDER BY n.name", {}), "'a' 3 | 'b' 1 | ");
  auto created = PreparedStatement::Prepare("CREATE (:Tag {name: $name})");
  ASSERT_TRUE(created.ok());
  // A failed run leaves no trace, and the next one runs.
  ValueMap not_a_property;
  not_a_property.Set("k", Value::Int(1));
  EXPECT_FALSE((*created)->Write(*writer_, Params({{"name", Value::Map(not_a_property)}})).ok());
  auto ok = (*created)->Write(*writer_, Params({{"name", Value::String("c")}}));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->counters.nodes_created, 1u);
  EXPECT_EQ(Fresh("MATCH (n:Tag) RETURN count(n)", {}), "3 | ");
  EXPECT_EQ(writer_->staged(), 0u);
  EXPECT_EQ((*created)->plans(), 1u);
}

TEST_F(PreparedStatementTest, ARunRefusedForMemoryLeavesNothingHeldForTheNext) {
  auto prepared = PreparedStatement::Prepare(
      "MATCH (a:Person), (b:Person) WHERE a.id < $n RETURN count(*) AS c");
  ASSERT_TRUE(prepared.ok());
  QueryLimits tight;
  tight.max_memory_bytes = 4096;
  auto refused = (*prepared)->Query(writer_->view(), Params({{"n", Value::Int(60)}}), tight);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.status().Is(StatusCode::kResourceExhausted)) << refused.status().ToString();
  auto ran = (*prepared)->Query(writer_->view(), Params({{"n", Value::Int(2)}}));
  ASSERT_TRUE(ran.ok()) << ran.status().ToString();
  EXPECT_EQ(Rows(*ran), "120 | ");
}

TEST(PreparedStatementPrepare, ASyntaxErrorIsReturnedByPrepare) {
  auto prepared = PreparedStatement::Prepare("MATCH (n RETURN n");
  ASSERT_FALSE(prepared.ok());
  ASSERT_NE(prepared.status().query_error(), nullptr);
  EXPECT_EQ(prepared.status().query_error()->type, "SyntaxError");
}

TEST_F(PreparedStatementTest, AnUpdatingClauseIsRefusedByQueryAsByRunQuery) {
  auto prepared = PreparedStatement::Prepare("CREATE (:X)");
  ASSERT_TRUE(prepared.ok());
  auto refused = (*prepared)->Query(writer_->view(), {});
  auto fresh = RunQuery(writer_->view(), "CREATE (:X)", {});
  ASSERT_FALSE(refused.ok());
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(refused.status().ToString(), fresh.status().ToString());
}

}  // namespace
}  // namespace namidb::api
