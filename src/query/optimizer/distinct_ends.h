// Rule distinct_ends: `MATCH (a)-[:T*]->(b) RETURN DISTINCT b` needs of the
// variable-length relationship only which nodes it reaches, not by how many
// paths. On a MATCH's plan the planner marks as one whose row copies do not
// matter (LogicalOperator::copies_do_not_matter: up to the next projection
// only MATCH and UNWIND follow, and it is DISTINCT or aggregates only with
// DISTINCT aggregates, min or max), a VarLengthExpand that is the plan's
// only relationship, outside any OPTIONAL MATCH or join, hands out each end
// node once per source row (`VarLengthExpand (distinct ends)` in EXPLAIN)
// when nothing needs its relationships: no variable, no named path, no
// end bound before, no other relationship to stay distinct from.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class DistinctEndsRule : public OptimizerRule {
 public:
  const char* name() const override { return "distinct_ends"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
