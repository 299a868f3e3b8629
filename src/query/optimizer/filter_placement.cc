#include "query/optimizer/filter_placement.h"

#include <algorithm>
#include <set>

namespace namidb::query {
namespace {

using Slots = std::set<int>;

// The slots `op` binds itself.
void OwnSlots(const LogicalOperator& op, Slots* out) {
  switch (op.kind) {
    case LogicalKind::kNodeScan:
    case LogicalKind::kNodeIndexSeek:
    case LogicalKind::kNodeIdSeek:
      out->insert(op.node_slot);
      break;
    case LogicalKind::kExpand:
      out->insert({op.expand.rel_slot, op.expand.to_slot});
      break;
    case LogicalKind::kVarLengthExpand:
      out->insert(
          {op.var_length.step.rel_slot, op.var_length.step.to_slot, op.var_length.nodes_slot});
      if (const auto& hop = op.var_length.hop) {
        out->insert({hop->from_list_slot, hop->to_list_slot});
        out->insert(hop->node_list_slots.begin(), hop->node_list_slots.end());
        out->insert(hop->rel_list_slots.begin(), hop->rel_list_slots.end());
      }
      break;
    case LogicalKind::kShortestPath:
      out->insert({op.shortest_path.path_slot, op.shortest_path.rel_slot});
      if (const auto& hop = op.shortest_path.hop) {
        out->insert({hop->from_list_slot, hop->to_list_slot});
      }
      break;
    case LogicalKind::kProject:
      for (const ProjectItem& item : op.items) out->insert(item.slot);
      break;
    case LogicalKind::kAggregate:
      for (const ProjectItem& item : op.items) out->insert(item.slot);
      for (const AggregateItem& a : op.aggregates) out->insert(a.slot);
      break;
    case LogicalKind::kOptional:
      out->insert(op.tag_slot);
      break;
    default:
      break;
  }
}

// The slots the operators of `op`'s subtree bind (along the inputs without
// recursing: a chain may be thousands of Filters long).
void Bound(const LogicalOperator& op, Slots* out) {
  for (const LogicalOperator* o = &op; o; o = o->input.get()) {
    OwnSlots(*o, out);
    if (o->right) Bound(*o->right, out);
  }
}

// Whether every leaf of `op`'s subtree is a bare Pipeline (none of the rows
// before the MATCH).
bool Bare(const LogicalOperator& op) {
  for (const LogicalOperator* o = &op; o; o = o->input.get()) {
    if (o->kind == LogicalKind::kPipeline) return o->bare;
    if (o->right && !Bare(*o->right)) return false;
  }
  return true;
}

// The operator under the Filters at `at`.
LogicalOperator* Below(LogicalPtr* at) {
  LogicalOperator* op = at->get();
  while (op->kind == LogicalKind::kFilter && op->input) op = op->input.get();
  return op;
}

// A conjunct being placed: the slots it reads that the MATCH's operators
// bind, and whether it reads one bound before the MATCH.
struct Conjunct {
  LogicalPtr filter;
  Slots own;
  bool outer;
};

bool Covers(const LogicalOperator& op, const Conjunct& c) {
  if (c.outer && Bare(op)) return false;
  Slots bound;
  Bound(op, &bound);
  return std::includes(bound.begin(), bound.end(), c.own.begin(), c.own.end());
}

// The edges a Filter over `op` may move down to.
std::vector<LogicalPtr*> Inputs(LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kPipeline:
    case LogicalKind::kCountFromStatistics:
    case LogicalKind::kOptional:  // its inner rows are another pattern's
      return {};
    case LogicalKind::kHashJoin:
      return {&op.input, &op.right};
    default:
      return op.input ? std::vector<LogicalPtr*>{&op.input} : std::vector<LogicalPtr*>{};
  }
}

// Puts `c` at the lowest point under `top` where what it reads is bound.
void Place(LogicalPtr* top, Conjunct c) {
  LogicalPtr* best = top;
  LogicalPtr* at = top;
  while (true) {
    LogicalOperator* op = Below(at);
    LogicalPtr* next = nullptr;
    for (LogicalPtr* input : Inputs(*op)) {
      if (!*input || !Covers(*Below(input), c)) continue;
      // Of two sides that would do, the one with the rows before the MATCH.
      if (!next || (Bare(*Below(next)) && !Bare(*Below(input)))) next = input;
    }
    if (!next) break;
    at = next;
    if (!Below(at)->joined_to_above) best = at;
  }
  c.filter->input = std::move(*best);
  *best = std::move(c.filter);
}

bool PlaceChain(LogicalPtr* at) {
  while (*at && ((*at)->kind != LogicalKind::kFilter || !(*at)->placeable)) {
    if (PlaceChain(&(*at)->right)) return true;  // a MATCH has one chain
    at = &(*at)->input;
  }
  if (!*at) return false;
  // The chain's conjuncts, bottom (first in WHERE order) first.
  std::vector<LogicalPtr> chain;
  while (*at && (*at)->kind == LogicalKind::kFilter && (*at)->placeable) {
    LogicalPtr filter = std::move(*at);
    *at = std::move(filter->input);
    chain.push_back(std::move(filter));
  }
  std::reverse(chain.begin(), chain.end());
  // The slots the MATCH's operators bind, and those its leaf brings.
  Slots bound;
  Bound(**at, &bound);
  for (LogicalPtr& filter : chain) {
    Conjunct c{std::move(filter), {}, false};
    for (int slot : c.filter->reads) {
      if (bound.count(slot)) {
        c.own.insert(slot);
      } else {
        c.outer = true;
      }
    }
    c.filter->placeable = false;  // placed once
    Place(at, std::move(c));
  }
  return true;
}

}  // namespace

bool FilterPlacementRule::Apply(LogicalPtr* root, OptimizerContext& ctx) const {
  (void)ctx;
  return PlaceChain(root);
}

}  // namespace namidb::query
