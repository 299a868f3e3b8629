// A logical plan (optimizer/logical_plan.h), optimized, to the operators
// that run it (execution/operators/): one operator per logical one, the
// Pipeline leaf being operators already.
#pragma once

#include "query/execution/operator.h"
#include "query/optimizer/logical_plan.h"

namespace namidb::query {

OperatorPtr BuildPhysical(LogicalPtr root);

}  // namespace namidb::query
