#include "query/planner/planner.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "query/binder/binder.h"
#include "query/binder/check_bound.h"
#include "query/binder/same_expression.h"
#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/operators/aggregate.h"
#include "query/execution/operators/argument.h"
#include "query/execution/operators/call_subquery.h"
#include "query/execution/operators/count_from_statistics.h"
#include "query/execution/operators/create.h"
#include "query/execution/operators/distinct.h"
#include "query/execution/operators/expand.h"
#include "query/execution/operators/filter.h"
#include "query/execution/operators/hash_join.h"
#include "query/execution/operators/load_csv.h"
#include "query/execution/operators/merge.h"
#include "query/execution/operators/node_check.h"
#include "query/execution/operators/node_id_seek.h"
#include "query/execution/operators/node_index_seek.h"
#include "query/execution/operators/node_scan.h"
#include "query/execution/operators/once.h"
#include "query/execution/operators/optional.h"
#include "query/execution/operators/procedure_call.h"
#include "query/execution/operators/project.h"
#include "query/execution/operators/retain.h"
#include "query/execution/operators/shortest_path.h"
#include "query/execution/operators/skip_limit.h"
#include "query/execution/operators/sort.h"
#include "query/execution/operators/var_length_expand.h"
#include "query/execution/update_context.h"
#include "query/functions/function_registry.h"
#include "query/functions/functions.h"
#include "query/optimizer/logical_plan.h"
#include "query/optimizer/optimizer.h"
#include "query/planner/function_calls.h"
#include "query/planner/node_reads.h"
#include "query/planner/physical_plan.h"

namespace namidb::query {
namespace {

// An error of names CheckBound reports before planning
// (binder/check_bound.h): the planner meeting one is its defect, not the
// statement's.
Status BinderChecked(std::string_view detail) {
  return Status::Internal("the binder let a " + std::string(detail) + " error through");
}

using Scope = std::map<std::string, int>;

bool IsAggregate(const Expr& e) { return AggregateOf(e) != nullptr; }

// Every aggregate in `e`, outermost first (an aggregate's arguments are not
// searched: a nested aggregate is an error the binder reports).
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

// The first updating clause in `q` (its CALL subqueries included), or null.
const Clause* FindUpdatingClause(const Query& q) {
  for (const auto& part : q.parts) {
    for (const Clause& c : part.clauses) {
      switch (c.kind) {
        case ClauseKind::kCreate:
        case ClauseKind::kMerge:
        case ClauseKind::kSet:
        case ClauseKind::kRemove:
        case ClauseKind::kDelete:
        case ClauseKind::kForeach:
          return &c;
        case ClauseKind::kCallSubquery:
          if (const Clause* inner = c.subquery ? FindUpdatingClause(*c.subquery) : nullptr)
            return inner;
          break;
        default:
          break;
      }
    }
  }
  return nullptr;
}

// "EXISTS", "COUNT" or "COLLECT": a subquery expression's keyword.
std::string SubqueryName(const Expr& e) {
  return e.kind == ExprKind::kExists          ? "EXISTS"
         : e.kind == ExprKind::kCountSubquery ? "COUNT"
                                              : "COLLECT";
}

// A call of rand() in `e`, or null.
const Expr* FindRandom(const Expr& e) {
  if (Calls(e, FunctionId::kRandom)) return &e;
  for (const auto& c : e.children) {
    if (const Expr* found = c ? FindRandom(*c) : nullptr) return found;
  }
  return nullptr;
}

// Whether the rows reaching clause `at` (a MATCH) may come in any number
// of copies without changing the result: up to the next WITH / RETURN only
// MATCH and UNWIND follow, and that projection is DISTINCT or aggregates
// with DISTINCT aggregates (or min / max) only.
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

// Sets `*slot` to `value` for the rest of the enclosing scope: the binding
// contexts (inside a WHERE, inside a MATCH with pending conditions).
template <typename T>
class ScopedValue {
 public:
  ScopedValue(T* slot, T value) : slot_(slot), saved_(std::exchange(*slot, value)) {}
  ~ScopedValue() { *slot_ = saved_; }
  ScopedValue(const ScopedValue&) = delete;
  ScopedValue& operator=(const ScopedValue&) = delete;

 private:
  T* slot_;
  T saved_;
};

// A logical operator binding or checking the node in `slot`.
LogicalPtr LogicalNodeOp(LogicalKind kind, LogicalPtr input, int slot, NodeFilter filter) {
  LogicalPtr op = LogicalOver(kind, std::move(input));
  op->node_slot = slot;
  op->node_filter = std::move(filter);
  return op;
}

Status Unsupported(const SourcePos& pos, const std::string& what) {
  return CompileError("SyntaxError", "UnsupportedFeature", pos, what + " is not supported yet");
}

class Planner {
 public:
  Planner(QueryPlan* plan, UpdateContext* update, const std::vector<SchemaEntry>& schema,
          const GraphStats* stats, const NodeReads* node_reads)
      : plan_(plan), update_(update), schema_(schema), stats_(stats), node_reads_(node_reads) {}

  // `bound`: the binder's summary of `q`, which says what later clauses
  // read (LiveAfter).
  Result<PartPlan> PlanPart(SingleQuery& q, const BoundPart& bound) {
    width_ = 0;
    slot_kind_.clear();
    has_updates_ = false;
    Scope scope;
    OperatorPtr op = MakeOnce();
    once_ = op.get();
    whole_scan_ = {nullptr, 0};
    countable_ = {nullptr, ""};
    whole_label_ = {nullptr, {}};
    counted_pattern_ = {};
    PartPlan part;
    NAMIDB_RETURN_IF_ERROR(
        PlanClauses(q.clauses, &op, scope, &part, /*require_return=*/true, &bound));
    part.root = std::move(op);
    part.width = static_cast<size_t>(width_);
    return part;
  }

 private:
  // The clauses of `q` on top of `*op`; `part` receives RETURN's columns.
  // `bound`: the binder's summary of the clauses of a query part, whose
  // plans may clear what the clauses after them do not read (LiveAfter);
  // null for those of a subquery.
  Status PlanClauses(std::vector<Clause>& clauses, OperatorPtr* op_out, Scope& scope,
                     PartPlan* result, bool require_return = true,
                     const BoundPart* bound = nullptr) {
    OperatorPtr& op = *op_out;
    PartPlan& part = *result;
    for (size_t i = 0; i < clauses.size(); ++i) {
      Clause& c = clauses[i];
      bool last = i + 1 == clauses.size();
      ScopedValue<const BoundPart*> bound_part(&bound_part_, bound);
      ScopedValue<size_t> bound_clause(&bound_clause_, i);
      switch (c.kind) {
        case ClauseKind::kMatch:
          NAMIDB_RETURN_IF_ERROR(PlanMatch(c, &op, scope, OnlyDistinctRowsMatter(clauses, i)));
          break;
        case ClauseKind::kUnwind: {
          NAMIDB_RETURN_IF_ERROR(Bind(*c.expr, scope));
          LogicalPtr unwind = LogicalOver(LogicalKind::kUnwind, LogicalPipeline(std::move(op)));
          unwind->clause->list = c.expr.get();
          unwind->clause->element_slot = NewSlot();
          SetSlotKind(unwind->clause->element_slot, ElementKind(*c.expr));
          scope[c.alias] = unwind->clause->element_slot;
          std::vector<int> live;
          OptimizerContext optimizer{[this] { return NewSlot(); }, &plan_->owned, &schema_};
          if (LiveAfter(scope, &live)) optimizer.live_after = &live;
          Optimize(&unwind, optimizer,
                   optimizer_options_ ? *optimizer_options_ : OptimizerOptions());
          op = Build(std::move(unwind));
          break;
        }
        case ClauseKind::kLoadCsv:
          NAMIDB_RETURN_IF_ERROR(PlanLoadCsv(c, &op, scope));
          break;
        case ClauseKind::kWith:
        case ClauseKind::kReturn: {
          bool is_return = c.kind == ClauseKind::kReturn;
          if (is_return && !last) {
            return SyntaxError("InvalidClauseComposition", clauses[i + 1].pos,
                               "RETURN must be the last clause");
          }
          NAMIDB_RETURN_IF_ERROR(PlanProjection(c, &op, &scope, is_return ? &part : nullptr));
          break;
        }
        case ClauseKind::kCallSubquery:
          NAMIDB_RETURN_IF_ERROR(PlanCallSubquery(c, &op, scope));
          break;
        case ClauseKind::kCallProcedure:
          NAMIDB_RETURN_IF_ERROR(
              PlanCallProcedure(c, &op, scope, &c == standalone_call_ ? &part : nullptr));
          break;
        case ClauseKind::kCreate:
        case ClauseKind::kMerge:
        case ClauseKind::kSet:
        case ClauseKind::kRemove:
        case ClauseKind::kDelete:
          if (!update_) {
            return CompileError("SemanticError", "WriteInReadQuery", c.pos,
                                "a read-only query cannot change the graph; run it with write()");
          }
          NAMIDB_RETURN_IF_ERROR(PlanUpdate(c, &op, scope));
          break;
        case ClauseKind::kForeach:
          if (!update_) {
            return CompileError("SemanticError", "WriteInReadQuery", c.pos,
                                "a read-only query cannot change the graph; run it with write()");
          }
          NAMIDB_RETURN_IF_ERROR(PlanForeach(c, &op, scope));
          break;
      }
      NAMIDB_RETURN_IF_ERROR(CheckPipelineDepth(*op, c.pos));
    }
    ClauseKind last = clauses.back().kind;
    // A call may end a query when it stands alone or yields nothing.
    bool ends_in_call = last == ClauseKind::kCallProcedure &&
                        (&clauses.back() == standalone_call_ || !clauses.back().has_yield);
    bool updating = last == ClauseKind::kCreate || last == ClauseKind::kMerge ||
                    last == ClauseKind::kSet || last == ClauseKind::kForeach || ends_in_call ||
                    last == ClauseKind::kRemove || last == ClauseKind::kDelete;
    if (require_return && !updating && last != ClauseKind::kReturn) {
      return SyntaxError("InvalidClauseComposition", clauses.back().pos,
                         "a query must end with RETURN");
    }
    return Status::OK();
  }

  int NewSlot() { return width_++; }
  // A slot whose values are of `kind`.
  int NewSlotOf(ValueKind kind) {
    const int slot = NewSlot();
    slot_kind_[slot] = kind;
    return slot;
  }

  // LOAD CSV ... AS row: the row, and hidden variables for linenumber() and
  // file() (a name with a space no query can write; WITH drops them).
  Status PlanLoadCsv(Clause& c, OperatorPtr* op, Scope& scope) {
    NAMIDB_RETURN_IF_ERROR(Bind(*c.expr, scope));
    auto kind = StaticKind(*c.expr);
    if (kind && *kind != ValueKind::kString && *kind != ValueKind::kNull) {
      return CompileError(
          "TypeError", "InvalidArgumentType", c.expr->pos,
          "LOAD CSV FROM needs a URL string, not " + std::string(ValueKindName(*kind)));
    }
    if (scope.count(c.alias)) {
      return BinderChecked("VariableAlreadyBound");
    }
    LogicalPtr load = LogicalOver(LogicalKind::kLoadCsv, LogicalPipeline(std::move(*op)));
    LoadCsvSpec& spec = load->clause->load_csv;
    spec.url = c.expr.get();
    spec.with_headers = c.with_headers;
    spec.field_terminator = c.field_terminator;
    spec.row_slot = NewSlot();
    SetSlotKind(spec.row_slot, c.with_headers ? ValueKind::kMap : ValueKind::kList);
    spec.line_slot = NewSlot();
    spec.file_slot = NewSlot();
    scope[c.alias] = spec.row_slot;
    scope[std::string(kLineNumberVariable)] = spec.line_slot;
    scope[std::string(kFileVariable)] = spec.file_slot;
    *op = Build(std::move(load));
    return Status::OK();
  }
  static constexpr std::string_view kLineNumberVariable = " linenumber";
  static constexpr std::string_view kFileVariable = " file";

