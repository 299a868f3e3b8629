#include <algorithm>
#include <functional>

#include "query/binder/same_expression.h"
#include "query/execution/evaluator.h"
#include "query/execution/operators/aggregate.h"
#include "query/execution/operators/project.h"
#include "query/execution/operators/sort.h"
#include "query/functions/function_registry.h"
#include "query/planner/function_calls.h"
#include "query/planner/part_planner.h"
#include "query/planner/physical_plan.h"

namespace namidb::query {

Status PartPlanner::PlanProjection(Clause& c, OperatorPtr* op, Scope* scope, PartPlan* result) {
  Projection& p = c.projection;
  // RETURN * / WITH *: every named variable in scope, by name.
  std::vector<std::pair<Expr*, std::string>> items;
  if (p.star) {
    // A RETURN * with nothing in scope the binder refused (CheckBound).
    for (const auto& [name, slot] : *scope) {
      if (name.starts_with(" ")) continue;
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kVariable;
      e->name = name;
      e->pos = c.pos;
      items.emplace_back(e.get(), name);
      plan_->owned.push_back(std::move(e));
    }
  }
  for (auto& item : p.items) items.emplace_back(item.expr.get(), item.alias);
  // A name used twice: reported at its second use, the earliest such.
  // Sorted views rather than a set of strings: no allocation per item.
  std::vector<std::pair<std::string_view, size_t>> names;
  names.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) names.emplace_back(items[i].second, i);
  std::sort(names.begin(), names.end());
  size_t conflict = items.size();
  for (size_t i = 1; i < names.size(); ++i) {
    if (names[i].first == names[i - 1].first && (i < 2 || names[i - 2].first != names[i].first)) {
      conflict = std::min(conflict, names[i].second);
    }
  }
  if (conflict < items.size()) {
    return SyntaxError("ColumnNameConflict", items[conflict].first->pos,
                       "column name '" + items[conflict].second + "' is used twice");
  }
  // An unaliased WITH expression is reported once ORDER BY is bound: an
  // ambiguous aggregation there is the error openCypher reports first.
  const Expr* unaliased = nullptr;
  for (size_t i = 0; i < p.items.size() && !unaliased; ++i) {
    if (c.kind == ClauseKind::kWith && !p.items[i].aliased &&
        p.items[i].expr->kind != ExprKind::kVariable) {
      unaliased = p.items[i].expr.get();
    }
  }
  // The aliases that name something other than the variable of their
  // name: after the projection, an expression reading one of them reads
  // the alias, so it is not the projected expression it may look like.
  std::set<std::string> rebound;
  for (const auto& [expr, alias] : items) {
    if (expr->kind != ExprKind::kVariable || expr->name != alias) rebound.insert(alias);
  }
  std::vector<std::vector<Expr*>> aggregates(items.size());
  bool aggregating = false;
  for (size_t i = 0; i < items.size(); ++i) {
    FindAggregates(*items[i].first, &aggregates[i]);
    aggregating |= !aggregates[i].empty();
  }
  Scope projected;
  std::vector<int> slots;
  for (const auto& item : items) {
    slots.push_back(NewSlot());
    projected[item.second] = slots.back();
  }
  // The projection as a logical plan over the rows so far, which the
  // optimizer rewrites (optimizer/optimizer.h) and BuildPhysical turns
  // into operators.
  CountableExpansion countable;
  if (op->get() == countable_.first) {
    countable.expand = op->get();  // the Expand (Finish made it an operator)
    auto reached = scope->find(countable_.second);
    if (!countable_.second.empty() && reached != scope->end()) {
      countable.reached_slot = reached->second;
    }
    if (whole_label_.first == countable_.first) countable.whole_label = whole_label_.second;
  }
  StatisticsCountable statistics;
  if (op->get() == counted_pattern_.op) {
    statistics.present = true;
    statistics.count = counted_pattern_.count;
    for (const std::string& name : counted_pattern_.variables) {
      auto it = scope->find(name);
      if (!name.empty() && it != scope->end()) statistics.slots.push_back(it->second);
    }
  }
  LogicalPtr plan;
  if (aggregating) {
    // The rule count_from_statistics may replace the operators so far:
    // nothing may point at them any more.
    once_ = nullptr;
    whole_scan_ = {nullptr, 0};
    countable_ = {nullptr, ""};
    whole_label_ = {nullptr, {}};
    counted_pattern_ = {};
    plan = LogicalPipeline(std::move(*op), countable, std::move(statistics));
    std::vector<ProjectItem> keys;
    std::vector<AggregateItem> aggs;
    Scope key_scope;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!aggregates[i].empty()) continue;
      NAMIDB_RETURN_IF_ERROR(Bind(*items[i].first, *scope));
      keys.push_back({items[i].first, slots[i]});
      if (items[i].first->kind == ExprKind::kVariable) key_scope[items[i].first->name] = slots[i];
    }
    // A map projection that aggregates groups by its subject, as in
    // Neo4j's `actor {.name, movies: collect(m.title)}`: the subject is a
    // grouping key of its own unless an item already is the variable.
    for (size_t i = 0; i < items.size(); ++i) {
      const Expr& item = *items[i].first;
      if (aggregates[i].empty() || item.kind != ExprKind::kMapProjection) continue;
      const std::string& subject = item.children[0]->name;
      if (key_scope.count(subject)) continue;
      auto key = std::make_unique<Expr>();
      key->kind = ExprKind::kVariable;
      key->name = subject;
      key->pos = item.children[0]->pos;
      NAMIDB_RETURN_IF_ERROR(Bind(*key, *scope));
      int slot = NewSlot();
      keys.push_back({key.get(), slot});
      key_scope[subject] = slot;
      plan_->owned.push_back(std::move(key));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      for (Expr* a : aggregates[i]) {
        AggregateItem agg;
        agg.function = AggregateOf(*a);
        agg.distinct = a->distinct;
        if (a->kind == ExprKind::kFunction) {
          if (a->children.size() != agg.function->arguments) {
            return BinderChecked("InvalidNumberOfArguments");
          }
          std::vector<Expr*> nested;
          FindAggregates(*a->children[0], &nested);
          if (!nested.empty()) {
            return SyntaxError("NestedAggregation", nested[0]->pos, "aggregates cannot be nested");
          }
          if (const Expr* random = FindRandom(*a->children[0])) {
            return SyntaxError("NonConstantExpression", random->pos,
                               "rand() cannot be aggregated: its value differs on every call");
          }
          NAMIDB_RETURN_IF_ERROR(Bind(*a->children[0], *scope));
          agg.argument = a->children[0].get();
          if (agg.function->arguments == 2) {
            NAMIDB_RETURN_IF_ERROR(Bind(*a->children[1], *scope));
            agg.parameter = a->children[1].get();
          }
        }
        agg.slot = NewSlot();
        a->slot = agg.slot;
        aggs.push_back(agg);
      }
    }
    plan = LogicalOver(LogicalKind::kAggregate, std::move(plan));
    plan->items = std::move(keys);
    plan->aggregates = std::move(aggs);
    std::vector<ProjectItem> computed;
    std::vector<Projected> grouped;
    for (size_t i = 0; i < items.size(); ++i) {
      if (aggregates[i].empty()) grouped.push_back({items[i].first, slots[i]});
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (aggregates[i].empty()) continue;
      NAMIDB_RETURN_IF_ERROR(
          BindOverProjection(*items[i].first, key_scope, grouped, {}, *scope, true));
      computed.push_back({items[i].first, slots[i]});
    }
    plan = LogicalOver(LogicalKind::kProject, std::move(plan));
    plan->items = std::move(computed);
  } else {
    plan = LogicalPipeline(std::move(*op), countable);
    std::vector<ProjectItem> computed;
    for (size_t i = 0; i < items.size(); ++i) {
      NAMIDB_RETURN_IF_ERROR(Bind(*items[i].first, *scope));
      computed.push_back({items[i].first, slots[i]});
    }
    plan = LogicalOver(LogicalKind::kProject, std::move(plan));
    plan->items = std::move(computed);
  }
  for (size_t i = 0; i < items.size(); ++i) {
    SetSlotKind(slots[i], StaticKind(*items[i].first));
  }
  if (p.distinct) {
    plan = LogicalOver(LogicalKind::kDistinct, std::move(plan));
    plan->slots = slots;
  }
  if (!p.order_by.empty()) {
    // ORDER BY sees the projected names and, unless the projection
    // aggregated or was DISTINCT, the variables before it too.
    Scope sort_scope = projected;
    if (!aggregating && !p.distinct) {
      for (const auto& [name, slot] : *scope) sort_scope.emplace(name, slot);
    }
    std::vector<Projected> all = ProjectedValues(items, slots, aggregates);
    std::vector<SortKey> keys;
    for (auto& s : p.order_by) {
      if (aggregating || p.distinct) {
        std::vector<Expr*> found;
        FindAggregates(*s.expr, &found);
        NAMIDB_RETURN_IF_ERROR(BindOverProjection(*s.expr, sort_scope, all, rebound,
                                                  MentionedIn(items, *scope), !found.empty()));
      } else {
        NAMIDB_RETURN_IF_ERROR(BindSortKey(*s.expr, sort_scope, items, slots, rebound));
      }
      keys.push_back({s.expr.get(), s.descending, s.nulls_first});
    }
    plan = LogicalOver(LogicalKind::kSort, std::move(plan));
    plan->sort_keys = std::move(keys);
  }
  if (unaliased) {
    return SyntaxError("NoExpressionAlias", unaliased->pos,
                       "an expression in WITH must be aliased (use AS)");
  }
  if (p.skip) {
    NAMIDB_RETURN_IF_ERROR(BindCount(*p.skip, "SKIP"));
    plan = LogicalOver(LogicalKind::kSkip, std::move(plan));
    plan->count = p.skip.get();
  }
  if (p.limit) {
    NAMIDB_RETURN_IF_ERROR(BindCount(*p.limit, "LIMIT"));
    plan = LogicalOver(LogicalKind::kLimit, std::move(plan));
    plan->count = p.limit.get();
    plan->drain = has_updates_;  // updates below a LIMIT happen in full, whatever it keeps
  }
  if (p.where) {
    // WITH ... WHERE sees what ORDER BY sees: the projected names and,
    // unless the projection aggregated or was DISTINCT, the variables
    // before it (`WITH c WHERE r IS NULL`).
    Scope where_scope = projected;
    if (!aggregating && !p.distinct) {
      for (const auto& [name, slot] : *scope) where_scope.emplace(name, slot);
      NAMIDB_RETURN_IF_ERROR(BindPredicate(*p.where, where_scope));
    } else {
      std::vector<Projected> all = ProjectedValues(items, slots, aggregates);
      ScopedValue predicate(&in_predicate_, true);
      NAMIDB_RETURN_IF_ERROR(
          BindOverProjection(*p.where, where_scope, all, rebound, *scope, false));
    }
    plan = LogicalOver(LogicalKind::kFilter, std::move(plan));
    plan->predicate = p.where.get();
  }
  *scope = projected;
  if (!result) {
    plan = LogicalOver(LogicalKind::kRetain, std::move(plan));  // WITH: the old variables are gone
    plan->slots = slots;
  }
  // What reads the rows after: RETURN's columns, or the clauses after WITH.
  std::vector<int> live;
  bool known = result ? bound_part_ != nullptr : LiveAfter(*scope, &live);
  if (result && known) live = slots;
  OptimizerContext optimizer{[this] { return NewSlot(); }, &plan_->owned, &schema_};
  if (known) optimizer.live_after = &live;
  Optimize(&plan, optimizer, optimizer_options_ ? *optimizer_options_ : OptimizerOptions());
  *op = Build(std::move(plan));
  if (result) {
    for (size_t i = 0; i < items.size(); ++i) {
      result->columns.push_back(items[i].second);
      result->column_slots.push_back(slots[i]);
    }
  }
  return Status::OK();
}

