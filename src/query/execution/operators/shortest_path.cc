#include "query/execution/operators/shortest_path.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "query/execution/chunk_mapper.h"
#include "query/execution/element_values.h"
#include "query/execution/hop_bound.h"
#include "query/execution/operator.h"
#include "query/execution/step_neighbors.h"

namespace namidb::query {
namespace {

// A path's steps from its source on: the relationship taken and the node
// it reaches.
using Steps = std::vector<std::pair<Uuid, Uuid>>;  // (edge, node)

class ShortestPath final : public ChunkMapper {
 public:
  ShortestPath(OperatorPtr input, ShortestPathSpec spec)
      : ChunkMapper(std::move(input)), spec_(std::move(spec)) {}
  std::string Describe() const override {
    std::string what = spec_.all ? "AllShortestPaths" : "ShortestPath";
    if (spec_.count > 1)
      what += " (" + std::to_string(spec_.count) + (spec_.all ? " groups)" : ")");
    return what;
  }

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
      if (spec_.hop) scratch_ = row;  // the group's checks may read the row
      std::vector<Steps> paths;
      if (spec_.count > 1) {
        NAMIDB_ASSIGN_OR_RETURN(paths, ShortestTrails(ctx, source, target, max));
      } else {
        NAMIDB_ASSIGN_OR_RETURN(paths, ShortestByParents(ctx, source, target, max));
      }
      NAMIDB_RETURN_IF_ERROR(Emit(ctx, row, paths, out));
    }
    return Status::OK();
  }

 private:
  // One shortest path (or all of them, spec_.all) breadth-first, each node
  // reached once with the (parent, edge) pairs that reach it first.
  Result<std::vector<Steps>> ShortestByParents(ExecContext& ctx, const Uuid& source,
                                               const Uuid& target, int64_t max) {
    std::vector<Steps> paths;
    if (source == target) {
      if (spec_.zero_length) paths.emplace_back();
      return paths;
    }
    NAMIDB_ASSIGN_OR_RETURN(std::optional<Parents> parents, Search(ctx, source, target, max));
    if (!parents) return paths;
    // Every (or the first) chain of parents from the target back to the source.
    Steps chain;  // target first
    std::function<void(const Uuid&)> walk = [&](const Uuid& node) {
      if (node == source) {
        paths.emplace_back(chain.rbegin(), chain.rend());
        return;
      }
      for (const auto& [parent, edge] : (*parents)[node]) {
        if (!spec_.all && !paths.empty()) return;
        chain.push_back({edge, node});
        walk(parent);
        chain.pop_back();
      }
    };
    walk(target);
    return paths;
  }

  // The parents of a breadth-first search from `source` until it reaches
  // `target` (at most `max` hops); none if it does not.
  Result<std::optional<Parents>> Search(ExecContext& ctx, const Uuid& source, const Uuid& target,
                                        int64_t max) {
    Parents parents;
    parents[source];
    std::vector<Uuid> frontier = {source};
    for (int64_t depth = 1; !frontier.empty() && (max < 0 || depth <= max); ++depth) {
      Parents level;  // discovered at this depth
      NAMIDB_ASSIGN_OR_RETURN(auto next, Step(ctx, frontier, spec_.direction, /*against=*/false));
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
      if (parents.count(target)) return std::optional<Parents>(std::move(parents));
    }
    return std::optional<Parents>();
  }

