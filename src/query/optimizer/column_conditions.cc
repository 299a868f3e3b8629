#include "query/optimizer/column_conditions.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "query/optimizer/scans_under_filters.h"

namespace namidb::query {
namespace {

// The comparison `binary` names, seen from its left operand.
std::optional<ColumnCompare> CompareOf(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEqual:
      return ColumnCompare::kEq;
    case BinaryOp::kLess:
      return ColumnCompare::kLt;
    case BinaryOp::kLessEqual:
      return ColumnCompare::kLe;
    case BinaryOp::kGreater:
      return ColumnCompare::kGt;
    case BinaryOp::kGreaterEqual:
      return ColumnCompare::kGe;
    default:
      return std::nullopt;
  }
}

// `a op b` as `b op' a`.
ColumnCompare Flipped(ColumnCompare op) {
  switch (op) {
    case ColumnCompare::kLt:
      return ColumnCompare::kGt;
    case ColumnCompare::kLe:
      return ColumnCompare::kGe;
    case ColumnCompare::kGt:
      return ColumnCompare::kLt;
    case ColumnCompare::kGe:
      return ColumnCompare::kLe;
    case ColumnCompare::kEq:
      break;
  }
  return op;
}

void Conjuncts(const Expr& e, std::vector<const Expr*>* out) {
  if (e.kind == ExprKind::kBinary && e.binary_op == BinaryOp::kAnd) {
    for (const auto& c : e.children) {
      if (c) Conjuncts(*c, out);
    }
  } else {
    out->push_back(&e);
  }
}

// `n.p op value` over `scan`'s node, p one of its columns, value a literal
// or a parameter (the same for every row): the condition.
std::optional<ColumnConditionSpec> ConditionOf(const LogicalOperator& scan, const Expr& e) {
  if (e.kind != ExprKind::kBinary || e.children.size() != 2 || !e.chain_ops.empty()) {
    return std::nullopt;
  }
  std::optional<ColumnCompare> op = CompareOf(e.binary_op);
  if (!op) return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    const Expr* prop = e.children[side].get();
    const Expr* value = e.children[1 - side].get();
    if (!prop || !value || prop->kind != ExprKind::kProperty || prop->children.empty() ||
        !prop->children[0] || prop->children[0]->kind != ExprKind::kVariable ||
        prop->children[0]->slot != scan.node_slot) {
      continue;
    }
    if (value->kind != ExprKind::kLiteral && value->kind != ExprKind::kParameter) continue;
    if (!std::binary_search(scan.columns.begin(), scan.columns.end(), prop->name)) continue;
    return ColumnConditionSpec{prop->name, side == 0 ? *op : Flipped(*op), value};
  }
  return std::nullopt;
}

}  // namespace

bool ColumnConditionsRule::Apply(LogicalPtr* root, OptimizerContext&) const {
  return ForEachScanUnderFilters(root->get(), [](LogicalOperator& scan, const auto& filters) {
    if (scan.columns.empty()) return false;
    std::vector<const Expr*> conjuncts;
    for (const Expr* f : filters) Conjuncts(*f, &conjuncts);
    bool changed = false;
    for (const Expr* c : conjuncts) {
      if (auto condition = ConditionOf(scan, *c)) {
        scan.column_conditions.push_back(std::move(*condition));
        changed = true;
      }
    }
    return changed;
  });
}

}  // namespace namidb::query
