// The edges a pattern step may follow from a chunk of nodes: Expand,
// VarLengthExpand and ShortestPath read the graph through it.
#pragma once

#include <string>
#include <vector>

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

// A neighbour, and whether its edge leaves the source (start = source).
struct StepNeighbor : Neighbor {
  bool outgoing = true;
};

// The edges of each of `sources` that a pattern step may follow: of its
// types, in its direction (both ways counting an undirected self-loop once),
// in one batched read for both directions.
Result<std::vector<std::vector<StepNeighbor>>> StepNeighbors(ExecContext& ctx,
                                                             const std::vector<Uuid>& sources,
                                                             const std::vector<std::string>& types,
                                                             RelDirection direction);

}  // namespace namidb::query
