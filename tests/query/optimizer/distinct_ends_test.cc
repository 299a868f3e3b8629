// Rule distinct_ends (src/query/optimizer/): on a MATCH whose row copies do
// not matter, a VarLengthExpand that is its only relationship and whose
// relationships nothing reads hands out each end node once per source row.
#include <gtest/gtest.h>

#include "optimizer_test_support.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"
#include "query/query_runner.h"
#include "store/memory_store.h"

namespace namidb::query {
namespace {

using testing::PlanBuilder;
using testing::Shape;

constexpr int kFrom = 0;  // a
constexpr int kTo = 1;    // b

// MATCH (a)-[*]->(b): a VarLengthExpand over a NodeScan over the rows so far.
LogicalPtr VarLength(PlanBuilder& b, bool copies_do_not_matter = true) {
  LogicalPtr plan = LogicalOver(LogicalKind::kNodeScan, b.Pipeline());
  plan->node_slot = kFrom;
  plan = LogicalOver(LogicalKind::kVarLengthExpand, std::move(plan));
  plan->var_length.step.from_slot = kFrom;
  plan->var_length.step.to_slot = kTo;
  plan->var_length.step.rel_slot = 2;
  plan->var_length.step.load_rel = false;  // no variable: nothing reads the relationships
  plan->var_length.nodes_slot = 3;
  plan->copies_do_not_matter = copies_do_not_matter;
  return plan;
}

const LogicalOperator& VarLengthOf(const LogicalOperator& root) {
  const LogicalOperator* op = &root;
  while (op->kind != LogicalKind::kVarLengthExpand) op = op->input.get();
  return *op;
}

TEST(OptimizerDistinctEndsTest, AVariableLengthRelationshipAloneHandsOutDistinctEnds) {
  PlanBuilder b;
  LogicalPtr plan = VarLength(b);
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan), "VarLengthExpand 0->1 (distinct ends)\n  NodeScan 0\n    Pipeline\n");
  EXPECT_TRUE(plan->var_length.distinct_ends);
}

TEST(OptimizerDistinctEndsTest, DisabledHandsOutEveryPath) {
  PlanBuilder b;
  LogicalPtr plan = VarLength(b);
  b.Optimize(&plan, {"distinct_ends"});
  EXPECT_EQ(Shape(*plan), "VarLengthExpand 0->1\n  NodeScan 0\n    Pipeline\n");
}

TEST(OptimizerDistinctEndsTest, WhereRowCopiesMatterEveryPathIsARow) {
  PlanBuilder b;
  LogicalPtr plan = VarLength(b, /*copies_do_not_matter=*/false);
  b.Optimize(&plan);
  EXPECT_FALSE(plan->var_length.distinct_ends);
}

TEST(OptimizerDistinctEndsTest, FiltersAboveDoNotStopIt) {
  PlanBuilder b;
  LogicalPtr plan = VarLength(b, false);
  plan = LogicalOver(LogicalKind::kFilter, std::move(plan));
  plan->predicate = b.Equals(b.Property(kTo, "x"), b.Int(1));
  plan->placeable = true;
  plan->reads = {kTo};
  plan->copies_do_not_matter = true;
  b.Optimize(&plan);
  EXPECT_TRUE(VarLengthOf(*plan).var_length.distinct_ends) << Shape(*plan);
}

TEST(OptimizerDistinctEndsTest, WhatNeedsTheRelationshipsKeepsEveryPath) {
  for (int c = 0; c < 3; ++c) {
    PlanBuilder b;
    LogicalPtr plan = VarLength(b);
    ExpandSpec& step = plan->var_length.step;
    if (c == 0) step.load_rel = true;      // a variable, a named path, a property map
    if (c == 1) step.to_bound = true;      // the end bound before
    if (c == 2) step.distinct_from = {7};  // distinct from another relationship
    b.Optimize(&plan);
    EXPECT_FALSE(plan->var_length.distinct_ends) << c;
  }
}

