// CALL { } IN TRANSACTIONS: a statement committing its subquery's changes
// every n input rows, what a failed transaction does under each ON ERROR
// mode, REPORT STATUS, and the rules of where the clause may stand.
#include <gtest/gtest.h>

#include "store/fault_store.h"
#include "store/memory_store.h"
#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

class CallInTransactions : public ::testing::Test {
 protected:
  uint64_t version() { return s.writer().manifest().version; }
  Statements s;
};

TEST_F(CallInTransactions, CommitsEveryNRows) {
  ASSERT_EQ(s.Run("CREATE (:Start)"), "");
  const uint64_t before = version();
  EXPECT_EQ(s.Run("UNWIND range(1, 10) AS x CALL (x) { CREATE (:N {v: x}) } "
                  "IN TRANSACTIONS OF 3 ROWS"),
            "");
  EXPECT_EQ(s.counters().nodes_created, 10);
  // Four transactions (3, 3, 3, 1 rows), each its own manifest swap and
  // WAL segment; nothing left for the statement's own commit.
  EXPECT_EQ(version(), before + 4);
  EXPECT_EQ(s.writer().manifest().wal.size(), 5u);
  EXPECT_EQ(s.writer().staged(), 0u);
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN count(n) AS c, sum(n.v) AS t"), "c,t|10,55");
  // A thousand rows each without OF; the number may be a parameter; ROW
  // and concurrent transactions (run one after another) read the same.
  const uint64_t again = version();
  EXPECT_EQ(s.Run("UNWIND range(1, 2500) AS x CALL (x) { CREATE (:M {v: x}) } "
                  "IN TRANSACTIONS"),
            "");
  EXPECT_EQ(version(), again + 3);
  EXPECT_EQ(s.Run("UNWIND range(1, 4) AS x CALL (x) { CREATE (:P {v: x}) } "
                  "IN TRANSACTIONS OF $n ROWS",
                  ValueMap{{"n", Value::Int(1)}}),
            "");
  EXPECT_EQ(version(), again + 7);
  EXPECT_EQ(s.Run("UNWIND range(1, 4) AS x CALL (x) { CREATE (:Q {v: x}) } "
                  "IN 3 CONCURRENT TRANSACTIONS OF 2 ROWS"),
            "");
  EXPECT_EQ(version(), again + 9);
  EXPECT_EQ(s.Run("MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c ORDER BY l"),
            "l,c|'M',2500|'N',10|'P',4|'Q',4|'Start',1");
}

TEST_F(CallInTransactions, ReturnsTheSubquerysRows) {
  EXPECT_EQ(s.Run("UNWIND [1, 2, 3] AS x CALL (x) { CREATE (n:N {v: x}) RETURN n.v * 10 AS y } "
                  "IN TRANSACTIONS OF 2 ROWS RETURN x, y ORDER BY x"),
            "x,y|1,10|2,20|3,30");
  // The old importing WITH too, and a query after it that reads what the
  // transactions committed.
  EXPECT_EQ(s.Run("UNWIND [4, 5] AS x CALL { WITH x CREATE (:N {v: x}) } IN TRANSACTIONS "
                  "OF 1 ROW WITH count(*) AS rows MATCH (n:N) RETURN rows, count(n) AS nodes"),
            "rows,nodes|2,5");
}

TEST_F(CallInTransactions, AFailureFailsTheStatementKeepingWhatWasCommitted) {
  EXPECT_EQ(s.Run("UNWIND [1, 2, 0, 4] AS x CALL (x) { CREATE (:N {v: 1 / x}) } "
                  "IN TRANSACTIONS OF 1 ROW"),
            "ArithmeticError.DivisionByZero@runtime");
  EXPECT_EQ(s.writer().staged(), 0u);
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN n.v AS v ORDER BY v"), "v|0|1");
  // ON ERROR FAIL says the same.
  EXPECT_EQ(s.Run("UNWIND [0] AS x CALL (x) { CREATE (:N {v: 1 / x}) } "
                  "IN TRANSACTIONS ON ERROR FAIL"),
            "ArithmeticError.DivisionByZero@runtime");
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN count(n) AS c"), "c|2");
}

