// Rule index_seek (src/query/optimizer/): a NodeScan under an equality on
// an indexed property (in its pattern's map or in a Filter right above it)
// becomes a NodeIndexSeek, one under `id(n) = value` a NodeIdSeek; the
// Filter stays, and what the value cannot be computed without keeps the scan.
#include <gtest/gtest.h>

#include "optimizer_test_support.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"

namespace namidb::query {
namespace {

using testing::FilteredBy;
using testing::PlanBuilder;
using testing::ScanOf;
using testing::Shape;

constexpr int kNode = 0;   // p, the node scanned
constexpr int kOther = 1;  // a variable bound before p

const std::vector<SchemaEntry> kSchema = {{"p_id", "index", "P", "id", {}}};

// MATCH (p:P) WHERE <conjuncts>: Filters over a NodeScan over the rows so far.
LogicalPtr Scan(PlanBuilder& b, std::vector<const Expr*> conjuncts, const Expr* map = nullptr) {
  LogicalPtr plan = LogicalOver(LogicalKind::kNodeScan, b.Pipeline());
  plan->node_slot = kNode;
  plan->node_filter.labels = {"P"};
  plan->node_filter.properties = map;
  return FilteredBy(std::move(plan), conjuncts);
}

TEST(OptimizerIndexSeekTest, AnIndexedEqualityBecomesASeekAndStaysAFilter) {
  PlanBuilder b;
  const Expr* value = b.Int(7);
  LogicalPtr plan = Scan(b, {b.Equals(b.Property(kNode, "id"), value)});
  b.Optimize(&plan, {}, &kSchema);
  EXPECT_EQ(Shape(*plan), "Filter\n  NodeIndexSeek 0 :P(id)\n    Pipeline\n");
  EXPECT_EQ(ScanOf(*plan).index_seek.value, value);
}

TEST(OptimizerIndexSeekTest, DisabledScans) {
  PlanBuilder b;
  LogicalPtr plan = Scan(b, {b.Equals(b.Property(kNode, "id"), b.Int(7))});
  b.Optimize(&plan, {"index_seek"}, &kSchema);
  EXPECT_EQ(Shape(*plan), "Filter\n  NodeScan 0\n    Pipeline\n");
}

TEST(OptimizerIndexSeekTest, ThePatternsMapAndEitherSide) {
  {
    PlanBuilder b;  // (p:P {id: 7})
    LogicalPtr plan = Scan(b, {}, b.Map({{"id", b.Int(7)}}));
    b.Optimize(&plan, {}, &kSchema);
    EXPECT_EQ(Shape(*plan), "NodeIndexSeek 0 :P(id)\n  Pipeline\n");
  }
  {
    PlanBuilder b;  // WHERE k + 1 = p.id, k bound before
    const Expr* value = b.SizeOf(kOther);
    LogicalPtr plan = Scan(b, {b.Equals(value, b.Property(kNode, "id"))});
    b.Optimize(&plan, {}, &kSchema);
    EXPECT_EQ(ScanOf(*plan).kind, LogicalKind::kNodeIndexSeek);
    EXPECT_EQ(ScanOf(*plan).index_seek.value, value);
  }
}

TEST(OptimizerIndexSeekTest, IdEqualityBecomesAnIdSeek) {
  for (const char* fn : {"id", "elementId"}) {
    PlanBuilder b;
    const Expr* value = b.Int(3);
    LogicalPtr plan = Scan(b, {b.Equals(b.Call(fn, kNode), value)});
    b.Optimize(&plan, {}, &kSchema);
    EXPECT_EQ(Shape(*plan), "Filter\n  NodeIdSeek 0\n    Pipeline\n") << fn;
    EXPECT_EQ(ScanOf(*plan).id, value);
  }
}

TEST(OptimizerIndexSeekTest, AnIndexSeekComesBeforeAnIdSeekAndTheFirstConjunctWins) {
  PlanBuilder b;
  const Expr* first = b.Int(1);
  LogicalPtr plan =
      Scan(b, {b.Equals(b.Call("id", kNode), b.Int(3)), b.Equals(b.Property(kNode, "id"), first),
               b.Equals(b.Property(kNode, "id"), b.Int(2))});
  b.Optimize(&plan, {}, &kSchema);
  EXPECT_EQ(ScanOf(*plan).kind, LogicalKind::kNodeIndexSeek);
  EXPECT_EQ(ScanOf(*plan).index_seek.value, first);
}

TEST(OptimizerIndexSeekTest, WhatCannotSeekScans) {
  {
    PlanBuilder b;  // no index on the property
    LogicalPtr plan = Scan(b, {b.Equals(b.Property(kNode, "name"), b.Int(7))});
    b.Optimize(&plan, {}, &kSchema);
    EXPECT_EQ(ScanOf(*plan).kind, LogicalKind::kNodeScan);
  }
  {
    PlanBuilder b;  // a value that reads the node itself
    LogicalPtr plan = Scan(b, {b.Equals(b.Property(kNode, "id"), b.SizeOf(kNode))});
    b.Optimize(&plan, {}, &kSchema);
    EXPECT_EQ(ScanOf(*plan).kind, LogicalKind::kNodeScan);
  }
  {
    PlanBuilder b;  // a value with a sub-pipeline, whose reads are not visible
    LogicalPtr plan = Scan(b, {b.Equals(b.Property(kNode, "id"), b.PatternPredicate())});
    b.Optimize(&plan, {}, &kSchema);
    EXPECT_EQ(ScanOf(*plan).kind, LogicalKind::kNodeScan);
  }
  {
    PlanBuilder b;  // the property of another node
    LogicalPtr plan = Scan(b, {b.Equals(b.Property(kOther, "id"), b.Int(7))});
    b.Optimize(&plan, {}, &kSchema);
    EXPECT_EQ(ScanOf(*plan).kind, LogicalKind::kNodeScan);
  }
  {
    PlanBuilder b;  // no schema
    LogicalPtr plan = Scan(b, {b.Equals(b.Property(kNode, "id"), b.Int(7))});
    b.Optimize(&plan);
    EXPECT_EQ(ScanOf(*plan).kind, LogicalKind::kNodeScan);
  }
}

TEST(OptimizerIndexSeekTest, AFilterAboveAnotherOperatorDoesNotSeek) {
  // MATCH (p:P)-->(q) WHERE p.id = 7, the conjunct placed above the Expand:
  // the scan is not right under it.
  PlanBuilder b;
  LogicalPtr plan = LogicalOver(LogicalKind::kNodeScan, b.Pipeline());
  plan->node_slot = kNode;
  plan->node_filter.labels = {"P"};
  plan = LogicalOver(LogicalKind::kExpand, std::move(plan));
  plan->expand.from_slot = kNode;
  plan->expand.to_slot = 2;
  plan = LogicalOver(LogicalKind::kFilter, std::move(plan));
  plan->predicate = b.Equals(b.Property(kNode, "id"), b.Int(7));
  b.Optimize(&plan, {"filter_placement"}, &kSchema);
  EXPECT_EQ(Shape(*plan), "Filter\n  Expand 0->2\n    NodeScan 0\n      Pipeline\n");
}

// The rule in a whole query: the planner's plan seeks with the rule and
// scans without it.
std::vector<std::string> Explain(const std::string& text, std::set<std::string, std::less<>> off) {
  auto query = Parse(text);
  EXPECT_TRUE(query.ok()) << query.status().ToString();
  OptimizerOptions options;
  options.disabled = std::move(off);
  auto plan = PlanQuery(*query, nullptr, kSchema, nullptr, nullptr, options);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? DescribePlan(*plan) : std::vector<std::string>{};
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

TEST(OptimizerIndexSeekTest, QueriesSeekWithTheRuleAndScanWithout) {
  for (const char* text :
       {"MATCH (p:P {id: 7}) RETURN p.name", "MATCH (p:P) WHERE p.id = $k RETURN p.name",
        "MATCH (p:P) WHERE id(p) = $k RETURN p.name"}) {
    std::string on = Joined(Explain(text, {}));
    std::string off = Joined(Explain(text, {"index_seek"}));
    EXPECT_NE(on.find("Seek"), std::string::npos) << text << "\n" << on;
    EXPECT_EQ(on.find("NodeScan"), std::string::npos) << text << "\n" << on;
    EXPECT_EQ(off.find("Seek"), std::string::npos) << text << "\n" << off;
    EXPECT_NE(off.find("NodeScan"), std::string::npos) << text << "\n" << off;
  }
}

}  // namespace
}  // namespace namidb::query
