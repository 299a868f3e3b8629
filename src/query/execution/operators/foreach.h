// The Foreach operator: FOREACH (x IN list | updates).
//
// FOREACH: runs sub-pipeline `body` (QueryPlan::subplans) for each element
// of `list`, bound at `slot`, of each row.
#pragma once

#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/parser/ast.h"

namespace namidb::query {

OperatorPtr MakeForeach(OperatorPtr input, UpdateContext* update, const Expr* list, int slot,
                        int body);

}  // namespace namidb::query