TEST_F(CallInTransactions, OnErrorContinueRollsBackTheFailedOneAndGoesOn) {
  EXPECT_EQ(s.Run("UNWIND [1, 0, 2, 3] AS x CALL (x) { CREATE (n:N {v: 10 / x}) RETURN n.v AS y } "
                  "IN TRANSACTIONS OF 2 ROWS ON ERROR CONTINUE REPORT STATUS AS s "
                  "RETURN x, y, s.started AS started, s.committed AS committed, "
                  "s.transactionId AS id, s.errorMessage IS NULL AS ok"),
            "x,y,started,committed,id,ok|1,null,true,false,'1',false|0,null,true,false,'1',false|"
            "2,5,true,true,'2',true|3,3,true,true,'2',true");
  // Only the committed transaction counts, and only its nodes are there:
  // the first transaction's node of x = 1 went with it.
  EXPECT_EQ(s.counters().nodes_created, 2);
  EXPECT_EQ(s.counters().properties_set, 2);
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN n.v AS v ORDER BY v"), "v|3|5");
}

TEST_F(CallInTransactions, OnErrorBreakRunsNoneAfterTheFailedOne) {
  EXPECT_EQ(s.Run("UNWIND [1, 0, 2, 3] AS x CALL (x) { CREATE (:N {v: 1 / x}) } "
                  "IN TRANSACTIONS OF 1 ROW ON ERROR BREAK REPORT STATUS AS s "
                  "RETURN x, s.started AS started, s.committed AS committed, "
                  "s.transactionId AS id, s.errorMessage AS error"),
            "x,started,committed,id,error|1,true,true,'1',null|"
            "0,true,false,'2','ArithmeticError (DivisionByZero): integer division by "
            "zero'|2,false,false,null,null|3,false,false,null,null");
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN count(n) AS c"), "c|1");
  // Without REPORT STATUS the rows are there all the same.
  EXPECT_EQ(s.Run("UNWIND [0, 1] AS x CALL (x) { CREATE (:N {v: 1 / x}) } "
                  "IN TRANSACTIONS OF 1 ROW ON ERROR BREAK RETURN count(*) AS rows"),
            "rows|2");
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN count(n) AS c"), "c|1");
}

TEST_F(CallInTransactions, ARolledBackDeleteLeavesItsElementsReadable) {
  ASSERT_EQ(s.Run("CREATE (:D {v: 1})-[:R]->(:D {v: 2})"), "");
  // Each transaction deletes its node, then fails: the node is back, and
  // the rest of the statement reads it as any other.
  EXPECT_EQ(s.Run("MATCH (d:D) CALL (d) { DETACH DELETE d WITH 0 AS zero RETURN 1 / zero AS boom } "
                  "IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE RETURN d.v AS v, boom ORDER BY v"),
            "v,boom|1,null|2,null");
  EXPECT_EQ(s.Run("MATCH (:D)-[r:R]->(:D) RETURN count(r) AS c"), "c|1");
  // Committed, a delete is one.
  EXPECT_EQ(s.Run("MATCH (d:D) CALL (d) { DETACH DELETE d } IN TRANSACTIONS OF 1 ROW"), "");
  EXPECT_EQ(s.counters().nodes_deleted, 2);
  EXPECT_EQ(s.counters().relationships_deleted, 1);
  EXPECT_EQ(s.Run("MATCH (d:D) RETURN count(d) AS c"), "c|0");
}

