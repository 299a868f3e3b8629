#include "query/binder/check_bound.h"
#include "query/execution/operators/argument.h"
#include "query/execution/operators/call_subquery.h"
#include "query/execution/operators/procedure_call.h"
#include "query/planner/part_planner.h"

namespace namidb::query {

Status PartPlanner::PlanCallProcedure(Clause& c, OperatorPtr* op, Scope& scope,
                                      PartPlan* standalone) {
  const Procedure* procedure = procedures_->Find(c.procedure);
  if (!procedure) {
    return CompileError("ProcedureError", "ProcedureNotFound", c.pos,
                        "there is no procedure " + c.procedure);
  }
  const ProcedureSignature& signature = procedure->signature;
  ProcedureCallSpec spec;
  spec.procedure = procedure;
  spec.optional = c.optional;
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
      return SyntaxError("UndefinedVariable", y.pos,
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
    if (c.optional) {
      // Part of the call: a row it rejects is not one the call found.
      call->clause->procedure_call.where = c.where.get();
    } else {
      call = LogicalOver(LogicalKind::kFilter, std::move(call));
      call->predicate = c.where.get();
    }
  }
  *op = Build(std::move(call));
  return Status::OK();
}

Status PartPlanner::PlanSubqueryParts(Query& sub, const Scope& scope, bool imports_by_with,
                                      bool require_return, CallSubquerySpec* spec,
                                      std::vector<std::string>* columns) {
  for (size_t i = 1; i < sub.union_all.size(); ++i) {
    if (sub.union_all[i] != sub.union_all[0]) {
      return SyntaxError("InvalidClauseComposition", sub.parts[i + 1].clauses.front().pos,
                         "UNION and UNION ALL cannot be mixed in one query");
    }
  }
  spec->distinct = !sub.union_all.empty() && !sub.union_all[0];
  for (size_t p = 0; p < sub.parts.size(); ++p) {
    std::vector<Clause>& clauses = sub.parts[p].clauses;
    Scope inner = !imports_by_with || ImportsScope(clauses) ? scope : Scope();
    ArgumentOperator* argument = nullptr;
    OperatorPtr body = MakeArgument(&argument);
    PartPlan part;
    NAMIDB_RETURN_IF_ERROR(
        PlanClauses(clauses, &body, inner, &part, require_return && !sub.parts[p].finish));
    if (p == 0) {
      *columns = part.columns;
    } else if (part.columns != *columns) {
      return SyntaxError("DifferentColumnsInUnion", clauses.front().pos,
                         "all parts of a UNION must return the same columns");
    }
    spec->parts.push_back({static_cast<int>(plan_->subplans.size()), part.column_slots});
    plan_->subplans.push_back({std::move(body), argument});
  }
  return Status::OK();
}

Status PartPlanner::PlanCallSubquery(Clause& c, OperatorPtr* op, Scope& scope,
                                     bool input_reads_graph, bool output_reads_graph) {
  CallSubquerySpec spec;
  spec.optional = c.optional;
  if (c.in_transactions) {
    TransactionsSpec tx;
    if (c.transaction_rows) {
      NAMIDB_RETURN_IF_ERROR(Bind(*c.transaction_rows, Scope()));
      tx.rows = c.transaction_rows.get();
    }
    tx.on_error = c.on_error;
    tx.stream_input = !input_reads_graph;
    tx.flush_between = tx.stream_input && !output_reads_graph;
    tx.update = update_;
    spec.transactions = tx;
  }
  // With a variable scope clause the parts see what it names; without,
  // each part what its leading WITH imports.
  Scope imported;
  for (const ExprPtr& name : c.imports) {
    auto it = scope.find(name->name);
    if (it == scope.end()) return BinderChecked("UndefinedVariable");
    imported.insert(*it);
  }
  const Scope& visible = !c.has_scope_clause || c.imports_all ? scope : imported;
  std::vector<std::string> columns;
  NAMIDB_RETURN_IF_ERROR(PlanSubqueryParts(*c.subquery, visible,
                                           /*imports_by_with=*/!c.has_scope_clause,
                                           /*require_return=*/false, &spec, &columns));
  for (const std::string& name : columns) {
    if (scope.count(name)) {
      return BinderChecked("VariableAlreadyBound");
    }
    int slot = NewSlot();
    spec.output_slots.push_back(slot);
    scope[name] = slot;
  }
  if (!c.report_status.empty()) {
    if (scope.count(c.report_status)) return BinderChecked("VariableAlreadyBound");
    spec.transactions->status_slot = NewSlot();
    scope[c.report_status] = spec.transactions->status_slot;
  }
  *op = BuildCallSubquery(std::move(*op), std::move(spec));
  return Status::OK();
}

OperatorPtr PartPlanner::BuildCallSubquery(OperatorPtr input, CallSubquerySpec spec) {
  LogicalPtr call = LogicalOver(LogicalKind::kCallSubquery, LogicalPipeline(std::move(input)));
  call->clause->call_subquery = std::move(spec);
  return Build(std::move(call));
}

}  // namespace namidb::query