  // An operator pulls from the one below it by recursion: a statement whose
  // clauses make a pipeline deeper than the stack holds is refused at the
  // clause that made it so (execution/operator.h, kMaxPipelineDepth).
  static Status CheckPipelineDepth(const Operator& root, const SourcePos& at) {
    size_t deepest = 0;
    std::vector<std::pair<const Operator*, size_t>> pending = {{&root, 1}};
    while (!pending.empty()) {
      auto [op, depth] = pending.back();
      pending.pop_back();
      deepest = std::max(deepest, depth);
      for (const auto& c : op->children()) pending.emplace_back(c.get(), depth + 1);
    }
    if (deepest <= kMaxPipelineDepth) return Status::OK();
    return SyntaxError(
        "NestingTooDeep", at,
        "the statement's clauses make a pipeline of more than " +
            std::to_string(kMaxPipelineDepth) +
            " operators, more than the engine runs in one statement; split it into several");
  }

 public:
  void set_optimizer(const OptimizerOptions* options) { optimizer_options_ = options; }
  void set_procedures(const ProcedureRegistry* procedures) { procedures_ = procedures; }
  // The clause of a query that is one CALL and nothing else: it may pass
  // its arguments implicitly (parameters named as the inputs), YIELD *,
  // and returns its outputs without a RETURN.
  void set_standalone_call(const Clause* c) { standalone_call_ = c; }

 private:
  // CALL name(args) [YIELD field [AS variable], ... [WHERE cond]].
  Status PlanCallProcedure(Clause& c, OperatorPtr* op, Scope& scope, PartPlan* standalone) {
    const Procedure* procedure = procedures_->Find(c.procedure);
    if (!procedure) {
      return CompileError("ProcedureError", "ProcedureNotFound", c.pos,
                          "there is no procedure " + c.procedure);
    }
    const ProcedureSignature& signature = procedure->signature;
    ProcedureCallSpec spec;
    spec.procedure = procedure;
    if (!c.has_arguments) {
      // `CALL proc`: the inputs come from the parameters of their names,
      // which only a standalone call may do.
      if (!standalone && !signature.inputs.empty()) {
        return SyntaxError(
            "InvalidArgumentPassingMode", c.pos,
            "a call inside a query passes its arguments in parentheses: " + signature.ToString());
      }
      for (const auto& input : signature.inputs) {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kParameter;
        e->name = input.name;
        e->pos = c.pos;
        spec.arguments.push_back(e.get());
        plan_->owned.push_back(std::move(e));
      }
    } else {
      if (c.arguments.size() != signature.inputs.size()) {
        return SyntaxError("InvalidNumberOfArguments", c.pos,
                           c.procedure + " takes " + std::to_string(signature.inputs.size()) +
                               " argument(s), got " + std::to_string(c.arguments.size()) + ": " +
                               signature.ToString());
      }
      for (size_t i = 0; i < c.arguments.size(); ++i) {
        Expr& arg = *c.arguments[i];
        NAMIDB_RETURN_IF_ERROR(Bind(arg, scope));
        auto kind = StaticKind(arg);
        if (kind && !TypeAccepts(signature.inputs[i].type, *kind)) {
          return SyntaxError("InvalidArgumentType", arg.pos,
                             "argument '" + signature.inputs[i].name + "' of " + c.procedure +
                                 " must be " + signature.inputs[i].type.ToString() + ", not " +
                                 std::string(ValueKindName(*kind)));
        }
        spec.arguments.push_back(&arg);
      }
    }
    // What the call binds: the YIELD items, or for a standalone call every
    // output; an in-query call without YIELD binds nothing.
    std::vector<YieldItem> yields = c.yields;
    if (standalone && (c.yield_star || !c.has_yield)) {
      yields.clear();
      for (const auto& out : signature.outputs) yields.push_back({c.pos, out.name, out.name});
    }
    spec.output_slots.assign(signature.outputs.size(), -1);
    std::set<std::string> bound;
    for (const YieldItem& y : yields) {
      size_t index = 0;
      while (index < signature.outputs.size() && signature.outputs[index].name != y.field) ++index;
      if (index == signature.outputs.size()) {
        return SyntaxError(
            "UndefinedVariable", y.pos,
            c.procedure + " has no output '" + y.field + "': " + signature.ToString());
      }
      if (scope.count(y.variable) || !bound.insert(y.variable).second) {
        return SyntaxError("VariableAlreadyBound", y.pos,
                           "variable '" + y.variable + "' is already defined");
      }
      if (spec.output_slots[index] >= 0) {
        return SyntaxError("VariableAlreadyBound", y.pos,
                           "output '" + y.field + "' is yielded twice");
      }
      spec.output_slots[index] = NewSlot();
    }
    std::vector<int> output_slots = spec.output_slots;
    LogicalPtr call = LogicalOver(LogicalKind::kProcedureCall, LogicalPipeline(std::move(*op)));
    call->clause->procedure_call = std::move(spec);
    for (const YieldItem& y : yields) {
      size_t index = 0;
      while (signature.outputs[index].name != y.field) ++index;
      int slot = output_slots[index];
      scope[y.variable] = slot;
      if (standalone) {
        standalone->columns.push_back(y.variable);
        standalone->column_slots.push_back(slot);
      }
    }
    if (c.where) {
      NAMIDB_RETURN_IF_ERROR(BindPredicate(*c.where, scope));
      call = LogicalOver(LogicalKind::kFilter, std::move(call));
      call->predicate = c.where.get();
    }
    *op = Build(std::move(call));
    return Status::OK();
  }

  Status PlanUpdate(Clause& c, OperatorPtr* op, Scope& scope) {
    has_updates_ = true;
    if (c.kind == ClauseKind::kCreate) return PlanCreate(c, op, scope);
    if (c.kind == ClauseKind::kDelete) {
      std::vector<const Expr*> targets;
      for (auto& t : c.arguments) {
        if (t->kind == ExprKind::kHasLabels) {
          return SyntaxError("InvalidDelete", t->pos,
                             "DELETE removes elements; use REMOVE n:Label for labels");
        }
        NAMIDB_RETURN_IF_ERROR(Bind(*t, scope));
        // DELETE takes nodes, relationships and paths: an expression that
        // certainly is something else (a number, a list literal, `1 + 1`)
        // is refused before anything runs.
        auto k = StaticKind(*t);
        if (k && *k != ValueKind::kNull && *k != ValueKind::kNode &&
            *k != ValueKind::kRelationship && *k != ValueKind::kPath) {
          return SyntaxError(
              "InvalidArgumentType", t->pos,
              "DELETE takes nodes, relationships or paths, not " + std::string(ValueKindName(*k)));
        }
        targets.push_back(t.get());
      }
      LogicalPtr del = LogicalOver(LogicalKind::kDelete, LogicalPipeline(std::move(*op)));
      del->clause->update = update_;
      del->clause->targets = std::move(targets);
      del->clause->detach = c.detach;
      *op = Build(std::move(del));
      return Status::OK();
    }
    if (c.kind == ClauseKind::kMerge) return PlanMerge(c, op, scope);
    NAMIDB_ASSIGN_OR_RETURN(std::vector<int> slots, BindSetItems(c.set_items, scope));
    LogicalPtr set = LogicalOver(LogicalKind::kSetItems, LogicalPipeline(std::move(*op)));
    set->clause->update = update_;
    set->clause->set_items = &c.set_items;
    set->slots = std::move(slots);
    set->clause->remove = c.kind == ClauseKind::kRemove;
    *op = Build(std::move(set));
    return Status::OK();
  }

  // SET / REMOVE items: their expressions bound, and the slot of the
  // variable each `n = map`, `n += map`, `n:Label` item names (else -1).
  // The expressions of a pattern's dynamic labels (`:$(expr)`), bound.
  Result<std::vector<const Expr*>> BindDynamicLabels(std::vector<ExprPtr>& labels,
                                                     const Scope& scope) {
    std::vector<const Expr*> bound;
    for (auto& label : labels) {
      NAMIDB_RETURN_IF_ERROR(Bind(*label, scope));
      bound.push_back(label.get());
    }
    return bound;
  }

  Result<std::vector<int>> BindSetItems(std::vector<SetItem>& items, const Scope& scope) {
    std::vector<int> slots;
    for (auto& item : items) {
      if (item.kind == SetKind::kProperty) {
        NAMIDB_RETURN_IF_ERROR(Bind(*item.target, scope));
        slots.push_back(-1);
      } else {
        auto it = scope.find(item.variable);
        if (it == scope.end()) {
          return BinderChecked("UndefinedVariable");
        }
        slots.push_back(it->second);
      }
      for (auto& label : item.dynamic_labels) NAMIDB_RETURN_IF_ERROR(Bind(*label, scope));
      if (item.value) NAMIDB_RETURN_IF_ERROR(Bind(*item.value, scope));
    }
    return slots;
  }

  // CALL { subquery }: each part a sub-pipeline over the row. Only a
  // leading WITH of plain variables imports variables from outside; the
  // columns it returns join the outer scope.
  Status PlanCallSubquery(Clause& c, OperatorPtr* op, Scope& scope) {
    Query& sub = *c.subquery;
    for (size_t i = 1; i < sub.union_all.size(); ++i) {
      if (sub.union_all[i] != sub.union_all[0]) {
        return SyntaxError("InvalidClauseComposition", sub.parts[i + 1].clauses.front().pos,
                           "UNION and UNION ALL cannot be mixed in one query");
      }
    }
    CallSubquerySpec spec;
    spec.distinct = !sub.union_all.empty() && !sub.union_all[0];
    std::vector<std::string> columns;
    for (size_t p = 0; p < sub.parts.size(); ++p) {
      std::vector<Clause>& clauses = sub.parts[p].clauses;
      Scope inner = ImportsScope(clauses) ? scope : Scope();
      ArgumentOperator* argument = nullptr;
      OperatorPtr body = MakeArgument(&argument);
      PartPlan part;
      NAMIDB_RETURN_IF_ERROR(PlanClauses(clauses, &body, inner, &part));
      if (p == 0) {
        columns = part.columns;
      } else if (part.columns != columns) {
        return SyntaxError("DifferentColumnsInUnion", clauses.front().pos,
                           "all parts of a UNION must return the same columns");
      }
      spec.parts.push_back({static_cast<int>(plan_->subplans.size()), part.column_slots});
      plan_->subplans.push_back({std::move(body), argument});
    }
    for (const std::string& name : columns) {
      if (scope.count(name)) {
        return BinderChecked("VariableAlreadyBound");
      }
      int slot = NewSlot();
      spec.output_slots.push_back(slot);
      scope[name] = slot;
    }
    LogicalPtr call = LogicalOver(LogicalKind::kCallSubquery, LogicalPipeline(std::move(*op)));
    call->clause->call_subquery = std::move(spec);
    *op = Build(std::move(call));
    return Status::OK();
  }

