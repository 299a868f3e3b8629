#include <algorithm>

#include "query/binder/same_expression.h"
#include "query/execution/operators/expand.h"
#include "query/execution/operators/shortest_path.h"
#include "query/execution/operators/var_length_expand.h"
#include "query/planner/part_planner.h"

namespace namidb::query {

Status PartPlanner::PlanShortestPath(PatternPart& part, LogicalPtr* op, Scope& scope) {
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
  const bool chain = rel.quantified && !rel.quantified->more.empty();
  const Expr* min = rel.min_hops.get();
  bool literal_min = min && min->kind == ExprKind::kLiteral && min->value.kind() == ValueKind::kInt;
  ShortestPathSpec spec;
  if (rel.variable_length && min && !(literal_min && min->value.as_int() <= 1)) {
    // A lower bound past 1 (`SHORTEST 2 (a)-[*3..]->(b)`): the shortest
    // paths of at least that length.
    NAMIDB_RETURN_IF_ERROR(Bind(*rel.min_hops, Scope()));
    spec.min_hops = min;
  }
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
  if (!rel.variable.empty() && !chain) {
    spec.rel_slot = NewSlot();
    scope[rel.variable] = spec.rel_slot;
    slot_kind_[spec.rel_slot] = rel.variable_length ? ValueKind::kList : ValueKind::kRelationship;
  }
  if (rel.quantified) {
    // The search takes only hops (or repetitions) that meet the group; its
    // names are lists.
    NAMIDB_ASSIGN_OR_RETURN(HopCheck hop, PlanGroup(rel, scope, /*backwards=*/false));
    for (const auto& [name, slot] : GroupLists(rel, hop)) {
      if (slot >= 0) scope[name] = slot;
    }
    spec.hop = std::move(hop);
  }
  if (!part.path_variable.empty()) scope[part.path_variable] = spec.path_slot;
  *op = LogicalOver(LogicalKind::kShortestPath, std::move(*op));
  (*op)->shortest_path = std::move(spec);
  if (start->kind == LogicalKind::kPipeline) start->joined_to_above = true;
  return Status::OK();
}

ExprPtr PartPlanner::SlotRef(int slot) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kVariable;
  e->slot = slot;
  return e;
}

ExprPtr PartPlanner::ListOf(ExprPtr item) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kList;
  e->children.push_back(std::move(item));
  return e;
}

const Expr* PartPlanner::BuildPath(const PatternPart& part) {
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

Status PartPlanner::PlanNode(NodePattern& n, LogicalPtr* op, Scope& scope) {
  // A pattern's conditions are checked per row of its start node: none
  // goes under the operator that binds or checks it (filter_placement).
  LogicalOperator* below = op->get();
  NAMIDB_RETURN_IF_ERROR(PlanNodeOperator(n, op, scope));
  if (op->get() != below && below->kind == LogicalKind::kPipeline) below->joined_to_above = true;
  return Status::OK();
}

Status PartPlanner::PlanNodeOperator(NodePattern& n, LogicalPtr* op, Scope& scope) {
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
    (*op)->streamed = !node_reads_->writes();
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

Result<HopCheck> PartPlanner::PlanGroup(RelPattern& rel, const Scope& scope, bool backwards) {
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

Result<HopCheck> PartPlanner::PlanChain(RelPattern& rel, const Scope& scope, bool backwards) {
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

std::vector<std::pair<std::string, int>> PartPlanner::GroupLists(const RelPattern& rel,
                                                                 const HopCheck& hop) {
  const QuantifiedHop& group = *rel.quantified;
  if (hop.walk_steps.empty()) {
    return {{group.from.variable, hop.from_list_slot}, {group.to.variable, hop.to_list_slot}};
  }
  // Every name of a group of several relationships is a list of its own;
  // a walk's list of all its relationships is for paths alone.
  std::vector<std::pair<std::string, int>> lists;
  std::vector<const NodePattern*> nodes = group.Nodes();
  for (size_t i = 0; i < nodes.size(); ++i) {
    lists.emplace_back(nodes[i]->variable, hop.node_list_slots[i]);
  }
  lists.emplace_back(rel.variable, hop.rel_list_slots[0]);
  for (size_t i = 0; i < group.more.size(); ++i) {
    lists.emplace_back(group.more[i].variable, hop.rel_list_slots[i + 1]);
  }
  return lists;
}

Status PartPlanner::PlanRel(NodePattern& from, RelPattern& rel, NodePattern& to, bool backwards,
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
    group_lists = GroupLists(rel, *hop);
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

NodeDetail PartPlanner::DetailOf(const NodePattern& n) const {
  return in_named_path_ ? NodeDetail::kFull : node_reads_->Of(n);
}

}  // namespace namidb::query
