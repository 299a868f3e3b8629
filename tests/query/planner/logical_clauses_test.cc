// The clauses other than MATCH and the projections as logical operators
// (optimizer/logical_plan.h): the logical plans the planner builds for a
// statement, as the optimizer left them, one plan after another.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/execution/update_context.h"
#include "query/optimizer/optimizer.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"

namespace namidb::query {
namespace {

// The logical plans of `text`, each plan's lines then an empty line; with
// `write`, planned as a statement that may change the graph.
std::string LogicalPlans(const std::string& text, bool write = false) {
  auto query = Parse(text);
  EXPECT_TRUE(query.ok()) << query.status().ToString();
  if (!query.ok()) return "";
  std::vector<std::string> described;
  OptimizerOptions options;
  options.described = &described;
  UpdateContext update;
  auto plan = PlanQuery(*query, write ? &update : nullptr, {}, nullptr, nullptr, options);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  std::string out;
  for (const std::string& line : described) out += line + "\n";
  return out;
}

// The operator tree EXPLAIN shows.
std::string Explain(const std::string& text, bool write = false) {
  auto query = Parse(text);
  EXPECT_TRUE(query.ok()) << query.status().ToString();
  if (!query.ok()) return "";
  UpdateContext update;
  auto plan = PlanQuery(*query, write ? &update : nullptr);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  std::string out;
  if (plan.ok()) {
    for (const std::string& line : DescribePlan(*plan)) out += line + "\n";
  }
  return out;
}

TEST(PlannerLogicalClausesTest, UnwindIsALogicalOperator) {
  EXPECT_EQ(LogicalPlans("UNWIND [1, 2] AS x RETURN x"),
            "Unwind into 0\n  Pipeline\n\n"
            "Project 1\n  Pipeline\n\n");
  EXPECT_EQ(Explain("UNWIND [1, 2] AS x RETURN x"), "Project\n  Unwind\n    Once\n");
}

TEST(PlannerLogicalClausesTest, LoadCsvIsALogicalOperator) {
  EXPECT_EQ(LogicalPlans("LOAD CSV WITH HEADERS FROM 'file:///a.csv' AS row RETURN row.x AS x"),
            "LoadCsv (with headers) into 0\n  Pipeline\n\n"
            "Project 3\n  Pipeline\n\n");
  EXPECT_EQ(LogicalPlans("LOAD CSV FROM 'file:///a.csv' AS row RETURN row"),
            "LoadCsv into 0\n  Pipeline\n\n"
            "Project 3\n  Pipeline\n\n");
}

TEST(PlannerLogicalClausesTest, ProcedureCallIsALogicalOperatorWithItsWhere) {
  EXPECT_EQ(LogicalPlans("CALL db.labels() YIELD label WHERE label <> 'A' RETURN label"),
            "Filter\n  ProcedureCall db.labels into 0\n    Pipeline\n\n"
            "Project 1\n  Pipeline\n\n");
  EXPECT_EQ(Explain("CALL db.labels() YIELD label WHERE label <> 'A' RETURN label"),
            "Project\n  Filter\n    ProcedureCall(db.labels)\n      Once\n");
  // Standalone: every output, no projection after it.
  EXPECT_EQ(LogicalPlans("CALL db.labels()"), "ProcedureCall db.labels into 0\n  Pipeline\n\n");
}

TEST(PlannerLogicalClausesTest, CreateIsALogicalOperatorWithItsNamedPath) {
  EXPECT_EQ(LogicalPlans("CREATE p = (a:A)-[r:T]->(b:B)", /*write=*/true),
            "Project 3\n  Create 0,1,2\n    Pipeline\n\n");
  EXPECT_EQ(Explain("CREATE p = (a:A)-[r:T]->(b:B)", /*write=*/true),
            "Project\n  Create\n    Once\n");
}

TEST(PlannerLogicalClausesTest, UpdatesAreLogicalOperators) {
  EXPECT_EQ(LogicalPlans("MATCH (n) SET n.x = 1 REMOVE n:A DETACH DELETE n", /*write=*/true),
            "NodeScan 0\n  Pipeline\n\n"
            "Set\n  Pipeline\n\n"
            "Remove\n  Pipeline\n\n"
            "DetachDelete\n  Pipeline\n\n");
  EXPECT_EQ(Explain("MATCH (n) SET n.x = 1 REMOVE n:A DETACH DELETE n", /*write=*/true),
            "DetachDelete\n  Remove\n    Set\n      NodeScan (all nodes)\n        Once\n");
}

TEST(PlannerLogicalClausesTest, MergeIsALogicalOperatorOverItsMatchSubplan) {
  // The match side is a logical plan of its own (from an Argument), then
  // the Merge over the rows so far.
  EXPECT_EQ(LogicalPlans("MERGE (a:A {k: 1})", /*write=*/true),
            "NodeScan 0\n  Pipeline\n\n"
            "Merge (match: subplan 0)\n  Pipeline\n\n");
}

TEST(PlannerLogicalClausesTest, ForeachAndCallSubqueryAreLogicalOperators) {
  EXPECT_EQ(LogicalPlans("FOREACH (x IN [1, 2] | CREATE (:A {x: x}))", /*write=*/true),
            "Create 1\n  Pipeline\n\n"
            "Foreach 0 (subplan 0)\n  Pipeline\n\n");
  EXPECT_EQ(LogicalPlans("UNWIND [1, 2] AS x CALL { WITH x RETURN x + 1 AS y } RETURN y"),
            "Unwind into 0\n  Pipeline\n\n"
            "Retain 1\n  Project 1\n    Pipeline\n\n"
            "Project 2\n  Pipeline\n\n"
            "CallSubquery into 3\n  Pipeline\n\n"
            "Project 4\n  Pipeline\n\n");
}

}  // namespace
}  // namespace namidb::query
