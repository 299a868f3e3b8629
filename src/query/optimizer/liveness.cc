#include "query/optimizer/liveness.h"

#include <algorithm>
#include <set>
#include <vector>

namespace namidb::query {
namespace {

// The slots an operator reads and the ones it writes; `opaque` when it may
// read what is not listed (then nothing below it is cleared).
struct Access {
  std::set<int> reads;
  std::set<int> writes;
  bool opaque = false;
};

void ReadsOf(const Expr* e, Access* a) {
  if (!e || a->opaque) return;
  if (e->pattern || e->subquery || e->subplan >= 0) {
    a->opaque = true;
    return;
  }
  // A variable's slot; an aggregate's or a reduce's too, and a
  // comprehension's element (scratch, written while it is evaluated).
  if (e->slot >= 0) a->reads.insert(e->slot);
  if (e->local_slot >= 0) a->reads.insert(e->local_slot);
  for (const auto& c : e->children) ReadsOf(c.get(), a);
}

void ReadsOfExpand(const ExpandSpec& s, Access* a) {
  a->reads.insert(s.from_slot);
  if (s.to_bound) a->reads.insert(s.to_slot);
  if (s.rel_bound) a->reads.insert(s.rel_slot);
  for (int r : s.distinct_from) a->reads.insert(r);
  ReadsOf(s.rel_properties, a);
  ReadsOf(s.to_filter.properties, a);
  a->writes.insert(s.to_slot);
  a->writes.insert(s.rel_slot);
  if (s.count_slot >= 0) a->writes.insert(s.count_slot);
}

// What `op` reads and writes; nullopt-like `opaque` for the kinds it does
// not see through.
Access AccessOf(const LogicalOperator& op) {
  Access a;
  switch (op.kind) {
    case LogicalKind::kProject:
      for (const ProjectItem& item : op.items) {
        ReadsOf(item.expr, &a);
        a.writes.insert(item.slot);
      }
      break;
    case LogicalKind::kAggregate:
      for (const ProjectItem& key : op.items) {
        ReadsOf(key.expr, &a);
        a.writes.insert(key.slot);
      }
      for (const AggregateItem& agg : op.aggregates) {
        ReadsOf(agg.argument, &a);
        ReadsOf(agg.parameter, &a);
        a.writes.insert(agg.slot);
      }
      break;
    case LogicalKind::kDistinct:
      a.reads.insert(op.slots.begin(), op.slots.end());
      break;
    case LogicalKind::kSort:
      for (const SortKey& key : op.sort_keys) ReadsOf(key.expr, &a);
      ReadsOf(op.skip, &a);
      ReadsOf(op.limit, &a);
      break;
    case LogicalKind::kSkip:
    case LogicalKind::kLimit:
      ReadsOf(op.count, &a);
      break;
    case LogicalKind::kFilter:
      ReadsOf(op.predicate, &a);
      break;
    case LogicalKind::kRetain:
      a.reads.insert(op.slots.begin(), op.slots.end());
      break;
    case LogicalKind::kNodeScan:
    case LogicalKind::kNodeIndexSeek:
    case LogicalKind::kNodeIdSeek:
      ReadsOf(op.node_filter.properties, &a);
      ReadsOf(op.index_seek.value, &a);
      ReadsOf(op.id, &a);
      a.writes.insert(op.node_slot);
      break;
    case LogicalKind::kNodeCheck:
      a.reads.insert(op.node_slot);
      ReadsOf(op.node_filter.properties, &a);
      break;
    case LogicalKind::kExpand:
      ReadsOfExpand(op.expand, &a);
      break;
    case LogicalKind::kVarLengthExpand:
      ReadsOfExpand(op.var_length.step, &a);
      ReadsOf(op.var_length.min_hops, &a);
      ReadsOf(op.var_length.max_hops, &a);
      if (op.var_length.nodes_slot >= 0) a.writes.insert(op.var_length.nodes_slot);
      if (const auto& hop = op.var_length.hop) {
        ReadsOf(hop->from_filter.properties, &a);
        ReadsOf(hop->to_filter.properties, &a);
        ReadsOf(hop->rel_properties, &a);
        ReadsOf(hop->where, &a);
        a.writes.insert(
            {hop->from_slot, hop->rel_slot, hop->to_slot, hop->from_list_slot, hop->to_list_slot});
        for (const NodeFilter& f : hop->node_filters) ReadsOf(f.properties, &a);
        for (const Expr* e : hop->rel_checks) ReadsOf(e, &a);
        for (const auto* slots :
             {&hop->node_slots, &hop->rel_slots, &hop->node_list_slots, &hop->rel_list_slots}) {
          a.writes.insert(slots->begin(), slots->end());
        }
      }
      break;
    case LogicalKind::kUnwind:
      ReadsOf(op.clause->list, &a);
      a.writes.insert(op.clause->element_slot);
      break;
    default:
      // A Pipeline, the statistics' count, the joins, OPTIONAL MATCH, a
      // shortest path and the clauses whose rows or reads are their own.
      a.opaque = true;
      break;
  }
  a.reads.erase(-1);
  a.writes.erase(-1);
  return a;
}

}  // namespace

bool LivenessRule::Apply(LogicalPtr* root, OptimizerContext& ctx) const {
  if (!ctx.live_after) return false;
  bool changed = false;
  // The slots read above the operator being looked at.
  std::set<int> live(ctx.live_after->begin(), ctx.live_after->end());
  for (LogicalOperator* op = root->get(); op; op = op->input.get()) {
    Access a = AccessOf(*op);
    if (a.opaque) break;
    // What it reads or binds and nothing above reads: this is the last
    // operator with any use for it.
    std::vector<int> dead;
    for (const std::set<int>* slots : {&a.reads, &a.writes}) {
      for (int s : *slots) {
        if (!live.count(s)) dead.push_back(s);
      }
    }
    std::sort(dead.begin(), dead.end());
    dead.erase(std::unique(dead.begin(), dead.end()), dead.end());
    if (!dead.empty()) {
      op->dead_after = std::move(dead);
      changed = true;
    }
    // The slots read below it.
    if (op->kind == LogicalKind::kAggregate) {
      live.clear();  // its rows are its own: keys and aggregates
    } else if (op->kind == LogicalKind::kRetain) {
      std::erase_if(live, [&](int s) { return !a.reads.count(s); });
      continue;
    } else {
      for (int s : a.writes) live.erase(s);
    }
    live.insert(a.reads.begin(), a.reads.end());
  }
  return changed;
}

}  // namespace namidb::query
