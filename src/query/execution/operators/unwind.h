// The Unwind operator: UNWIND list AS x, a row per element of the list.
#pragma once

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

OperatorPtr MakeUnwind(OperatorPtr input, const Expr* list, int slot);

}  // namespace namidb::query
