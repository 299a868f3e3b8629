#include "query/planner/node_reads.h"

#include <algorithm>

#include "query/execution/node_filter.h"
#include "query/planner/function_calls.h"

namespace namidb::query {
namespace {

// What a variable read as `parent`'s operand needs of its node.
NodeDetail NeedAsOperand(const Expr* parent) {
  if (!parent) return NodeDetail::kFull;
  switch (parent->kind) {
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull:
      return NodeDetail::kId;
    case ExprKind::kHasLabels:
      return NodeDetail::kLabels;
    case ExprKind::kFunction: {
      if (parent->children.size() != 1) return NodeDetail::kFull;
      if (Calls(*parent, AggregateId::kCount) || Calls(*parent, FunctionId::kId) ||
          Calls(*parent, FunctionId::kElementId)) {
        return NodeDetail::kId;
      }
      if (Calls(*parent, FunctionId::kLabels)) return NodeDetail::kLabels;
      return NodeDetail::kFull;
    }
    default:
      return NodeDetail::kFull;
  }
}

}  // namespace

NodeDetail NodeReads::Of(const NodePattern& node) const {
  if (everything_ || node.properties || whole_.count(&node)) return NodeDetail::kFull;
  if (node.variable.empty()) return NodeDetail::kId;
  const std::string& variable = node.variable;
  NodeDetail need = NodeDetail::kId;
  if (auto it = needs_.find(variable); it != needs_.end()) need = it->second;
  // A node named by more than one pattern is checked again by the later
  // ones, against what the first loaded.
  auto uses = patterns_.find(variable);
  if (uses != patterns_.end() && uses->second > 1) need = std::max(need, checks_.at(variable));
  return need;
}

std::vector<std::string> NodeReads::ColumnsOf(const NodePattern& node) const {
  if (everything_ || whole_.count(&node) || node.variable.empty()) return {};
  if (node.properties && node.properties->kind != ExprKind::kMap) return {};
  if (Of(node) != NodeDetail::kFull) return {};
  auto uses = patterns_.find(node.variable);
  if (uses != patterns_.end() && uses->second > 1) return {};
  if (auto it = others_.find(node.variable); it != others_.end() && it->second > NodeDetail::kId)
    return {};
  auto keys = keys_.find(node.variable);
  if (keys == keys_.end()) return {};
  return {keys->second.begin(), keys->second.end()};
}

void NodeReads::Raise(std::map<std::string, NodeDetail>& details, const std::string& variable,
                      NodeDetail detail) {
  auto [it, fresh] = details.emplace(variable, detail);
  if (!fresh) it->second = std::max(it->second, detail);
}

void NodeReads::Walk(const Query& query) {
  for (const SingleQuery& part : query.parts) {
    for (const Clause& c : part.clauses) {
      switch (c.kind) {
        case ClauseKind::kMatch:
          for (const PatternPart& p : c.pattern) WalkPattern(p);
          if (c.where) WalkExpr(*c.where, nullptr);
          break;
        case ClauseKind::kUnwind:
        case ClauseKind::kLoadCsv:
          if (c.expr) WalkExpr(*c.expr, nullptr);
          break;
        case ClauseKind::kWith:
        case ClauseKind::kReturn: {
          const Projection& p = c.projection;
          if (p.star) everything_ = true;
          for (const auto& item : p.items) WalkExpr(*item.expr, nullptr);
          for (const auto& sort : p.order_by) WalkExpr(*sort.expr, nullptr);
          for (const Expr* e : {p.skip.get(), p.limit.get(), p.where.get()}) {
            if (e) WalkExpr(*e, nullptr);
          }
          break;
        }
        case ClauseKind::kCallSubquery:
          if (c.subquery) Walk(*c.subquery);
          break;
        case ClauseKind::kCallProcedure:
          for (const auto& a : c.arguments) WalkExpr(*a, nullptr);
          if (c.where) WalkExpr(*c.where, nullptr);
          break;
        default:  // a write reads and changes whole nodes
          everything_ = true;
          writes_ = true;
      }
    }
  }
}

void NodeReads::WalkPattern(const PatternPart& part) {
  for (const NodePattern& n : part.nodes) {
    if (n.properties) WalkExpr(*n.properties, nullptr);
    if (n.variable.empty()) continue;
    ++patterns_[n.variable];
    NodeDetail check = n.properties       ? NodeDetail::kFull
                       : n.labels.empty() ? NodeDetail::kId
                                          : NodeDetail::kLabels;
    Raise(checks_, n.variable, check);
    // A path hands out its nodes whole.
    if (!part.path_variable.empty()) {
      Raise(needs_, n.variable, NodeDetail::kFull);
      Raise(others_, n.variable, NodeDetail::kFull);
    }
    if (n.properties) {
      Raise(needs_, n.variable, NodeDetail::kFull);
      if (n.properties->kind == ExprKind::kMap) {
        keys_[n.variable].insert(n.properties->names.begin(), n.properties->names.end());
      } else {
        Raise(others_, n.variable, NodeDetail::kFull);
      }
    }
  }
  for (size_t i = 0; i < part.rels.size(); ++i) {
    const RelPattern& r = part.rels[i];
    for (const Expr* e : {r.properties.get(), r.min_hops.get(), r.max_hops.get()}) {
      if (e) WalkExpr(*e, nullptr);
    }
    if (const QuantifiedHop* hop = r.quantified.get()) {
      for (const Expr* e : hop->Checks()) {
        if (e) WalkExpr(*e, nullptr);
      }
    }
    if (r.variable_length || part.kind != PathKind::kPlain) {
      for (const NodePattern* end : {&part.nodes[i], &part.nodes[i + 1]}) {
        whole_.insert(end);
        if (!end->variable.empty()) {
          Raise(needs_, end->variable, NodeDetail::kFull);
          Raise(others_, end->variable, NodeDetail::kFull);
        }
      }
    }
  }
}

void NodeReads::WalkExpr(const Expr& e, const Expr* parent) {
  if (e.kind == ExprKind::kVariable) {
    Raise(needs_, e.name, NeedAsOperand(parent));
    if (parent && parent->kind == ExprKind::kProperty) {
      keys_[e.name].insert(parent->name);
    } else {
      Raise(others_, e.name, NeedAsOperand(parent));
    }
  }
  for (const auto& child : e.children) {
    if (child) WalkExpr(*child, &e);
  }
  if (e.pattern) WalkPattern(*e.pattern);
  if (e.subquery) Walk(*e.subquery);
}

}  // namespace namidb::query
