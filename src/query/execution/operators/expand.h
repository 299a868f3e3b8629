// The Expand operator: one relationship of a pattern, from a bound node,
// read for a whole chunk of rows in batched calls.
#pragma once

#include <string>
#include <vector>

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct ExpandSpec {
  int from_slot = -1;
  int rel_slot = -1;  // always bound (anonymous relationships get a hidden slot)
  int to_slot = -1;
  bool to_bound = false;   // `to_slot` already holds a node: keep only edges to it
  bool rel_bound = false;  // `rel_slot` already holds a relationship: keep only it
  std::vector<std::string> types;
  // With no `types`: the types a dynamic type's expression gives once per
  // chunk (it reads no variable; `[:$($t)]`, `[:$any($ts)]`), which the
  // expansion reads alone. The pattern's predicate checks them anyway.
  const Expr* scan_types = nullptr;
  bool scan_any = false;
  RelDirection direction = RelDirection::kRight;
  const Expr* rel_properties = nullptr;
  NodeFilter to_filter;
  std::vector<int> distinct_from;  // relationship slots of the same MATCH
  // False when nothing can read the relationship's properties (anonymous,
  // no property map, not in a named path): its record is not read.
  bool load_rel = true;
  // What the query reads of the node reached; `to_filter` is checked
  // whatever it says.
  NodeDetail to_detail = NodeDetail::kFull;
  // Not empty: the only properties the statement reads of the node reached
  // (ascending; NodeReads::ColumnsOf), and the only ones its record decodes.
  std::vector<std::string> to_properties;
  // How many source nodes the input brings, when the planner knows (a scan
  // of a whole label); 0 when not. Lets the label check of the nodes
  // reached judge from the first chunk how many the expansion will reach.
  uint64_t expected_sources = 0;
  // >= 0: count instead of expanding. Each input row comes out once, with
  // the number of rows the expansion would have made of it in this slot,
  // or not at all for none (the planner's rewrite of `count(m)` grouped by
  // the source).
  int count_slot = -1;
};
OperatorPtr MakeExpand(OperatorPtr input, ExpandSpec spec);
// Makes `expand`, an operator MakeExpand returned, count into `count_slot`
// (ExpandSpec::count_slot).
void CountExpansions(Operator& expand, int count_slot);

}  // namespace namidb::query
