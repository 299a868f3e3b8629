// Rule filter_placement (src/query/optimizer/): each WHERE conjunct of a
// MATCH, stacked by the planner at the top of its plan, moves down to the
// lowest point where every slot it reads is bound.
#include <gtest/gtest.h>

#include "optimizer_test_support.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"

namespace namidb::query {
namespace {

using testing::PlanBuilder;
using testing::Shape;

constexpr int kOuter = 0;  // bound before the MATCH
constexpr int kA = 1;      // MATCH (a)-[r]->(b)
constexpr int kR = 2;
constexpr int kB = 3;

LogicalPtr ScanOf(LogicalPtr input, int slot) {
  LogicalPtr op = LogicalOver(LogicalKind::kNodeScan, std::move(input));
  op->node_slot = slot;
  return op;
}

LogicalPtr ExpandOf(LogicalPtr input, int from, int rel, int to) {
  LogicalPtr op = LogicalOver(LogicalKind::kExpand, std::move(input));
  op->expand.from_slot = from;
  op->expand.rel_slot = rel;
  op->expand.to_slot = to;
  return op;
}

// `predicate`, reading `reads`, stacked on `input` as the planner does.
LogicalPtr Conjunct(LogicalPtr input, const Expr* predicate, std::vector<int> reads) {
  LogicalPtr op = LogicalOver(LogicalKind::kFilter, std::move(input));
  op->predicate = predicate;
  op->placeable = true;
  op->reads = std::move(reads);
  return op;
}

// MATCH (a)-[r]->(b) WHERE size(b) AND size(a) AND size(outer) AND $p. The
// scan of a, on the rows before, is where the pattern's conditions start.
LogicalPtr Path(PlanBuilder& b) {
  LogicalPtr leaf = b.Pipeline();
  leaf->joined_to_above = true;
  LogicalPtr plan = ExpandOf(ScanOf(std::move(leaf), kA), kA, kR, kB);
  plan = Conjunct(std::move(plan), b.SizeOf(kB), {kB});
  plan = Conjunct(std::move(plan), b.SizeOf(kA), {kA});
  plan = Conjunct(std::move(plan), b.SizeOf(kOuter), {kOuter});
  plan = Conjunct(std::move(plan), b.Int(1), {});
  return plan;
}

TEST(OptimizerFilterPlacementTest, EachConjunctWhereWhatItReadsIsBound) {
  PlanBuilder b;
  LogicalPtr plan = Path(b);
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "Filter\n"                // b
            "  Expand 1->3\n"         //
            "    Filter\n"            // $p
            "      Filter\n"          // outer
            "        Filter\n"        // a
            "          NodeScan 1\n"  //
            "            Pipeline\n");
  // WHERE order where they land on one point.
  const LogicalOperator* p = plan->input->input.get();
  EXPECT_EQ(p->predicate->kind, ExprKind::kLiteral);
  EXPECT_EQ(p->input->predicate->children[0]->slot, kOuter);
  EXPECT_EQ(p->input->input->predicate->children[0]->slot, kA);
}

TEST(OptimizerFilterPlacementTest, DisabledChecksEverythingAtTheTop) {
  PlanBuilder b;
  LogicalPtr plan = Path(b);
  b.Optimize(&plan, {"filter_placement"});
  EXPECT_EQ(Shape(*plan),
            "Filter\n  Filter\n    Filter\n      Filter\n        Expand 1->3\n"
            "          NodeScan 1\n            Pipeline\n");
}

TEST(OptimizerFilterPlacementTest, OnTheRowsBeforeWhenThePatternStartsFromThem) {
  // MATCH (a)-[r]->(b) WHERE size(outer), a bound before: the Expand is the
  // first operator, and the condition is checked once per row before it.
  PlanBuilder b;
  LogicalPtr plan = ExpandOf(b.Pipeline(), kOuter, kR, kB);
  plan = Conjunct(std::move(plan), b.SizeOf(kOuter), {kOuter});
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan), "Expand 0->3\n  Filter\n    Pipeline\n");
}

TEST(OptimizerFilterPlacementTest, NotBetweenAnExpandAndTheCheckOfItsNode) {
  PlanBuilder b;  // MATCH (a)-->(b:B), b bound before... the check is part of the step
  LogicalPtr plan = ExpandOf(ScanOf(b.Pipeline(), kA), kA, kR, kB);
  plan->joined_to_above = true;
  plan = LogicalOver(LogicalKind::kNodeCheck, std::move(plan));
  plan->node_slot = kB;
  plan = Conjunct(std::move(plan), b.SizeOf(kR), {kR});
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "Filter\n  NodeCheck 3\n    Expand 1->3\n      NodeScan 1\n        Pipeline\n");
}

