#include "query/planner/physical_plan.h"

#include "query/execution/operators/aggregate.h"
#include "query/execution/operators/count_from_statistics.h"
#include "query/execution/operators/distinct.h"
#include "query/execution/operators/expand.h"
#include "query/execution/operators/filter.h"
#include "query/execution/operators/once.h"
#include "query/execution/operators/project.h"
#include "query/execution/operators/retain.h"
#include "query/execution/operators/skip_limit.h"
#include "query/execution/operators/sort.h"

namespace namidb::query {

OperatorPtr BuildPhysical(LogicalPtr root) {
  LogicalOperator& op = *root;
  if (op.kind == LogicalKind::kPipeline) {
    if (op.count_slot >= 0) CountExpansions(*op.countable.expand, op.count_slot);
    return std::move(op.pipeline);
  }
  if (op.kind == LogicalKind::kCountFromStatistics) {
    return MakeCountFromStatistics(MakeOnce(), std::move(op.statistics.count));
  }
  OperatorPtr input = BuildPhysical(std::move(op.input));
  switch (op.kind) {
    case LogicalKind::kPipeline:
    case LogicalKind::kCountFromStatistics:
      break;
    case LogicalKind::kProject:
      return MakeProject(std::move(input), std::move(op.items));
    case LogicalKind::kAggregate:
      return MakeAggregate(std::move(input), std::move(op.items), std::move(op.aggregates));
    case LogicalKind::kDistinct:
      return MakeDistinct(std::move(input), std::move(op.slots));
    case LogicalKind::kSort:
      return MakeSort(std::move(input), std::move(op.sort_keys), op.skip, op.limit);
    case LogicalKind::kSkip:
      return MakeSkip(std::move(input), op.count);
    case LogicalKind::kLimit:
      return MakeLimit(std::move(input), op.count, op.drain);
    case LogicalKind::kFilter:
      return MakeFilter(std::move(input), op.predicate);
    case LogicalKind::kRetain:
      return MakeRetain(std::move(input), std::move(op.slots));
  }
  return input;
}

}  // namespace namidb::query
