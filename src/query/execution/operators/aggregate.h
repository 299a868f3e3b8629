// The Aggregate operator: grouping and the aggregating functions (count,
// sum, avg, min, max, collect, stDev, percentiles), DISTINCT ones included.
#pragma once

#include <string>
#include <vector>

#include "query/execution/operator.h"
#include "query/execution/operators/project.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct AggregateItem {
  std::string function;  // lower case; "count*" for count(*)
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
