// Binds `slot` to the node whose id() is `id` (evaluated per row; a value
// that is no node id finds nothing) if it passes `filter`: one batched
// point read per chunk of rows, for `WHERE id(n) = $id`.
#pragma once

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

// With `properties` (ascending), the node carries only those: all the
// statement reads of it (NodeReads::ColumnsOf).
OperatorPtr MakeNodeIdSeek(OperatorPtr input, int slot, NodeFilter filter, const Expr* id,
                           std::vector<std::string> properties = {});

}  // namespace namidb::query
