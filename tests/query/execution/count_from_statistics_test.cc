// Counts the statistics answer (CountFromStatistics): a count of every node,
// of a label, of every relationship or of a type, one way, with nothing
// else of the pattern read, is the manifest's number, not a scan. Each
// answer is checked against the same count made by a scan, over a graph
// with deletions, a flush and commits after it; patterns the statistics
// do not count keep their scans.
#include <gtest/gtest.h>

#include "query/query_runner.h"
#include "store/memory_store.h"

namespace namidb::query {
namespace {

class CountFromStatisticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "c")).value();
    for (int round = 0; round < 3; ++round) {
      Write("UNWIND range(1, 120) AS i CREATE (:A {v: i % 7}), (:B), (:A:B {v: i})");
      Write("MATCH (a:A), (b:B) WHERE rand() < 0.01 CREATE (a)-[:KNOWS]->(b)");
      Write("MATCH (a:B), (b:A) WHERE rand() < 0.005 CREATE (a)-[:LIKES]->(b), (b)-[:LIKES]->(b)");
      Write("MATCH (n:A) WHERE n.v = " + std::to_string(round) + " DETACH DELETE n");
      if (round == 1) {
        ASSERT_TRUE(writer_->Flush().ok());
      }
    }
  }

  void Write(const std::string& text) {
    auto r = RunWrite(*writer_, text, {});
    ASSERT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  }

  std::unique_ptr<GraphReader> Reader() {
    auto reader =
        GraphReader::Open(store_, *NamespaceLayout::Make("", "c"), std::make_shared<BlockCache>());
    EXPECT_TRUE(reader.ok());
    return std::move(reader).value();
  }

  static std::string Answer(GraphReader& graph, const std::string& text) {
    auto r = RunQuery(graph, text, {});
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    if (!r.ok()) return "";
    std::string out;
    for (const auto& row : r->rows) {
      for (const auto& v : row) out += v.ToString() + " ";
    }
    return out;
  }

  static bool UsesStatistics(GraphReader& graph, const std::string& text) {
    auto plan = Answer(graph, "EXPLAIN " + text);
    return plan.find("CountFromStatistics") != std::string::npos;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
};

// The same count through a WITH, which the statistics cannot answer.
std::string Scanned(const std::string& match, const std::string& var) {
  return match + " WITH " + var + " RETURN count(" + var + ")";
}

TEST_F(CountFromStatisticsTest, CountsOfLabelsAndTypesAreTheStatistics) {
  struct Case {
    std::string query, scanned;
  };
  const Case cases[] = {
      {"MATCH (n) RETURN count(n)", Scanned("MATCH (n)", "n")},
      {"MATCH (n) RETURN count(*)", Scanned("MATCH (n)", "n")},
      {"MATCH (n:A) RETURN count(*) AS c", Scanned("MATCH (n:A)", "n")},
      {"MATCH (n:B) RETURN count(n)", Scanned("MATCH (n:B)", "n")},
      {"MATCH (n:Missing) RETURN count(n)", Scanned("MATCH (n:Missing)", "n")},
      {"MATCH ()-[r]->() RETURN count(r)", Scanned("MATCH ()-[r]->()", "r")},
      {"MATCH ()-[r:KNOWS]->() RETURN count(*)", Scanned("MATCH ()-[r:KNOWS]->()", "r")},
      {"MATCH (a)<-[r:LIKES]-(b) RETURN count(b)", Scanned("MATCH (a)<-[r:LIKES]-(b)", "r")},
      {"MATCH ()-[r:NONE]->() RETURN count(r)", Scanned("MATCH ()-[r:NONE]->()", "r")},
  };
  auto reader = Reader();
  for (GraphReader* graph : {reader.get(), &writer_->view()}) {
    for (const Case& c : cases) {
      EXPECT_TRUE(UsesStatistics(*graph, c.query)) << c.query;
      EXPECT_FALSE(UsesStatistics(*graph, c.scanned)) << c.scanned;
      EXPECT_EQ(Answer(*graph, c.query), Answer(*graph, c.scanned)) << c.query;
    }
  }
  EXPECT_NE(Answer(*reader, "MATCH (n:A) RETURN count(n)"), "0 ");
  EXPECT_NE(Answer(*reader, "MATCH ()-[r:LIKES]->() RETURN count(r)"), "0 ");
  EXPECT_EQ(Answer(*reader, "MATCH (n:Missing) RETURN count(n)"), "0 ");
  // Expressions over the counts, and WITH.
  EXPECT_EQ(Answer(*reader, "MATCH (n:A) RETURN count(n) * 2 - count(*) AS same"),
            Answer(*reader, "MATCH (n:A) RETURN count(n)"));
  EXPECT_TRUE(UsesStatistics(*reader, "MATCH (n:A) WITH count(n) AS c RETURN c + 1"));
}

TEST_F(CountFromStatisticsTest, OtherPatternsKeepTheirScans) {
  auto reader = Reader();
  const std::string kept[] = {
      "MATCH (n:A:B) RETURN count(n)",                 // two labels
      "MATCH (n:A {v: 3}) RETURN count(n)",            // a property
      "MATCH (n:A) WHERE n.v > 3 RETURN count(n)",     // a predicate
      "MATCH (n:A) RETURN n.v, count(*)",              // grouped
      "MATCH (n) RETURN count(DISTINCT n)",            // distinct
      "MATCH (n:A) RETURN count(n.v)",                 // counts a property's non-nulls
      "MATCH ()-[r]-() RETURN count(r)",               // both ways
      "MATCH ()-[r:KNOWS|LIKES]->() RETURN count(r)",  // two types
      "MATCH (a:A)-[r]->() RETURN count(r)",           // from a label
      "MATCH ()-[r]->(b:B) RETURN count(r)",           // to a label
      "MATCH ()-[r]->()-[s]->() RETURN count(s)",      // two steps
      "OPTIONAL MATCH (n:A) RETURN count(n)",          // optional
      "MATCH (n:A) MATCH (m:B) RETURN count(*)",       // a product
  };
  for (const std::string& q : kept) {
    EXPECT_FALSE(UsesStatistics(*reader, q)) << q;
    auto r = RunQuery(*reader, q, {});
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  }
  EXPECT_EQ(Answer(*reader, "MATCH (n:A:B) RETURN count(n)"),
            Answer(*reader, "MATCH (n:A:B) WITH n RETURN count(n)"));
}

TEST_F(CountFromStatisticsTest, AWriteStatementCountsWhatItStagedBefore) {
  // Counted after the CREATE of the same statement: a MATCH that follows
  // another clause is planned as a scan, and reads the staged node.
  auto r = RunWrite(*writer_, "CREATE (:Fresh) WITH 1 AS one MATCH (n:Fresh) RETURN count(n)", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->result.rows.size(), 1u);
  EXPECT_EQ(r->result.rows[0][0].ToString(), "1");
  auto again = RunWrite(*writer_, "MATCH (n:Fresh) RETURN count(n)", {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->result.rows[0][0].ToString(), "1");
  EXPECT_EQ(Answer(*Reader(), "MATCH (n:Fresh) RETURN count(n)"), "1 ");
}

}  // namespace
}  // namespace namidb::query
