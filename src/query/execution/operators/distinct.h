// The Distinct operator: rows whose `slots` hold values seen before
// (equivalent, as DISTINCT compares) are dropped.
#pragma once

#include <vector>

#include "query/execution/operator.h"

namespace namidb::query {

OperatorPtr MakeDistinct(OperatorPtr input, std::vector<int> slots);

}  // namespace namidb::query
