// Binds `slot` to every node passing `filter` among those an index finds:
// the nodes with `label` whose `property` equals `value` (evaluated per
// row). One batched record read per chunk of rows.
#pragma once

#include <string>

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct IndexSeek {
  std::string label;
  std::string property;
  const Expr* value = nullptr;
};
// With `properties` (ascending), the nodes carry only those: all the
// statement reads of them (NodeReads::ColumnsOf).
OperatorPtr MakeNodeIndexSeek(OperatorPtr input, int slot, NodeFilter filter, IndexSeek seek,
                              std::vector<std::string> properties = {});

}  // namespace namidb::query
