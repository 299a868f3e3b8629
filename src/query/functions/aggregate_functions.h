// Cypher's aggregating functions (count, sum, avg, min, max, collect,
// stDev, stDevP, percentileCont, percentileDisc, and count(*)) as entries
// of the function registry (function_registry.h): init, update and
// finalize over an AggregateState per group.
#pragma once

#include <vector>

#include "query/functions/function_registry.h"

namespace namidb::query {

// Every aggregate, count(*) first.
std::vector<AggregateFunction> AggregateFunctionEntries();

}  // namespace namidb::query
