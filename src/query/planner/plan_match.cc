#include <algorithm>

#include "query/binder/same_expression.h"
#include "query/execution/operators/argument.h"
#include "query/execution/operators/expand.h"
#include "query/execution/operators/hash_join.h"
#include "query/execution/operators/once.h"
#include "query/planner/part_planner.h"
#include "query/planner/physical_plan.h"

namespace namidb::query {

Status PartPlanner::CheckMatchProperties(const ExprPtr& properties) {
  if (properties && properties->kind == ExprKind::kParameter) {
    return SyntaxError("InvalidParameterUse", properties->pos,
                       "a parameter cannot stand for the property map of a pattern to match; "
                       "write {key: $param.key, ...}");
  }
  return Status::OK();
}

Result<NodeFilter> PartPlanner::NodeFilterOf(NodePattern& n, const Scope& scope) {
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

Status PartPlanner::PlanMatch(Clause& c, OperatorPtr* op, Scope& scope, bool copies_do_not_matter) {
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

void PartPlanner::CheckNotes(LogicalOperator* op) {
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

const void* PartPlanner::Top(const LogicalPtr& op) {
  return op->kind == LogicalKind::kPipeline ? static_cast<const void*>(op->pipeline.get())
                                            : static_cast<const void*>(op.get());
}

OperatorPtr PartPlanner::Build(LogicalPtr logical,
                               std::map<const LogicalOperator*, const Operator*>* built) {
  if (optimizer_options_ && optimizer_options_->described) {
    for (std::string& line : DescribeLogical(*logical)) {
      optimizer_options_->described->push_back(std::move(line));
    }
    optimizer_options_->described->emplace_back();
  }
  return BuildPhysical(std::move(logical), built);
}

OperatorPtr PartPlanner::Finish(LogicalPtr logical, const std::vector<int>* live_after) {
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

void PartPlanner::NoteWholeLabel(const LogicalOperator& root) {
  const LogicalOperator* expand = nullptr;
  for (const LogicalOperator* op = &root; op; op = op->input.get()) {
    if (op == countable_.first) expand = op;
  }
  if (!expand) return;  // countable_ names an operator of an earlier clause, or none
  whole_label_ = {nullptr, {}};
  const LogicalOperator* scan = expand->input.get();
  if (expand->kind != LogicalKind::kExpand || !scan || scan != whole_scan_.first ||
      scan->kind != LogicalKind::kNodeScan || scan->node_filter.labels.size() != 1 ||
      scan->node_filter.properties || !scan->input || scan->input->kind != LogicalKind::kPipeline ||
      scan->input->pipeline.get() != once_) {
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

Status PartPlanner::PlanJoinedPart(PatternPart& part, LogicalPtr* op, Scope& scope,
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

Status PartPlanner::PlanWithOwnConditions(PatternPart& part, LogicalPtr* op, Scope& scope,
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
    bool only_own = !names.empty() && std::all_of(names.begin(), names.end(),
                                                  [&](const auto& n) { return own.count(n) > 0; });
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

std::optional<std::pair<Expr*, Expr*>> PartPlanner::JoinKeys(const PatternPart& part,
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

Status PartPlanner::PlanPatternPart(PatternPart& part, LogicalPtr* op, Scope& scope,
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

std::vector<PatternPart*> PartPlanner::PartsInJoinOrder(std::vector<PatternPart>& parts,
                                                        const Scope& scope) {
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
      auto joined =
          std::find_if(piece.begin(), piece.end(), [&](size_t i) { return meets(vars[i], bound); });
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

uint64_t PartPlanner::PartStartCost(const PatternPart& part, const Scope& scope) {
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

size_t PartPlanner::StartNode(const PatternPart& part, const Scope& scope) {
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

uint64_t PartPlanner::LabelsCount(const std::vector<std::string>& labels) const {
  uint64_t count = 0;
  for (const auto& label : labels) {
    auto it = stats_->labels.find(label);
    if (it != stats_->labels.end()) count += it->second;
  }
  return count;
}

}  // namespace namidb::query