TEST(OptimizerFilterPlacementTest, IntoTheSideOfAJoinThatBindsWhatItReads) {
  // MATCH (a), (b) WHERE size(b) AND size(a) AND size(a) = size(b) AND size(outer):
  // b's side is planned on its own (a bare Pipeline).
  PlanBuilder b;
  LogicalPtr rows = b.Pipeline();
  rows->joined_to_above = true;
  LogicalPtr own = b.Pipeline();
  own->bare = true;
  own->joined_to_above = true;
  LogicalPtr plan =
      LogicalOver(LogicalKind::kHashJoin, ScanOf(std::move(rows), kA), ScanOf(std::move(own), kB));
  plan = Conjunct(std::move(plan), b.SizeOf(kB), {kB});
  plan = Conjunct(std::move(plan), b.SizeOf(kA), {kA});
  plan = Conjunct(std::move(plan), b.SizeOf(kA), {kA, kB});
  plan = Conjunct(std::move(plan), b.SizeOf(kOuter), {kOuter});
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "Filter\n"              // a and b: above the join
            "  CartesianProduct\n"  //
            "    Filter\n"          // outer: not on b's side, which has none of the rows before
            "      Filter\n"        // a
            "        NodeScan 1\n"  //
            "          Pipeline\n"  //
            "    Filter\n"          // b
            "      NodeScan 3\n"    //
            "        Pipeline\n");
}

TEST(OptimizerFilterPlacementTest, NeitherIntoAnOptionalNorAFilterNotOfTheMatch) {
  // MATCH (a) OPTIONAL MATCH (b) ... WHERE size(a) over the Optional, and a
  // WITH's WHERE above: neither moves.
  PlanBuilder b;
  LogicalPtr inner = ScanOf(b.Pipeline(), kB);
  LogicalPtr plan = LogicalOver(LogicalKind::kOptional, ScanOf(b.Pipeline(), kA), std::move(inner));
  plan = Conjunct(std::move(plan), b.SizeOf(kA), {kA});
  plan = LogicalOver(LogicalKind::kFilter, std::move(plan));
  plan->predicate = b.SizeOf(kA);
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "Filter\n  Filter\n    Optional\n      NodeScan 1\n        Pipeline\n"
            "      NodeScan 3\n        Pipeline\n");
}

// The rule in a whole query: with it, the condition on a is checked before
// the expansion; without it, after.
std::string Explain(const std::string& text, std::set<std::string, std::less<>> off) {
  auto query = Parse(text);
  EXPECT_TRUE(query.ok()) << query.status().ToString();
  OptimizerOptions options;
  options.disabled = std::move(off);
  auto plan = PlanQuery(*query, nullptr, {}, nullptr, nullptr, options);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  std::string out;
  if (plan.ok()) {
    for (const std::string& line : DescribePlan(*plan)) out += line + "\n";
  }
  return out;
}

TEST(OptimizerFilterPlacementTest, AQueryChecksEachConditionAsSoonAsItCan) {
  const char* text = "MATCH (a:A)-[:T]->(b) WHERE a.x = 1 AND b.y = 2 RETURN b";
  EXPECT_EQ(Explain(text, {}),
            "Project\n  Filter\n    Expand -> :T\n      Filter\n        NodeScan :A (columns x) "
            "(checks x = …)\n          Once\n");
  // Without it both conditions are checked after the expansion (in one Filter).
  EXPECT_EQ(Explain(text, {"filter_placement"}),
            "Project\n  Filter\n    Expand -> :T\n      NodeScan :A (columns x)\n        Once\n");
}

TEST(OptimizerFilterPlacementTest, ANameAComprehensionBindsIsNoRead) {
  // The x of any() is its own, not the pattern's x: the condition reads
  // only a, so it is checked before the expansion that binds x.
  EXPECT_EQ(Explain("MATCH (a:A)-[:T]->(x) WHERE any(x IN a.list WHERE x > 0) RETURN x", {}),
            "Project\n  Expand -> :T\n    Filter\n      NodeScan :A (columns list)\n"
            "        Once\n");
  // Where the pattern's x is read too, after it.
  EXPECT_EQ(Explain("MATCH (a:A)-[:T]->(x) WHERE any(y IN a.list WHERE y > x.k) RETURN x", {}),
            "Project\n  Filter\n    Expand -> :T\n      NodeScan :A (columns list)\n"
            "        Once\n");
}

}  // namespace
}  // namespace namidb::query