  // SHORTEST k (k > 1): the k shortest trails from `source` to `target`, or
  // with spec_.all (SHORTEST k GROUPS) every trail of the k shortest
  // lengths. Best first: each trail is ranked by its length plus its end's
  // distance to the target (a breadth-first search back from the target,
  // which also finds it unreachable), so trails reach the target in order
  // of length, and no trail that cannot end within the lengths wanted is
  // made longer.
  Result<std::vector<Steps>> ShortestTrails(ExecContext& ctx, const Uuid& source,
                                            const Uuid& target, int64_t max) {
    std::vector<Steps> found;
    NAMIDB_ASSIGN_OR_RETURN(auto to_target, DistancesTo(ctx, target, max));
    auto distance = [&](const Uuid& node) -> std::optional<int64_t> {
      auto it = to_target.find(node);
      if (it == to_target.end()) return std::nullopt;
      return it->second;
    };
    if (!distance(source)) return found;
    struct Trail {
      Uuid node;
      Steps steps;
    };
    // Trails by rank (length + distance), each rank's in the order made.
    std::map<int64_t, std::vector<Trail>> ranked;
    ranked[*distance(source)].push_back({source, {}});
    std::vector<int64_t> lengths;  // of the trails found, ascending
    uint64_t made = 0;
    while (!ranked.empty()) {
      auto [rank, trails] = std::move(*ranked.begin());
      ranked.erase(ranked.begin());
      // Nothing of this rank or above ends within the lengths wanted.
      const bool enough =
          spec_.all ? static_cast<int64_t>(lengths.size()) >= spec_.count && rank > lengths.back()
                    : static_cast<int64_t>(found.size()) >= spec_.count;
      if (enough) break;
      std::vector<Uuid> sources;
      std::unordered_map<Uuid, size_t, UuidHash> index;
      for (const Trail& t : trails) {
        if (index.emplace(t.node, sources.size()).second) sources.push_back(t.node);
      }
      NAMIDB_ASSIGN_OR_RETURN(auto neighbors,
                              Step(ctx, sources, spec_.direction, /*against=*/false));
      for (const Trail& t : trails) {
        const auto length = static_cast<int64_t>(t.steps.size());
        if (t.node == target && (length > 0 || spec_.zero_length)) {
          if (!spec_.all && static_cast<int64_t>(found.size()) >= spec_.count) break;
          found.push_back(t.steps);
          if (lengths.empty() || lengths.back() != length) lengths.push_back(length);
        }
        if (max >= 0 && length >= max) continue;
        for (const Neighbor& n : neighbors[index[t.node]]) {
          auto used = [&](const auto& step) { return step.first == n.edge; };
          if (std::any_of(t.steps.begin(), t.steps.end(), used)) continue;  // a trail
          std::optional<int64_t> left = distance(n.node);
          if (!left || (max >= 0 && length + 1 + *left > max)) continue;  // ends too far
          NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
          NAMIDB_RETURN_IF_ERROR(work_hold_.Add(
              ctx.memory, sizeof(Trail) + (length + 1) * sizeof(Steps::value_type) + 16,
              "shortest paths"));
          if (++made > 10'000'000) {
            return Status::ResourceExhausted(
                "shortest paths: more than 10,000,000 trails searched");
          }
          Trail longer{n.node, t.steps};
          longer.steps.push_back({n.edge, n.node});
          ranked[length + 1 + *left].push_back(std::move(longer));
        }
      }
    }
    return found;
  }

  // The distance of each node to `target` (at most `max` hops), by a
  // breadth-first search against the pattern's direction.
  Result<std::unordered_map<Uuid, int64_t, UuidHash>> DistancesTo(ExecContext& ctx,
                                                                  const Uuid& target, int64_t max) {
    const RelDirection back = Against(spec_.direction);
    std::unordered_map<Uuid, int64_t, UuidHash> distance{{target, 0}};
    std::vector<Uuid> frontier = {target};
    for (int64_t depth = 1; !frontier.empty() && (max < 0 || depth <= max); ++depth) {
      NAMIDB_ASSIGN_OR_RETURN(auto next, Step(ctx, frontier, back, /*against=*/true));
      std::vector<Uuid> reached;
      for (const auto& list : next) {
        for (const Neighbor& n : list) {
          if (!distance.emplace(n.node, depth).second) continue;
          NAMIDB_RETURN_IF_ERROR(
              work_hold_.Add(ctx.memory, kParentBytes, "a shortest path search"));
          reached.push_back(n.node);
        }
      }
      frontier = std::move(reached);
    }
    return distance;
  }

