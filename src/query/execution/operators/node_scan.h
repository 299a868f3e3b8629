// Binds `slot` to every node (with the first label, if any) that passes
// `filter`, for every input row. With `columns` (property keys, ascending),
// the nodes are read from the label's property columns with those
// properties alone (and no labels): for a statement that reads nothing
// else of them but their identity (planner/node_reads.h).
#pragma once

#include <string>
#include <vector>

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"

namespace namidb::query {

OperatorPtr MakeNodeScan(OperatorPtr input, int slot, NodeFilter filter,
                         NodeDetail detail = NodeDetail::kFull,
                         std::vector<std::string> columns = {}, bool streamed = false);

}  // namespace namidb::query
