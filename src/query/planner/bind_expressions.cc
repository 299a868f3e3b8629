#include <algorithm>

#include "query/binder/check_bound.h"
#include "query/execution/operators/argument.h"
#include "query/execution/operators/call_subquery.h"
#include "query/execution/operators/filter.h"
#include "query/functions/function_registry.h"
#include "query/functions/functions.h"
#include "query/planner/function_calls.h"
#include "query/planner/part_planner.h"

namespace namidb::query {

Status PartPlanner::PlanSubplan(Expr& e, const Scope& scope) {
  ArgumentOperator* argument = nullptr;
  OperatorPtr op = MakeArgument(&argument);
  Scope inner = scope;
  if (e.subquery) {  // EXISTS, COUNT or COLLECT of a whole query
    // An expression reads: no updating clause anywhere inside it.
    if (const Clause* update = FindUpdatingClause(*e.subquery)) {
      return SyntaxError("InvalidClauseComposition", update->pos,
                         SubqueryName(e) + " { } cannot change the graph");
    }
    const bool collect = e.kind == ExprKind::kCollectSubquery;
    if (e.subquery->parts.size() > 1) {
      // A UNION: its parts as a CALL { }'s over the argument row, each
      // ending with RETURN; the rows are the union's.
      CallSubquerySpec spec;
      std::vector<std::string> columns;
      NAMIDB_RETURN_IF_ERROR(PlanSubqueryParts(*e.subquery, inner, /*imports_by_with=*/false,
                                               /*require_return=*/true, &spec, &columns));
      if (collect && columns.size() != 1) {
        return SyntaxError("InvalidClauseComposition", e.subquery->parts[0].clauses.back().pos,
                           "a COLLECT subquery must return exactly one column");
      }
      for (size_t i = 0; i < columns.size(); ++i) spec.output_slots.push_back(NewSlot());
      if (collect) e.local_slot = spec.output_slots[0];
      op = BuildCallSubquery(std::move(op), std::move(spec));
    } else {
      std::vector<Clause>& clauses = e.subquery->parts[0].clauses;
      if (collect && (clauses.empty() || clauses.back().kind != ClauseKind::kReturn)) {
        return SyntaxError("InvalidClauseComposition", e.pos,
                           "a COLLECT subquery must end with RETURN");
      }
      PartPlan part;
      NAMIDB_RETURN_IF_ERROR(PlanClauses(clauses, &op, inner, &part, /*require_return=*/collect));
      if (collect) {
        if (part.column_slots.size() != 1) {
          return SyntaxError("InvalidClauseComposition", clauses.back().pos,
                             "a COLLECT subquery must return exactly one column");
        }
        e.local_slot = part.column_slots[0];
      }
    }
  } else {
    std::vector<int> rel_slots;
    LogicalPtr pattern = LogicalPipeline(std::move(op));
    ScopedValue own_mode(&repeatable_elements_, false);  // not the MATCH's around it
    NAMIDB_RETURN_IF_ERROR(PlanPatternPart(*e.pattern, &pattern, inner, rel_slots));
    op = Finish(std::move(pattern));
    if (!e.children.empty() && e.children[0]) {
      NAMIDB_RETURN_IF_ERROR(BindPredicate(*e.children[0], inner));
      op = MakeFilter(std::move(op), e.children[0].get());
    }
    if (e.kind == ExprKind::kPatternComprehension) {
      NAMIDB_RETURN_IF_ERROR(Bind(*e.children[1], inner));
    }
  }
  e.subplan = static_cast<int>(plan_->subplans.size());
  plan_->subplans.push_back({std::move(op), argument});
  return Status::OK();
}

std::optional<ValueKind> PartPlanner::StaticKind(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::kLiteral:
      return e.value.kind();
    case ExprKind::kList:
      return ValueKind::kList;
    case ExprKind::kMap:
    case ExprKind::kMapProjection:  // or null, of a null subject
      return ValueKind::kMap;
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull:
    case ExprKind::kTypePredicate:
    case ExprKind::kHasLabels:
    case ExprKind::kQuantifier:
    case ExprKind::kPatternPredicate:
    case ExprKind::kExists:
      return ValueKind::kBool;
    case ExprKind::kCountSubquery:
      return ValueKind::kInt;
    case ExprKind::kCollectSubquery:
      return ValueKind::kList;
    case ExprKind::kListComprehension:
    case ExprKind::kPatternComprehension:
      return ValueKind::kList;
    case ExprKind::kUnary: {
      if (e.name == "NOT") return ValueKind::kBool;
      auto k = StaticKind(*e.children[0]);
      if (k == ValueKind::kInt || k == ValueKind::kFloat) return k;
      return std::nullopt;
    }
    case ExprKind::kBinary:
      return BinaryKind(e);
    case ExprKind::kVariable: {
      auto it = slot_kind_.find(e.slot);
      if (it == slot_kind_.end()) return std::nullopt;
      return it->second;
    }
    default:
      return std::nullopt;
  }
}