  // FOREACH (x IN list | updates): the updates as a sub-pipeline run per
  // row and element; the rows pass through unchanged.
  Status PlanForeach(Clause& c, OperatorPtr* op, const Scope& scope) {
    has_updates_ = true;
    NAMIDB_RETURN_IF_ERROR(Bind(*c.expr, scope));
    for (const Clause& inner : c.body) {
      bool updating = inner.kind == ClauseKind::kCreate || inner.kind == ClauseKind::kMerge ||
                      inner.kind == ClauseKind::kSet || inner.kind == ClauseKind::kRemove ||
                      inner.kind == ClauseKind::kDelete || inner.kind == ClauseKind::kForeach;
      if (!updating) {
        return SyntaxError("InvalidClauseComposition", inner.pos,
                           "FOREACH may hold only updating clauses");
      }
    }
    ArgumentOperator* argument = nullptr;
    OperatorPtr body = MakeArgument(&argument);
    Scope inner = scope;
    int slot = NewSlot();
    SetSlotKind(slot, ElementKind(*c.expr));
    inner[c.alias] = slot;
    PartPlan ignored;
    NAMIDB_RETURN_IF_ERROR(PlanClauses(c.body, &body, inner, &ignored, /*require_return=*/false));
    int subplan = static_cast<int>(plan_->subplans.size());
    plan_->subplans.push_back({std::move(body), argument});
    LogicalPtr each = LogicalOver(LogicalKind::kForeach, LogicalPipeline(std::move(*op)));
    each->clause->update = update_;
    each->clause->list = c.expr.get();
    each->clause->element_slot = slot;
    each->clause->subplan = subplan;
    *op = Build(std::move(each));
    return Status::OK();
  }

  // MERGE: the pattern planned as a match sub-pipeline over each row, and
  // as a create into the same slots.
  Status PlanMerge(Clause& c, OperatorPtr* op, Scope& scope) {
    PatternPart& part = c.pattern[0];
    if (part.kind != PathKind::kPlain) return Unsupported(part.pos, "shortestPath in MERGE");
    auto bound = [&scope](const std::string& v) { return !v.empty() && scope.count(v) > 0; };
    if (part.rels.empty() && bound(part.nodes[0].variable)) {
      return BinderChecked("VariableAlreadyBound");
    }
    for (const auto& n : part.nodes) {
      if (bound(n.variable) && (!n.labels.empty() || !n.dynamic_labels.empty() || n.properties)) {
        return BinderChecked("VariableAlreadyBound");
      }
    }
    for (const auto& r : part.rels) {
      // A bound variable is refused first: no type or shape makes it new.
      if (bound(r.variable)) {
        return BinderChecked("VariableAlreadyBound");
      }
      if (r.types.size() != 1 && !r.dynamic_type) {
        return SyntaxError("NoSingleRelationshipType", r.pos,
                           "MERGE needs exactly one relationship type");
      }
      if (r.variable_length) {
        return SyntaxError("CreatingVarLength", r.pos,
                           "MERGE cannot make variable-length relationships");
      }
    }
    // What the create side makes of dynamic labels and types, over the
    // scope before the clause.
    std::vector<std::vector<const Expr*>> dynamic_labels;
    for (auto& n : part.nodes) {
      NAMIDB_ASSIGN_OR_RETURN(auto labels, BindDynamicLabels(n.dynamic_labels, scope));
      dynamic_labels.push_back(std::move(labels));
    }
    for (auto& r : part.rels) {
      if (r.dynamic_type) NAMIDB_RETURN_IF_ERROR(Bind(*r.dynamic_type, scope));
    }
    // The match side; the clause's WHERE tests the dynamic ones.
    ArgumentOperator* argument = nullptr;
    LogicalPtr match = LogicalPipeline(MakeArgument(&argument));
    Scope inner = scope;
    std::vector<int> rel_slots;
    NAMIDB_RETURN_IF_ERROR(PlanPatternPart(part, &match, inner, rel_slots));
    if (c.where) {
      NAMIDB_RETURN_IF_ERROR(BindPredicate(*c.where, inner));
      match = LogicalOver(LogicalKind::kFilter, std::move(match));
      match->predicate = c.where.get();
    }
    MergeSpec spec;
    spec.match_subplan = static_cast<int>(plan_->subplans.size());
    plan_->subplans.push_back({Finish(std::move(match)), argument});
    // The create side, into the slots the match side bound.
    std::map<int, int> node_index;  // slot -> index in spec.nodes
    std::vector<int> index;
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      NodePattern& n = part.nodes[i];
      int slot = node_slot_.at(&n);
      auto it = node_index.find(slot);
      if (it == node_index.end()) {
        it = node_index.emplace(slot, static_cast<int>(spec.nodes.size())).first;
        spec.nodes.push_back(
            {slot, bound(n.variable), n.labels, n.properties.get(), std::move(dynamic_labels[i])});
      }
      index.push_back(it->second);
    }
    for (size_t i = 0; i < part.rels.size(); ++i) {
      RelPattern& r = part.rels[i];
      bool left = r.direction == RelDirection::kLeft;  // undirected MERGE creates left to right
      spec.rels.push_back({rel_step_.at(&r).rel_slot, left ? index[i + 1] : index[i],
                           left ? index[i] : index[i + 1], r.dynamic_type ? "" : r.types[0],
                           r.properties.get(), r.dynamic_type.get()});
    }
    auto path = path_expr_.find(&part);
    if (path != path_expr_.end()) {
      spec.path = path->second.first;
      spec.path_slot = path->second.second;
    }
    scope = inner;
    NAMIDB_ASSIGN_OR_RETURN(spec.on_create_slots, BindSetItems(c.on_create, scope));
    NAMIDB_ASSIGN_OR_RETURN(spec.on_match_slots, BindSetItems(c.on_match, scope));
    spec.on_create = &c.on_create;
    spec.on_match = &c.on_match;
    LogicalPtr merge = LogicalOver(LogicalKind::kMerge, LogicalPipeline(std::move(*op)));
    merge->clause->update = update_;
    merge->clause->merge = std::move(spec);
    *op = Build(std::move(merge));
    return Status::OK();
  }

  Status PlanCreate(Clause& c, OperatorPtr* op, Scope& scope) {
    std::vector<CreateNode> nodes;
    std::vector<CreateRel> rels;
    std::map<std::string, int> made;  // variable -> index in `nodes`
    std::vector<ProjectItem> paths;   // named paths: value, slot
    for (auto& part : c.pattern) {
      if (!part.path_variable.empty() &&
          (scope.count(part.path_variable) || made.count(part.path_variable))) {
        return BinderChecked("VariableAlreadyBound");
      }
      std::vector<int> index;
      for (auto& n : part.nodes) {
        bool decorated = !n.labels.empty() || !n.dynamic_labels.empty() || n.properties;
        if (!n.variable.empty() && made.count(n.variable)) {
          // A lone node pattern would create the node again.
          if (decorated || part.nodes.size() == 1) {
            return BinderChecked("VariableAlreadyBound");
          }
          index.push_back(made[n.variable]);
          continue;
        }
        if (!n.variable.empty() && scope.count(n.variable)) {
          if (decorated || part.nodes.size() == 1) {
            return BinderChecked("VariableAlreadyBound");
          }
          made[n.variable] = static_cast<int>(nodes.size());
          index.push_back(static_cast<int>(nodes.size()));
          nodes.push_back({scope[n.variable], true, {}, nullptr});
          continue;
        }
        if (n.properties) NAMIDB_RETURN_IF_ERROR(Bind(*n.properties, scope));
        NAMIDB_ASSIGN_OR_RETURN(std::vector<const Expr*> dynamic,
                                BindDynamicLabels(n.dynamic_labels, scope));
        int slot = NewSlot();
        slot_kind_[slot] = ValueKind::kNode;
        index.push_back(static_cast<int>(nodes.size()));
        nodes.push_back({slot, false, n.labels, n.properties.get(), std::move(dynamic)});
        if (!n.variable.empty()) {
          made[n.variable] = index.back();
          scope[n.variable] = slot;
        }
      }
      for (size_t i = 0; i < part.rels.size(); ++i) {
        RelPattern& r = part.rels[i];
        // A bound variable is refused first: no type or shape makes it new.
        if (!r.variable.empty() && scope.count(r.variable)) {
          return BinderChecked("VariableAlreadyBound");
        }
        if (r.types.size() != 1 && !r.dynamic_type) {
          return SyntaxError("NoSingleRelationshipType", r.pos,
                             "CREATE needs exactly one relationship type");
        }
        if (r.variable_length) {
          return SyntaxError("CreatingVarLength", r.pos,
                             "CREATE cannot make variable-length relationships");
        }
        if (r.direction == RelDirection::kBoth) {
          return SyntaxError("RequiresDirectedRelationship", r.pos, "CREATE needs a direction");
        }
        if (r.properties) NAMIDB_RETURN_IF_ERROR(Bind(*r.properties, scope));
        if (r.dynamic_type) NAMIDB_RETURN_IF_ERROR(Bind(*r.dynamic_type, scope));
        int slot = NewSlot();
        slot_kind_[slot] = ValueKind::kRelationship;
        bool right = r.direction == RelDirection::kRight;
        rels.push_back({slot, right ? index[i] : index[i + 1], right ? index[i + 1] : index[i],
                        r.dynamic_type ? "" : r.types[0], r.properties.get(),
                        r.dynamic_type.get()});
        if (!r.variable.empty()) scope[r.variable] = slot;
      }
      if (!part.path_variable.empty()) {
        // The path reads the slots the created (or bound) elements land in.
        auto path = std::make_unique<Expr>();
        path->kind = ExprKind::kBuildPath;
        path->pos = part.pos;
        path->children.push_back(SlotRef(nodes[index[0]].slot));
        size_t first_rel = rels.size() - part.rels.size();
        for (size_t i = 0; i < part.rels.size(); ++i) {
          path->children.push_back(ListOf(SlotRef(rels[first_rel + i].slot)));
          path->children.push_back(ListOf(SlotRef(nodes[index[i + 1]].slot)));
        }
        int slot = NewSlot();
        slot_kind_[slot] = ValueKind::kPath;
        paths.push_back({path.get(), slot});
        plan_->owned.push_back(std::move(path));
        scope[part.path_variable] = slot;
      }
    }
    LogicalPtr create = LogicalOver(LogicalKind::kCreate, LogicalPipeline(std::move(*op)));
    create->clause->update = update_;
    create->clause->create_nodes = std::move(nodes);
    create->clause->create_rels = std::move(rels);
    if (!paths.empty()) {
      create = LogicalOver(LogicalKind::kProject, std::move(create));
      create->items = std::move(paths);
    }
    *op = Build(std::move(create));
    return Status::OK();
  }

  // A pattern used as a predicate only tests variables bound before it.
  Status CheckNoNewVariables(const PatternPart& part, const Scope& scope) {
    auto check = [&scope](const std::string& name, const SourcePos& pos) {
      if (name.empty() || scope.count(name)) return Status::OK();
      return SyntaxError(
          "UndefinedVariable", pos,
          "variable '" + name + "' is not defined (a pattern predicate cannot introduce one)");
    };
    for (const auto& n : part.nodes) NAMIDB_RETURN_IF_ERROR(check(n.variable, n.pos));
    for (const auto& r : part.rels) NAMIDB_RETURN_IF_ERROR(check(r.variable, r.pos));
    return Status::OK();
  }

