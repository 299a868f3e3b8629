#include "query/optimizer/scans_under_filters.h"

#include <algorithm>

namespace namidb::query {

// Along the inputs without recursing (a chain may be thousands of Filters
// long), into the other sides of joins.
bool ForEachScanUnderFilters(LogicalOperator* op, const ScanVisit& visit) {
  bool changed = false;
  std::vector<const Expr*> filters;  // the Filters right above `op`, top first
  for (; op; op = op->input.get()) {
    if (op->right) changed |= ForEachScanUnderFilters(op->right.get(), visit);
    if (op->kind == LogicalKind::kFilter) {
      if (op->predicate) filters.push_back(op->predicate);
      continue;
    }
    if (op->kind == LogicalKind::kNodeScan) {
      std::reverse(filters.begin(), filters.end());  // bottom (WHERE order) first
      changed |= visit(*op, filters);
    }
    filters.clear();
  }
  return changed;
}

}  // namespace namidb::query