std::optional<ValueKind> PartPlanner::BinaryKind(const Expr& e) const {
  switch (e.binary_op) {
    case BinaryOp::kAnd:
    case BinaryOp::kOr:
    case BinaryOp::kXor:
    case BinaryOp::kIn:
    case BinaryOp::kStartsWith:
    case BinaryOp::kEndsWith:
    case BinaryOp::kContains:
    case BinaryOp::kRegexMatch:
    case BinaryOp::kEqual:
    case BinaryOp::kNotEqual:
    case BinaryOp::kLess:
    case BinaryOp::kGreater:
    case BinaryOp::kLessEqual:
    case BinaryOp::kGreaterEqual:
      return ValueKind::kBool;
    default:
      break;
  }
  auto l = StaticKind(*e.children[0]);
  auto r = StaticKind(*e.children[1]);
  if (!l || !r || *l == ValueKind::kNull || *r == ValueKind::kNull) return std::nullopt;
  auto number = [](ValueKind k) { return k == ValueKind::kInt || k == ValueKind::kFloat; };
  if (e.binary_op == BinaryOp::kAdd) {
    if (*l == ValueKind::kList || *r == ValueKind::kList) return ValueKind::kList;
    if (*l == ValueKind::kString || *r == ValueKind::kString) return ValueKind::kString;
  }
  if (e.binary_op == BinaryOp::kConcatenate) {
    return *l == *r && (*l == ValueKind::kList || *l == ValueKind::kString)
               ? std::optional<ValueKind>(*l)
               : std::nullopt;
  }
  if (!number(*l) || !number(*r)) return std::nullopt;
  if (e.binary_op == BinaryOp::kPower) return ValueKind::kFloat;
  return *l == ValueKind::kInt && *r == ValueKind::kInt ? ValueKind::kInt : ValueKind::kFloat;
}

std::optional<ValueKind> PartPlanner::ElementKind(const Expr& list) const {
  std::optional<ValueKind> kind;
  auto merge = [&kind](std::optional<ValueKind> k) {
    if (!k || *k == ValueKind::kNull || (kind && *kind != *k)) return false;
    kind = k;
    return true;
  };
  if (list.kind == ExprKind::kList) {
    for (const auto& c : list.children) {
      if (!merge(StaticKind(*c))) return std::nullopt;
    }
  } else if (list.kind == ExprKind::kLiteral && list.value.kind() == ValueKind::kList) {
    for (const auto& v : list.value.as_list()) {
      if (!merge(v.kind())) return std::nullopt;
    }
  }
  return kind;
}

