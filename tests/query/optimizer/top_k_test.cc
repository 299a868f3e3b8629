// Rules top_k and project_after_top_k (src/query/optimizer/): a Sort under
// [SKIP and] LIMIT becomes a top-k, and a Project right under a top-k Sort
// computes after it the items the sort keys do not read.
#include <gtest/gtest.h>

#include "optimizer_test_support.h"

namespace namidb::query {
namespace {

using testing::PlanBuilder;
using testing::Shape;

// RETURN size(s0) AS c1, size(s0) AS c2 ORDER BY c1 [SKIP 5] LIMIT 10:
// Limit over [Skip over] Sort over Project over the pipeline.
LogicalPtr SortedProjection(PlanBuilder& b, bool with_skip, const Expr* sort_key,
                            bool over_aggregate = false) {
  LogicalPtr plan = b.Pipeline();
  if (over_aggregate) {
    plan = LogicalOver(LogicalKind::kAggregate, std::move(plan));
    plan->items.push_back({b.Slot(0), 3});
  }
  plan = LogicalOver(LogicalKind::kProject, std::move(plan));
  plan->items.push_back({b.SizeOf(0), 1});
  plan->items.push_back({b.SizeOf(0), 2});
  plan = LogicalOver(LogicalKind::kSort, std::move(plan));
  plan->sort_keys.push_back({sort_key, false, false});
  if (with_skip) {
    plan = LogicalOver(LogicalKind::kSkip, std::move(plan));
    plan->count = b.Int(5);
  }
  plan = LogicalOver(LogicalKind::kLimit, std::move(plan));
  plan->count = b.Int(10);
  return plan;
}

const LogicalOperator* Find(const LogicalOperator& root, LogicalKind kind) {
  for (const LogicalOperator* op = &root; op; op = op->input.get()) {
    if (op->kind == kind) return op;
  }
  return nullptr;
}

TEST(OptimizerTopKTest, SortUnderLimitKeepsSkipPlusLimitRows) {
  PlanBuilder b;
  LogicalPtr plan = SortedProjection(b, /*with_skip=*/true, b.Slot(1));
  const Expr* skip = Find(*plan, LogicalKind::kSkip)->count;
  const Expr* limit = plan->count;
  b.Optimize(&plan, {"project_after_top_k"});
  const LogicalOperator* sort = Find(*plan, LogicalKind::kSort);
  ASSERT_NE(sort, nullptr);
  EXPECT_EQ(sort->limit, limit);
  EXPECT_EQ(sort->skip, skip);
  // SKIP and LIMIT still count the rows off above it.
  EXPECT_EQ(Shape(*plan),
            "Limit\n  Skip\n    Sort (top SKIP + LIMIT)\n      Project 1,2\n        Pipeline\n");
}

TEST(OptimizerTopKTest, SortUnderLimitWithoutSkip) {
  PlanBuilder b;
  LogicalPtr plan = SortedProjection(b, /*with_skip=*/false, b.Slot(1));
  b.Optimize(&plan, {"project_after_top_k"});
  const LogicalOperator* sort = Find(*plan, LogicalKind::kSort);
  EXPECT_EQ(sort->limit, plan->count);
  EXPECT_EQ(sort->skip, nullptr);
}

TEST(OptimizerTopKTest, DisabledSortsEveryRow) {
  PlanBuilder b;
  LogicalPtr plan = SortedProjection(b, /*with_skip=*/true, b.Slot(1));
  b.Optimize(&plan, {"top_k"});
  EXPECT_EQ(Find(*plan, LogicalKind::kSort)->limit, nullptr);
  // Without a top-k there is nothing to compute after: the Project stays whole.
  EXPECT_EQ(Shape(*plan), "Limit\n  Skip\n    Sort\n      Project 1,2\n        Pipeline\n");
}

TEST(OptimizerTopKTest, SortWithoutLimitStaysWhole) {
  PlanBuilder b;
  LogicalPtr plan = b.Pipeline();
  plan = LogicalOver(LogicalKind::kSort, std::move(plan));
  plan->sort_keys.push_back({b.Slot(0), true, true});
  plan = LogicalOver(LogicalKind::kSkip, std::move(plan));
  plan->count = b.Int(3);
  b.Optimize(&plan);
  EXPECT_EQ(Find(*plan, LogicalKind::kSort)->limit, nullptr);
}

TEST(OptimizerProjectAfterTopKTest, ItemsTheKeysDoNotReadComeAfterTheSort) {
  PlanBuilder b;
  LogicalPtr plan = SortedProjection(b, /*with_skip=*/true, b.Slot(1));
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "Limit\n  Skip\n    Project 2\n      Sort (top SKIP + LIMIT)\n        Project 1\n"
            "          Pipeline\n");
}

TEST(OptimizerProjectAfterTopKTest, KeysReadingNoItemLeaveNoProjectBelow) {
  PlanBuilder b;
  // ORDER BY a variable before the projection (slot 0), not an item.
  LogicalPtr plan = SortedProjection(b, /*with_skip=*/false, b.Slot(0));
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan), "Limit\n  Project 1,2\n    Sort (top SKIP + LIMIT)\n      Pipeline\n");
}

TEST(OptimizerProjectAfterTopKTest, DisabledComputesEveryItemBeforeTheSort) {
  PlanBuilder b;
  LogicalPtr plan = SortedProjection(b, /*with_skip=*/true, b.Slot(1));
  b.Optimize(&plan, {"project_after_top_k"});
  EXPECT_EQ(Shape(*plan),
            "Limit\n  Skip\n    Sort (top SKIP + LIMIT)\n      Project 1,2\n        Pipeline\n");
}

TEST(OptimizerProjectAfterTopKTest, AKeyWithAPatternMayReadAnyItem) {
  PlanBuilder b;
  LogicalPtr plan = SortedProjection(b, /*with_skip=*/false, b.PatternPredicate());
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan), "Limit\n  Sort (top SKIP + LIMIT)\n    Project 1,2\n      Pipeline\n");
}

TEST(OptimizerProjectAfterTopKTest, AProjectOverAnAggregateStaysWhole) {
  PlanBuilder b;
  LogicalPtr plan = SortedProjection(b, /*with_skip=*/false, b.Slot(1), /*over_aggregate=*/true);
  b.Optimize(&plan);
  EXPECT_EQ(
      Shape(*plan),
      "Limit\n  Sort (top SKIP + LIMIT)\n    Project 1,2\n      Aggregate\n        Pipeline\n");
}

}  // namespace
}  // namespace namidb::query
