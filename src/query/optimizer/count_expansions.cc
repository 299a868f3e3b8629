#include "query/optimizer/count_expansions.h"

#include <functional>

#include "query/functions/function_registry.h"

namespace namidb::query {
namespace {

// Whether `e` reads `slot`, or may (a pattern or subquery, whose reads are
// not in its children).
bool MayRead(const Expr& e, int slot) {
  if (e.pattern || e.subquery || e.subplan >= 0) return true;
  if (e.kind == ExprKind::kVariable && slot >= 0 && e.slot == slot) return true;
  for (const auto& c : e.children) {
    if (c && MayRead(*c, slot)) return true;
  }
  return false;
}

bool CountsReached(const AggregateItem& a, int reached_slot) {
  if (a.function->id == AggregateId::kCountStar) return true;
  return a.function->id == AggregateId::kCount && !a.distinct && reached_slot >= 0 && a.argument &&
         a.argument->kind == ExprKind::kVariable && a.argument->slot == reached_slot &&
         !a.argument->subquery && a.argument->subplan < 0;
}

bool Countable(const LogicalOperator& aggregate) {
  const LogicalOperator& pipeline = *aggregate.input;
  int reached = pipeline.countable.reached_slot;
  for (const AggregateItem& a : aggregate.aggregates) {
    if (!CountsReached(a, reached)) return false;
  }
  for (const ProjectItem& key : aggregate.items) {
    if (MayRead(*key.expr, reached)) return false;
  }
  return true;
}

}  // namespace

bool CountExpansionsRule::Apply(LogicalPtr* root, OptimizerContext& ctx) const {
  bool changed = false;
  for (LogicalOperator* op = root->get(); op; op = op->input.get()) {
    if (op->kind != LogicalKind::kAggregate || !op->input) continue;
    LogicalOperator& pipeline = *op->input;
    if (pipeline.kind != LogicalKind::kPipeline || !pipeline.countable.expand ||
        pipeline.count_slot >= 0 || op->aggregates.empty() || !Countable(*op)) {
      continue;
    }
    pipeline.count_slot = ctx.new_slot();
    auto count = std::make_unique<Expr>();
    count->kind = ExprKind::kVariable;
    count->slot = pipeline.count_slot;
    for (AggregateItem& a : op->aggregates) {
      // Each row carries how many it stands for.
      a.function = &AggregateById(AggregateId::kSum);
      a.argument = count.get();
      a.parameter = nullptr;
    }
    ctx.owned->push_back(std::move(count));
    changed = true;
  }
  return changed;
}

}  // namespace namidb::query
