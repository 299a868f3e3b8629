#include "query/optimizer/count_from_statistics.h"

#include <algorithm>

#include "query/functions/function_registry.h"

namespace namidb::query {
namespace {

bool CountsRows(const AggregateItem& a, const std::vector<int>& pattern_slots) {
  if (a.function->id == AggregateId::kCountStar) return true;
  return a.function->id == AggregateId::kCount && !a.distinct && a.argument &&
         a.argument->kind == ExprKind::kVariable && a.argument->slot >= 0 &&
         a.argument->subplan < 0 &&
         std::find(pattern_slots.begin(), pattern_slots.end(), a.argument->slot) !=
             pattern_slots.end();
}

}  // namespace

bool CountFromStatisticsRule::Apply(LogicalPtr* root, OptimizerContext& ctx) const {
  bool changed = false;
  for (LogicalOperator* op = root->get(); op; op = op->input.get()) {
    if (op->kind != LogicalKind::kAggregate || !op->input) continue;
    LogicalOperator& pipeline = *op->input;
    // A grouping key needs the rows.
    if (pipeline.kind != LogicalKind::kPipeline || !pipeline.statistics.present ||
        !op->items.empty() || op->aggregates.empty()) {
      continue;
    }
    bool counts_rows = std::all_of(
        op->aggregates.begin(), op->aggregates.end(),
        [&](const AggregateItem& a) { return CountsRows(a, pipeline.statistics.slots); });
    if (!counts_rows) continue;
    auto count = std::make_unique<Expr>();
    count->kind = ExprKind::kVariable;
    count->slot = ctx.new_slot();
    for (AggregateItem& a : op->aggregates) {
      // The one row carries the number it stands for.
      a.function = &AggregateById(AggregateId::kSum);
      a.argument = count.get();
      a.parameter = nullptr;
    }
    LogicalPtr counted = std::make_unique<LogicalOperator>();
    counted->kind = LogicalKind::kCountFromStatistics;
    counted->statistics.count = pipeline.statistics.count;
    counted->statistics.count.slot = count->slot;
    op->input = std::move(counted);  // the pattern's operators are not run
    ctx.owned->push_back(std::move(count));
    changed = true;
  }
  return changed;
}

}  // namespace namidb::query
