// Label scans that read property columns (NodeScan ... (columns ...)): used
// when a statement reads nothing of a node but some of its properties and
// its identity, and giving the answers whole records give, over runs with
// columns, a run without (written before format version 4) and the WAL.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/result_lines.h"

namespace namidb::query {
namespace {

Uuid Id(int n) { return NameBasedUuid("column-query-" + std::to_string(n)); }

class ColumnScanQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto w = std::move(WriterSession::Open(store_, "g")).value();
    // A run of 3,000 people (three chunks), a run changing some, then the WAL.
    for (int n = 0; n < 3000; ++n) {
      ValueMap props{{"id", Value::Int(n)}, {"name", Value::String("p" + std::to_string(n))}};
      if (n % 3 == 0) props.Set("age", Value::Int(20 + n % 50));
      ASSERT_TRUE(w->UpsertNode({"Person"}, Id(n), props).ok());
    }
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());
    ASSERT_TRUE(
        w->UpsertNode({"Person"}, Id(1), ValueMap{{"id", Value::Int(1)}, {"age", Value::Int(99)}})
            .ok());
    ASSERT_TRUE(w->TombstoneNode(Id(2)).ok());
    ASSERT_TRUE(w->UpsertNode({"Former"}, Id(3), ValueMap{{"id", Value::Int(3)}}).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());
    ASSERT_TRUE(w->UpsertNode({"Person"}, Id(4),
                              ValueMap{{"id", Value::Int(4)}, {"name", Value::String("p7")}})
                    .ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    Open();
  }
  void Open() {
    reader_ = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "g"),
                                          std::make_shared<BlockCache>()))
                  .value();
  }
  std::vector<std::string> Rows(std::string_view text) {
    auto r = RunQuery(*reader_, text, {{"name", Value::String("p7")}});
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    if (!r.ok()) return {};
    return namidb::testing::ResultLines(r->rows);
  }
  std::string Plan(std::string_view text) {
    std::string out;
    for (const auto& line : Rows("EXPLAIN " + std::string(text))) out += line + "\n";
    return out;
  }
  // The same statement with the node also returned whole (so read as records).
  void ExpectSameAsRecords(const std::string& match, const std::string& items) {
    std::string columns = match + " RETURN " + items + " ORDER BY id";
    std::string records = match + " WITH p, p AS whole RETURN " + items + " ORDER BY id";
    EXPECT_NE(Plan(columns).find("(columns"), std::string::npos) << Plan(columns);
    EXPECT_EQ(Plan(records).find("(columns"), std::string::npos) << Plan(records);
    auto got = Rows(columns);
    EXPECT_FALSE(got.empty()) << columns;
    EXPECT_EQ(got, Rows(records)) << columns;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<GraphReader> reader_;
};

TEST_F(ColumnScanQueryTest, ReadsOnlyTheNamedPropertiesAsColumns) {
  EXPECT_NE(Plan("MATCH (p:Person) RETURN p.name").find("NodeScan :Person (columns name)"),
            std::string::npos);
  EXPECT_NE(Plan("MATCH (p:Person {name: $name}) RETURN p.age, id(p)")
                .find("NodeScan :Person (columns age, name)"),
            std::string::npos);
  // Anything that needs more of the node reads its record.
  for (const char* whole :
       {"MATCH (p:Person) RETURN p", "MATCH (p:Person) RETURN p.name, labels(p)",
        "MATCH (p:Person) WHERE p:Former RETURN p.name", "MATCH (p:Person) RETURN keys(p)",
        "MATCH (p:Person) WITH p RETURN p.name", "MATCH path = (p:Person) RETURN p.name",
        "MATCH (p:Person) MATCH (p)-[:KNOWS]->() RETURN p.name"}) {
    EXPECT_EQ(Plan(whole).find("(columns"), std::string::npos) << whole;
  }
}

