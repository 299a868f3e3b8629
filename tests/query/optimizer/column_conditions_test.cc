// Rule column_conditions (src/query/optimizer/): a NodeScan reading columns
// takes the comparisons of those columns with a constant from the Filters
// right above it, either side, each conjunct; the Filters stay.
#include <gtest/gtest.h>

#include "optimizer_test_support.h"

namespace namidb::query {
namespace {

using testing::FilteredBy;
using testing::PlanBuilder;
using testing::ScanOf;
using testing::Shape;

constexpr int kNode = 0;   // p, the node scanned
constexpr int kOther = 1;  // a variable bound before p

// MATCH (p:P) WHERE <conjuncts>, p read as the columns a and b.
LogicalPtr Scan(PlanBuilder& b, std::vector<const Expr*> conjuncts) {
  LogicalPtr plan = LogicalOver(LogicalKind::kNodeScan, b.Pipeline());
  plan->node_slot = kNode;
  plan->node_filter.labels = {"P"};
  plan->columns = {"a", "b"};
  return FilteredBy(std::move(plan), conjuncts);
}

TEST(OptimizerColumnConditionsTest, ComparisonsWithConstantsOfColumns) {
  PlanBuilder b;
  const Expr* seven = b.Int(7);
  const Expr* three = b.Int(3);
  LogicalPtr plan = Scan(
      b, {b.Binary(BinaryOp::kLess, b.Property(kNode, "a"), seven),
          b.Binary(BinaryOp::kAnd, b.Binary(BinaryOp::kGreaterEqual, three, b.Property(kNode, "b")),
                   b.Equals(b.Property(kNode, "c"), b.Int(1))),  // c: not a column
          b.Binary(BinaryOp::kLess, b.Property(kNode, "a"), b.Property(kOther, "x")),
          b.Binary(BinaryOp::kNotEqual, b.Property(kNode, "a"), b.Int(2))});
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "Filter\n  Filter\n    Filter\n      Filter\n        NodeScan 0\n"
            "          Pipeline\n");
  const auto& conditions = ScanOf(*plan).column_conditions;
  ASSERT_EQ(conditions.size(), 2u);
  EXPECT_EQ(conditions[0].property, "a");
  EXPECT_EQ(conditions[0].op, ColumnCompare::kLt);
  EXPECT_EQ(conditions[0].value, seven);
  EXPECT_EQ(conditions[1].property, "b");
  EXPECT_EQ(conditions[1].op, ColumnCompare::kLe);  // 3 >= p.b: p.b <= 3
  EXPECT_EQ(conditions[1].value, three);
}

TEST(OptimizerColumnConditionsTest, NoColumnsOrDisabledNoConditions) {
  {
    PlanBuilder b;
    LogicalPtr plan = Scan(b, {b.Binary(BinaryOp::kLess, b.Property(kNode, "a"), b.Int(7))});
    b.Optimize(&plan, {"column_conditions"});
    EXPECT_TRUE(ScanOf(*plan).column_conditions.empty());
  }
  {
    PlanBuilder b;
    LogicalPtr plan = Scan(b, {b.Binary(BinaryOp::kLess, b.Property(kNode, "a"), b.Int(7))});
    plan->input->columns.clear();  // read as records
    b.Optimize(&plan);
    EXPECT_TRUE(ScanOf(*plan).column_conditions.empty());
  }
}

}  // namespace
}  // namespace namidb::query
