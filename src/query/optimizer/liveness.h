// Rule liveness: a row carries every variable bound so far, and operators
// that make several rows of one (Expand, UNWIND) copy it whole, lists and
// all. Each operator of a clause's plan has the slots no operator above it
// reads, nor any later clause (OptimizerContext::live_after), cleared in
// the rows it hands out (LogicalOperator::dead_after), as early as the last
// read or the binding of each: `WITH collect(f) AS fs UNWIND fs AS f ...`
// copies no list per element once `fs` is read, and an Expand whose source
// node nothing reads after it hands out rows without it.
//
// It walks down a clause's plan from its top along the inputs, with the
// slots read above. It stops, clearing nothing there or below, at what it
// cannot see through: a Pipeline (the clauses before), a join, an OPTIONAL
// MATCH, a shortest path, the clauses other than MATCH, UNWIND and the
// projections, and an expression with a pattern or a subquery (whose reads
// are not in its children). Without live_after (a sub-pipeline, a clause in
// a subquery) it does nothing.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class LivenessRule : public OptimizerRule {
 public:
  const char* name() const override { return "liveness"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
