#include "query/execution/operators/argument.h"
#include "query/execution/operators/create.h"
#include "query/execution/operators/merge.h"
#include "query/execution/operators/project.h"
#include "query/planner/part_planner.h"

namespace namidb::query {

Status PartPlanner::PlanUpdate(Clause& c, OperatorPtr* op, Scope& scope) {
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
      if (k && *k != ValueKind::kNull && *k != ValueKind::kNode && *k != ValueKind::kRelationship &&
          *k != ValueKind::kPath) {
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

Result<std::vector<const Expr*>> PartPlanner::BindDynamicLabels(std::vector<ExprPtr>& labels,
                                                                const Scope& scope) {
  std::vector<const Expr*> bound;
  for (auto& label : labels) {
    NAMIDB_RETURN_IF_ERROR(Bind(*label, scope));
    bound.push_back(label.get());
  }
  return bound;
}

Result<std::vector<int>> PartPlanner::BindSetItems(std::vector<SetItem>& items,
                                                   const Scope& scope) {
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

Status PartPlanner::PlanForeach(Clause& c, OperatorPtr* op, const Scope& scope) {
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

Status PartPlanner::PlanMerge(Clause& c, OperatorPtr* op, Scope& scope) {
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
    NAMIDB_RETURN_IF_ERROR(CheckMakeable(r, "MERGE"));
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

Status PartPlanner::PlanCreate(Clause& c, OperatorPtr* op, Scope& scope) {
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
      NAMIDB_RETURN_IF_ERROR(CheckMakeable(r, "CREATE"));
      if (r.direction == RelDirection::kBoth) {
        return SyntaxError("RequiresDirectedRelationship", r.pos, "CREATE needs a direction");
      }
      if (r.properties) NAMIDB_RETURN_IF_ERROR(Bind(*r.properties, scope));
      if (r.dynamic_type) NAMIDB_RETURN_IF_ERROR(Bind(*r.dynamic_type, scope));
      int slot = NewSlot();
      slot_kind_[slot] = ValueKind::kRelationship;
      bool right = r.direction == RelDirection::kRight;
      rels.push_back({slot, right ? index[i] : index[i + 1], right ? index[i + 1] : index[i],
                      r.dynamic_type ? "" : r.types[0], r.properties.get(), r.dynamic_type.get()});
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

Status PartPlanner::CheckNoNewVariables(const PatternPart& part, const Scope& scope) {
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

Status PartPlanner::CheckMakeable(const RelPattern& r, std::string_view clause) {
  if (r.types.size() != 1 && !r.dynamic_type) {
    return SyntaxError("NoSingleRelationshipType", r.pos,
                       std::string(clause) + " needs exactly one relationship type");
  }
  if (r.variable_length) {
    return SyntaxError("CreatingVarLength", r.pos,
                       std::string(clause) + " cannot make variable-length relationships");
  }
  return Status::OK();
}

}  // namespace namidb::query
