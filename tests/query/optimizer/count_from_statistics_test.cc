// Rule count_from_statistics (src/query/optimizer/): counts of the rows of a
// pattern the manifest counts, with no grouping key, become one row with
// the number instead of the pattern's operators; anything else keeps them.
#include <gtest/gtest.h>

#include "optimizer_test_support.h"

namespace namidb::query {
namespace {

using testing::PlanBuilder;
using testing::Shape;

constexpr int kNode = 0;   // n in MATCH (n:L)
constexpr int kOther = 1;  // a variable of an earlier clause

StatisticsCountable CountsLabelL() {
  StatisticsCountable s;
  s.present = true;
  s.slots = {kNode};
  s.count = {false, "L", -1};
  return s;
}

AggregateItem Aggregate(AggregateId id, const Expr* argument, bool distinct = false) {
  AggregateItem a;
  a.function = id == AggregateId::kCountStar ? &CountStarAggregate() : &AggregateById(id);
  a.argument = argument;
  a.distinct = distinct;
  a.slot = 10;
  return a;
}

// MATCH (n:L) RETURN [key,] aggregates.
LogicalPtr Counted(std::vector<AggregateItem> aggregates, const Expr* key = nullptr,
                   StatisticsCountable statistics = CountsLabelL()) {
  LogicalPtr plan = LogicalPipeline(MakeOnce(), {}, std::move(statistics));
  plan = LogicalOver(LogicalKind::kAggregate, std::move(plan));
  if (key) plan->items.push_back({key, 11});
  plan->aggregates = std::move(aggregates);
  return plan;
}

TEST(OptimizerCountFromStatisticsTest, CountsOfThePatternAreTheManifestsNumber) {
  PlanBuilder b;
  LogicalPtr plan = Counted(
      {Aggregate(AggregateId::kCountStar, nullptr), Aggregate(AggregateId::kCount, b.Slot(kNode))});
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan), "Aggregate sum(100) sum(100)\n  CountFromStatistics into 100\n");
  const StatisticsCount& count = plan->input->statistics.count;
  EXPECT_FALSE(count.relationships);
  EXPECT_EQ(count.name, "L");
  EXPECT_EQ(count.slot, 100);
}

TEST(OptimizerCountFromStatisticsTest, DisabledScansThePattern) {
  PlanBuilder b;
  LogicalPtr plan = Counted({Aggregate(AggregateId::kCountStar, nullptr)});
  b.Optimize(&plan, {"count_from_statistics"});
  EXPECT_EQ(Shape(*plan), "Aggregate count(*)\n  Pipeline\n");
}

TEST(OptimizerCountFromStatisticsTest, WhatNeedsTheRowsKeepsThePattern) {
  struct Case {
    const char* what;
    std::vector<AggregateItem> aggregates;
    bool grouped;
  };
  PlanBuilder b;
  std::vector<Case> cases = {
      {"count(DISTINCT n)", {Aggregate(AggregateId::kCount, b.Slot(kNode), true)}, false},
      {"count of another variable", {Aggregate(AggregateId::kCount, b.Slot(kOther))}, false},
      {"another aggregate", {Aggregate(AggregateId::kSum, b.Slot(kNode))}, false},
      {"a grouping key", {Aggregate(AggregateId::kCountStar, nullptr)}, true},
  };
  for (Case& c : cases) {
    LogicalPtr plan = Counted(std::move(c.aggregates), c.grouped ? b.Slot(kOther) : nullptr);
    b.Optimize(&plan);
    EXPECT_EQ(plan->input->kind, LogicalKind::kPipeline) << c.what;
  }
}

TEST(OptimizerCountFromStatisticsTest, APipelineTheStatisticsDoNotCount) {
  PlanBuilder b;
  LogicalPtr plan = Counted({Aggregate(AggregateId::kCountStar, nullptr)}, nullptr, {});
  b.Optimize(&plan);
  EXPECT_EQ(plan->input->kind, LogicalKind::kPipeline);
}

// Counted by the statistics, the pattern is not also counted per expansion.
TEST(OptimizerCountFromStatisticsTest, ComesBeforeCountingExpansions) {
  PlanBuilder b;
  StatisticsCountable statistics = CountsLabelL();
  LogicalPtr plan = LogicalPipeline(MakeOnce(), {reinterpret_cast<Operator*>(uintptr_t{0x10}), -1},
                                    std::move(statistics));
  plan = LogicalOver(LogicalKind::kAggregate, std::move(plan));
  plan->aggregates.push_back(Aggregate(AggregateId::kCountStar, nullptr));
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan), "Aggregate sum(100)\n  CountFromStatistics into 100\n");
}

}  // namespace
}  // namespace namidb::query