Status PartPlanner::CheckStaticTypes(const Expr& e) const {
  auto known_not = [this](const Expr& operand, std::initializer_list<ValueKind> allowed) {
    auto k = StaticKind(operand);
    if (!k || *k == ValueKind::kNull) return false;
    return std::find(allowed.begin(), allowed.end(), *k) == allowed.end();
  };
  auto invalid = [](const Expr& at, const std::string& what) {
    return SyntaxError("InvalidArgumentType", at.pos, what);
  };
  if ((e.kind == ExprKind::kUnary && e.name == "NOT") ||
      (e.kind == ExprKind::kBinary && (e.name == "AND" || e.name == "OR" || e.name == "XOR"))) {
    for (const auto& c : e.children) {
      if (known_not(*c, {ValueKind::kBool})) return invalid(*c, e.name + " needs boolean operands");
    }
  }
  if (e.kind == ExprKind::kUnary && e.name != "NOT" &&
      known_not(*e.children[0], {ValueKind::kInt, ValueKind::kFloat})) {
    return invalid(*e.children[0], "unary " + e.name + " needs a number");
  }
  // Each step of a chain (`a + b - c`): its left side, past the first
  // step, is the value so far, whose kind is not known here.
  for (size_t step = 0; e.kind == ExprKind::kBinary && step + 1 < e.children.size(); ++step) {
    const Expr* lhs = step == 0 ? e.children[0].get() : nullptr;
    const Expr& rhs = *e.children[step + 1];
    const BinaryOp op = StepOp(e, step);
    const std::string name(BinaryOpName(op));
    std::vector<const Expr*> sides = {&rhs};
    if (lhs) sides.insert(sides.begin(), lhs);
    if (op == BinaryOp::kIn && known_not(rhs, {ValueKind::kList}))
      return invalid(rhs, "IN needs a list");
    if (op == BinaryOp::kSubtract || op == BinaryOp::kMultiply || op == BinaryOp::kDivide ||
        op == BinaryOp::kModulo || op == BinaryOp::kPower) {
      for (const Expr* c : sides) {
        if (known_not(*c, {ValueKind::kInt, ValueKind::kFloat})) {
          return invalid(
              *c, "cannot apply " + name + " to " + std::string(ValueKindName(*StaticKind(*c))));
        }
      }
    }
    bool list_concatenation =
        (lhs && StaticKind(*lhs) == ValueKind::kList) || StaticKind(rhs) == ValueKind::kList;
    if (op == BinaryOp::kAdd && !list_concatenation) {
      for (const Expr* c : sides) {
        if (known_not(*c,
                      {ValueKind::kInt, ValueKind::kFloat, ValueKind::kString, ValueKind::kList})) {
          return invalid(*c, "cannot apply + to " + std::string(ValueKindName(*StaticKind(*c))));
        }
      }
    }
  }
  if (e.kind == ExprKind::kProperty) {
    const Expr& target = *e.children[0];
    if (known_not(target, {ValueKind::kMap, ValueKind::kNode, ValueKind::kRelationship})) {
      auto k = *StaticKind(target);
      std::string what =
          "cannot read property '" + e.name + "' of " + std::string(ValueKindName(k));
      // A path is a SyntaxError; a literal that is not a map a TypeError.
      if (k == ValueKind::kPath) return invalid(e, what);
      return CompileError("TypeError", "InvalidArgumentType", e.pos, what);
    }
  }
  if (e.kind == ExprKind::kFunction && e.slot < 0 && e.function) {
    // Their number, then each argument against the kinds the registry's
    // entry takes (an argument past the last one has no kind to take).
    if (e.function->ArgumentCountProblem(e.name, e.children.size())) {
      return BinderChecked("InvalidNumberOfArguments");
    }
    for (size_t i = 0; i < e.children.size(); ++i) {
      if (!e.children[i]) continue;
      auto k = StaticKind(*e.children[i]);
      if (k && !e.function->Takes(i, *k)) {
        return invalid(*e.children[i], e.name + "() does not take " +
                                           std::string(ValueKindName(*k)) + " as argument " +
                                           std::to_string(i + 1));
      }
    }
  }
  return Status::OK();
}

Status PartPlanner::Bind(Expr& e, const Scope& scope) {
  NAMIDB_RETURN_IF_ERROR(BindInner(e, scope));
  return CheckStaticTypes(e);
}

Status PartPlanner::BindPredicate(Expr& e, const Scope& scope) {
  {
    ScopedValue predicate(&in_predicate_, true);
    NAMIDB_RETURN_IF_ERROR(Bind(e, scope));
  }
  auto k = StaticKind(e);
  if (k && *k != ValueKind::kBool && *k != ValueKind::kNull) {
    return SyntaxError("InvalidArgumentType", e.pos,
                       "a condition must be a BOOLEAN, not " + std::string(ValueKindName(*k)));
  }
  return Status::OK();
}

