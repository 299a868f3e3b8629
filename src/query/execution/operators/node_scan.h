// Binds `slot` to every node (with the first label, if any) that passes
// `filter`, for every input row.
#pragma once

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"

namespace namidb::query {

OperatorPtr MakeNodeScan(OperatorPtr input, int slot, NodeFilter filter,
                         NodeDetail detail = NodeDetail::kFull);

}  // namespace namidb::query
