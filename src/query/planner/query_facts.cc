#include "query/planner/query_facts.h"

#include "query/functions/function_registry.h"
#include "query/planner/function_calls.h"

namespace namidb::query {

bool IsAggregate(const Expr& e) { return AggregateOf(e) != nullptr; }

void FindAggregates(Expr& e, std::vector<Expr*>* out) {
  if (const AggregateFunction* f = AggregateOf(e)) {
    e.aggregate = f;
    out->push_back(&e);
    return;
  }
  // A comprehension's body runs per element: an aggregate there is an
  // error the binder reports, not one of the projection's.
  size_t searched = e.children.size();
  if (e.kind == ExprKind::kListComprehension || e.kind == ExprKind::kQuantifier) searched = 1;
  if (e.kind == ExprKind::kReduce) searched = 2;
  for (size_t i = 0; i < searched; ++i) {
    if (e.children[i]) FindAggregates(*e.children[i], out);
  }
}

namespace {

bool HasPatternOrSubquery(const Expr* e) {
  if (!e) return false;
  if (e->pattern || e->subquery) return true;
  for (const auto& c : e->children) {
    if (HasPatternOrSubquery(c.get())) return true;
  }
  return false;
}

}  // namespace

bool ReadsGraph(std::span<const Clause> clauses) {
  for (const Clause& c : clauses) {
    switch (c.kind) {
      case ClauseKind::kUnwind:
      case ClauseKind::kLoadCsv:
        if (HasPatternOrSubquery(c.expr.get())) return true;
        break;
      case ClauseKind::kWith:
      case ClauseKind::kReturn: {
        const Projection& p = c.projection;
        for (const ProjectionItem& item : p.items) {
          if (HasPatternOrSubquery(item.expr.get())) return true;
        }
        for (const SortItem& item : p.order_by) {
          if (HasPatternOrSubquery(item.expr.get())) return true;
        }
        if (HasPatternOrSubquery(p.where.get()) || HasPatternOrSubquery(p.skip.get()) ||
            HasPatternOrSubquery(p.limit.get())) {
          return true;
        }
        break;
      }
      default:
        return true;
    }
  }
  return false;
}

std::string SubqueryName(const Expr& e) {
  return e.kind == ExprKind::kExists          ? "EXISTS"
         : e.kind == ExprKind::kCountSubquery ? "COUNT"
                                              : "COLLECT";
}

const Expr* FindRandom(const Expr& e) {
  if (Calls(e, FunctionId::kRandom)) return &e;
  for (const auto& c : e.children) {
    if (const Expr* found = c ? FindRandom(*c) : nullptr) return found;
  }
  return nullptr;
}

bool OnlyDistinctRowsMatter(std::vector<Clause>& clauses, size_t at) {
  for (size_t i = at + 1; i < clauses.size(); ++i) {
    Clause& c = clauses[i];
    if (c.kind == ClauseKind::kMatch || c.kind == ClauseKind::kUnwind) continue;
    if (c.kind != ClauseKind::kWith && c.kind != ClauseKind::kReturn) return false;
    // Aggregates see every row, DISTINCT or not.
    std::vector<Expr*> aggregates;
    for (auto& item : c.projection.items) FindAggregates(*item.expr, &aggregates);
    for (auto& sort : c.projection.order_by) FindAggregates(*sort.expr, &aggregates);
    if (aggregates.empty()) return c.projection.distinct;
    for (const Expr* a : aggregates) {
      bool insensitive =
          a->kind != ExprKind::kCountStar && (a->distinct || !AggregateOf(*a)->duplicates_matter);
      if (!insensitive) return false;
    }
    return true;
  }
  return false;
}

bool ContainsVariable(const Expr& e) {
  if (e.kind == ExprKind::kVariable || e.kind == ExprKind::kPatternPredicate ||
      e.kind == ExprKind::kPatternComprehension || e.kind == ExprKind::kExists ||
      e.kind == ExprKind::kCountSubquery || e.kind == ExprKind::kCollectSubquery) {
    return true;
  }
  for (const auto& c : e.children) {
    if (c && ContainsVariable(*c)) return true;
  }
  return false;
}

bool ContainsParameter(const Expr& e) {
  if (e.kind == ExprKind::kParameter) return true;
  for (const auto& c : e.children) {
    if (c && ContainsParameter(*c)) return true;
  }
  return false;
}

}  // namespace namidb::query
