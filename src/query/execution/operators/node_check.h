// Keeps rows whose `slot` holds a node that passes `filter`.
#pragma once

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"

namespace namidb::query {

OperatorPtr MakeNodeCheck(OperatorPtr input, int slot, NodeFilter filter);

}  // namespace namidb::query
