// The Merge operator: MERGE, a pattern matched or else created, per row.
//
// MERGE of one pattern part: `match_subplan` (QueryPlan::subplans) finds the
// pattern for a row; `nodes` / `rels` create it into the same slots when it
// finds nothing, and `path` (if named) is evaluated into `path_slot` then.
#pragma once

#include <vector>

#include "query/execution/operator.h"
#include "query/execution/operators/create.h"
#include "query/execution/update_context.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct MergeSpec {
  int match_subplan = -1;
  std::vector<CreateNode> nodes;
  std::vector<CreateRel> rels;
  const Expr* path = nullptr;
  int path_slot = -1;
  const std::vector<SetItem>* on_create = nullptr;
  std::vector<int> on_create_slots;
  const std::vector<SetItem>* on_match = nullptr;
  std::vector<int> on_match_slots;
};
OperatorPtr MakeMerge(OperatorPtr input, UpdateContext* update, MergeSpec spec);

}  // namespace namidb::query
