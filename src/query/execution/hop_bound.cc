#include "query/execution/hop_bound.h"

#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

Result<int64_t> HopBound(const Expr* e, ExecContext& ctx) {
  Row empty(ctx.width);
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e, empty, ctx.eval));
  if (v.kind() != ValueKind::kInt || v.as_int() < 0) {
    return RuntimeError("SyntaxError", "InvalidArgumentType",
                        "a variable-length bound must be a non-negative integer");
  }
  return v.as_int();
}

}  // namespace namidb::query