TEST_F(CallInTransactions, WhereTheClauseMayStand) {
  for (const char* text : {
           // Nested in a subquery or FOREACH.
           "CALL { CALL { CREATE (:N) } IN TRANSACTIONS }",
           "UNWIND [1] AS x CALL (x) { UNWIND [x] AS y CALL (y) { CREATE (:N) } IN TRANSACTIONS "
           "RETURN y } RETURN y",
           // Part of a union.
           "CALL { CREATE (:N) } IN TRANSACTIONS RETURN 1 AS a UNION RETURN 2 AS a",
           // A status only where the statement goes on after a failure.
           "UNWIND [1] AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS REPORT STATUS AS s RETURN s",
       }) {
    EXPECT_EQ(s.Run(text), "SyntaxError.InvalidClauseComposition@compile") << text;
  }
  // Changes outside it would go into its first transaction.
  EXPECT_EQ(s.Run("CREATE (:M) WITH 1 AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS"),
            "SyntaxError.UnsupportedFeature@compile");
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS CREATE (:M)"),
            "SyntaxError.UnsupportedFeature@compile");
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS ON ERROR RETRY"),
            "SyntaxError.UnsupportedFeature@compile");
  // The number of rows is read once, from no row.
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS OF x ROWS"),
            "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("UNWIND [1] AS s CALL (s) { CREATE (:N) } IN TRANSACTIONS ON ERROR CONTINUE "
                  "REPORT STATUS AS s RETURN s"),
            "SyntaxError.VariableAlreadyBound@compile");
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS OF 2 SECONDS"),
            "SyntaxError.UnexpectedSyntax@compile");
  for (const char* rows : {"0", "-1", "1.5", "'2'"}) {
    EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS OF " +
                    std::string(rows) + " ROWS"),
              "ArgumentError.InvalidArgumentValue@runtime")
        << rows;
  }
  EXPECT_EQ(s.Run("MATCH (n) RETURN count(n) AS c"), "c|0");
  // A subquery that only reads may run so in a read, committing nothing.
  EXPECT_EQ(s.Run("UNWIND [1, 2, 3] AS x CALL (x) { RETURN x * 2 AS y } IN TRANSACTIONS OF 2 ROWS "
                  "RETURN sum(y) AS t"),
            "t|12");
}

