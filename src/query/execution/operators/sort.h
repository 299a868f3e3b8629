// The Sort operator: ORDER BY, and the top-k of ORDER BY ... LIMIT.
#pragma once

#include <vector>

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct SortKey {
  const Expr* expr;
  bool descending;
  bool nulls_first;  // nulls before every value, whichever the direction
};
// Orders the rows by `keys`, ties in input order. With a `limit` (and
// `skip`) expression, the SKIP / LIMIT above it, only the first
// skip + limit rows are ordered and kept (a top-k).
OperatorPtr MakeSort(OperatorPtr input, std::vector<SortKey> keys, const Expr* skip = nullptr,
                     const Expr* limit = nullptr);

}  // namespace namidb::query
