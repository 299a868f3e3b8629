// shortestPath / allShortestPaths between two bound nodes: a breadth-first
// search, one batched read per level; `path_slot` gets the path (one row per
// path), `rel_slot` (if >= 0) its relationships. Over a group
// (`SHORTEST 1 (a) ((x)-[r]->(y) WHERE ...)+ (b)`) it searches the graph of
// the hops that meet the group; over a group of several relationships, that
// of its repetitions that meet it, a trail search (each relationship once
// in a path) whose lengths count repetitions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "query/execution/hop_check.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct ShortestPathSpec {
  int from_slot = -1;
  int to_slot = -1;
  int path_slot = -1;
  int rel_slot = -1;
  std::vector<std::string> types;
  RelDirection direction = RelDirection::kBoth;
  const Expr* max_hops = nullptr;  // default unbounded
  const Expr* min_hops = nullptr;  // a lower bound past 1, if any
  bool single_hop = false;         // no `*`: paths of one relationship
  bool zero_length = false;        // `*0..`: a node is its own shortest path
  bool all = false;  // every shortest path (SHORTEST k GROUPS: of the k shortest lengths)
  // SHORTEST k: the k shortest trails (with `all`, of the k shortest
  // lengths); 1 is shortestPath's breadth-first search.
  int64_t count = 1;
  // Over a quantified path pattern's group: the steps the searches take
  // are those whose hop (or repetition, HopCheck::walk_steps) meets it; its
  // group variables' lists are set on each path's row.
  std::optional<HopCheck> hop;
};
OperatorPtr MakeShortestPath(OperatorPtr input, ShortestPathSpec spec);

}  // namespace namidb::query