Status PartPlanner::BindCount(Expr& e, const char* what) {
  if (ContainsVariable(e)) {
    return SyntaxError(
        "NonConstantExpression", e.pos,
        std::string(what) + " must be a constant or a parameter, not depend on a row");
  }
  NAMIDB_RETURN_IF_ERROR(Bind(e, Scope()));
  if (ContainsParameter(e)) return Status::OK();
  Row empty;
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(e, empty, EvalContext{}));
  if (v.kind() != ValueKind::kInt) {
    return SyntaxError("InvalidArgumentType", e.pos, std::string(what) + " needs an integer");
  }
  if (v.as_int() < 0) {
    return SyntaxError("NegativeIntegerArgument", e.pos,
                       std::string(what) + " must not be negative");
  }
  return Status::OK();
}

Scope PartPlanner::MentionedIn(const std::vector<std::pair<Expr*, std::string>>& items,
                               const Scope& scope) {
  Scope out;
  std::function<void(const Expr&)> visit = [&](const Expr& e) {
    if (e.kind == ExprKind::kVariable && scope.count(e.name)) out[e.name] = scope.at(e.name);
    for (const auto& c : e.children) {
      if (c) visit(*c);
    }
  };
  for (const auto& item : items) visit(*item.first);
  return out;
}

std::vector<PartPlanner::Projected> PartPlanner::ProjectedValues(
    const std::vector<std::pair<Expr*, std::string>>& items, const std::vector<int>& slots,
    const std::vector<std::vector<Expr*>>& aggregates) {
  std::vector<Projected> out;
  for (size_t i = 0; i < items.size(); ++i) {
    out.push_back({items[i].first, slots[i]});
    for (Expr* a : aggregates[i]) out.push_back({a, a->slot});
  }
  return out;
}

