// Rule column_conditions: a NodeScan that reads property columns, under
// Filters comparing one of those properties with a literal or a parameter
// (`n.p < 10`, `$x = n.p`, a conjunct of the WHERE placed right above the
// scan; `=`, `<`, `<=`, `>`, `>=`), checks each comparison on the column
// values before it makes a node, and skips the chunks whose statistics
// (min / max) rule one out: a whole-label filter reads no node it drops.
// The Filters stay: the scan drops only rows whose comparison is certainly
// false or null (storage/column_codec.h, MayHold), and keeps the nodes it
// reads from records for them to judge.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class ColumnConditionsRule : public OptimizerRule {
 public:
  const char* name() const override { return "column_conditions"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
