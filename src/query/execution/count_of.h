// The value of a SKIP or LIMIT count (`what` names the clause): a
// non-negative integer, or a SyntaxError saying what is wrong.
#pragma once

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

Result<int64_t> CountOf(const Expr* e, ExecContext& ctx, const char* what);

}  // namespace namidb::query
