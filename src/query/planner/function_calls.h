// The registry entry a call in the syntax tree names: the one the planner
// resolved it to (Expr::function, Expr::aggregate) once it has, looked up
// by name before (the rewrites that read calls ahead of binding).
#pragma once

#include "query/functions/function_registry.h"
#include "query/parser/ast.h"

namespace namidb::query {

// The aggregate `e` calls (count(*) included), or null.
inline const AggregateFunction* AggregateOf(const Expr& e) {
  if (e.kind == ExprKind::kCountStar) return &CountStarAggregate();
  if (e.kind != ExprKind::kFunction) return nullptr;
  return e.aggregate ? e.aggregate : FindAggregateFunction(e.name);
}

// The scalar function `e` calls, or null.
inline const ScalarFunction* ScalarOf(const Expr& e) {
  if (e.kind != ExprKind::kFunction) return nullptr;
  return e.function ? e.function : FindScalarFunction(e.name);
}

// Whether `e` calls the scalar function `id` / the aggregate `id`.
inline bool Calls(const Expr& e, FunctionId id) {
  const ScalarFunction* f = ScalarOf(e);
  return f && f->id == id;
}
inline bool Calls(const Expr& e, AggregateId id) {
  const AggregateFunction* f = AggregateOf(e);
  return f && f->id == id;
}

}  // namespace namidb::query
