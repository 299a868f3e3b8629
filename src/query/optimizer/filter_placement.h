// Rule filter_placement: each WHERE conjunct of a MATCH is checked as soon
// as the rows carry what it reads. The planner stacks a MATCH's conjuncts
// as Filters at the top of its plan (LogicalOperator::placeable, with the
// slots each reads); this rule moves each down to the lowest point where
// every slot it reads is bound:
//   - a slot bound by the MATCH's operators must be bound below the point;
//     one bound before the MATCH (by its Pipeline leaf) keeps the Filter
//     off a side of a join planned on its own (a `bare` Pipeline);
//   - into a HashJoin's side whose operators bind what it reads, the side
//     of the rows before the MATCH when either would do;
//   - never between an operator and the one above it that it is
//     `joined_to_above` (an Expand and the NodeCheck of the node it reaches,
//     the ends of a ShortestPath and the search), nor into an Optional;
//   - conjuncts that land on the same point keep their WHERE order.
// A conjunct that reads nothing of the MATCH (a parameter, a variable of an
// earlier clause) goes below the MATCH's first operator.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class FilterPlacementRule : public OptimizerRule {
 public:
  const char* name() const override { return "filter_placement"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