  // The neighbours a step from each of `sources` reaches (in `direction`;
  // `against`: against the pattern, as the search back from the target
  // goes); over a group, only by hops that meet it, their records read in
  // one batch.
  Result<std::vector<std::vector<StepNeighbor>>> Step(ExecContext& ctx,
                                                      const std::vector<Uuid>& sources,
                                                      RelDirection direction, bool against) {
    NAMIDB_ASSIGN_OR_RETURN(auto next, StepNeighbors(ctx, sources, spec_.types, direction));
    if (!spec_.hop) return next;
    std::vector<Uuid> edge_ids, node_ids(sources.begin(), sources.end());
    for (const auto& list : next) {
      for (const Neighbor& n : list) {
        edge_ids.push_back(n.edge);
        node_ids.push_back(n.node);
      }
    }
    NAMIDB_ASSIGN_OR_RETURN(ElementValues read,
                            LoadElements(ctx, std::move(edge_ids), std::move(node_ids)));
    for (size_t i = 0; i < sources.size(); ++i) {
      auto source = read.nodes.find(sources[i]);
      std::vector<StepNeighbor> kept;
      for (const StepNeighbor& n : next[i]) {
        auto edge = read.edges.find(n.edge);
        auto node = read.nodes.find(n.node);
        if (source == read.nodes.end() || edge == read.edges.end() || node == read.nodes.end()) {
          continue;  // deleted in this statement
        }
        const Value& from = against ? node->second : source->second;
        const Value& to = against ? source->second : node->second;
        NAMIDB_ASSIGN_OR_RETURN(bool holds,
                                HopHolds(*spec_.hop, ctx, scratch_, from, edge->second, to));
        if (holds) kept.push_back(n);
      }
      next[i] = std::move(kept);
    }
    return next;
  }

  // A row per path, its records read in one batch.
  Status Emit(ExecContext& ctx, const Row& row, const std::vector<Steps>& paths,
              std::vector<Row>* out) {
    std::vector<Uuid> edge_ids, node_ids;
    for (const Steps& p : paths) {
      for (const auto& [edge, node] : p) {
        edge_ids.push_back(edge);
        node_ids.push_back(node);
      }
    }
    NAMIDB_ASSIGN_OR_RETURN(auto edges, ctx.graph->LookupEdges(edge_ids));
    NAMIDB_ASSIGN_OR_RETURN(auto nodes, ctx.graph->LookupNodes(node_ids));
    const NodeValue& from = row[spec_.from_slot].as_node();
    size_t at = 0;
    for (const Steps& p : paths) {
      const size_t base = at;
      at += p.size();
      bool ok = true;
      for (size_t k = base; k < at; ++k) ok = ok && nodes[k] && edges[k];
      if (!ok) continue;  // deleted meanwhile
      PathValue path;
      path.nodes.push_back(from);
      ValueList rels;
      for (size_t k = 0; k < p.size(); ++k) {
        const EdgeRecord& e = *edges[base + k];
        RelationshipValue r{p[k].first, e.type, e.src, e.dst, e.properties};
        path.relationships.push_back(r);
        rels.push_back(Value::Relationship(std::move(r)));
        path.nodes.push_back(
            NodeValue{p[k].second, nodes[base + k]->labels, nodes[base + k]->properties});
      }
      Row made = row;
      if (spec_.hop) SetGroupLists(made, path);
      made[spec_.path_slot] = Value::Path(std::move(path));
      if (spec_.rel_slot >= 0) made[spec_.rel_slot] = Value::List(std::move(rels));
      NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(made), "shortest paths"));
    }
    return Status::OK();
  }

  // The group variables of a path over a group: the hops' starts and ends.
  void SetGroupLists(Row& row, const PathValue& path) const {
    const HopCheck& hop = *spec_.hop;
    ValueList starts, ends;
    for (size_t k = 0; k + 1 < path.nodes.size(); ++k) {
      starts.push_back(Value::Node(path.nodes[k]));
      ends.push_back(Value::Node(path.nodes[k + 1]));
    }
    if (hop.from_list_slot >= 0) row[hop.from_list_slot] = Value::List(std::move(starts));
    if (hop.to_list_slot >= 0) row[hop.to_list_slot] = Value::List(std::move(ends));
  }

  ShortestPathSpec spec_;
  Row scratch_;  // the group's checks' row (hop_check.h)
};

}  // namespace

OperatorPtr MakeShortestPath(OperatorPtr input, ShortestPathSpec spec) {
  return std::make_unique<ShortestPath>(std::move(input), std::move(spec));
}

}  // namespace namidb::query
