// Rule join_order: a HashJoin (or a cartesian product) keeps in memory the
// rows of one side, its `right`, and streams the other. The planner emits
// every join of a MATCH's separate pattern with the rows so far as the
// input and the new pattern as the side built, and records how many rows
// each side starts from (LogicalOperator::input_start_rows,
// right_start_rows: a seek 1, a label its count by the manifest's
// statistics). When the input starts from fewer rows than the other side,
// the rule swaps the sides, so that the smaller is built: `MATCH (a:Rare),
// (b:Common)` builds the Rare nodes and streams the Common ones. The join's
// keys and the slots the build keeps swap with them; the rows are the same.
//
// What stays in the planner: the order of a MATCH's pattern parts and the
// node each part starts from, which decide the shape of the Expand chains
// (planner.cc, PartsInJoinOrder and StartNode).
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class JoinOrderRule : public OptimizerRule {
 public:
  const char* name() const override { return "join_order"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
