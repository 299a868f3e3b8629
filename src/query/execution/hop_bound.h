// The value of a variable-length bound (`*min..max`, `shortestPath(...*..max)`):
// a non-negative integer, or a SyntaxError (InvalidArgumentType).
#pragma once

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

Result<int64_t> HopBound(const Expr* e, ExecContext& ctx);

}  // namespace namidb::query
