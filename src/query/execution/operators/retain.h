// Nulls every slot but `keep`: after WITH, what is out of scope is dropped,
// so rows stay small as later operators copy them.
#pragma once

#include <vector>

#include "query/execution/operator.h"

namespace namidb::query {

OperatorPtr MakeRetain(OperatorPtr input, std::vector<int> keep);

}  // namespace namidb::query
