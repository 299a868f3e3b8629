#include "query/planner/part_planner.h"

#include <algorithm>

#include "query/execution/operators/load_csv.h"
#include "query/execution/operators/once.h"

namespace namidb::query {

Result<PartPlan> PartPlanner::PlanPart(SingleQuery& q, const BoundPart& bound) {
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
      PlanClauses(q.clauses, &op, scope, &part, /*require_return=*/!q.finish, &bound));
  part.root = std::move(op);
  part.width = static_cast<size_t>(width_);
  return part;
}

Status PartPlanner::PlanClauses(std::vector<Clause>& clauses, OperatorPtr* op_out, Scope& scope,
                                PartPlan* result, bool require_return, const BoundPart* bound) {
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
        Optimize(&unwind, optimizer, optimizer_options_ ? *optimizer_options_ : OptimizerOptions());
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
        NAMIDB_RETURN_IF_ERROR(PlanCallSubquery(c, &op, scope,
                                                ReadsGraph(std::span(clauses).first(i)),
                                                ReadsGraph(std::span(clauses).subspan(i + 1))));
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
        NAMIDB_RETURN_IF_ERROR(CheckWritable(c));
        NAMIDB_RETURN_IF_ERROR(PlanUpdate(c, &op, scope));
        break;
      case ClauseKind::kForeach:
        NAMIDB_RETURN_IF_ERROR(CheckWritable(c));
        NAMIDB_RETURN_IF_ERROR(PlanForeach(c, &op, scope));
        break;
    }
    NAMIDB_RETURN_IF_ERROR(CheckPipelineDepth(*op, c.pos));
  }
  ClauseKind last = clauses.back().kind;
  // A call may end a query when it stands alone or yields nothing, and a
  // CALL { } that returns nothing (a unit subquery, which updates).
  const Clause& call = clauses.back();
  bool ends_in_call =
      (last == ClauseKind::kCallProcedure && (&call == standalone_call_ || !call.has_yield)) ||
      (last == ClauseKind::kCallSubquery && !call.subquery->parts.empty() &&
       !call.subquery->parts[0].clauses.empty() &&
       call.subquery->parts[0].clauses.back().kind != ClauseKind::kReturn);
  bool updating = last == ClauseKind::kCreate || last == ClauseKind::kMerge ||
                  last == ClauseKind::kSet || last == ClauseKind::kForeach || ends_in_call ||
                  last == ClauseKind::kRemove || last == ClauseKind::kDelete;
  if (require_return && !updating && last != ClauseKind::kReturn) {
    return SyntaxError("InvalidClauseComposition", clauses.back().pos,
                       "a query must end with RETURN");
  }
  return Status::OK();
}

Status PartPlanner::PlanLoadCsv(Clause& c, OperatorPtr* op, Scope& scope) {
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

Status PartPlanner::CheckPipelineDepth(const Operator& root, const SourcePos& at) {
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
      "the statement's clauses make a pipeline of more than " + std::to_string(kMaxPipelineDepth) +
          " operators, more than the engine runs in one statement; split it into several");
}

void PartPlanner::SetSlotKind(int slot, std::optional<ValueKind> kind) {
  if (kind) {
    slot_kind_[slot] = *kind;
  } else {
    slot_kind_.erase(slot);
  }
}

bool PartPlanner::LiveAfter(const Scope& scope, std::vector<int>* live) const {
  if (!bound_part_) return false;
  std::set<std::string> read = bound_part_->ReadAfter(bound_clause_);
  std::map<std::string, const BoundVariable*> known = bound_part_->ScopeAfter(bound_clause_);
  for (const auto& [name, slot] : scope) {
    if (read.count(name) || !known.count(name)) live->push_back(slot);
  }
  return true;
}

Status PartPlanner::CheckWritable(const Clause& c) const {
  if (update_) return Status::OK();
  return CompileError("SemanticError", "WriteInReadQuery", c.pos,
                      "a read-only query cannot change the graph; run it with write()");
}

}  // namespace namidb::query
