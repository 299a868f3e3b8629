// Rule count_expansions: `MATCH (a)-[:T]->(m) RETURN a, count(m)` needs of
// each expansion only how many rows it makes. An Aggregate right over a
// Pipeline that ends in a countable Expand (LogicalOperator::countable),
// whose aggregates are all count(*) or count(m) of the node it reaches (not
// DISTINCT) and whose grouping keys do not read that node, makes the Expand
// hand out one row per source with the count (`Expand ... (count)` in
// EXPLAIN) and sums the counts instead. A key with a pattern or a subquery
// may read any variable: then it stays as it is.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class CountExpansionsRule : public OptimizerRule {
 public:
  const char* name() const override { return "count_expansions"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
