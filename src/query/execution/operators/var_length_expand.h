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

#include "query/execution/hop_check.h"
#include "query/execution/operator.h"
#include "query/execution/operators/expand.h"
#include "query/parser/ast.h"

namespace namidb::query {

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
