// The SKIP and LIMIT operators (one class: a count of rows to drop or keep).
#pragma once

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

OperatorPtr MakeSkip(OperatorPtr input, const Expr* count);
// With `drain`, the input is still pulled to its end once the limit is
// reached (it holds updates that must happen in full).
OperatorPtr MakeLimit(OperatorPtr input, const Expr* count, bool drain = false);

}  // namespace namidb::query
