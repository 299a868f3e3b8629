// Rule project_after_top_k: a projection sorted and limited computes only
// the items ORDER BY reads before the top-k Sort, and the others after it,
// for the rows the Sort keeps (`RETURN n.name, n.bio ORDER BY n.name LIMIT
// 10` reads ten bios, not one per row). It applies to a Project right under
// a Sort with a limit (rule top_k), unless the Project is over an Aggregate
// (there it computes per group, over rows already grouped). A sort key with
// a pattern or a subquery may read any item: then nothing moves.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class ProjectAfterTopKRule : public OptimizerRule {
 public:
  const char* name() const override { return "project_after_top_k"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
