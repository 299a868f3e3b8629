#include "query/optimizer/neighbor_counts.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/functions/function_registry.h"

namespace namidb::query {
namespace {

// Whether `a` sums the counts in `count_slot`, as count_expansions leaves
// a count(*) or count(m).
bool SumsCounts(const AggregateItem& a, int count_slot) {
  return a.function->id == AggregateId::kSum && !a.distinct && !a.parameter && a.argument &&
         a.argument->kind == ExprKind::kVariable && a.argument->slot == count_slot;
}

// The property of the source `key` reads, if it is exactly `source.name`
// with `name` one of the scan's columns; else null.
const std::string* SourceColumn(const Expr& key, const WholeLabelExpansion& whole) {
  if (key.kind != ExprKind::kProperty || key.children.size() != 1 || key.subquery || key.pattern ||
      key.subplan >= 0) {
    return nullptr;
  }
  const Expr* target = key.children[0].get();
  if (!target || target->kind != ExprKind::kVariable || target->slot != whole.source_slot ||
      target->subplan >= 0) {
    return nullptr;
  }
  if (!std::binary_search(whole.columns.begin(), whole.columns.end(), key.name)) return nullptr;
  return &key.name;
}

}  // namespace

bool NeighborCountsRule::Apply(LogicalPtr* root, OptimizerContext& ctx) const {
  bool changed = false;
  for (LogicalOperator* op = root->get(); op; op = op->input.get()) {
    if (op->kind != LogicalKind::kAggregate || !op->input) continue;
    LogicalOperator& pipeline = *op->input;
    if (pipeline.kind != LogicalKind::kPipeline || pipeline.count_slot < 0 ||
        !pipeline.countable.whole_label.present || op->aggregates.empty()) {
      continue;
    }
    const WholeLabelExpansion& whole = pipeline.countable.whole_label;
    bool sums =
        std::all_of(op->aggregates.begin(), op->aggregates.end(),
                    [&](const AggregateItem& a) { return SumsCounts(a, pipeline.count_slot); });
    if (!sums) continue;
    std::vector<std::string> columns;  // what the keys read, ascending
    bool keys_are_columns = true;
    for (const ProjectItem& key : op->items) {
      const std::string* column = SourceColumn(*key.expr, whole);
      if (!column) {
        keys_are_columns = false;
        break;
      }
      columns.push_back(*column);
    }
    if (!keys_are_columns) continue;
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());

    NeighborCountsSpec spec;
    spec.label = whole.label;
    spec.type = whole.type;
    spec.direction = whole.direction;
    spec.to_labels = whole.to_labels;
    spec.count_slot = pipeline.count_slot;
    std::vector<const Expr*> reads;  // a Variable of each column's slot
    for (const std::string& column : columns) {
      auto read = std::make_unique<Expr>();
      read->kind = ExprKind::kVariable;
      read->slot = ctx.new_slot();
      spec.columns.push_back(column);
      spec.column_slots.push_back(read->slot);
      reads.push_back(read.get());
      ctx.owned->push_back(std::move(read));
    }
    for (ProjectItem& key : op->items) {
      auto at = std::lower_bound(columns.begin(), columns.end(), key.expr->name);
      spec.key_slots.push_back(key.slot);
      spec.key_columns.push_back(static_cast<size_t>(at - columns.begin()));
      key.expr = reads[static_cast<size_t>(at - columns.begin())];
    }
    if (!op->items.empty()) {
      // With keys, NeighborCounts groups its sources itself: the Aggregate
      // becomes it (without keys the Aggregate stays, for its one row of
      // an empty input).
      spec.grouped = true;
      for (const AggregateItem& a : op->aggregates) spec.sum_slots.push_back(a.slot);
      op->kind = LogicalKind::kNeighborCounts;
      op->neighbor_counts = std::move(spec);
      op->input.reset();  // the scan and the Expand are not run
      op->items.clear();
      op->aggregates.clear();
      changed = true;
      break;
    }
    LogicalPtr counts = std::make_unique<LogicalOperator>();
    counts->kind = LogicalKind::kNeighborCounts;
    counts->neighbor_counts = std::move(spec);
    op->input = std::move(counts);  // the scan and the Expand are not run
    changed = true;
  }
  return changed;
}

}  // namespace namidb::query