  // A sub-pipeline for a pattern predicate, pattern comprehension or
  // EXISTS, run once per row with the row as its argument. Variables it
  // binds stay inside it.
  Status PlanSubplan(Expr& e, const Scope& scope) {
    ArgumentOperator* argument = nullptr;
    OperatorPtr op = MakeArgument(&argument);
    Scope inner = scope;
    if (e.subquery) {  // EXISTS, COUNT or COLLECT of a whole query
      // An expression reads: no updating clause anywhere inside it.
      if (const Clause* update = FindUpdatingClause(*e.subquery)) {
        return SyntaxError("InvalidClauseComposition", update->pos,
                           SubqueryName(e) + " { } cannot change the graph");
      }
      if (e.subquery->parts.size() != 1) {
        return Unsupported(e.pos, "UNION inside " + SubqueryName(e) + " { }");
      }
      const bool collect = e.kind == ExprKind::kCollectSubquery;
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

  // The kind an expression certainly has, when the query text makes it
  // certain: a literal, a list or map literal, a variable a pattern bound to
  // an element or WITH bound to a literal, a comprehension variable over a
  // list literal of one kind. Otherwise nothing.
  std::optional<ValueKind> StaticKind(const Expr& e) const {
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

  // An operator's result kind: predicates are boolean (or null); numbers
  // stay integers only between integers; + joins strings and lists.
  std::optional<ValueKind> BinaryKind(const Expr& e) const {
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

  // The kind every element of a list literal has, if they all share one.
  std::optional<ValueKind> ElementKind(const Expr& list) const {
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

  void SetSlotKind(int slot, std::optional<ValueKind> kind) {
    if (kind) {
      slot_kind_[slot] = *kind;
    } else {
      slot_kind_.erase(slot);
    }
  }

  // Type errors the query text makes certain are compile-time errors.
  Status CheckStaticTypes(const Expr& e) const {
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
        if (known_not(*c, {ValueKind::kBool}))
          return invalid(*c, e.name + " needs boolean operands");
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
          if (known_not(
                  *c, {ValueKind::kInt, ValueKind::kFloat, ValueKind::kString, ValueKind::kList})) {
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

  Status Bind(Expr& e, const Scope& scope) {
    NAMIDB_RETURN_IF_ERROR(BindInner(e, scope));
    return CheckStaticTypes(e);
  }

  // A WHERE condition (of MATCH, WITH, a comprehension, EXISTS): the one
  // place a pattern may stand as a predicate.
  Status BindPredicate(Expr& e, const Scope& scope) {
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

  Status BindInner(Expr& e, const Scope& scope) {
    switch (e.kind) {
      case ExprKind::kVariable: {
        auto it = scope.find(e.name);
        if (it == scope.end()) {
          return SyntaxError("UndefinedVariable", e.pos,
                             "variable '" + e.name + "' is not defined");
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

  // A variable a pattern reuses must hold what the pattern puts there.
  Status CheckBoundKind(const std::string& variable, const SourcePos& pos, const Scope& scope,
                        ValueKind want) {
    auto it = scope.find(variable);
    if (variable.empty() || it == scope.end()) return Status::OK();
    auto k = slot_kind_.find(it->second);
    if (k == slot_kind_.end() || k->second == want || k->second == ValueKind::kNull)
      return Status::OK();
    return SyntaxError("VariableTypeConflict", pos,
                       "variable '" + variable + "' holds " +
                           std::string(ValueKindName(k->second)) + ", not " +
                           std::string(ValueKindName(want)));
  }

  // Properties in a pattern to match: a map, never a whole parameter.
  Status CheckMatchProperties(const ExprPtr& properties) {
    if (properties && properties->kind == ExprKind::kParameter) {
      return SyntaxError("InvalidParameterUse", properties->pos,
                         "a parameter cannot stand for the property map of a pattern to match; "
                         "write {key: $param.key, ...}");
    }
    return Status::OK();
  }

  Result<NodeFilter> NodeFilterOf(NodePattern& n, const Scope& scope) {
    NAMIDB_RETURN_IF_ERROR(CheckBoundKind(n.variable, n.pos, scope, ValueKind::kNode));
    NAMIDB_RETURN_IF_ERROR(CheckMatchProperties(n.properties));
    NodeFilter f;
    f.labels = n.labels;
    f.any_labels = n.any_labels;
    if (n.properties) {
      NAMIDB_RETURN_IF_ERROR(Bind(*n.properties, scope));
      f.properties = n.properties.get();
    }
    if (n.scan_labels && ExpressionReads(*n.scan_labels).empty()) {
      NAMIDB_RETURN_IF_ERROR(Bind(*n.scan_labels, scope));
      f.scan_labels = n.scan_labels.get();
      f.scan_any = n.scan_any;
    }
    return f;
  }

  // MATCH: the pattern parts in order, with each conjunct of WHERE applied
  // as soon as the variables it needs are bound (predicate pushdown), and an
  // equality on an indexed property turned into an index seek.
  // `copies_do_not_matter`: the clauses after it need only its distinct rows
  // (recorded on the plan for the rule distinct_ends).
  Status PlanMatch(Clause& c, OperatorPtr* op, Scope& scope, bool copies_do_not_matter) {
    ScopedValue repeatable(&repeatable_elements_, c.repeatable_elements);
    std::vector<PendingFilter> pending;
    std::set<std::string> introduced;
    for (const auto& part : c.pattern) {
      for (const auto& n : part.nodes) {
        if (!n.variable.empty() && !scope.count(n.variable)) introduced.insert(n.variable);
      }
      for (const auto& r : part.rels) {
        if (!r.variable.empty() && !scope.count(r.variable)) introduced.insert(r.variable);
        if (!r.quantified) continue;
        for (const NodePattern* n : r.quantified->Nodes()) {
          if (!n->variable.empty()) introduced.insert(n->variable);
        }
        for (const RelPattern& more : r.quantified->more) {
          if (!more.variable.empty()) introduced.insert(more.variable);
        }
      }
      if (!part.path_variable.empty() && !scope.count(part.path_variable))
        introduced.insert(part.path_variable);
    }
    if (c.where) {
      std::vector<Expr*> conjuncts;
      SplitConjuncts(c.where.get(), &conjuncts);
      for (Expr* e : conjuncts) {
        std::set<std::string> names;
        MentionedNames(*e, &names);
        if (names.count("*")) {
          names = introduced;  // a subquery: its variables are not walked, so wait for all
        } else {
          std::erase_if(names, [&](const std::string& n) { return !introduced.count(n); });
        }
        pending.push_back({e, std::move(names)});
      }
    }
    ArgumentOperator* argument = nullptr;
    LogicalPtr outer = LogicalPipeline(std::move(*op));
    LogicalPtr inner = c.optional ? LogicalPipeline(MakeArgument(&argument)) : nullptr;
    LogicalPtr* target = c.optional ? &inner : &outer;
    {
      ScopedValue conditions(&pending_, &pending);
      std::vector<int> rel_slots;
      // When the statement starts with this MATCH and its first part is a
      // single node, the rows so far are a known number of nodes, which a
      // hash join may build on (PlanJoinedPart).
      bool first = !c.optional && !has_updates_ && Top(*target) == once_;
      uint64_t left_rows = UINT64_MAX;  // unknown
      for (PatternPart* part : PartsInJoinOrder(c.pattern, scope)) {
        bool single_node = first && part->kind == PathKind::kPlain && part->rels.empty() &&
                           part->nodes.size() == 1 && stats_;
        uint64_t rows = single_node ? PartStartCost(*part, scope) : UINT64_MAX;
        NAMIDB_RETURN_IF_ERROR(PlanJoinedPart(*part, target, scope, rel_slots, left_rows));
        left_rows = rows;
        first = false;
      }
      MarkReady(scope);
      NAMIDB_RETURN_IF_ERROR(StackConditions(c.where.get(), target, scope));
    }
    if (c.optional) {
      outer = LogicalOver(LogicalKind::kOptional, std::move(outer), std::move(inner));
      outer->argument = argument;
      outer->tag_slot = NewSlot();
    }
    outer->copies_do_not_matter = copies_do_not_matter;
    std::vector<int> live;
    *op = Finish(std::move(outer), LiveAfter(scope, &live) ? &live : nullptr);
    return Status::OK();
  }

  // What the planner noted of operators as it built them, against where
  // the rules put Filters and seeks: an Expand no longer right over the
  // whole scan expects no number of sources, and a counted pattern with a
  // Filter below its top is not the statistics' count.
  void CheckNotes(LogicalOperator* op) {
    for (; op; op = op->input.get()) {
      if (op->kind == LogicalKind::kExpand && op->expand.expected_sources > 0 &&
          (!op->input || op->input->kind != LogicalKind::kNodeScan)) {
        op->expand.expected_sources = 0;
      }
      if (op == counted_pattern_.op) {
        for (const LogicalOperator* below = op; below; below = below->input.get()) {
          if (below->kind == LogicalKind::kFilter) counted_pattern_ = {};
        }
      }
      if (op->right) CheckNotes(op->right.get());
    }
  }

  // What `op` stands for among the operators named by identity (once_,
  // whole_scan_, ...): a Pipeline its top operator, else itself.
  static const void* Top(const LogicalPtr& op) {
    return op->kind == LogicalKind::kPipeline ? static_cast<const void*>(op->pipeline.get())
                                              : static_cast<const void*>(op.get());
  }

  // The operators of a logical plan (physical_plan.h), the one place they
  // are made; tests may ask for the plan described first. A clause no rule
  // rewrites (LOAD CSV, CALL, the updates) comes here without Optimize: no
  // rule has anything to do on it.
  OperatorPtr Build(LogicalPtr logical,
                    std::map<const LogicalOperator*, const Operator*>* built = nullptr) {
    if (optimizer_options_ && optimizer_options_->described) {
      for (std::string& line : DescribeLogical(*logical)) {
        optimizer_options_->described->push_back(std::move(line));
      }
      optimizer_options_->described->emplace_back();
    }
    return BuildPhysical(std::move(logical), built);
  }

  // The operators of a pattern's logical plan, optimized; what named a
  // logical operator by identity names its operator after. `live_after`:
  // the slots the clauses after it read (LiveAfter), null when not known.
  OperatorPtr Finish(LogicalPtr logical, const std::vector<int>* live_after = nullptr) {
    OptimizerContext optimizer{[this] { return NewSlot(); }, &plan_->owned, &schema_};
    optimizer.live_after = live_after;
    Optimize(&logical, optimizer, optimizer_options_ ? *optimizer_options_ : OptimizerOptions());
    CheckNotes(logical.get());
    NoteWholeLabel(*logical);
    std::map<const LogicalOperator*, const Operator*> built;
    OperatorPtr op = Build(std::move(logical), &built);
    auto relink = [&](const void*& named) {
      auto it = built.find(static_cast<const LogicalOperator*>(named));
      if (named && it != built.end()) named = it->second;
    };
    relink(whole_scan_.first);
    relink(countable_.first);
    relink(whole_label_.first);
    relink(counted_pattern_.op);
    return op;
  }

  // Whether the countable Expand noted in this plan is, after the rules,
  // right over a scan of every node of one label straight from once_, and
  // what a NeighborCounts needs of both (optimizer/neighbor_counts.h).
  void NoteWholeLabel(const LogicalOperator& root) {
    const LogicalOperator* expand = nullptr;
    for (const LogicalOperator* op = &root; op; op = op->input.get()) {
      if (op == countable_.first) expand = op;
    }
    if (!expand) return;  // countable_ names an operator of an earlier clause, or none
    whole_label_ = {nullptr, {}};
    const LogicalOperator* scan = expand->input.get();
    if (expand->kind != LogicalKind::kExpand || !scan || scan != whole_scan_.first ||
        scan->kind != LogicalKind::kNodeScan || scan->node_filter.labels.size() != 1 ||
        scan->node_filter.properties || !scan->input ||
        scan->input->kind != LogicalKind::kPipeline || scan->input->pipeline.get() != once_) {
      return;
    }
    const ExpandSpec& spec = expand->expand;
    if (spec.from_slot != scan->node_slot || spec.types.size() > 1 || spec.rel_properties) return;
    WholeLabelExpansion& whole = whole_label_.second;
    whole.present = true;
    whole.source_slot = scan->node_slot;
    whole.label = scan->node_filter.labels[0];
    whole.columns = scan->columns;
    whole.type = spec.types.empty() ? "" : spec.types[0];
    whole.direction = spec.direction;
    whole.to_labels = spec.to_filter.labels;
    whole_label_.first = expand;
  }

  // A pattern part of a MATCH: expanded from the rows so far, or, when it
  // shares no variable with them, planned on its own (with the conditions
  // on its variables alone) and joined to them: hash joined when a WHERE
  // equality links the two (`MATCH (a:A), (b:B) WHERE a.x = b.y`; the
  // equality stays a filter), else a cartesian product whose side is built
  // once rather than the part scanned again per row. The part's rows are
  // the side built; the rule join_order swaps the sides when the rows so
  // far are `left_rows` nodes (UINT64_MAX: unknown) and the part starts
  // from more.
  Status PlanJoinedPart(PatternPart& part, LogicalPtr* op, Scope& scope,
                        std::vector<int>& rel_slots, uint64_t left_rows) {
    std::optional<std::pair<Expr*, Expr*>> keys;
    bool disconnected =
        part.kind == PathKind::kPlain && !scope.empty() && (rel_slots.empty() || part.rels.empty());
    for (const auto& n : part.nodes) disconnected &= n.variable.empty() || !scope.count(n.variable);
    for (const auto& r : part.rels) disconnected &= r.variable.empty() || !scope.count(r.variable);
    // Planned on its own, the part sees none of the rows so far: a property
    // map naming their variables (`(b {x: a.x})`) keeps it on top of them.
    std::set<std::string> named;
    for (const auto& n : part.nodes) {
      if (n.properties) MentionedNames(*n.properties, &named);
    }
    for (const auto& r : part.rels) {
      if (r.properties) MentionedNames(*r.properties, &named);
      if (!r.quantified) continue;
      for (const Expr* e : r.quantified->Checks()) {
        if (e) MentionedNames(*e, &named);
      }
    }
    for (const auto& name : named) disconnected &= name != "*" && !scope.count(name);
    for (const auto& n : part.nodes) {
      if (disconnected && Seekable(n, scope)) disconnected = false;  // a seek is better
    }
    if (!disconnected) return PlanPatternPart(part, op, scope, rel_slots);
    keys = JoinKeys(part, scope);
    uint64_t part_rows = PartStartCost(part, scope);
    LogicalPtr own = LogicalPipeline(MakeOnce());
    own->bare = true;
    Scope right = scope;
    std::vector<int> build_rels;
    int first_slot = width_;
    NAMIDB_RETURN_IF_ERROR(PlanWithOwnConditions(part, &own, right, build_rels));
    HashJoinSpec spec;
    if (keys) {
      NAMIDB_RETURN_IF_ERROR(Bind(*keys->first, scope));
      NAMIDB_RETURN_IF_ERROR(Bind(*keys->second, right));
    }
    for (int slot = first_slot; slot < width_; ++slot) spec.build_slots.push_back(slot);
    if (keys) {
      spec.probe_key = keys->first;
      spec.build_key = keys->second;
    }
    *op = LogicalOver(LogicalKind::kHashJoin, std::move(*op), std::move(own));
    (*op)->join = std::move(spec);
    for (int slot = 0; slot < first_slot; ++slot) (*op)->input_slots.push_back(slot);
    (*op)->input_start_rows = left_rows;
    (*op)->right_start_rows = part_rows;
    scope = std::move(right);
    rel_slots.insert(rel_slots.end(), build_rels.begin(), build_rels.end());
    MarkReady(scope);
    return Status::OK();
  }

  // Plans `part` in a pipeline of its own (no rows so far), applying there
  // the pending conditions that name only its variables.
  Status PlanWithOwnConditions(PatternPart& part, LogicalPtr* op, Scope& scope,
                               std::vector<int>& rel_slots) {
    if (!pending_) return PlanPatternPart(part, op, scope, rel_slots);
    std::set<std::string> own;
    for (const auto& n : part.nodes) own.insert(n.variable);
    for (const auto& r : part.rels) {
      own.insert(r.variable);
      if (!r.quantified) continue;
      for (const NodePattern* n : r.quantified->Nodes()) own.insert(n->variable);
      for (const RelPattern& more : r.quantified->more) own.insert(more.variable);
    }
    std::vector<PendingFilter> local;
    std::vector<PendingFilter*> origin;
    for (PendingFilter& f : *pending_) {
      std::set<std::string> names;
      MentionedNames(*f.expr, &names);
      bool only_own = !names.empty() && std::all_of(names.begin(), names.end(), [&](const auto& n) {
        return own.count(n) > 0;
      });
      if (f.applied || !only_own) continue;
      local.push_back(f);
      origin.push_back(&f);
    }
    ScopedValue conditions(&pending_, &local);
    NAMIDB_RETURN_IF_ERROR(PlanPatternPart(part, op, scope, rel_slots));
    MarkReady(scope);
    for (size_t i = 0; i < local.size(); ++i) origin[i]->applied = local[i].applied;
    return Status::OK();
  }

  // A pending `x = y` whose one side names only variables bound so far and
  // the other only variables of `part` (each side at least one).
  std::optional<std::pair<Expr*, Expr*>> JoinKeys(const PatternPart& part,
                                                  const Scope& scope) const {
    if (!pending_) return std::nullopt;
    std::set<std::string> own;
    for (const auto& n : part.nodes) own.insert(n.variable);
    for (const auto& r : part.rels) own.insert(r.variable);
    if (!part.path_variable.empty()) own.insert(part.path_variable);
    own.erase("");
    auto only = [](const Expr& e, auto&& allowed) {
      std::set<std::string> names;
      MentionedNames(e, &names);
      if (names.empty() || names.count("*")) return false;
      return std::all_of(names.begin(), names.end(), allowed);
    };
    for (const PendingFilter& f : *pending_) {
      Expr& e = *f.expr;
      if (f.applied || e.kind != ExprKind::kBinary || e.name != "=") continue;
      for (int side = 0; side < 2; ++side) {
        Expr& left = *e.children[side];
        Expr& right = *e.children[1 - side];
        if (only(left, [&](const std::string& n) { return scope.count(n) > 0; }) &&
            only(right, [&](const std::string& n) { return own.count(n) > 0; })) {
          return std::make_pair(&left, &right);
        }
      }
    }
    return std::nullopt;
  }

  // A conjunct of the current MATCH's WHERE, waiting for the variables of
  // that MATCH it names.
  struct PendingFilter {
    Expr* expr;
    std::set<std::string> needs;
    bool applied = false;
  };

  // Planning something that is not part of the current MATCH (a sub-pipeline,
  // a hash join's build side): its pending conditions do not apply there.
  ScopedValue<std::vector<PendingFilter>*> WithoutConditions() { return {&pending_, nullptr}; }

  static void SplitConjuncts(Expr* e, std::vector<Expr*>* out) {
    if (e->kind == ExprKind::kBinary && e->binary_op == BinaryOp::kAnd) {
      for (auto& c : e->children) SplitConjuncts(c.get(), out);  // a chain: every operand
    } else {
      out->push_back(e);
    }
  }

  // The names of the scope `e` reads, as the binder layer finds them: not
  // one a comprehension, quantifier or reduce() binds of its own (`any(x IN
  // a.list WHERE x > 0)` waits for `a` alone, whatever else is called x).
  static void MentionedNames(const Expr& e, std::set<std::string>* out) {
    bool subquery = false;
    out->merge(ExpressionReads(e, &subquery));
    if (subquery) out->insert("*");  // EXISTS { ... }: wait for everything
  }

  bool Ready(const PendingFilter& f, const Scope& scope) const {
    return std::all_of(f.needs.begin(), f.needs.end(),
                       [&](const std::string& n) { return scope.count(n) > 0; });
  }

  // Marks the pending conjuncts whose variables are all bound now: no
  // later seek or join key is chosen by them (their Filters are placed by
  // the rule filter_placement, StackConditions).
  void MarkReady(const Scope& scope) {
    if (!pending_) return;
    for (PendingFilter& f : *pending_) {
      if (!f.applied && Ready(f, scope)) f.applied = true;
    }
  }

  // The conjuncts of a MATCH's WHERE, bound, as Filters on top of its plan
  // in WHERE order, each with the slots it reads (every slot in scope for
  // one with a subquery); the rule filter_placement moves each down to
  // where they are bound (optimizer/filter_placement.h).
  Status StackConditions(Expr* where, LogicalPtr* op, const Scope& scope) {
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

  // An index on a label of `n` and `property`, or null.
  const SchemaEntry* IndexOn(const NodePattern& n, const std::string& property) const {
    for (const SchemaEntry& e : schema_) {
      if (e.property == property &&
          std::find(n.labels.begin(), n.labels.end(), e.label) != n.labels.end()) {
        return &e;
      }
    }
    return nullptr;
  }

  // `n.property = value` among the pending conjuncts, with an index on a
  // label of `n` and a value computable before `n` is bound.
  struct IndexEquality {
    const SchemaEntry* index;
    Expr* value;
  };
  std::optional<IndexEquality> PendingIndexEquality(const NodePattern& n,
                                                    const Scope& scope) const {
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

  // `id(n) = value` or `elementId(n) = value` among the pending conjuncts,
  // with a value computable before `n` is bound: a point read of n.
  Expr* PendingIdEquality(const NodePattern& n, const Scope& scope) const {
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

  // Whether a seek finds the candidates of `n`: an index or its id.
  bool Seekable(const NodePattern& n, const Scope& scope) const {
    return IndexFor(n) || PendingIndexEquality(n, scope) || PendingIdEquality(n, scope);
  }

  Status PlanPatternPart(PatternPart& part, LogicalPtr* op, Scope& scope,
                         std::vector<int>& rel_slots) {
    if (!part.path_variable.empty()) {
      bool reused = scope.count(part.path_variable) > 0;
      for (const auto& n : part.nodes) reused |= n.variable == part.path_variable;
      for (const auto& r : part.rels) reused |= r.variable == part.path_variable;
      // The binder checks this in the text's order; the parts of a MATCH
      // may be planned in another, which a name of a later part can meet.
      if (reused) {
        return SyntaxError("VariableAlreadyBound", part.pos,
                           "variable '" + part.path_variable + "' is already defined");
      }
    }
    if (part.kind != PathKind::kPlain) return PlanShortestPath(part, op, scope);
    ScopedValue named_path(&in_named_path_, !part.path_variable.empty());
    size_t start = StartNode(part, scope);
    NAMIDB_RETURN_IF_ERROR(PlanNode(part.nodes[start], op, scope));
    MarkReady(scope);
    for (size_t i = start; i + 1 < part.nodes.size(); ++i) {
      NAMIDB_RETURN_IF_ERROR(
          PlanRel(part.nodes[i], part.rels[i], part.nodes[i + 1], false, op, scope, rel_slots));
      MarkReady(scope);
    }
    for (size_t i = start; i > 0; --i) {
      NAMIDB_RETURN_IF_ERROR(
          PlanRel(part.nodes[i], part.rels[i - 1], part.nodes[i - 1], true, op, scope, rel_slots));
      MarkReady(scope);
    }
    if (!part.path_variable.empty()) {
      int slot = NewSlot();
      const Expr* path = BuildPath(part);
      path_expr_[&part] = {path, slot};
      *op = LogicalOver(LogicalKind::kProject, std::move(*op));
      (*op)->items = {{path, slot}};
      scope[part.path_variable] = slot;
      slot_kind_[slot] = ValueKind::kPath;
      MarkReady(scope);
    }
    return Status::OK();
  }

  // The order to plan a MATCH's pattern parts in. Parts that share
  // variables form one connected pattern written in pieces
  // (`(a:Person)-->(b), (b)-->(c:City {name: $n})`): it starts from the
  // piece joined to rows already bound, else the one whose start finds the
  // fewest nodes (an index seek, else the rarest label by the manifest's
  // counts), and grows along shared variables. Separate patterns keep
  // their written order (PlanJoinedPart picks a hash join's build side);
  // a MATCH with shortestPath keeps written order throughout.
  std::vector<PatternPart*> PartsInJoinOrder(std::vector<PatternPart>& parts, const Scope& scope) {
    std::vector<PatternPart*> order;
    bool plain = std::all_of(parts.begin(), parts.end(),
                             [](const PatternPart& p) { return p.kind == PathKind::kPlain; });
    if (!plain || parts.size() < 2) {
      for (auto& p : parts) order.push_back(&p);
      return order;
    }
    std::vector<std::set<std::string>> vars(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) {
      for (const auto& n : parts[i].nodes) vars[i].insert(n.variable);
      for (const auto& r : parts[i].rels) vars[i].insert(r.variable);
      vars[i].erase("");
    }
    auto meets = [](const std::set<std::string>& a, const std::set<std::string>& b) {
      return std::any_of(a.begin(), a.end(), [&](const std::string& v) { return b.count(v) > 0; });
    };
    std::set<std::string> bound;
    for (const auto& entry : scope) bound.insert(entry.first);
    std::vector<bool> done(parts.size());
    for (size_t first = 0; first < parts.size(); ++first) {
      if (done[first]) continue;
      std::vector<size_t> piece = {first};
      done[first] = true;
      for (size_t k = 0; k < piece.size(); ++k) {
        for (size_t j = 0; j < parts.size(); ++j) {
          if (!done[j] && meets(vars[piece[k]], vars[j])) {
            done[j] = true;
            piece.push_back(j);
          }
        }
      }
      std::sort(piece.begin(), piece.end());
      while (!piece.empty()) {
        size_t pick = 0;
        auto joined = std::find_if(piece.begin(), piece.end(),
                                   [&](size_t i) { return meets(vars[i], bound); });
        if (joined != piece.end()) {
          pick = joined - piece.begin();
        } else {
          for (size_t k = 1; k < piece.size(); ++k) {
            if (PartStartCost(parts[piece[k]], scope) < PartStartCost(parts[piece[pick]], scope))
              pick = k;
          }
        }
        order.push_back(&parts[piece[pick]]);
        bound.insert(vars[piece[pick]].begin(), vars[piece[pick]].end());
        piece.erase(piece.begin() + static_cast<std::ptrdiff_t>(pick));
      }
    }
    return order;
  }

  // How many nodes a part's cheapest start finds: 1 for an index seek, a
  // label's count by the manifest, or "unknown" (no label, no statistics).
  uint64_t PartStartCost(const PatternPart& part, const Scope& scope) {
    uint64_t cost = UINT64_MAX;
    for (const NodePattern& n : part.nodes) {
      if (Seekable(n, scope)) cost = std::min<uint64_t>(cost, 1);
      if (!stats_) continue;
      for (const auto& label : n.labels) {
        auto it = stats_->labels.find(label);
        cost = std::min<uint64_t>(cost, it == stats_->labels.end() ? 0 : it->second);
      }
    }
    return cost;
  }

  // Where a pattern starts: a bound node, else one an index finds, else
  // the node whose label has the fewest nodes by the manifest's counts (the
  // first label when there are none), else the first node.
  size_t StartNode(const PatternPart& part, const Scope& scope) {
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      if (!part.nodes[i].variable.empty() && scope.count(part.nodes[i].variable)) return i;
    }
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      if (Seekable(part.nodes[i], scope)) return i;
    }
    std::optional<size_t> best;
    uint64_t best_count = 0;
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      const NodePattern& n = part.nodes[i];
      if (n.labels.empty() && n.any_labels.empty()) continue;
      uint64_t count = UINT64_MAX - 1;  // no statistics: the first labelled node wins
      if (stats_) {
        count = UINT64_MAX;
        for (const auto& label : n.labels) {
          auto it = stats_->labels.find(label);
          count = std::min<uint64_t>(count, it == stats_->labels.end() ? 0 : it->second);
        }
        if (n.labels.empty()) count = LabelsCount(n.any_labels);
      }
      if (!best || count < best_count) best = i, best_count = count;
    }
    return best.value_or(0);
  }

  // The nodes of `labels` as the statistics count them, a node of two
  // counted twice: what a scan of them reads.
  uint64_t LabelsCount(const std::vector<std::string>& labels) const {
    uint64_t count = 0;
    for (const auto& label : labels) {
      auto it = stats_->labels.find(label);
      if (it != stats_->labels.end()) count += it->second;
    }
    return count;
  }

  // shortestPath((a)-[:T*..n]-(b)) with a and b bound before.
  Status PlanShortestPath(PatternPart& part, LogicalPtr* op, Scope& scope) {
    if (part.rels.size() != 1) {
      return SyntaxError("UnexpectedSyntax", part.pos,
                         "shortestPath needs a pattern of one relationship");
    }
    // Both ends first (scanned, or checked if bound), then the search; no
    // Filter goes between them, nor under them.
    LogicalOperator* start = op->get();
    for (NodePattern& end : part.nodes) {
      const LogicalOperator* before = op->get();
      NAMIDB_RETURN_IF_ERROR(PlanNode(end, op, scope));
      if (op->get() != before) (*op)->joined_to_above = true;
    }
    RelPattern& rel = part.rels[0];
    if (rel.quantified && !rel.quantified->more.empty()) {
      return Unsupported(rel.pos,
                         "shortestPath over a quantified path pattern of several relationships");
    }
    const Expr* min = rel.min_hops.get();
    bool literal_min =
        min && min->kind == ExprKind::kLiteral && min->value.kind() == ValueKind::kInt;
    if (rel.variable_length && min && !(literal_min && min->value.as_int() <= 1)) {
      return Unsupported(rel.pos, "shortestPath with a minimum length other than 0 or 1");
    }
    ShortestPathSpec spec;
    spec.from_slot = node_slot_.at(&part.nodes[0]);
    spec.to_slot = node_slot_.at(&part.nodes[1]);
    spec.zero_length = literal_min && min->value.as_int() == 0;
    spec.types = rel.types;
    spec.direction = rel.direction;
    spec.all = part.kind == PathKind::kAllShortest;
    spec.count = part.selector_count;
    if (rel.variable_length && rel.max_hops) {
      NAMIDB_RETURN_IF_ERROR(Bind(*rel.max_hops, Scope()));
      spec.max_hops = rel.max_hops.get();
    } else if (!rel.variable_length) {
      spec.single_hop = true;
    }
    spec.path_slot = NewSlot();
    slot_kind_[spec.path_slot] = ValueKind::kPath;
    if (!rel.variable.empty()) {
      spec.rel_slot = NewSlot();
      scope[rel.variable] = spec.rel_slot;
      slot_kind_[spec.rel_slot] = rel.variable_length ? ValueKind::kList : ValueKind::kRelationship;
    }
    if (rel.quantified) {
      // The search takes only hops that meet the group; its names are lists.
      NAMIDB_ASSIGN_OR_RETURN(HopCheck hop, PlanGroup(rel, scope, /*backwards=*/false));
      if (hop.from_list_slot >= 0) scope[rel.quantified->from.variable] = hop.from_list_slot;
      if (hop.to_list_slot >= 0) scope[rel.quantified->to.variable] = hop.to_list_slot;
      spec.hop = std::move(hop);
    }
    if (!part.path_variable.empty()) scope[part.path_variable] = spec.path_slot;
    *op = LogicalOver(LogicalKind::kShortestPath, std::move(*op));
    (*op)->shortest_path = std::move(spec);
    if (start->kind == LogicalKind::kPipeline) start->joined_to_above = true;
    return Status::OK();
  }

  ExprPtr SlotRef(int slot) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kVariable;
    e->slot = slot;
    return e;
  }

  ExprPtr ListOf(ExprPtr item) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kList;
    e->children.push_back(std::move(item));
    return e;
  }

  // The value of a named path, from the slots its pattern was planned into.
  const Expr* BuildPath(const PatternPart& part) {
    auto path = std::make_unique<Expr>();
    path->kind = ExprKind::kBuildPath;
    path->pos = part.pos;
    path->children.push_back(SlotRef(node_slot_.at(&part.nodes[0])));
    for (size_t i = 0; i < part.rels.size(); ++i) {
      const RelStep& step = rel_step_.at(&part.rels[i]);
      if (step.nodes_slot >= 0) {
        path->children.push_back(SlotRef(step.rel_slot));
        path->children.push_back(SlotRef(step.nodes_slot));
      } else {
        path->children.push_back(ListOf(SlotRef(step.rel_slot)));
        path->children.push_back(ListOf(SlotRef(node_slot_.at(&part.nodes[i + 1]))));
      }
    }
    const Expr* out = path.get();
    plan_->owned.push_back(std::move(path));
    return out;
  }

  // An index that finds the candidates of a node pattern: one on a label of
  // the pattern and a property its map compares for equality.
  std::optional<IndexSeek> IndexFor(const NodePattern& n) const {
    if (!n.properties || n.properties->kind != ExprKind::kMap) return std::nullopt;
    for (size_t i = 0; i < n.properties->names.size(); ++i) {
      if (const SchemaEntry* e = IndexOn(n, n.properties->names[i])) {
        return IndexSeek{e->label, e->property, n.properties->children[i].get()};
      }
    }
    return std::nullopt;
  }

  // The node a pattern starts from: scanned, or checked if already bound.
  Status PlanNode(NodePattern& n, LogicalPtr* op, Scope& scope) {
    // A pattern's conditions are checked per row of its start node: none
    // goes under the operator that binds or checks it (filter_placement).
    LogicalOperator* below = op->get();
    NAMIDB_RETURN_IF_ERROR(PlanNodeOperator(n, op, scope));
    if (op->get() != below && below->kind == LogicalKind::kPipeline) below->joined_to_above = true;
    return Status::OK();
  }

  Status PlanNodeOperator(NodePattern& n, LogicalPtr* op, Scope& scope) {
    NAMIDB_ASSIGN_OR_RETURN(NodeFilter filter, NodeFilterOf(n, scope));
    if (!n.variable.empty() && scope.count(n.variable)) {
      node_slot_[&n] = scope[n.variable];
      if (!filter.labels.empty() || filter.properties) {
        *op = LogicalNodeOp(LogicalKind::kNodeCheck, std::move(*op), scope[n.variable],
                            std::move(filter));
      }
      return Status::OK();
    }
    int slot = NewSlot();
    slot_kind_[slot] = ValueKind::kNode;
    // A scan, which the rule index_seek makes a seek when an index or an
    // id equality finds the node (optimizer/index_seek.h).
    {
      bool whole = Top(*op) == once_ && !filter.properties;
      uint64_t count = stats_ ? stats_->nodes : 0;
      if (stats_ && !filter.labels.empty()) {
        auto it = stats_->labels.find(filter.labels[0]);
        count = it == stats_->labels.end() ? 0 : it->second;
      } else if (stats_ && !filter.any_labels.empty()) {
        count = LabelsCount(filter.any_labels);
      }
      std::optional<std::string> counted_label;
      if (whole && filter.labels.size() <= 1 && filter.any_labels.empty()) {
        counted_label = filter.labels.empty() ? "" : filter.labels[0];
      }
      *op = LogicalNodeOp(LogicalKind::kNodeScan, std::move(*op), slot, std::move(filter));
      (*op)->detail = DetailOf(n);
      if (!in_named_path_) (*op)->columns = (*op)->properties = node_reads_->ColumnsOf(n);
      if (whole) whole_scan_ = {op->get(), count};
      if (counted_label) {
        counted_pattern_ = {op->get(), {n.variable}, {false, *counted_label, -1}};
      }
    }
    if (!n.variable.empty()) scope[n.variable] = slot;
    node_slot_[&n] = slot;
    return Status::OK();
  }

  // A quantified path pattern's group: each hop's elements in scratch
  // slots, over which its maps and condition are bound; a list slot for
  // each node it names (PlanRel binds the names to them after).
  Result<HopCheck> PlanGroup(RelPattern& rel, const Scope& scope, bool backwards) {
    QuantifiedHop& group = *rel.quantified;
    if (!group.more.empty()) return PlanChain(rel, scope, backwards);
    HopCheck hop;
    Scope inner = scope;
    auto element = [&](const std::string& name, ValueKind kind) {
      int slot = NewSlotOf(kind);
      if (!name.empty()) inner[name] = slot;
      return slot;
    };
    hop.from_slot = element(group.from.variable, ValueKind::kNode);
    hop.rel_slot = element(rel.variable, ValueKind::kRelationship);
    hop.same_ends = !group.to.variable.empty() && group.to.variable == group.from.variable;
    hop.to_slot = element(hop.same_ends ? "" : group.to.variable, ValueKind::kNode);
    NAMIDB_ASSIGN_OR_RETURN(hop.from_filter, NodeFilterOf(group.from, inner));
    NAMIDB_ASSIGN_OR_RETURN(hop.to_filter, NodeFilterOf(group.to, inner));
    if (rel.properties) {
      NAMIDB_RETURN_IF_ERROR(Bind(*rel.properties, inner));
      hop.rel_properties = rel.properties.get();
    }
    if (group.where) {
      NAMIDB_RETURN_IF_ERROR(BindPredicate(*group.where, inner));
      hop.where = group.where.get();
    }
    auto list = [&](const std::string& name) {
      return name.empty() ? -1 : NewSlotOf(ValueKind::kList);
    };
    hop.from_list_slot = list(group.from.variable);
    hop.to_list_slot = list(hop.same_ends ? "" : group.to.variable);
    return hop;
  }

  // A group of several relationships: a scratch slot per element of one
  // repetition (a node named twice shares the first's), the steps in the
  // order the walk takes them, and a list slot per name.
  Result<HopCheck> PlanChain(RelPattern& rel, const Scope& scope, bool backwards) {
    QuantifiedHop& group = *rel.quantified;
    HopCheck hop;
    Scope inner = scope;
    std::vector<NodePattern*> nodes{&group.from};
    for (NodePattern& n : group.middle) nodes.push_back(&n);
    nodes.push_back(&group.to);
    std::vector<RelPattern*> rels{&rel};
    for (RelPattern& r : group.more) rels.push_back(&r);
    std::map<std::string, int> first_of;  // a node name's first position
    for (size_t i = 0; i < nodes.size(); ++i) {
      const std::string& name = nodes[i]->variable;
      auto seen = name.empty() ? first_of.end() : first_of.find(name);
      hop.same_node.push_back(seen == first_of.end() ? -1 : seen->second);
      const int slot = NewSlotOf(ValueKind::kNode);
      hop.node_slots.push_back(slot);
      if (!name.empty() && seen == first_of.end()) {
        first_of[name] = static_cast<int>(i);
        inner[name] = slot;
      }
    }
    for (RelPattern* r : rels) {
      const int slot = NewSlotOf(ValueKind::kRelationship);
      hop.rel_slots.push_back(slot);
      if (!r->variable.empty()) inner[r->variable] = slot;
    }
    for (NodePattern* n : nodes) {
      NAMIDB_ASSIGN_OR_RETURN(NodeFilter filter, NodeFilterOf(*n, inner));
      hop.node_filters.push_back(std::move(filter));
    }
    for (RelPattern* r : rels) {
      if (r->properties) NAMIDB_RETURN_IF_ERROR(Bind(*r->properties, inner));
      hop.rel_checks.push_back(r->properties.get());
    }
    if (group.where) {
      NAMIDB_RETURN_IF_ERROR(BindPredicate(*group.where, inner));
      hop.where = group.where.get();
    }
    auto list = [&](bool named) { return named ? NewSlotOf(ValueKind::kList) : -1; };
    for (size_t i = 0; i < nodes.size(); ++i) {
      hop.node_list_slots.push_back(list(!nodes[i]->variable.empty() && hop.same_node[i] < 0));
    }
    for (RelPattern* r : rels) hop.rel_list_slots.push_back(list(!r->variable.empty()));
    // Walked from the pattern's far end, the steps come last first and
    // each one the other way.
    for (size_t i = 0; i < rels.size(); ++i) {
      const RelPattern& r = *rels[backwards ? rels.size() - 1 - i : i];
      hop.walk_steps.push_back({r.types, backwards ? Against(r.direction) : r.direction});
    }
    return hop;
  }

  Status PlanRel(NodePattern& from, RelPattern& rel, NodePattern& to, bool backwards,
                 LogicalPtr* op, Scope& scope, std::vector<int>& rel_slots) {
    NAMIDB_RETURN_IF_ERROR(
        CheckBoundKind(rel.variable, rel.pos, scope,
                       rel.variable_length ? ValueKind::kList : ValueKind::kRelationship));
    NAMIDB_RETURN_IF_ERROR(CheckMatchProperties(rel.properties));
    if (!rel.variable.empty() && rel.variable == to.variable) {
      return SyntaxError("VariableTypeConflict", to.pos,
                         "variable '" + rel.variable + "' names a relationship and a node");
    }
    if (repeatable_elements_ && rel.variable_length && !rel.max_hops &&
        (rel.range || !rel.min_hops)) {
      return SyntaxError("UnboundedRepeatableElements", rel.pos,
                         "MATCH REPEATABLE ELEMENTS walks relationships again, so a "
                         "variable-length relationship needs an upper bound (*1..5, {1,5})");
    }
    bool rel_bound = !rel.variable.empty() && scope.count(rel.variable);
    if (rel_bound && !repeatable_elements_ &&
        std::find(rel_slots.begin(), rel_slots.end(), scope[rel.variable]) != rel_slots.end()) {
      // The same relationship twice in one MATCH can never satisfy uniqueness.
      return SyntaxError("RelationshipUniquenessViolation", rel.pos,
                         "relationship '" + rel.variable + "' is used twice in one pattern");
    }
    ExpandSpec spec;
    spec.from_slot = node_slot_.at(&from);
    spec.types = rel.types;
    spec.direction = backwards ? Against(rel.direction) : rel.direction;
    std::optional<HopCheck> hop;
    // The group variables' names and slots, bound once the walk is planned.
    std::vector<std::pair<std::string, int>> group_lists;
    if (rel.quantified) {
      NAMIDB_ASSIGN_OR_RETURN(hop, PlanGroup(rel, scope, backwards));
      group_lists = {{rel.quantified->from.variable, hop->from_list_slot},
                     {rel.quantified->to.variable, hop->to_list_slot}};
      if (!hop->walk_steps.empty()) {
        // Every name of a group of several relationships is a list of its
        // own; the walk's list of relationships is for paths alone.
        group_lists.clear();
        std::vector<const NodePattern*> nodes = rel.quantified->Nodes();
        for (size_t i = 0; i < nodes.size(); ++i) {
          group_lists.emplace_back(nodes[i]->variable, hop->node_list_slots[i]);
        }
        group_lists.emplace_back(rel.variable, hop->rel_list_slots[0]);
        for (size_t i = 0; i < rel.quantified->more.size(); ++i) {
          group_lists.emplace_back(rel.quantified->more[i].variable, hop->rel_list_slots[i + 1]);
        }
      }
    } else if (rel.properties) {
      NAMIDB_RETURN_IF_ERROR(Bind(*rel.properties, scope));
      spec.rel_properties = rel.properties.get();
    }
    if (rel.scan_types && !rel.variable_length && ExpressionReads(*rel.scan_types).empty()) {
      NAMIDB_RETURN_IF_ERROR(Bind(*rel.scan_types, scope));
      spec.scan_types = rel.scan_types.get();
      spec.scan_any = rel.scan_any;
    }
    if (!repeatable_elements_) spec.distinct_from = rel_slots;
    spec.load_rel = !rel.variable.empty() || rel.properties || in_named_path_;
    if (rel_bound) {
      // A relationship bound by an earlier clause: follow only it.
      spec.rel_bound = true;
      spec.rel_slot = scope[rel.variable];
    } else {
      spec.rel_slot = NewSlot();
      slot_kind_[spec.rel_slot] = rel.variable_length ? ValueKind::kList : ValueKind::kRelationship;
    }
    rel_slots.push_back(spec.rel_slot);
    NAMIDB_ASSIGN_OR_RETURN(NodeFilter to_filter, NodeFilterOf(to, scope));
    bool to_bound = !to.variable.empty() && scope.count(to.variable);
    if (to_bound) {
      spec.to_bound = true;
      spec.to_slot = scope[to.variable];
    } else {
      spec.to_slot = NewSlot();
      slot_kind_[spec.to_slot] = ValueKind::kNode;
      spec.to_filter = to_filter;
    }
    int to_slot = spec.to_slot;
    RelStep step{spec.rel_slot, -1};
    if (rel.variable_length) {
      VarLengthSpec var;
      if (rel.min_hops) {
        NAMIDB_RETURN_IF_ERROR(Bind(*rel.min_hops, Scope()));
        var.min_hops = rel.min_hops.get();
      }
      if (rel.max_hops) {
        NAMIDB_RETURN_IF_ERROR(Bind(*rel.max_hops, Scope()));
        var.max_hops = rel.max_hops.get();
      }
      var.has_range = rel.range;
      var.nodes_slot = NewSlot();
      var.reverse = backwards;
      var.hop = std::move(hop);
      var.repeatable = repeatable_elements_;
      step.nodes_slot = var.nodes_slot;
      var.step = std::move(spec);
      *op = LogicalOver(LogicalKind::kVarLengthExpand, std::move(*op));
      (*op)->var_length = std::move(var);
    } else {
      spec.to_detail = DetailOf(to);
      if (!in_named_path_) spec.to_properties = node_reads_->ColumnsOf(to);
      if (Top(*op) == whole_scan_.first) spec.expected_sources = whole_scan_.second;
      // An expansion that could count rather than make rows, if the
      // statement reads nothing of it but the number (optimizer/count_expansions.h).
      bool countable = !spec.rel_bound && !spec.to_bound && !spec.load_rel && !spec.scan_types &&
                       !spec.to_filter.properties && spec.distinct_from.empty() &&
                       spec.to_detail == NodeDetail::kId;
      // Every relationship (of a type) one way, from a scan of every node
      // to any node: as many rows as the statistics count relationships.
      const CountedPattern& from_all = counted_pattern_;
      bool counted = from_all.op == Top(*op) && !from_all.count.relationships &&
                     from_all.count.name.empty() && !spec.rel_bound && !spec.to_bound &&
                     !spec.rel_properties && spec.to_filter.labels.empty() &&
                     spec.to_filter.any_labels.empty() && !spec.to_filter.properties &&
                     spec.distinct_from.empty() && spec.direction != RelDirection::kBoth &&
                     spec.types.size() <= 1;
      std::string counted_type = counted && !spec.types.empty() ? spec.types[0] : "";
      *op = LogicalOver(LogicalKind::kExpand, std::move(*op));
      (*op)->expand = std::move(spec);
      if (countable) countable_ = {op->get(), to.variable};
      if (counted) {
        counted_pattern_ = {
            op->get(), {from.variable, rel.variable, to.variable}, {true, counted_type, -1}};
      }
    }
    rel_step_[&rel] = step;
    if (to_bound && (!to_filter.labels.empty() || to_filter.properties)) {
      (*op)->joined_to_above = true;  // a Filter goes after the check
      *op = LogicalNodeOp(LogicalKind::kNodeCheck, std::move(*op), to_slot, std::move(to_filter));
    }
    if (!rel.variable.empty()) scope[rel.variable] = rel_slots.back();
    for (const auto& [name, slot] : group_lists) {
      if (slot >= 0) scope[name] = slot;
    }
    if (!to.variable.empty()) scope[to.variable] = to_slot;
    node_slot_[&to] = to_slot;
    return Status::OK();
  }

  // What the rest of the statement reads of the node a pattern binds.
  NodeDetail DetailOf(const NodePattern& n) const {
    return in_named_path_ ? NodeDetail::kFull : node_reads_->Of(n);
  }

  Status PlanProjection(Clause& c, OperatorPtr* op, Scope* scope, PartPlan* result) {
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
              return SyntaxError("NestedAggregation", nested[0]->pos,
                                 "aggregates cannot be nested");
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
        keys.push_back({s.expr.get(), s.descending});
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
      plan =
          LogicalOver(LogicalKind::kRetain, std::move(plan));  // WITH: the old variables are gone
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

  // An expression evaluated after an aggregating or DISTINCT projection
  // (an item around an aggregate, ORDER BY, WITH ... WHERE): an expression
  // that is the same (SameExpression) as one the projection computed, or
  // as an aggregate it computed, reads the projected value; other
  // variables must be projected names. Inside an expression with an
  // aggregate only a variable, a property access or an aggregate reads a
  // projected value (openCypher: a larger grouping key may not be used
  // there), and a variable the projection did not group by is ambiguous
  // (which row's value?), so an error.
  struct Projected {
    Expr* expr;
    int slot;
  };
  // SKIP / LIMIT: a constant expression; without parameters its value is
  // known now, and checked now.
  Status BindCount(Expr& e, const char* what) {
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

  // The variables of `scope` the projection's items use.
  static Scope MentionedIn(const std::vector<std::pair<Expr*, std::string>>& items,
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

  static std::vector<Projected> ProjectedValues(
      const std::vector<std::pair<Expr*, std::string>>& items, const std::vector<int>& slots,
      const std::vector<std::vector<Expr*>>& aggregates) {
    std::vector<Projected> out;
    for (size_t i = 0; i < items.size(); ++i) {
      out.push_back({items[i].first, slots[i]});
      for (Expr* a : aggregates[i]) out.push_back({a, a->slot});
    }
    return out;
  }

  // `rebound`: the aliases `e` sees that hide a variable of the same name
  // (an expression reading one is no projected expression).
  Status BindOverProjection(Expr& e, const Scope& scope, const std::vector<Projected>& projected,
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
        if (const ScalarFunction* f = FindScalarFunction(e.name);
            f && f->id != FunctionId::kExists) {
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

  // Whether `e`, bound after the projection, is `projected`: the same
  // expression, reading no alias that hides a variable of its name.
  static bool Repeats(const Expr& e, const Expr& projected, const std::set<std::string>& rebound) {
    if (!SameExpression(e, projected)) return false;
    for (const std::string& name : ExpressionReads(e)) {
      if (rebound.count(name)) return false;
    }
    return true;
  }

  // An ORDER BY expression that repeats a projected one (e.g. an aggregate)
  // reads the projected value.
  Status BindSortKey(Expr& e, const Scope& scope,
                     const std::vector<std::pair<Expr*, std::string>>& items,
                     const std::vector<int>& slots, const std::set<std::string>& rebound) {
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

  // The slots of `scope` that the clauses after the one being planned may
  // read, into `live`: those of the variables the binder finds read later
  // (`*` reads every one), and those it does not know (LOAD CSV's hidden
  // ones). False when not known (a subquery's clauses).
  bool LiveAfter(const Scope& scope, std::vector<int>* live) const {
    if (!bound_part_) return false;
    std::set<std::string> read = bound_part_->ReadAfter(bound_clause_);
    std::map<std::string, const BoundVariable*> known = bound_part_->ScopeAfter(bound_clause_);
    for (const auto& [name, slot] : scope) {
      if (read.count(name) || !known.count(name)) live->push_back(slot);
    }
    return true;
  }

  QueryPlan* plan_;
  UpdateContext* update_;
  const std::vector<SchemaEntry>& schema_;  // indexes the plan may use
  const GraphStats* stats_;                 // label counts, or null
  const NodeReads* node_reads_;
  const OptimizerOptions* optimizer_options_ = nullptr;  // rules left out (tests)
  const ProcedureRegistry* procedures_ = &ProcedureRegistry::BuiltIns();
  const Clause* standalone_call_ = nullptr;  // what the statement reads of each node
  int width_ = 0;
  std::map<const NodePattern*, int> node_slot_;    // the slot each planned pattern node is in
  std::map<int, ValueKind> slot_kind_;             // what a slot certainly holds (StaticKind)
  bool in_predicate_ = false;                      // binding a WHERE condition
  std::vector<PendingFilter>* pending_ = nullptr;  // the current MATCH's WHERE conjuncts
  bool has_updates_ = false;                       // an updating clause is planned below
  // The binder's summary of the query part whose clause bound_clause_ is
  // being planned (LiveAfter); null in a subquery.
  const BoundPart* bound_part_ = nullptr;
  size_t bound_clause_ = 0;
  struct RelStep {
    int rel_slot;
    int nodes_slot;  // variable length: the nodes after the start; else -1
  };
  std::map<const RelPattern*, RelStep> rel_step_;
  bool in_named_path_ = false;        // planning a pattern part with a path variable
  bool repeatable_elements_ = false;  // planning a MATCH REPEATABLE ELEMENTS
  // The operators below are named by identity: an operator, or, while a
  // MATCH is planned, a logical one (Top; Finish relinks them).
  const void* once_ = nullptr;  // the first operator of the part being planned
  // The latest scan of a whole label (or of every node) straight from
  // once_, and how many nodes it brings.
  std::pair<const void*, uint64_t> whole_scan_{nullptr, 0};
  // The latest Expand that could count, and the variable of the node it reaches.
  std::pair<const void*, std::string> countable_{nullptr, ""};
  // That Expand, if it starts from a whole label (NoteWholeLabel), and what
  // of both the rule neighbor_counts needs.
  std::pair<const void*, WholeLabelExpansion> whole_label_{nullptr, {}};
  // The latest pattern whose rows the statistics count (a whole label
  // straight from once_, or every relationship of a type from a scan of
  // every node): its operator, the variables a count may name, and what
  // the statistics count (optimizer/count_from_statistics.h).
  struct CountedPattern {
    const void* op = nullptr;
    std::vector<std::string> variables;
    StatisticsCount count;
  };
  CountedPattern counted_pattern_;
  std::map<const PatternPart*, std::pair<const Expr*, int>>
      path_expr_;  // named path: its value, its slot
};

void Describe(const Operator& op, int depth, bool profile, std::vector<std::string>* out) {
  std::string line = std::string(depth * 2, ' ') + op.Describe();
  if (profile) {
    char figures[96];
    std::snprintf(figures, sizeof figures, "  (rows %llu, %.3f ms)",
                  static_cast<unsigned long long>(op.rows_out()), op.seconds() * 1000);
    line += figures;
  }
  out->push_back(std::move(line));
  for (const auto& c : op.children()) Describe(*c, depth + 1, profile, out);
}

}  // namespace

Result<QueryPlan> PlanQuery(Query& query, UpdateContext* update,
                            const std::vector<SchemaEntry>& schema, const GraphStats* stats,
                            const ProcedureRegistry* procedures,
                            const OptimizerOptions& optimizer) {
  for (size_t i = 1; i < query.union_all.size(); ++i) {
    if (query.union_all[i] != query.union_all[0]) {
      return SyntaxError("InvalidClauseComposition", query.parts[i + 1].clauses.front().pos,
                         "UNION and UNION ALL cannot be mixed in one query");
    }
  }
  QueryPlan plan;
  NodeReads node_reads(query);
  Planner planner(&plan, update, schema, stats, &node_reads);
  if (procedures) planner.set_procedures(procedures);
  planner.set_optimizer(&optimizer);
  if (query.parts.size() == 1 && query.parts[0].clauses.size() == 1 &&
      query.parts[0].clauses[0].kind == ClauseKind::kCallProcedure) {
    planner.set_standalone_call(&query.parts[0].clauses[0]);
  }
  // Bound and checked before planning: the planner rewrites expressions as
  // it binds them, and takes the statement's names as the binder checked
  // them.
  NAMIDB_RETURN_IF_ERROR(CheckBound(query));
  BoundQuery bound = BindQuery(query);
  for (size_t i = 0; i < query.parts.size(); ++i) {
    NAMIDB_ASSIGN_OR_RETURN(PartPlan p, planner.PlanPart(query.parts[i], bound.parts[i]));
    plan.parts.push_back(std::move(p));
  }
  plan.union_all = query.union_all;
  for (size_t i = 1; i < plan.parts.size(); ++i) {
    if (plan.parts[i].columns != plan.parts[0].columns) {
      return SyntaxError("DifferentColumnsInUnion", query.parts[i].clauses.front().pos,
                         "all parts of a UNION must return the same columns");
    }
  }
  return plan;
}

std::vector<std::string> DescribePlan(const QueryPlan& plan, bool profile) {
  std::vector<std::string> out;
  for (size_t i = 0; i < plan.parts.size(); ++i) {
    if (i > 0) out.push_back(plan.union_all[i - 1] ? "UNION ALL" : "UNION");
    Describe(*plan.parts[i].root, 0, profile, &out);
  }
  return out;
}

}  // namespace namidb::query