// A statement planned once runs again from its first transaction, its
// number of rows read again from the new parameters.
TEST(CallInTransactionsPlanned, RunsAgainFromTheStart) {
  Statements s;
  auto planned = PlanStatement(
      "UNWIND range(1, $n) AS x CALL (x) { CREATE (:N {v: x}) } IN TRANSACTIONS OF $rows ROWS "
      "ON ERROR CONTINUE REPORT STATUS AS s RETURN count(*) AS rows, "
      "count(DISTINCT s.transactionId) AS transactions",
      /*write=*/true, s.writer().view(), nullptr);
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  const uint64_t before = s.writer().manifest().version;
  for (int64_t rows : {2, 3}) {
    auto r = RunPlannedWrite(**planned, s.writer(),
                             ValueMap{{"n", Value::Int(6)}, {"rows", Value::Int(rows)}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->result.rows[0][0], Value::Int(6));
    EXPECT_EQ(r->result.rows[0][1], Value::Int(6 / rows));
    EXPECT_EQ(r->counters.nodes_created, 6);
  }
  EXPECT_EQ(s.writer().manifest().version, before + 3 + 2);
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN count(n) AS c"), "c|12");
}

// The runs of the namespace's data files (each flush makes one).
size_t Runs(const WriterSession& writer) {
  size_t nodes_tables = 0;
  for (const TableRef& t : writer.manifest().tables) nodes_tables += t.kind == "nodes";
  return nodes_tables;
}

// When nothing before or after the CALL reads the graph, the flush the
// commits call for runs between two transactions, and what follows reads
// the new tables: the writer's memtable stays within its bounds however
// long the load.
TEST(CallInTransactionsFlush, FlushesBetweenTransactions) {
  WriterOptions options;
  options.flush_after_wal_segments = 2;
  options.compact_after_runs = 0;  // every run stays, to be counted
  Statements s(std::make_shared<MemoryStore>(), options);
  ASSERT_EQ(s.Run("CREATE (:N {v: 0})"), "");
  // Each transaction reads what the ones before wrote, flushed or not.
  EXPECT_EQ(s.Run("UNWIND range(1, 6) AS x CALL (x) { MATCH (p:N {v: x - 1}) "
                  "CREATE (p)<-[:AFTER]-(:N {v: x}) } IN TRANSACTIONS OF 1 ROW "
                  "RETURN count(*) AS rows"),
            "rows|6");
  // Seven commits, two per flush.
  EXPECT_EQ(Runs(s.writer()), 3u);
  EXPECT_EQ(s.writer().manifest().wal.size(), 1u);
  EXPECT_EQ(s.Run("MATCH path = (:N {v: 6})-[:AFTER*]->(:N {v: 0}) RETURN length(path) AS l"),
            "l|6");
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN count(n) AS c, sum(n.v) AS t"), "c,t|7,21");
}

// The flush the commits call for waits for the statement's end when a
// clause after the CALL reads the graph: its plan may be in the middle of
// reading the view's tables.
TEST(CallInTransactionsFlush, FlushesWhenTheStatementEnds) {
  WriterOptions options;
  options.flush_after_wal_segments = 2;
  options.compact_after_runs = 0;
  Statements s(std::make_shared<MemoryStore>(), options);
  EXPECT_EQ(s.Run("UNWIND range(1, 6) AS x CALL (x) { CREATE (:N {v: x}) } "
                  "IN TRANSACTIONS OF 1 ROW WITH count(*) AS rows "
                  "MATCH (n:N) RETURN rows, count(n) AS nodes"),
            "rows,nodes|6,6");
  EXPECT_TRUE(s.writer().manifest().wal.empty());
  EXPECT_EQ(Runs(s.writer()), 1u);
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN sum(n.v) AS t"), "t|21");
}

// A store failing in the middle ends the statement under any ON ERROR; the
// transactions before stay committed, for a new session to read.
TEST(CallInTransactionsStore, AStoreFailureEndsTheStatementKeepingEarlierCommits) {
  auto memory = std::make_shared<MemoryStore>();
  auto faults = std::make_shared<FaultStore>(memory);
  Statements s(faults);
  ASSERT_EQ(s.Run("CREATE (:Start)"), "");
  const uint64_t at = faults->operation_count();
  ASSERT_EQ(s.Run("CREATE (:Start)"), "");
  const uint64_t per_commit = faults->operation_count() - at;
  // The second transaction's commit fails at its first call.
  faults->FailAt(faults->operation_count() + per_commit, FaultStore::When::kBefore);
  const std::string outcome = s.Run(
      "UNWIND range(1, 3) AS x CALL (x) { CREATE (:N {v: x}) } "
      "IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE");
  EXPECT_EQ(outcome.rfind("status: IoError: injected fault before put", 0), 0u) << outcome;
  faults->Reset();
  Statements reopened(memory);
  EXPECT_EQ(reopened.Run("MATCH (n:N) RETURN collect(n.v) AS vs"), "vs|[1]");
}

}  // namespace
}  // namespace namidb::query

namespace namidb::query {
namespace {

// Its input read a transaction's rows at a time when nothing before the
// CALL reads the graph, so a statement's memory holds one transaction's
// rows and changes, not the whole input: here 50,000 rows in 1 MiB.
TEST(CallInTransactionsMemory, StreamsAnInputThatReadsNoGraph) {
  auto store = std::make_shared<MemoryStore>();
  auto writer = std::move(WriterSession::Open(store, "rules")).value();
  QueryLimits limits;
  limits.max_memory_bytes = 1 << 20;
  const char* load =
      "UNWIND range(0, 249) AS a UNWIND range(1, 200) AS b WITH a * 200 + b AS x "
      "CALL (x) { CREATE (:N {v: x}) } IN TRANSACTIONS OF 500 ROWS";
  auto r = RunWrite(*writer, load, {}, limits);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->counters.nodes_created, 50000);
  // Read in one go first (a MATCH before it), the same input is too much.
  const char* drained = "MATCH (n:N) CALL (n) { SET n.w = n.v } IN TRANSACTIONS OF 500 ROWS";
  auto d = RunWrite(*writer, drained, {}, limits);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kResourceExhausted) << d.status().ToString();
  auto count = RunWrite(*writer, "MATCH (n:N) WHERE n.w IS NULL RETURN count(n) AS c", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->result.rows[0][0].ToString(), "50000");
}

}  // namespace
}  // namespace namidb::query
