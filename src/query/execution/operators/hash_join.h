// An equi-join of two independent pipelines: `build` is read whole into a
// hash table keyed by `build_key`; each `input` row is joined with the
// build rows whose key is equivalent to its `probe_key` (nulls never
// join), copying `build_slots` over. Equivalence is a superset of `=`
// (NaN, lists holding null), so the planner keeps the condition as a
// filter above.
#pragma once

#include <vector>

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct HashJoinSpec {
  const Expr* probe_key = nullptr;  // both null: a cartesian product
  const Expr* build_key = nullptr;
  std::vector<int> build_slots;
};
OperatorPtr MakeHashJoin(OperatorPtr input, OperatorPtr build, HashJoinSpec spec);

}  // namespace namidb::query
