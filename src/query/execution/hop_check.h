// A quantified path pattern's group as the operators that walk it check
// it: its elements in scratch slots of the row, its node filters, maps and
// condition (planned by the planner's PlanGroup / PlanChain), and the check
// of one hop. VarLengthExpand checks each hop (or repetition) of its walks,
// ShortestPath each step of its searches.
#pragma once

#include <string>
#include <vector>

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
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
};

// Whether one hop of a group of one relationship meets its pattern and
// condition: `from`, `rel` and `to` in pattern order, written into
// `scratch` (a copy of the row the walk started from) for its expressions.
Result<bool> HopHolds(const HopCheck& hop, ExecContext& ctx, Row& scratch, const Value& from,
                      const Value& rel, const Value& to);

// Whether one repetition of a group of several relationships meets it:
// its nodes (k + 1) and relationships (k) in pattern order.
Result<bool> RepetitionHolds(const HopCheck& hop, ExecContext& ctx, Row& scratch,
                             const std::vector<const Value*>& nodes,
                             const std::vector<const Value*>& rels);

}  // namespace namidb::query
