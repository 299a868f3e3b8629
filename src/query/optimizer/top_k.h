// Rule top_k: ORDER BY with LIMIT keeps only the rows it hands out. A Sort
// under a Limit (with or without a Skip between) is given the LIMIT and
// SKIP expressions, and orders and keeps only the first skip + limit rows
// (execution/operators/sort.h) instead of all of them. The Skip and Limit
// stay above it: they still count the rows off.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class TopKRule : public OptimizerRule {
 public:
  const char* name() const override { return "top_k"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
