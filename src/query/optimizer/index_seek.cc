#include "query/optimizer/index_seek.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "query/functions/function_registry.h"
#include "query/optimizer/scans_under_filters.h"

namespace namidb::query {
namespace {

// An index on a label of `scan` and `property`, or null.
const SchemaEntry* IndexOn(const LogicalOperator& scan, const std::string& property,
                           const OptimizerContext& ctx) {
  if (!ctx.schema) return nullptr;
  const std::vector<std::string>& labels = scan.node_filter.labels;
  for (const SchemaEntry& e : *ctx.schema) {
    if (HasIndex(e) && e.property == property &&
        std::find(labels.begin(), labels.end(), e.label) != labels.end())
      return &e;
  }
  return nullptr;
}

// Whether `e` can be computed before the node in `slot` is bound: it does
// not read the slot, and has no sub-pipeline (whose reads are not in its
// children).
bool ComputableWithout(const Expr& e, int slot) {
  if (e.pattern || e.subquery || e.subplan >= 0) return false;
  if (e.kind == ExprKind::kVariable && e.slot == slot) return false;
  for (const auto& c : e.children) {
    if (c && !ComputableWithout(*c, slot)) return false;
  }
  return true;
}

// `n.key = value` over `scan`'s node with an index on key: the seek.
std::optional<IndexSeek> IndexEquality(const LogicalOperator& scan, const Expr& e,
                                       const OptimizerContext& ctx) {
  if (e.kind != ExprKind::kBinary || e.name != "=" || e.children.size() < 2) return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    const Expr& prop = *e.children[side];
    if (prop.kind != ExprKind::kProperty || prop.children[0]->kind != ExprKind::kVariable ||
        prop.children[0]->slot != scan.node_slot) {
      continue;
    }
    const SchemaEntry* index = IndexOn(scan, prop.name, ctx);
    const Expr& value = *e.children[1 - side];
    if (index && ComputableWithout(value, scan.node_slot)) {
      return IndexSeek{index->label, index->property, &value};
    }
  }
  return std::nullopt;
}

bool IsIdCall(const Expr& e) {
  return e.kind == ExprKind::kFunction && e.function &&
         (e.function->id == FunctionId::kId || e.function->id == FunctionId::kElementId);
}

// `id(n) = value` or `elementId(n) = value` over `scan`'s node: the value.
const Expr* IdEquality(const LogicalOperator& scan, const Expr& e) {
  if (e.kind != ExprKind::kBinary || e.name != "=" || e.children.size() < 2) return nullptr;
  for (int side = 0; side < 2; ++side) {
    const Expr& fn = *e.children[side];
    if (!IsIdCall(fn) || fn.distinct || fn.children.size() != 1) continue;
    const Expr& arg = *fn.children[0];
    if (arg.kind != ExprKind::kVariable || arg.slot != scan.node_slot) continue;
    const Expr& value = *e.children[1 - side];
    if (ComputableWithout(value, scan.node_slot)) return &value;
  }
  return nullptr;
}

// The seek for `scan`, under the Filters `filters` (bottom first).
bool Seek(LogicalOperator& scan, const std::vector<const Expr*>& filters,
          const OptimizerContext& ctx) {
  std::optional<IndexSeek> seek;
  const Expr* map = scan.node_filter.properties;
  if (map && map->kind == ExprKind::kMap) {
    for (size_t i = 0; i < map->names.size() && !seek; ++i) {
      if (const SchemaEntry* e = IndexOn(scan, map->names[i], ctx)) {
        seek = IndexSeek{e->label, e->property, map->children[i].get()};
      }
    }
  }
  for (size_t i = 0; i < filters.size() && !seek; ++i) seek = IndexEquality(scan, *filters[i], ctx);
  const Expr* id = nullptr;
  for (size_t i = 0; i < filters.size() && !seek && !id; ++i) id = IdEquality(scan, *filters[i]);
  if (!seek && !id) return false;
  scan.kind = seek ? LogicalKind::kNodeIndexSeek : LogicalKind::kNodeIdSeek;
  if (seek) scan.index_seek = std::move(*seek);
  scan.id = id;
  scan.detail = NodeDetail::kFull;
  scan.columns.clear();
  return true;
}

}  // namespace

bool IndexSeekRule::Apply(LogicalPtr* root, OptimizerContext& ctx) const {
  return ForEachScanUnderFilters(root->get(), [&](LogicalOperator& scan, const auto& filters) {
    return Seek(scan, filters, ctx);
  });
}

}  // namespace namidb::query
