#include "query/planner/physical_plan.h"

#include <vector>

#include "query/execution/operators/aggregate.h"
#include "query/execution/operators/call_subquery.h"
#include "query/execution/operators/count_from_statistics.h"
#include "query/execution/operators/create.h"
#include "query/execution/operators/delete.h"
#include "query/execution/operators/distinct.h"
#include "query/execution/operators/expand.h"
#include "query/execution/operators/filter.h"
#include "query/execution/operators/foreach.h"
#include "query/execution/operators/hash_join.h"
#include "query/execution/operators/load_csv.h"
#include "query/execution/operators/merge.h"
#include "query/execution/operators/node_check.h"
#include "query/execution/operators/node_id_seek.h"
#include "query/execution/operators/node_index_seek.h"
#include "query/execution/operators/node_scan.h"
#include "query/execution/operators/once.h"
#include "query/execution/operators/optional.h"
#include "query/execution/operators/procedure_call.h"
#include "query/execution/operators/project.h"
#include "query/execution/operators/retain.h"
#include "query/execution/operators/set_items.h"
#include "query/execution/operators/shortest_path.h"
#include "query/execution/operators/skip_limit.h"
#include "query/execution/operators/sort.h"
#include "query/execution/operators/unwind.h"
#include "query/execution/operators/var_length_expand.h"

namespace namidb::query {
namespace {

using Built = std::map<const LogicalOperator*, const Operator*>;

// The operator of `op` over `input`, the operator of op.input.
OperatorPtr Build(LogicalOperator& op, OperatorPtr input, Built* built) {
  if (op.kind == LogicalKind::kPipeline) {
    if (op.count_slot >= 0) CountExpansions(*op.countable.expand, op.count_slot);
    return std::move(op.pipeline);
  }
  if (op.kind == LogicalKind::kCountFromStatistics) {
    return MakeCountFromStatistics(MakeOnce(), std::move(op.statistics.count));
  }
  if (op.kind == LogicalKind::kNeighborCounts) {
    return MakeNeighborCounts(MakeOnce(), std::move(op.neighbor_counts));
  }
  switch (op.kind) {
    case LogicalKind::kPipeline:
    case LogicalKind::kCountFromStatistics:
    case LogicalKind::kNeighborCounts:
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
    case LogicalKind::kNodeScan:
      return MakeNodeScan(std::move(input), op.node_slot, std::move(op.node_filter), op.detail,
                          std::move(op.columns), op.streamed, std::move(op.column_conditions));
    case LogicalKind::kNodeIndexSeek:
      return MakeNodeIndexSeek(std::move(input), op.node_slot, std::move(op.node_filter),
                               std::move(op.index_seek), std::move(op.properties));
    case LogicalKind::kNodeIdSeek:
      return MakeNodeIdSeek(std::move(input), op.node_slot, std::move(op.node_filter), op.id,
                            std::move(op.properties));
    case LogicalKind::kNodeCheck:
      return MakeNodeCheck(std::move(input), op.node_slot, std::move(op.node_filter));
    case LogicalKind::kExpand:
      return MakeExpand(std::move(input), std::move(op.expand));
    case LogicalKind::kVarLengthExpand:
      return MakeVarLengthExpand(std::move(input), std::move(op.var_length));
    case LogicalKind::kShortestPath:
      return MakeShortestPath(std::move(input), std::move(op.shortest_path));
    case LogicalKind::kHashJoin:
      return MakeHashJoin(std::move(input), BuildPhysical(std::move(op.right), built),
                          std::move(op.join));
    case LogicalKind::kOptional:
      return MakeOptional(std::move(input), BuildPhysical(std::move(op.right), built), op.argument,
                          op.tag_slot);
    case LogicalKind::kUnwind:
      return MakeUnwind(std::move(input), op.clause->list, op.clause->element_slot);
    case LogicalKind::kLoadCsv:
      return MakeLoadCsv(std::move(input), std::move(op.clause->load_csv));
    case LogicalKind::kProcedureCall:
      return MakeProcedureCall(std::move(input), std::move(op.clause->procedure_call));
    case LogicalKind::kCallSubquery:
      return MakeCallSubquery(std::move(input), std::move(op.clause->call_subquery));
    case LogicalKind::kCreate:
      return MakeCreate(std::move(input), op.clause->update, std::move(op.clause->create_nodes),
                        std::move(op.clause->create_rels));
    case LogicalKind::kMerge:
      return MakeMerge(std::move(input), op.clause->update, std::move(op.clause->merge));
    case LogicalKind::kSetItems:
      return MakeSetItems(std::move(input), op.clause->update, op.clause->set_items,
                          std::move(op.slots), op.clause->remove);
    case LogicalKind::kDelete:
      return MakeDelete(std::move(input), op.clause->update, std::move(op.clause->targets),
                        op.clause->detach);
    case LogicalKind::kForeach:
      return MakeForeach(std::move(input), op.clause->update, op.clause->list,
                         op.clause->element_slot, op.clause->subplan);
  }
  return input;
}

}  // namespace

OperatorPtr BuildPhysical(LogicalPtr root, Built* built) {
  // Bottom up along the inputs, without recursing: a chain may be thousands
  // of Filters long (a generated WHERE).
  std::vector<LogicalOperator*> chain;
  for (LogicalOperator* op = root.get(); op; op = op->input.get()) chain.push_back(op);
  OperatorPtr op;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    std::vector<int> dead = std::move((*it)->dead_after);
    op = Build(**it, std::move(op), built);
    if (!dead.empty()) op->ClearAfter(std::move(dead));
    if (built) (*built)[*it] = op.get();
  }
  return op;
}

}  // namespace namidb::query
