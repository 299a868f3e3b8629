// Keeps the rows `predicate` holds for; on top of a Filter, adds the
// predicate to it (tested after those it has).
#pragma once

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

OperatorPtr MakeFilter(OperatorPtr input, const Expr* predicate);

}  // namespace namidb::query
