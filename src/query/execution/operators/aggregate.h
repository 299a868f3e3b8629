// The Aggregate operator: grouping, and the aggregating functions (count,
// sum, avg, min, max, collect, stDev, percentiles; DISTINCT ones included)
// through their registry entries' init / update / finalize.
#pragma once

#include <string>
#include <vector>

#include "query/execution/operator.h"
#include "query/execution/operators/project.h"
#include "query/functions/function_registry.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct AggregateItem {
  const AggregateFunction* function = nullptr;  // the registry's entry
  bool distinct = false;
  const Expr* argument = nullptr;   // null for count(*)
  const Expr* parameter = nullptr;  // percentileCont/Disc's second argument
  int slot = -1;
};
// Groups rows by the key items and computes the aggregates per group;
// without keys, one row even for no input.
OperatorPtr MakeAggregate(OperatorPtr input, std::vector<ProjectItem> keys,
                          std::vector<AggregateItem> aggregates);

}  // namespace namidb::query
