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
    min_length_ = spec_.zero_length ? 0 : 1;
    if (spec_.min_hops) {
      NAMIDB_ASSIGN_OR_RETURN(min_length_, HopBound(spec_.min_hops, ctx));
    }
    for (Row& row : in) {
      work_hold_.Clear();  // the last row's search is gone
      const Value &from = row[spec_.from_slot], &to = row[spec_.to_slot];
      if (from.kind() != ValueKind::kNode || to.kind() != ValueKind::kNode) continue;
      Uuid source = from.as_node().id, target = to.as_node().id;
      if (spec_.hop) scratch_ = row;  // the group's checks may read the row
      repetitions_.clear();
      repetitions_from_.clear();
      std::vector<Steps> paths;
      // Over repetitions a breadth-first walk may take one relationship in
      // two of them, and one past a lower bound may come back over one:
      // only the trail search keeps each relationship once.
      if (spec_.count > 1 || Chain() || min_length_ > 1) {
        NAMIDB_ASSIGN_OR_RETURN(paths, ShortestTrails(ctx, source, target, max));
      } else {
        NAMIDB_ASSIGN_OR_RETURN(paths, ShortestByParents(ctx, source, target, max));
      }
      if (Chain()) paths = RelationshipSteps(paths);
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
        if (t.node == target && length >= min_length_) {
          if (!spec_.all && static_cast<int64_t>(found.size()) >= spec_.count) break;
          found.push_back(t.steps);
          if (lengths.empty() || lengths.back() != length) lengths.push_back(length);
        }
        if (max >= 0 && length >= max) continue;
        for (const Neighbor& n : neighbors[index[t.node]]) {
          if (Takes(t.steps, n.edge)) continue;  // a trail
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
    if (Chain()) return RepetitionSteps(ctx, sources, against);
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

  // A group of several relationships (`((a)-[:R]->(b)-[:S]->(c))+`): the
  // searches step a repetition at a time, so a path's length counts them.
  bool Chain() const { return spec_.hop && !spec_.hop->walk_steps.empty(); }

  // The repetitions of the group from each of `sources`, as steps whose
  // edge stands for the repetition (RepetitionId) and whose node is where
  // it ends: its k steps one batched neighbour read each, then its records
  // in one batch and its checks in pattern order. `against`: walked back
  // from the target (the steps last first, each the other way), for
  // distances only. Forward repetitions are kept per node for the search.
  Result<std::vector<std::vector<StepNeighbor>>> RepetitionSteps(ExecContext& ctx,
                                                                 const std::vector<Uuid>& sources,
                                                                 bool against) {
    const HopCheck& hop = *spec_.hop;
    const size_t k = hop.walk_steps.size();
    std::vector<std::vector<StepNeighbor>> out(sources.size());
    std::vector<size_t> wanted;  // positions in `sources` not walked before
    for (size_t i = 0; i < sources.size(); ++i) {
      auto known = against ? repetitions_from_.end() : repetitions_from_.find(sources[i]);
      if (known != repetitions_from_.end()) {
        out[i] = known->second;
      } else {
        wanted.push_back(i);
      }
    }
    struct Partial {
      size_t source;  // position in `sources`
      Steps steps;    // as walked
    };
    std::vector<Partial> partials;
    for (size_t i : wanted) partials.push_back({i, {}});
    for (size_t s = 0; s < k && !partials.empty(); ++s) {
      const HopCheck::Step& step = hop.walk_steps[against ? k - 1 - s : s];
      std::vector<Uuid> ends;
      std::unordered_map<Uuid, size_t, UuidHash> index;
      for (const Partial& p : partials) {
        const Uuid& end = p.steps.empty() ? sources[p.source] : p.steps.back().second;
        if (index.emplace(end, ends.size()).second) ends.push_back(end);
      }
      NAMIDB_ASSIGN_OR_RETURN(
          auto next,
          StepNeighbors(ctx, ends, step.types, against ? Against(step.direction) : step.direction));
      std::vector<Partial> longer;
      for (const Partial& p : partials) {
        const Uuid& end = p.steps.empty() ? sources[p.source] : p.steps.back().second;
        for (const Neighbor& n : next[index[end]]) {
          auto taken = [&](const auto& st) { return st.first == n.edge; };
          if (std::any_of(p.steps.begin(), p.steps.end(), taken)) continue;
          NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
          NAMIDB_RETURN_IF_ERROR(
              work_hold_.Add(ctx.memory, sizeof(Partial) + (s + 1) * sizeof(Steps::value_type) + 16,
                             "a shortest path search"));
          Partial made{p.source, p.steps};
          made.steps.push_back({n.edge, n.node});
          longer.push_back(std::move(made));
        }
      }
      if (longer.size() > 10'000'000) {
        return Status::ResourceExhausted(
            "shortest paths: more than 10,000,000 repetitions of a group searched");
      }
      partials = std::move(longer);
    }
    std::vector<Uuid> edge_ids, node_ids;
    for (size_t i : wanted) node_ids.push_back(sources[i]);
    for (const Partial& p : partials) {
      for (const auto& [edge, node] : p.steps) {
        edge_ids.push_back(edge);
        node_ids.push_back(node);
      }
    }
    NAMIDB_ASSIGN_OR_RETURN(ElementValues read,
                            LoadElements(ctx, std::move(edge_ids), std::move(node_ids)));
    std::vector<const Value*> nodes(k + 1), rels(k);  // in pattern order
    for (const Partial& p : partials) {
      bool found = true;
      for (size_t s = 0; s <= k && found; ++s) {
        auto node = read.nodes.find(s == 0 ? sources[p.source] : p.steps[s - 1].second);
        auto edge = s < k ? read.edges.find(p.steps[s].first) : read.edges.end();
        found = node != read.nodes.end() && (s == k || edge != read.edges.end());
        if (!found) break;  // deleted in this statement
        nodes[against ? k - s : s] = &node->second;
        if (s < k) rels[against ? k - 1 - s : s] = &edge->second;
      }
      if (!found) continue;
      NAMIDB_ASSIGN_OR_RETURN(bool holds, RepetitionHolds(hop, ctx, scratch_, nodes, rels));
      if (!holds) continue;
      StepNeighbor made;
      made.node = p.steps.back().second;
      if (!against) {
        made.edge = RepetitionId(repetitions_.size());
        repetitions_.push_back(p.steps);
      }
      out[p.source].push_back(made);
    }
    if (!against) {
      for (size_t i : wanted) repetitions_from_[sources[i]] = out[i];
    }
    return out;
  }

  // The id a search step of a repetition carries: its place in
  // repetitions_ (the search never mixes these with relationship ids).
  static Uuid RepetitionId(uint64_t at) {
    Uuid id;
    for (int b = 0; b < 8; ++b) id.bytes[15 - b] = static_cast<uint8_t>(at >> (8 * b));
    return id;
  }
  const Steps& RepetitionOf(const Uuid& id) const {
    uint64_t at = 0;
    for (int b = 0; b < 8; ++b) at |= static_cast<uint64_t>(id.bytes[15 - b]) << (8 * b);
    return repetitions_.at(at);
  }

  // Whether `trail` already takes the relationship `edge` (over a group
  // of several relationships: any relationship of that repetition).
  bool Takes(const Steps& trail, const Uuid& edge) const {
    if (!Chain()) {
      return std::any_of(trail.begin(), trail.end(),
                         [&](const auto& step) { return step.first == edge; });
    }
    for (const auto& [taken, node] : trail) {
      for (const auto& [r, n] : RepetitionOf(taken)) {
        for (const auto& [s, m] : RepetitionOf(edge)) {
          if (r == s) return true;
        }
      }
    }
    return false;
  }

  // Paths of repetitions as the relationships they take.
  std::vector<Steps> RelationshipSteps(const std::vector<Steps>& paths) const {
    std::vector<Steps> out;
    for (const Steps& p : paths) {
      Steps& steps = out.emplace_back();
      for (const auto& [repetition, end] : p) {
        const Steps& taken = RepetitionOf(repetition);
        steps.insert(steps.end(), taken.begin(), taken.end());
      }
    }
    return out;
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
    if (Chain()) {
      // Each name's elements, a repetition (k relationships) at a time.
      const size_t k = hop.walk_steps.size();
      const size_t repetitions = path.relationships.size() / k;
      for (size_t j = 0; j <= k; ++j) {
        if (hop.node_list_slots[j] < 0) continue;
        ValueList list;
        for (size_t t = 0; t < repetitions; ++t) list.push_back(Value::Node(path.nodes[t * k + j]));
        row[hop.node_list_slots[j]] = Value::List(std::move(list));
      }
      for (size_t j = 0; j < k; ++j) {
        if (hop.rel_list_slots[j] < 0) continue;
        ValueList list;
        for (size_t t = 0; t < repetitions; ++t) {
          list.push_back(Value::Relationship(path.relationships[t * k + j]));
        }
        row[hop.rel_list_slots[j]] = Value::List(std::move(list));
      }
      return;
    }
    ValueList starts, ends;
    for (size_t k = 0; k + 1 < path.nodes.size(); ++k) {
      starts.push_back(Value::Node(path.nodes[k]));
      ends.push_back(Value::Node(path.nodes[k + 1]));
    }
    if (hop.from_list_slot >= 0) row[hop.from_list_slot] = Value::List(std::move(starts));
    if (hop.to_list_slot >= 0) row[hop.to_list_slot] = Value::List(std::move(ends));
  }

  ShortestPathSpec spec_;
  int64_t min_length_ = 1;  // the statement's lower bound (in repetitions over a group)
  Row scratch_;             // the group's checks' row (hop_check.h)
  // Over a group of several relationships, for the row searched: each
  // repetition the search took (its relationship steps), and those from
  // each node.
  std::vector<Steps> repetitions_;
  std::unordered_map<Uuid, std::vector<StepNeighbor>, UuidHash> repetitions_from_;
};

}  // namespace

OperatorPtr MakeShortestPath(OperatorPtr input, ShortestPathSpec spec) {
  return std::make_unique<ShortestPath>(std::move(input), std::move(spec));
}

}  // namespace namidb::query