Status PartPlanner::BindInner(Expr& e, const Scope& scope) {
  switch (e.kind) {
    case ExprKind::kVariable: {
      auto it = scope.find(e.name);
      if (it == scope.end()) {
        return SyntaxError("UndefinedVariable", e.pos, "variable '" + e.name + "' is not defined");
      }
      e.slot = it->second;
      return Status::OK();
    }
    case ExprKind::kCountStar:
      if (e.slot < 0)
        return SyntaxError("InvalidAggregation", e.pos, "count(*) is not allowed here");
      return Status::OK();
    case ExprKind::kFunction: {
      if (AggregateOf(e)) {
        if (e.slot < 0) {
          return SyntaxError("InvalidAggregation", e.pos,
                             "aggregate " + e.name + "() is not allowed here");
        }
        return Status::OK();  // its arguments were bound by the aggregation
      }
      const ScalarFunction* f = FindScalarFunction(e.name);
      if (f && f->id == FunctionId::kExists) {
        // exists(pattern) tests it; exists(n.prop) tests for a value.
        if (e.children.size() != 1) {
          return BinderChecked("InvalidNumberOfArguments");
        }
        e.function = f;
        ScopedValue predicate(&in_predicate_, true);
        return Bind(*e.children[0], scope);
      }
      if (!f && e.children.empty() &&
          (AsciiLower(e.name) == "linenumber" || AsciiLower(e.name) == "file")) {
        // What LOAD CSV is reading: its hidden variable, or null outside it.
        auto it = scope.find(
            std::string(AsciiLower(e.name) == "file" ? kFileVariable : kLineNumberVariable));
        if (it == scope.end()) {
          e.kind = ExprKind::kLiteral;
          e.value = Value();
          return Status::OK();
        }
        e.kind = ExprKind::kVariable;
        e.name = it->first;
        e.slot = it->second;
        return Status::OK();
      }
      // Any other name is a function the binder found (CheckBound).
      e.function = f;  // resolved once: no row looks the name up
      break;
    }
    case ExprKind::kListComprehension:
    case ExprKind::kQuantifier: {
      NAMIDB_RETURN_IF_ERROR(Bind(*e.children[0], scope));
      Scope inner = scope;
      e.local_slot = NewSlot();
      SetSlotKind(e.local_slot, ElementKind(*e.children[0]));
      inner[e.variable] = e.local_slot;
      // children[1] is the WHERE condition; a comprehension's children[2]
      // its projection.
      if (e.children.size() > 1 && e.children[1]) {
        NAMIDB_RETURN_IF_ERROR(BindPredicate(*e.children[1], inner));
      }
      for (size_t i = 2; i < e.children.size(); ++i) {
        if (e.children[i]) NAMIDB_RETURN_IF_ERROR(Bind(*e.children[i], inner));
      }
      return Status::OK();
    }
    case ExprKind::kReduce: {
      NAMIDB_RETURN_IF_ERROR(Bind(*e.children[0], scope));
      NAMIDB_RETURN_IF_ERROR(Bind(*e.children[1], scope));
      Scope inner = scope;
      e.slot = NewSlot();
      e.local_slot = NewSlot();
      inner[e.variable] = e.slot;
      inner[e.names[0]] = e.local_slot;
      return Bind(*e.children[2], inner);
    }
    case ExprKind::kUnary:
    case ExprKind::kBinary:
      if (e.name == "NOT" || e.name == "AND" || e.name == "OR" || e.name == "XOR") {
        // Boolean operators make a boolean context: `NOT (a)-->(b)`.
        ScopedValue predicate(&in_predicate_, true);
        for (auto& c : e.children) NAMIDB_RETURN_IF_ERROR(Bind(*c, scope));
        return Status::OK();
      }
      break;
    case ExprKind::kPatternPredicate:
      if (!in_predicate_) {
        return SyntaxError(
            "UnexpectedSyntax", e.pos,
            "a pattern can only be a predicate (in WHERE, exists() or a boolean operator); "
            "use a pattern comprehension for its matches");
      }
      NAMIDB_RETURN_IF_ERROR(CheckNoNewVariables(*e.pattern, scope));
      return PlanSubplan(e, scope);
    case ExprKind::kPatternComprehension:
    case ExprKind::kExists:
    case ExprKind::kCountSubquery:
    case ExprKind::kCollectSubquery:
      return PlanSubplan(e, scope);
    default:
      break;
  }
  for (auto& c : e.children) {
    if (c) NAMIDB_RETURN_IF_ERROR(Bind(*c, scope));
  }
  return Status::OK();
}

Status PartPlanner::CheckBoundKind(const std::string& variable, const SourcePos& pos,
                                   const Scope& scope, ValueKind want) {
  auto it = scope.find(variable);
  if (variable.empty() || it == scope.end()) return Status::OK();
  auto k = slot_kind_.find(it->second);
  if (k == slot_kind_.end() || k->second == want || k->second == ValueKind::kNull)
    return Status::OK();
  return SyntaxError("VariableTypeConflict", pos,
                     "variable '" + variable + "' holds " + std::string(ValueKindName(k->second)) +
                         ", not " + std::string(ValueKindName(want)));
}

}  // namespace namidb::query
