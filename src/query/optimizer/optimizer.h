// The optimizer: the rules of this folder applied to a logical plan, in a
// fixed order (each once: none makes work for one before it).
//
//   join_order        a HashJoin builds the side that starts from fewer rows
//   distinct_ends     a variable-length relationship alone in a MATCH whose
//                     row copies do not matter hands out distinct end nodes
//   filter_placement  each WHERE conjunct of a MATCH at the lowest point where
//                     what it reads is bound
//   index_seek        a NodeScan under an equality on an indexed property or
//                     on id() becomes a NodeIndexSeek / NodeIdSeek
//   count_from_statistics  an Aggregate of only counts of a pattern the
//                     manifest's statistics count is their number: one row
//   count_expansions  an Aggregate of only count(*) / count(reached node)
//                     over a countable Expand counts per source row
//   top_k             a Sort under [SKIP and] LIMIT keeps only skip + limit rows
//   project_after_top_k  items a top-k Sort does not read are computed after
//                     it, for the rows it keeps
//   liveness          each operator clears the slots nothing after it reads
//                     from the rows it hands out, so copies of them are cheap
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

struct OptimizerOptions {
  // Rule names not to apply (tests compare with and without); looked up by
  // string_view, so that a plan with none disabled makes no string.
  std::set<std::string, std::less<>> disabled;
  // Tests: each logical plan the planner builds, after the rules, appended
  // here as DescribeLogical's lines followed by an empty line (null: none).
  std::vector<std::string>* described = nullptr;
};

// Every rule, in the order Optimize applies them.
const std::vector<const OptimizerRule*>& OptimizerRules();

// Applies every rule not disabled to `*root`.
void Optimize(LogicalPtr* root, OptimizerContext& ctx, const OptimizerOptions& options = {});

}  // namespace namidb::query
