#include "query/execution/count_of.h"

#include <string>

#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

Result<int64_t> CountOf(const Expr* e, ExecContext& ctx, const char* what) {
  Row empty(ctx.width);
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e, empty, ctx.eval));
  if (v.kind() != ValueKind::kInt) {
    return RuntimeError("SyntaxError", "InvalidArgumentType",
                        std::string(what) + " needs an integer");
  }
  if (v.as_int() < 0) {
    return RuntimeError("SyntaxError", "NegativeIntegerArgument",
                        std::string(what) + " must not be negative");
  }
  return v.as_int();
}

}  // namespace namidb::query
