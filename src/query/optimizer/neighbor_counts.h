// Rule neighbor_counts: `MATCH (a:L)<-[:T]-(m:M) RETURN a.x, count(m)` over
// a whole label needs, of each node of L, the properties it is grouped by
// and how many relationships lead to it, not a row per node. An Aggregate
// whose input the rule count_expansions made count (every aggregate sums
// the Expand's counts), where the Expand starts from a scan of every node
// of one label straight from the start of the query part
// (CountableExpansion::whole_label), and whose grouping keys are all
// properties of that node read as columns, gets a NeighborCounts in place
// of the scan and the Expand (execution/operators/neighbor_counts.h): one
// row per node with relationships, the count and the key properties in
// slots of their own, which the keys then read. With grouping keys the
// NeighborCounts takes the Aggregate's place instead and groups by those
// properties itself (`grouped`): no row per node at all.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class NeighborCountsRule : public OptimizerRule {
 public:
  const char* name() const override { return "neighbor_counts"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
