// A variable-length relationship (`*min..max`): walks level by level, one
// batched read per level for the whole chunk, never reusing an edge within a
// path. `rel_slot` gets the list of relationships, `nodes_slot` the list of
// nodes after the start (for named paths). Bounds are integer expressions
// (literals or parameters); no max means no limit but the edges. A
// quantified path pattern (Neo4j 5) is one, with a check of every hop.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/operators/expand.h"
#include "query/parser/ast.h"

namespace namidb::query {

// A quantified path pattern's group (QuantifiedHop), checked on each hop
// of a walk in pattern order with the hop's elements in scratch slots.
struct HopCheck {
  NodeFilter from_filter;
  NodeFilter to_filter;
  const Expr* rel_properties = nullptr;
  const Expr* where = nullptr;
  bool same_ends = false;  // `((a)-->(a))`: each hop a loop
  int from_slot = -1;      // one hop's start, relationship and end
  int rel_slot = -1;
  int to_slot = -1;
  // The group variables of the nodes: the hops' starts and ends (-1: the
  // group leaves that node unnamed). The relationships' list is
  // ExpandSpec::rel_slot.
  int from_list_slot = -1;
  int to_list_slot = -1;

  // A group of k > 1 relationships (`((a)-[:R]->(b)-[:S]->(c)){1,3}`):
  // each repetition is k steps of the walk, checked as a whole once it is
  // taken, with its elements in scratch slots. The fields above are then
  // unused but `where`. Empty for a group of one relationship.
  struct Step {
    std::vector<std::string> types;
    RelDirection direction = RelDirection::kBoth;  // as walked
  };
  std::vector<Step> walk_steps;          // k, in the order the walk takes them
  std::vector<NodeFilter> node_filters;  // k + 1, pattern order
  std::vector<const Expr*> rel_checks;   // k, pattern order: each map (or null)
  std::vector<int> node_slots;           // k + 1 scratch slots, pattern order
  std::vector<int> rel_slots;            // k
  std::vector<int> same_node;            // per node: an earlier one of its name, or -1
  std::vector<int> node_list_slots;      // group variables (-1: none), pattern order
  std::vector<int> rel_list_slots;
  size_t steps() const { return walk_steps.empty() ? 1 : walk_steps.size(); }
};

struct VarLengthSpec {
  ExpandSpec step;
  const Expr* min_hops = nullptr;  // default 1
  const Expr* max_hops = nullptr;  // default unbounded
  bool has_range = false;          // `*n` alone means exactly n
  int nodes_slot = -1;
  // The walk runs against the pattern's direction (the planner started from
  // its far end): hand out relationships and nodes in pattern order.
  bool reverse = false;
  // Nothing reads the relationships and copies of a row do not matter: with
  // at most 1 as minimum, one row per distinct end node, found breadth-first
  // (every node a trail of 1..max hops reaches is one a shortest path
  // reaches; the start itself only through a closed trail), instead of one
  // row per trail. The relationship list is left empty.
  bool distinct_ends = false;
  std::optional<HopCheck> hop;
  // MATCH REPEATABLE ELEMENTS: walks, which may take a relationship again.
  bool repeatable = false;
};
OperatorPtr MakeVarLengthExpand(OperatorPtr input, VarLengthSpec spec);

}  // namespace namidb::query
