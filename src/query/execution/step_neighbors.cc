#include "query/execution/step_neighbors.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

Result<std::vector<std::vector<StepNeighbor>>> StepNeighbors(ExecContext& ctx,
                                                             const std::vector<Uuid>& sources,
                                                             const std::vector<std::string>& types,
                                                             RelDirection direction) {
  std::string type = types.size() == 1 ? types[0] : "";
  std::vector<Direction> ways;
  if (direction != RelDirection::kLeft) ways.push_back(Direction::kOut);
  if (direction != RelDirection::kRight) ways.push_back(Direction::kIn);
  NAMIDB_ASSIGN_OR_RETURN(auto found, ctx.graph->ExpandManyWays(sources, ways, type));
  std::vector<std::vector<StepNeighbor>> neighbors(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    size_t n = 0;
    for (const auto& way : found) n += way[i].size();
    neighbors[i].reserve(n);
  }
  for (size_t w = 0; w < ways.size(); ++w) {
    Direction d = ways[w];
    for (size_t i = 0; i < sources.size(); ++i) {
      for (auto& n : found[w][i]) {
        if (types.size() > 1 && std::find(types.begin(), types.end(), n.type) == types.end()) {
          continue;
        }
        if (d == Direction::kIn && direction == RelDirection::kBoth && n.node == sources[i]) {
          continue;
        }
        neighbors[i].push_back(StepNeighbor{std::move(n), d == Direction::kOut});
      }
    }
  }
  return neighbors;
}

}  // namespace namidb::query