Status PartPlanner::BindOverProjection(Expr& e, const Scope& scope,
                                       const std::vector<Projected>& projected,
                                       const std::set<std::string>& rebound, const Scope& before,
                                       bool around_aggregate) {
  auto read_slot = [&e](int slot) {
    e.kind = ExprKind::kVariable;
    e.name.clear();
    e.children.clear();
    e.slot = slot;
  };
  bool computed_aggregate = IsAggregate(e) && e.slot >= 0;
  if (computed_aggregate) return Status::OK();  // this projection's own aggregate
  if (e.kind == ExprKind::kVariable && scope.count(e.name)) return Bind(e, scope);
  if (!around_aggregate || e.kind == ExprKind::kVariable || e.kind == ExprKind::kProperty ||
      IsAggregate(e)) {
    for (const auto& p : projected) {
      if (Repeats(e, *p.expr, rebound)) {
        read_slot(p.slot);
        return Status::OK();
      }
    }
  }
  if (IsAggregate(e)) {
    // Not one the projection computed: its arguments name the error.
    for (auto& c : e.children) {
      if (c)
        NAMIDB_RETURN_IF_ERROR(BindOverProjection(*c, scope, projected, rebound, before, false));
    }
    return SyntaxError("InvalidAggregation", e.pos,
                       "an aggregate here must be one the projection computes");
  }
  if (e.kind == ExprKind::kVariable) {
    if (around_aggregate && before.count(e.name)) {
      return SyntaxError("AmbiguousAggregationExpression", e.pos,
                         "variable '" + e.name + "' is neither grouped by nor aggregated");
    }
    return Bind(e, scope);
  }
  switch (e.kind) {
    case ExprKind::kListComprehension:
    case ExprKind::kQuantifier:
    case ExprKind::kReduce:
    case ExprKind::kPatternComprehension:
    case ExprKind::kPatternPredicate:
    case ExprKind::kExists:
    case ExprKind::kCountSubquery:
    case ExprKind::kCollectSubquery:
      return Bind(e, scope);  // binds variables of its own
    case ExprKind::kFunction:
      // Resolved as BindInner resolves a call, so that CheckStaticTypes
      // below checks its arguments now: after DISTINCT or an aggregation
      // a wrong count was found per row, and never with no rows.
      // exists() stays unresolved here, as before, and so do
      // lineNumber() and file(), which are no registry entries.
      if (const ScalarFunction* f = FindScalarFunction(e.name); f && f->id != FunctionId::kExists) {
        e.function = f;
      }
      break;
    default:
      break;
  }
  for (auto& c : e.children) {
    if (c) {
      NAMIDB_RETURN_IF_ERROR(
          BindOverProjection(*c, scope, projected, rebound, before, around_aggregate));
    }
  }
  return CheckStaticTypes(e);
}

bool PartPlanner::Repeats(const Expr& e, const Expr& projected,
                          const std::set<std::string>& rebound) {
  if (!SameExpression(e, projected)) return false;
  for (const std::string& name : ExpressionReads(e)) {
    if (rebound.count(name)) return false;
  }
  return true;
}

Status PartPlanner::BindSortKey(Expr& e, const Scope& scope,
                                const std::vector<std::pair<Expr*, std::string>>& items,
                                const std::vector<int>& slots,
                                const std::set<std::string>& rebound) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (e.kind != ExprKind::kVariable && Repeats(e, *items[i].first, rebound)) {
      // Rewrite as a read of the projected slot.
      e.kind = ExprKind::kVariable;
      e.children.clear();
      e.slot = slots[i];
      return Status::OK();
    }
  }
  return Bind(e, scope);
}

}  // namespace namidb::query
