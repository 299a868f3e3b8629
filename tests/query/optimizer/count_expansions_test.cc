// Rule count_expansions (src/query/optimizer/): an Aggregate of counts of
// what a countable Expand reaches makes the Expand count per source row and
// sums the counts; anything that reads the reached node keeps the rows.
#include <gtest/gtest.h>

#include "optimizer_test_support.h"

namespace namidb::query {
namespace {

using testing::PlanBuilder;
using testing::Shape;

// The expansion's stand-in: the rule only records which operator counts.
Operator* const kExpand = reinterpret_cast<Operator*>(uintptr_t{0x10});
constexpr int kSource = 0;   // a, the node expanded from
constexpr int kReached = 1;  // m, the node reached

AggregateItem Count(const Expr* argument, bool distinct = false) {
  AggregateItem a;
  a.function = &AggregateById(AggregateId::kCount);
  a.argument = argument;
  a.distinct = distinct;
  a.slot = 11;
  return a;
}

AggregateItem CountStar() {
  AggregateItem a;
  a.function = &CountStarAggregate();
  a.slot = 12;
  return a;
}

// MATCH (a)-->(m) RETURN <key>, <aggregates>: Aggregate over the pipeline.
LogicalPtr Grouped(PlanBuilder& b, const Expr* key, std::vector<AggregateItem> aggregates,
                   CountableExpansion countable = {kExpand, kReached}) {
  LogicalPtr plan = b.Pipeline(countable);
  plan = LogicalOver(LogicalKind::kAggregate, std::move(plan));
  if (key) plan->items.push_back({key, 10});
  plan->aggregates = std::move(aggregates);
  plan = LogicalOver(LogicalKind::kProject, std::move(plan));
  return plan;
}

TEST(OptimizerCountExpansionsTest, CountsOfTheReachedNodeBecomeSumsOfCounts) {
  PlanBuilder b;
  LogicalPtr plan = Grouped(b, b.Slot(kSource), {Count(b.Slot(kReached)), CountStar()});
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "Project \n  Aggregate sum(100) sum(100)\n    Pipeline (counts into 100)\n");
  const LogicalOperator& aggregate = *plan->input;
  EXPECT_EQ(aggregate.input->count_slot, 100);
  for (const AggregateItem& a : aggregate.aggregates) {
    EXPECT_EQ(a.function->id, AggregateId::kSum);
    EXPECT_EQ(a.argument->slot, 100);
  }
  // The slots the aggregates write stay theirs.
  EXPECT_EQ(aggregate.aggregates[0].slot, 11);
  EXPECT_EQ(aggregate.aggregates[1].slot, 12);
}

TEST(OptimizerCountExpansionsTest, DisabledCountsRows) {
  PlanBuilder b;
  LogicalPtr plan = Grouped(b, b.Slot(kSource), {Count(b.Slot(kReached))});
  b.Optimize(&plan, {"count_expansions"});
  EXPECT_EQ(Shape(*plan), "Project \n  Aggregate count(1)\n    Pipeline\n");
}

TEST(OptimizerCountExpansionsTest, CountStarOfAnAnonymousNode) {
  PlanBuilder b;
  LogicalPtr plan = Grouped(b, nullptr, {CountStar()}, {kExpand, -1});
  b.Optimize(&plan);
  EXPECT_EQ(plan->input->input->count_slot, 100);
}

TEST(OptimizerCountExpansionsTest, WhatReadsTheReachedNodeKeepsTheRows) {
  {
    PlanBuilder b;  // count(DISTINCT m): which nodes, not how many rows
    LogicalPtr plan = Grouped(b, b.Slot(kSource), {Count(b.Slot(kReached), true)});
    b.Optimize(&plan);
    EXPECT_EQ(plan->input->input->count_slot, -1);
  }
  {
    PlanBuilder b;  // grouped by something of m
    LogicalPtr plan = Grouped(b, b.SizeOf(kReached), {CountStar()});
    b.Optimize(&plan);
    EXPECT_EQ(plan->input->input->count_slot, -1);
  }
  {
    PlanBuilder b;  // a key whose reads are not visible (a pattern)
    LogicalPtr plan = Grouped(b, b.PatternPredicate(), {CountStar()});
    b.Optimize(&plan);
    EXPECT_EQ(plan->input->input->count_slot, -1);
  }
  {
    PlanBuilder b;  // count of another variable than the reached node
    LogicalPtr plan = Grouped(b, nullptr, {Count(b.Slot(kSource))});
    b.Optimize(&plan);
    EXPECT_EQ(plan->input->input->count_slot, -1);
  }
  {
    PlanBuilder b;  // another aggregate
    AggregateItem sum = Count(b.Slot(kReached));
    sum.function = &AggregateById(AggregateId::kSum);
    LogicalPtr plan = Grouped(b, nullptr, {sum});
    b.Optimize(&plan);
    EXPECT_EQ(plan->input->input->count_slot, -1);
  }
}

TEST(OptimizerCountExpansionsTest, APipelineThatDoesNotEndInACountableExpand) {
  PlanBuilder b;
  LogicalPtr plan = Grouped(b, nullptr, {CountStar()}, {});
  b.Optimize(&plan);
  EXPECT_EQ(plan->input->input->count_slot, -1);
  EXPECT_EQ(plan->input->aggregates[0].function->id, AggregateId::kCountStar);
}

}  // namespace
}  // namespace namidb::query
