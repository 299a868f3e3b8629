// Rule count_from_statistics: `MATCH (n:L) RETURN count(*)`, `MATCH
// ()-[r:T]->() RETURN count(r)` are numbers the manifest keeps. An
// Aggregate with no grouping keys whose aggregates are all count(*) or
// count(v) (not DISTINCT) of a variable of the pattern, right over a
// Pipeline the statistics count (LogicalOperator::statistics), replaces the
// Pipeline by one row holding the number (`CountFromStatistics` in EXPLAIN)
// and sums it.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class CountFromStatisticsRule : public OptimizerRule {
 public:
  const char* name() const override { return "count_from_statistics"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