TEST_F(ColumnScanQueryTest, AnswersAsWholeRecordsDo) {
  ExpectSameAsRecords("MATCH (p:Person)", "p.id AS id, p.name AS name, p.age AS age");
  ExpectSameAsRecords("MATCH (p:Person {name: $name})", "p.id AS id, p.age AS age");
  ExpectSameAsRecords("MATCH (p:Person {age: 99})", "p.id AS id");
  ExpectSameAsRecords("MATCH (p:Person) WHERE p.age > 60", "p.id AS id, count(*) AS n");
  EXPECT_EQ(Rows("MATCH (p:Person {name: $name}) RETURN p.id ORDER BY p.id"),
            (std::vector<std::string>{"4", "7"}));
  EXPECT_EQ(Rows("MATCH (p:Person) RETURN count(p.name), count(p.age), max(p.age)"),
            (std::vector<std::string>{"2997 | 1000 | 99"}));
  // After a compaction every node comes from one run's columns.
  {
    auto w = std::move(WriterSession::Open(store_, "g")).value();
    ASSERT_TRUE(w->Compact().ok());
  }
  Open();
  ExpectSameAsRecords("MATCH (p:Person)", "p.id AS id, p.name AS name, p.age AS age");
  EXPECT_EQ(Rows("MATCH (p:Person {name: $name}) RETURN p.id ORDER BY p.id"),
            (std::vector<std::string>{"4", "7"}));
}

// Comparisons with constants are checked on the columns (rule
// column_conditions), with Cypher's answers: numbers across integers and
// floats, strings, values of another type, nulls, NaN, either side.
TEST_F(ColumnScanQueryTest, ComparisonsCheckedOnColumnsAnswerAsRecordsDo) {
  EXPECT_NE(Plan("MATCH (p:Person) WHERE p.age < 30 RETURN p.id")
                .find("NodeScan :Person (columns age, id) (checks age < …)"),
            std::string::npos)
      << Plan("MATCH (p:Person) WHERE p.age < 30 RETURN p.id");
  EXPECT_NE(Plan("MATCH (p:Person) WHERE 30 < p.age AND p.name >= 'p2' RETURN p.id")
                .find("(checks age > …, name >= …)"),
            std::string::npos);
  for (int pass = 0; pass < 2; ++pass) {
    for (const char* where : {
             "WHERE p.age < 30",
             "WHERE 30 <= p.age AND p.age <= 40.5",
             "WHERE p.age = 31.0",
             "WHERE p.age > 68.9999",
             "WHERE p.age >= 99 OR p.id < 3",  // no conjunct to check
             "WHERE p.name >= 'p2990'",
             "WHERE p.name < 'p11' AND p.id > 0",
             "WHERE p.age <> 30 AND p.age < 22",
             "WHERE p.id >= 2990",
         }) {
      ExpectSameAsRecords(std::string("MATCH (p:Person) ") + where, "p.id AS id, p.age AS age");
    }
    for (const char* where : {
             "WHERE p.age = '30'",       // a string is no number
             "WHERE p.name > 5",         // nor a number a string
             "WHERE p.age < 0.0 / 0.0",  // NaN
         }) {
      const std::string match = std::string("MATCH (p:Person) ") + where;
      if (match.find("0.0 / 0.0") == std::string::npos) {  // a constant, but no literal
        EXPECT_NE(Plan(match + " RETURN p.id").find("(checks"), std::string::npos) << match;
      }
      EXPECT_EQ(Rows(match + " RETURN p.id"), std::vector<std::string>{}) << match;
      EXPECT_EQ(Rows(match + " WITH p, p AS whole RETURN p.id"), std::vector<std::string>{});
    }
    EXPECT_EQ(Rows("MATCH (p:Person) WHERE p.age > 98 RETURN p.id"),
              (std::vector<std::string>{"1"}));
    // After a compaction every node comes from one run's columns.
    auto w = std::move(WriterSession::Open(store_, "g")).value();
    ASSERT_TRUE(w->Compact().ok());
    Open();
  }
}

}  // namespace
}  // namespace namidb::query
