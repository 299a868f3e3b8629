#include <algorithm>

#include "query/binder/same_expression.h"
#include "query/execution/operators/node_index_seek.h"
#include "query/planner/function_calls.h"
#include "query/planner/part_planner.h"

namespace namidb::query {

void PartPlanner::SplitConjuncts(Expr* e, std::vector<Expr*>* out) {
  if (e->kind == ExprKind::kBinary && e->binary_op == BinaryOp::kAnd) {
    for (auto& c : e->children) SplitConjuncts(c.get(), out);  // a chain: every operand
  } else {
    out->push_back(e);
  }
}

void PartPlanner::MentionedNames(const Expr& e, std::set<std::string>* out) {
  bool subquery = false;
  out->merge(ExpressionReads(e, &subquery));
  if (subquery) out->insert("*");  // EXISTS { ... }: wait for everything
}

bool PartPlanner::Ready(const PendingFilter& f, const Scope& scope) const {
  return std::all_of(f.needs.begin(), f.needs.end(),
                     [&](const std::string& n) { return scope.count(n) > 0; });
}

void PartPlanner::MarkReady(const Scope& scope) {
  if (!pending_) return;
  for (PendingFilter& f : *pending_) {
    if (!f.applied && Ready(f, scope)) f.applied = true;
  }
}

Status PartPlanner::StackConditions(Expr* where, LogicalPtr* op, const Scope& scope) {
  if (!where) return Status::OK();
  std::vector<Expr*> conjuncts;
  SplitConjuncts(where, &conjuncts);
  // Sub-pipelines the conjuncts plan are not this MATCH's, nor what it
  // noted of its operators.
  auto no_conditions = WithoutConditions();
  auto countable = countable_;
  for (Expr* e : conjuncts) {
    NAMIDB_RETURN_IF_ERROR(BindPredicate(*e, scope));
    std::set<std::string> names;
    MentionedNames(*e, &names);
    LogicalPtr filter = LogicalOver(LogicalKind::kFilter, std::move(*op));
    filter->predicate = e;
    filter->placeable = true;
    for (const auto& [name, slot] : scope) {
      if (names.count("*") || names.count(name)) filter->reads.push_back(slot);
    }
    *op = std::move(filter);
  }
  countable_ = countable;
  return Status::OK();
}

const SchemaEntry* PartPlanner::IndexOn(const NodePattern& n, const std::string& property) const {
  for (const SchemaEntry& e : schema_) {
    if (HasIndex(e) && e.property == property &&
        std::find(n.labels.begin(), n.labels.end(), e.label) != n.labels.end()) {
      return &e;
    }
  }
  return nullptr;
}

std::optional<PartPlanner::IndexEquality> PartPlanner::PendingIndexEquality(
    const NodePattern& n, const Scope& scope) const {
  if (!pending_ || n.variable.empty()) return std::nullopt;
  for (const PendingFilter& f : *pending_) {
    const Expr& e = *f.expr;
    if (f.applied || e.kind != ExprKind::kBinary || e.name != "=") continue;
    for (int side = 0; side < 2; ++side) {
      const Expr& prop = *e.children[side];
      if (prop.kind != ExprKind::kProperty || prop.children[0]->kind != ExprKind::kVariable ||
          prop.children[0]->name != n.variable) {
        continue;
      }
      const SchemaEntry* index = IndexOn(n, prop.name);
      if (!index) continue;
      Expr& value = *e.children[1 - side];
      std::set<std::string> names;
      MentionedNames(value, &names);
      bool computable = std::all_of(names.begin(), names.end(), [&](const std::string& name) {
        return name != n.variable && (scope.count(name) > 0 || !f.needs.count(name));
      });
      if (computable) return IndexEquality{index, &value};
    }
  }
  return std::nullopt;
}

Expr* PartPlanner::PendingIdEquality(const NodePattern& n, const Scope& scope) const {
  if (!pending_ || n.variable.empty()) return nullptr;
  for (const PendingFilter& f : *pending_) {
    const Expr& e = *f.expr;
    if (f.applied || e.kind != ExprKind::kBinary || e.name != "=") continue;
    for (int side = 0; side < 2; ++side) {
      const Expr& fn = *e.children[side];
      if (fn.kind != ExprKind::kFunction || fn.distinct || fn.children.size() != 1) continue;
      const Expr& arg = *fn.children[0];
      if (!(Calls(fn, FunctionId::kId) || Calls(fn, FunctionId::kElementId)) ||
          arg.kind != ExprKind::kVariable || arg.name != n.variable) {
        continue;
      }
      Expr& value = *e.children[1 - side];
      std::set<std::string> names;
      MentionedNames(value, &names);
      bool computable = std::all_of(names.begin(), names.end(), [&](const std::string& name_) {
        return name_ != n.variable && (scope.count(name_) > 0 || !f.needs.count(name_));
      });
      if (computable) return &value;
    }
  }
  return nullptr;
}

bool PartPlanner::Seekable(const NodePattern& n, const Scope& scope) const {
  return IndexFor(n) || PendingIndexEquality(n, scope) || PendingIdEquality(n, scope);
}

std::optional<IndexSeek> PartPlanner::IndexFor(const NodePattern& n) const {
  if (!n.properties || n.properties->kind != ExprKind::kMap) return std::nullopt;
  for (size_t i = 0; i < n.properties->names.size(); ++i) {
    if (const SchemaEntry* e = IndexOn(n, n.properties->names[i])) {
      return IndexSeek{e->label, e->property, n.properties->children[i].get()};
    }
  }
  return std::nullopt;
}

}  // namespace namidb::query