TEST(OptimizerDistinctEndsTest, NotWithAnotherRelationshipAJoinOrAnOptional) {
  {
    PlanBuilder b;  // (a)-[*]->(b)-->(c)
    LogicalPtr plan = LogicalOver(LogicalKind::kExpand, VarLength(b, false));
    plan->expand.from_slot = kTo;
    plan->expand.to_slot = 5;
    plan->copies_do_not_matter = true;
    b.Optimize(&plan);
    EXPECT_FALSE(VarLengthOf(*plan).var_length.distinct_ends) << Shape(*plan);
  }
  {
    PlanBuilder b;  // (a)-[*]->(b), (c)
    LogicalPtr own = LogicalOver(LogicalKind::kNodeScan, b.Pipeline());
    own->node_slot = 5;
    LogicalPtr plan = LogicalOver(LogicalKind::kHashJoin, VarLength(b, false), std::move(own));
    plan->copies_do_not_matter = true;
    b.Optimize(&plan);
    EXPECT_FALSE(VarLengthOf(*plan).var_length.distinct_ends) << Shape(*plan);
  }
  {
    PlanBuilder b;  // OPTIONAL MATCH (a)-[*]->(b)
    LogicalPtr plan = LogicalOver(LogicalKind::kOptional, b.Pipeline(), VarLength(b, false));
    plan->copies_do_not_matter = true;
    b.Optimize(&plan);
    EXPECT_FALSE(VarLengthOf(*plan->right).var_length.distinct_ends) << Shape(*plan);
  }
}

// The rule in whole queries over a graph where several paths reach the same
// nodes: the same answers with it and without, and the plan's expansion
// hands out distinct ends only with it.
class DistinctEndsQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "d")).value();
    // A ladder: from s, 2^k paths of k hops reach each rung.
    auto r = RunWrite(*writer_,
                      "CREATE (s:P {name: 's'}), (a:P {name: 'a'}), (b:P {name: 'b'}), "
                      "(c:P {name: 'c'}), (d:P {name: 'd'}), (e:P {name: 'e'}), "
                      "(s)-[:T]->(a), (s)-[:T]->(b), (a)-[:T]->(c), (b)-[:T]->(c), "
                      "(a)-[:T]->(d), (b)-[:T]->(d), (c)-[:T]->(e), (d)-[:T]->(e)",
                      {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    reader_ = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "d"),
                                          std::make_shared<BlockCache>()))
                  .value();
  }

  std::string Run(const std::string& text, std::set<std::string, std::less<>> off) {
    return testing::RunWithout(*reader_, text, std::move(off));
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
  std::unique_ptr<GraphReader> reader_;
};

TEST_F(DistinctEndsQueryTest, SameAnswersWithAndWithoutTheRule) {
  for (const char* text :
       {"MATCH (s:P {name: 's'})-[:T*]->(x) RETURN DISTINCT x.name ORDER BY x.name",
        "MATCH (s:P {name: 's'})-[:T*2..3]->(x) RETURN count(DISTINCT x)",
        "MATCH (s:P)-[:T*]->(x) WITH DISTINCT s, x RETURN s.name, count(*) ORDER BY s.name"}) {
    std::string on = Run(std::string("EXPLAIN ") + text, {});
    std::string off = Run(std::string("EXPLAIN ") + text, {"distinct_ends"});
    EXPECT_NE(on.find("distinct ends"), std::string::npos) << text << "\n" << on;
    EXPECT_EQ(off.find("distinct ends"), std::string::npos) << text << "\n" << off;
    EXPECT_EQ(Run(text, {}), Run(text, {"distinct_ends"})) << text;
  }
  EXPECT_EQ(Run("MATCH (s:P {name: 's'})-[:T*]->(x) RETURN DISTINCT x.name ORDER BY x.name", {}),
            "'a' \n'b' \n'c' \n'd' \n'e' \n");
}

TEST_F(DistinctEndsQueryTest, APatternComprehensionInTheWhereCountsEveryPath) {
  // The MATCH's rows may come in copies, not the comprehension's: 4 paths
  // of 2 hops from s (only 2 distinct ends).
  const std::string text =
      "MATCH (s:P)-[:T]->(a) WHERE size([(s)-[:T*2]->(x) | x]) = 4 RETURN DISTINCT s.name";
  EXPECT_EQ(Run(text, {}), "'s' \n");
  EXPECT_EQ(Run("EXPLAIN " + text, {}).find("distinct ends"), std::string::npos)
      << Run("EXPLAIN " + text, {});
}

}  // namespace
}  // namespace namidb::query
