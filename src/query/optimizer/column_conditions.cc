#include "query/optimizer/column_conditions.h"

#include <algorithm>
#include <optional>
#include <vector>

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

// Along the inputs without recursing (a chain may be thousands of Filters
// long), into the other sides of joins.
bool Walk(LogicalOperator* op) {
  bool changed = false;
  std::vector<const Expr*> filters;  // the Filters right above `op`, top first
  for (; op; op = op->input.get()) {
    if (op->right) changed |= Walk(op->right.get());
    if (op->kind == LogicalKind::kFilter) {
      if (op->predicate) filters.push_back(op->predicate);
      continue;
    }
    if (op->kind == LogicalKind::kNodeScan && !op->columns.empty()) {
      std::vector<const Expr*> conjuncts;  // in WHERE order (the bottom Filter first)
      for (auto f = filters.rbegin(); f != filters.rend(); ++f) Conjuncts(**f, &conjuncts);
      for (const Expr* c : conjuncts) {
        if (auto condition = ConditionOf(*op, *c)) {
          op->column_conditions.push_back(std::move(*condition));
          changed = true;
        }
      }
    }
    filters.clear();
  }
  return changed;
}

}  // namespace

bool ColumnConditionsRule::Apply(LogicalPtr* root, OptimizerContext&) const {
  return Walk(root->get());
}

}  // namespace namidb::query
