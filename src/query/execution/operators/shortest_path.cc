#include "query/execution/operators/shortest_path.h"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "query/execution/chunk_mapper.h"
#include "query/execution/hop_bound.h"
#include "query/execution/operator.h"
#include "query/execution/step_neighbors.h"

namespace namidb::query {
namespace {

class ShortestPath final : public ChunkMapper {
 public:
  ShortestPath(OperatorPtr input, ShortestPathSpec spec)
      : ChunkMapper(std::move(input)), spec_(std::move(spec)) {}
  std::string Describe() const override { return spec_.all ? "AllShortestPaths" : "ShortestPath"; }

 protected:
  using Parents = std::unordered_map<Uuid, std::vector<std::pair<Uuid, Uuid>>,
                                     UuidHash>;  // node -> (parent, edge)

  // A node reached, in the map of parents: entry, key, a (parent, edge) pair.
  static constexpr uint64_t kParentBytes = 64 + 3 * sizeof(Uuid);

  Status MapChunk(ExecContext& ctx, std::vector<Row>& in, std::vector<Row>* out) override {
    int64_t max = spec_.single_hop ? 1 : -1;
    if (spec_.max_hops) {
      NAMIDB_ASSIGN_OR_RETURN(max, HopBound(spec_.max_hops, ctx));
    }
    for (Row& row : in) {
      work_hold_.Clear();  // the last row's search is gone
      const Value &from = row[spec_.from_slot], &to = row[spec_.to_slot];
      if (from.kind() != ValueKind::kNode || to.kind() != ValueKind::kNode) continue;
      Uuid source = from.as_node().id, target = to.as_node().id;
      Parents parents;
      parents[source];
      std::vector<Uuid> frontier = {source};
      bool found = source == target;
      for (int64_t depth = 1; !found && !frontier.empty() && (max < 0 || depth <= max); ++depth) {
        Parents level;  // discovered at this depth
        NAMIDB_ASSIGN_OR_RETURN(auto next,
                                StepNeighbors(ctx, frontier, spec_.types, spec_.direction));
        for (size_t i = 0; i < frontier.size(); ++i) {
          for (const Neighbor& n : next[i]) {
            if (parents.count(n.node)) continue;  // reached earlier, by a shorter path
            NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
            NAMIDB_RETURN_IF_ERROR(
                work_hold_.Add(ctx.memory, kParentBytes, "a shortest path search"));
            level[n.node].push_back({frontier[i], n.edge});
          }
        }
        frontier.clear();
        for (auto& [node, ps] : level) {
          frontier.push_back(node);
          parents[node] = std::move(ps);
        }
        found = parents.count(target) > 0;
      }
      if (source == target) {
        if (spec_.zero_length) {
          Row made = row;
          made[spec_.path_slot] = Value::Path(PathValue{{from.as_node()}, {}});
          if (spec_.rel_slot >= 0) made[spec_.rel_slot] = Value::List({});
          NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(made), "shortest paths"));
        }
        continue;
      }
      if (!found) continue;
      // Every (or the first) chain of parents from the target back to the source.
      std::vector<std::vector<std::pair<Uuid, Uuid>>> chains;  // (node, edge into it), target first
      std::vector<std::pair<Uuid, Uuid>> chain;
      std::function<void(const Uuid&)> walk = [&](const Uuid& node) {
        if (node == source) {
          chains.push_back(chain);
          return;
        }
        for (const auto& [parent, edge] : parents[node]) {
          if (!spec_.all && !chains.empty()) return;
          chain.push_back({node, edge});
          walk(parent);
          chain.pop_back();
        }
      };
      walk(target);
      std::vector<Uuid> edge_ids, node_ids;
      for (const auto& c : chains) {
        for (const auto& [node, edge] : c) {
          node_ids.push_back(node);
          edge_ids.push_back(edge);
        }
      }
      NAMIDB_ASSIGN_OR_RETURN(auto edges, ctx.graph->LookupEdges(edge_ids));
      NAMIDB_ASSIGN_OR_RETURN(auto nodes, ctx.graph->LookupNodes(node_ids));
      size_t at = 0;
      for (const auto& c : chains) {
        PathValue path;
        path.nodes.push_back(from.as_node());
        ValueList rels;
        bool ok = true;
        // The chain runs target to source: walk it backwards.
        std::vector<std::pair<NodeRecord*, EdgeRecord*>> steps;
        for (size_t k = 0; k < c.size(); ++k, ++at) {
          if (!nodes[at] || !edges[at]) ok = false;
        }
        if (!ok) continue;
        size_t base = at - c.size();
        for (size_t k = c.size(); k-- > 0;) {
          const auto& [node, edge] = c[k];
          RelationshipValue r{edge, edges[base + k]->type, edges[base + k]->src,
                              edges[base + k]->dst, edges[base + k]->properties};
          path.relationships.push_back(r);
          rels.push_back(Value::Relationship(std::move(r)));
          path.nodes.push_back(
              NodeValue{node, nodes[base + k]->labels, nodes[base + k]->properties});
        }
        Row made = row;
        made[spec_.path_slot] = Value::Path(std::move(path));
        if (spec_.rel_slot >= 0) made[spec_.rel_slot] = Value::List(std::move(rels));
        NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(made), "shortest paths"));
      }
    }
    return Status::OK();
  }

 private:
  ShortestPathSpec spec_;
};

}  // namespace

OperatorPtr MakeShortestPath(OperatorPtr input, ShortestPathSpec spec) {
  return std::make_unique<ShortestPath>(std::move(input), std::move(spec));
}

}  // namespace namidb::query
