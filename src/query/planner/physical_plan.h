// A logical plan (optimizer/logical_plan.h), optimized, to the operators
// that run it (execution/operators/): one operator per logical one, the
// Pipeline leaf being operators already.
#pragma once

#include <map>

#include "query/execution/operator.h"
#include "query/optimizer/logical_plan.h"

namespace namidb::query {

// With `built`, records which operator each logical one became (a
// Pipeline: the top of its operators).
OperatorPtr BuildPhysical(LogicalPtr root,
                          std::map<const LogicalOperator*, const Operator*>* built = nullptr);

}  // namespace namidb::query
