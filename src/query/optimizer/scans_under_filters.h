// What rules index_seek and column_conditions both walk: every NodeScan of
// a plan (the other sides of joins included) with the predicates of the
// Filters right above it, where filter_placement puts the WHERE conjuncts
// its node alone decides.
#pragma once

#include <functional>
#include <vector>

#include "query/optimizer/logical_plan.h"

namespace namidb::query {

// Calls `visit` for each NodeScan with those predicates, the bottom Filter's
// first (WHERE order); whether any call returned true (changed the plan).
using ScanVisit =
    std::function<bool(LogicalOperator& scan, const std::vector<const Expr*>& filters)>;
bool ForEachScanUnderFilters(LogicalOperator* root, const ScanVisit& visit);

}  // namespace namidb::query
