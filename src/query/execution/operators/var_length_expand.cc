#include "query/execution/operators/var_length_expand.h"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "query/common/query_error.h"
#include "query/execution/chunk_mapper.h"
#include "query/execution/element_values.h"
#include "query/execution/evaluator.h"
#include "query/execution/hop_bound.h"
#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/step_neighbors.h"
#include "query/functions/value_ops.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class VarLengthExpand final : public ChunkMapper {
 public:
  VarLengthExpand(OperatorPtr input, VarLengthSpec spec)
      : ChunkMapper(std::move(input)), spec_(std::move(spec)) {}
  std::string Describe() const override {
    return spec_.distinct_ends ? "VarLengthExpand (distinct ends)" : "VarLengthExpand";
  }

 protected:
  struct Walk {
    size_t row;
    Uuid node;                // where the walk is now
    std::vector<Uuid> edges;  // in order
    std::vector<Uuid> nodes;  // after the start, in order
  };

  Status MapChunk(ExecContext& ctx, std::vector<Row>& in, std::vector<Row>* out) override {
    int64_t min = 1, max = -1;
    if (spec_.min_hops) {
      NAMIDB_ASSIGN_OR_RETURN(min, HopBound(spec_.min_hops, ctx));
    }
    if (spec_.max_hops) {
      NAMIDB_ASSIGN_OR_RETURN(max, HopBound(spec_.max_hops, ctx));
    } else if (spec_.min_hops && !spec_.has_range) {
      max = min;  // *n: exactly n
    }
    const ExpandSpec& step = spec_.step;
    if (spec_.distinct_ends && min <= 1 && (max >= 0 || step.direction != RelDirection::kBoth)) {
      return DistinctEnds(ctx, in, out, min, max);
    }
    std::vector<Walk> frontier, done;
    ElementValues group_read;  // with a group: what its checks read
    if (step.rel_bound) {
      NAMIDB_ASSIGN_OR_RETURN(done, BoundWalks(in, min, max));
    } else {
      for (size_t i = 0; i < in.size(); ++i) {
        const Value& v = in[i][step.from_slot];
        if (v.kind() == ValueKind::kNode) frontier.push_back({i, v.as_node().id, {}, {}});
      }
      if (min == 0) done = frontier;
    }
    if (spec_.hop && !spec_.hop->walk_steps.empty()) {
      // A group of several relationships walks repetition by repetition;
      // the level loop below then has nothing left to take.
      NAMIDB_RETURN_IF_ERROR(
          ChainWalks(ctx, in, min, max, std::exchange(frontier, {}), &done, &group_read));
    }
    for (int64_t depth = 1; !frontier.empty() && (max < 0 || depth <= max); ++depth) {
      NAMIDB_ASSIGN_OR_RETURN(std::vector<Walk> next,
                              TakeStep(ctx, frontier, step.types, step.direction));
      // A group's hops are checked as the walks take them: a walk whose
      // last hop fails goes no further.
      if (spec_.hop) NAMIDB_RETURN_IF_ERROR(KeepWalksWhoseHopHolds(ctx, in, &next, &group_read));
      if (next.size() > 10'000'000) {
        return Status::ResourceExhausted(
            "a variable-length pattern found more than 10,000,000 paths");
      }
      if (depth >= min) done.insert(done.end(), next.begin(), next.end());
      frontier = std::move(next);
    }
    // Every record the walks touch, in two batched reads (a group's
    // checks have read them).
    ElementValues loaded;
    if (!spec_.hop) {
      std::vector<Uuid> edge_ids, node_ids;
      for (const Walk& w : done) {
        edge_ids.insert(edge_ids.end(), w.edges.begin(), w.edges.end());
        node_ids.insert(node_ids.end(), w.nodes.begin(), w.nodes.end());
      }
      NAMIDB_ASSIGN_OR_RETURN(loaded, LoadElements(ctx, std::move(edge_ids), std::move(node_ids)));
    }
    const auto& edge_values = spec_.hop ? group_read.edges : loaded.edges;
    const auto& node_values = spec_.hop ? group_read.nodes : loaded.nodes;
    for (const Walk& w : done) {
      Row row = in[w.row];
      ValueList rels, path_nodes;
      bool ok = true;
      for (const Uuid& e : w.edges) {
        auto it = edge_values.find(e);
        if (it == edge_values.end()) {
          ok = false;
          break;
        }
        for (int s : step.distinct_from) {
          const Value& other = row[s];
          if (other.kind() == ValueKind::kRelationship && other.as_relationship().id == e)
            ok = false;
          if (other.kind() == ValueKind::kList) {
            for (const auto& r : other.as_list()) {
              if (r.kind() == ValueKind::kRelationship && r.as_relationship().id == e) ok = false;
            }
          }
        }
        if (!ok) break;
        NAMIDB_ASSIGN_OR_RETURN(bool props_ok,
                                PropertiesMatch(step.rel_properties,
                                                it->second.as_relationship().properties, row, ctx));
        if (!props_ok) {
          ok = false;
          break;
        }
        rels.push_back(it->second);
      }
      if (!ok) continue;
      for (const Uuid& n : w.nodes) {
        auto it = node_values.find(n);
        if (it == node_values.end()) {
          ok = false;
          break;
        }
        path_nodes.push_back(it->second);
      }
      if (!ok) continue;
      Value end = path_nodes.empty() ? row[step.from_slot] : path_nodes.back();
      if (step.to_bound) {
        const Value& to = row[step.to_slot];
        if (to.kind() != ValueKind::kNode || to.as_node().id != end.as_node().id) continue;
      } else {
        NAMIDB_ASSIGN_OR_RETURN(bool node_ok, NodeMatches(step.to_filter, end.as_node(), row, ctx));
        if (!node_ok) continue;
        row[step.to_slot] = end;
      }
      if (spec_.reverse) {
        // Pattern order: from the walk's end back to its start.
        std::reverse(rels.begin(), rels.end());
        if (!path_nodes.empty()) {
          path_nodes.pop_back();
          std::reverse(path_nodes.begin(), path_nodes.end());
          path_nodes.push_back(in[w.row][step.from_slot]);
        }
      }
      if (spec_.hop) {
        const Value& first = spec_.reverse ? end : in[w.row][step.from_slot];
        SetGroupLists(row, first, rels.size(), path_nodes, rels);
      }
      row[step.rel_slot] = Value::List(std::move(rels));
      if (spec_.nodes_slot >= 0) row[spec_.nodes_slot] = Value::List(std::move(path_nodes));
      NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(row), "a variable-length pattern's rows"));
    }
    return Status::OK();
  }

 private:
  using Adjacency = std::unordered_map<Uuid, std::vector<StepNeighbor>, UuidHash>;

  // Reads the records of each walk's last `k` relationships and the nodes
  // they reached into `read`, those it holds not already, in one batch.
  Status ReadLastSteps(ExecContext& ctx, const std::vector<Walk>& walks, size_t k,
                       ElementValues* read) {
    std::vector<Uuid> edge_ids, node_ids;
    for (const Walk& w : walks) {
      for (size_t i = w.edges.size() - k; i < w.edges.size(); ++i) {
        if (!read->edges.count(w.edges[i])) edge_ids.push_back(w.edges[i]);
        if (!read->nodes.count(w.nodes[i])) node_ids.push_back(w.nodes[i]);
      }
    }
    NAMIDB_ASSIGN_OR_RETURN(ElementValues more,
                            LoadElements(ctx, std::move(edge_ids), std::move(node_ids)));
    read->edges.merge(more.edges);
    read->nodes.merge(more.nodes);
    return Status::OK();
  }

  // Keeps the walks whose last hop meets the group's pattern and
  // condition, reading the records of those hops (one batched read; into
  // `read`, which keeps what earlier levels read).
  Status KeepWalksWhoseHopHolds(ExecContext& ctx, const std::vector<Row>& in,
                                std::vector<Walk>* walks, ElementValues* read) {
    NAMIDB_RETURN_IF_ERROR(ReadLastSteps(ctx, *walks, 1, read));
    size_t kept = 0;
    size_t scratch_row = SIZE_MAX;
    for (size_t i = 0; i < walks->size(); ++i) {
      Walk& w = (*walks)[i];
      auto edge = read->edges.find(w.edges.back());
      auto node = read->nodes.find(w.node);
      if (edge == read->edges.end() || node == read->nodes.end()) continue;
      // Where the hop started: the walk's start, or the node before.
      const Value* before = &in[w.row][spec_.step.from_slot];
      if (w.nodes.size() >= 2) {
        auto it = read->nodes.find(w.nodes[w.nodes.size() - 2]);
        if (it == read->nodes.end()) continue;
        before = &it->second;
      }
      if (scratch_row != w.row) {
        scratch_ = in[w.row];
        scratch_row = w.row;
      }
      // In pattern order: a walk from the pattern's far end goes backwards.
      const Value& from = spec_.reverse ? node->second : *before;
      const Value& to = spec_.reverse ? *before : node->second;
      NAMIDB_ASSIGN_OR_RETURN(bool holds,
                              HopHolds(*spec_.hop, ctx, scratch_, from, edge->second, to));
      if (!holds) continue;
      if (kept != i) (*walks)[kept] = std::move(w);
      ++kept;
    }
    walks->resize(kept);
    return Status::OK();
  }

  // Each walk of `frontier` one relationship further (of `types`, in
  // `direction`; one it took already only under REPEATABLE ELEMENTS), in
  // one batched read of the neighbours of every walk's end.
  Result<std::vector<Walk>> TakeStep(ExecContext& ctx, const std::vector<Walk>& frontier,
                                     const std::vector<std::string>& types,
                                     RelDirection direction) {
    std::vector<Uuid> sources;
    std::unordered_map<Uuid, size_t, UuidHash> index;
    for (const Walk& w : frontier) {
      if (index.emplace(w.node, sources.size()).second) sources.push_back(w.node);
    }
    NAMIDB_ASSIGN_OR_RETURN(auto neighbors, StepNeighbors(ctx, sources, types, direction));
    std::vector<Walk> next;
    for (const Walk& w : frontier) {
      // A walk: its struct and two lists of its ids, each a heap block.
      const uint64_t walk_bytes = sizeof(Walk) + 2 * ((w.edges.size() + 1) * sizeof(Uuid) + 16);
      for (const Neighbor& n : neighbors[index[w.node]]) {
        if (!spec_.repeatable &&
            std::find(w.edges.begin(), w.edges.end(), n.edge) != w.edges.end()) {
          continue;
        }
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
        NAMIDB_RETURN_IF_ERROR(
            work_hold_.Add(ctx.memory, walk_bytes, "a variable-length pattern's paths"));
        Walk longer = w;
        longer.node = n.node;
        longer.edges.push_back(n.edge);
        longer.nodes.push_back(n.node);
        next.push_back(std::move(longer));
      }
    }
    return next;
  }

  // A group of several relationships: repetition by repetition, its k
  // steps (one batched read of neighbours per step for the whole chunk),
  // then its checks on each walk that took them; the walks of min..max
  // repetitions are added to `done` (which holds the walks of none
  // already, when min is 0).
  Status ChainWalks(ExecContext& ctx, const std::vector<Row>& in, int64_t min, int64_t max,
                    std::vector<Walk> frontier, std::vector<Walk>* done, ElementValues* read) {
    const HopCheck& hop = *spec_.hop;
    for (int64_t rep = 1; !frontier.empty() && (max < 0 || rep <= max); ++rep) {
      for (const HopCheck::Step& step : hop.walk_steps) {
        NAMIDB_ASSIGN_OR_RETURN(std::vector<Walk> next,
                                TakeStep(ctx, frontier, step.types, step.direction));
        if (next.size() > 10'000'000) {
          return Status::ResourceExhausted(
              "a variable-length pattern found more than 10,000,000 paths");
        }
        frontier = std::move(next);
      }
      NAMIDB_RETURN_IF_ERROR(KeepWalksWhoseRepetitionHolds(ctx, in, &frontier, read));
      if (rep >= min) done->insert(done->end(), frontier.begin(), frontier.end());
    }
    return Status::OK();
  }

  // Keeps the walks whose last repetition of a group of several
  // relationships meets its pattern and condition: its elements in pattern
  // order in the scratch slots, after one batched read of their records.
  Status KeepWalksWhoseRepetitionHolds(ExecContext& ctx, const std::vector<Row>& in,
                                       std::vector<Walk>* walks, ElementValues* read) {
    const HopCheck& hop = *spec_.hop;
    const size_t k = hop.walk_steps.size();
    NAMIDB_RETURN_IF_ERROR(ReadLastSteps(ctx, *walks, k, read));
    size_t kept = 0;
    size_t scratch_row = SIZE_MAX;
    std::vector<const Value*> nodes(k + 1), rels(k);  // in pattern order
    for (size_t i = 0; i < walks->size(); ++i) {
      Walk& w = (*walks)[i];
      const size_t first = w.edges.size() - k;  // the repetition's first step
      bool found = true;
      for (size_t s = 0; s <= k && found; ++s) {
        // The repetition's nodes as walked: where it started, then each step's.
        const Value* node = nullptr;
        if (s == 0 && first == 0) {
          node = &in[w.row][spec_.step.from_slot];
        } else {
          auto it = read->nodes.find(w.nodes[first + s - 1]);
          if (it != read->nodes.end()) node = &it->second;
        }
        auto edge = s < k ? read->edges.find(w.edges[first + s]) : read->edges.end();
        if (!node || (s < k && edge == read->edges.end())) {
          found = false;
          break;
        }
        nodes[spec_.reverse ? k - s : s] = node;
        if (s < k) rels[spec_.reverse ? k - 1 - s : s] = &edge->second;
      }
      if (!found) continue;
      if (scratch_row != w.row) {
        scratch_ = in[w.row];
        scratch_row = w.row;
      }
      NAMIDB_ASSIGN_OR_RETURN(bool holds, RepetitionHolds(*spec_.hop, ctx, scratch_, nodes, rels));
      if (!holds) continue;
      if (kept != i) (*walks)[kept] = std::move(w);
      ++kept;
    }
    walks->resize(kept);
    return Status::OK();
  }

  // The group variables of its nodes, for a walk of `hops` hops whose
  // nodes in pattern order are `first`, then `after`; with several
  // relationships in the group, of its relationships too (`rels`, in
  // pattern order).
  void SetGroupLists(Row& row, const Value& first, size_t hops, const ValueList& after,
                     const ValueList& rels) const {
    const HopCheck& hop = *spec_.hop;
    if (!hop.walk_steps.empty()) {
      const size_t k = hop.walk_steps.size();
      const size_t repetitions = hops / k;
      for (size_t j = 0; j <= k; ++j) {
        if (hop.node_list_slots[j] < 0) continue;
        ValueList list;
        for (size_t t = 0; t < repetitions; ++t) {
          const size_t at = t * k + j;  // in [first] + after
          list.push_back(at == 0 ? first : after[at - 1]);
        }
        row[hop.node_list_slots[j]] = Value::List(std::move(list));
      }
      for (size_t j = 0; j < k; ++j) {
        if (hop.rel_list_slots[j] < 0) continue;
        ValueList list;
        for (size_t t = 0; t < repetitions; ++t) list.push_back(rels[t * k + j]);
        row[hop.rel_list_slots[j]] = Value::List(std::move(list));
      }
      return;
    }
    if (hop.from_list_slot >= 0) {
      ValueList starts;
      if (hops > 0) starts.push_back(first);
      if (after.size() > 1) starts.insert(starts.end(), after.begin(), after.end() - 1);
      row[hop.from_list_slot] = Value::List(std::move(starts));
    }
    if (hop.to_list_slot >= 0) row[hop.to_list_slot] = Value::List(after);
  }

  // A relationship list bound by an earlier clause (`WITH [r1, r2] AS rs
  // MATCH (a)-[rs*]->(b)`): the one walk that follows its relationships in
  // order from each row's start, if they chain in the pattern's direction,
  // have its types, repeat none and are as many as the bounds allow.
  Result<std::vector<Walk>> BoundWalks(const std::vector<Row>& in, int64_t min, int64_t max) const {
    const ExpandSpec& step = spec_.step;
    std::vector<Walk> walks;
    for (size_t i = 0; i < in.size(); ++i) {
      const Value& start = in[i][step.from_slot];
      const Value& list = in[i][step.rel_slot];
      if (start.kind() != ValueKind::kNode || list.kind() != ValueKind::kList) continue;
      std::vector<const RelationshipValue*> rels;
      for (const Value& r : list.as_list()) {
        if (r.kind() != ValueKind::kRelationship) {
          return RuntimeError("TypeError", "InvalidArgumentType",
                              "a variable-length relationship variable must hold a list of "
                              "relationships, not one holding " +
                                  std::string(ValueKindName(r.kind())));
        }
        rels.push_back(&r.as_relationship());
      }
      int64_t hops = static_cast<int64_t>(rels.size());
      if (hops < min || (max >= 0 && hops > max)) continue;
      if (spec_.reverse) std::reverse(rels.begin(), rels.end());
      Walk w{i, start.as_node().id, {}, {}};
      bool ok = true;
      for (const RelationshipValue* r : rels) {
        bool typed = step.types.empty() ||
                     std::find(step.types.begin(), step.types.end(), r->type) != step.types.end();
        bool reused =
            !spec_.repeatable && std::find(w.edges.begin(), w.edges.end(), r->id) != w.edges.end();
        const Uuid* next = nullptr;
        if (r->start == w.node && step.direction != RelDirection::kLeft) {
          next = &r->end;
        } else if (r->end == w.node && step.direction != RelDirection::kRight) {
          next = &r->start;
        }
        if (!typed || reused || !next) {
          ok = false;
          break;
        }
        w.node = *next;
        w.edges.push_back(r->id);
        w.nodes.push_back(*next);
      }
      if (ok) walks.push_back(std::move(w));
    }
    return walks;
  }

  // Breadth-first from each row's start, one batched read per level for the
  // whole chunk: the nodes min..max hops away, each once.
  Status DistinctEnds(ExecContext& ctx, std::vector<Row>& in, std::vector<Row>* out, int64_t min,
                      int64_t max) {
    const ExpandSpec& step = spec_.step;
    struct Search {
      Uuid start;
      std::unordered_set<Uuid, UuidHash> seen;
      std::vector<Uuid> frontier;
      std::vector<Uuid> ends;
      bool start_closes = false;  // a closed trail leads back to the start
    };
    std::vector<Search> searches(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      const Value& v = in[i][step.from_slot];
      if (v.kind() != ValueKind::kNode) continue;
      Search& s = searches[i];
      s.start = v.as_node().id;
      s.seen.insert(s.start);
      s.frontier.push_back(s.start);
      if (min == 0) s.ends.push_back(s.start);
    }
    const bool undirected = step.direction == RelDirection::kBoth;
    Adjacency adjacency;  // what the levels read, for the closed-trail search
    for (int64_t depth = 1; max < 0 || depth <= max; ++depth) {
      std::vector<Uuid> sources;
      std::unordered_set<Uuid, UuidHash> asked;
      for (const Search& s : searches) {
        for (const Uuid& n : s.frontier) {
          if (!adjacency.count(n) && asked.insert(n).second) sources.push_back(n);
        }
      }
      if (sources.empty() && std::all_of(searches.begin(), searches.end(),
                                         [](const Search& s) { return s.frontier.empty(); })) {
        break;
      }
      NAMIDB_ASSIGN_OR_RETURN(auto neighbors,
                              StepNeighbors(ctx, sources, step.types, step.direction));
      uint64_t read = 0;
      for (const auto& list : neighbors) read += 64 + list.size() * sizeof(StepNeighbor);
      NAMIDB_RETURN_IF_ERROR(
          work_hold_.Add(ctx.memory, read, "a variable-length pattern's relationships"));
      for (size_t i = 0; i < sources.size(); ++i)
        adjacency.emplace(sources[i], std::move(neighbors[i]));
      for (Search& s : searches) {
        std::vector<Uuid> next;
        for (const Uuid& from : s.frontier) {
          for (const StepNeighbor& n : adjacency.at(from)) {
            // Directed, an edge back to the start closes a trail: the
            // shortest path to `from` cannot hold an edge leaving `from`.
            if (n.node == s.start && !undirected) s.start_closes = true;
            if (!s.seen.insert(n.node).second) continue;
            NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
            // In the visited set, the next frontier and the ends.
            NAMIDB_RETURN_IF_ERROR(work_hold_.Add(ctx.memory, 3 * sizeof(Uuid) + 32,
                                                  "a variable-length pattern's nodes"));
            next.push_back(n.node);
            if (depth >= min) s.ends.push_back(n.node);
          }
        }
        s.frontier = std::move(next);
      }
    }
    for (Search& s : searches) {
      if (min == 0 || s.start.is_nil()) continue;
      if (undirected) {
        std::vector<Uuid> used;
        NAMIDB_ASSIGN_OR_RETURN(s.start_closes,
                                ClosedTrail(ctx, adjacency, s.start, s.start, max, &used));
      }
      if (s.start_closes) s.ends.push_back(s.start);
    }
    std::vector<Uuid> node_ids;
    for (const Search& s : searches) node_ids.insert(node_ids.end(), s.ends.begin(), s.ends.end());
    NAMIDB_ASSIGN_OR_RETURN(ElementValues loaded, LoadElements(ctx, {}, std::move(node_ids)));
    for (size_t i = 0; i < in.size(); ++i) {
      for (const Uuid& id : searches[i].ends) {
        auto node = loaded.nodes.find(id);
        if (node == loaded.nodes.end()) continue;
        NAMIDB_ASSIGN_OR_RETURN(bool ok,
                                NodeMatches(step.to_filter, node->second.as_node(), in[i], ctx));
        if (!ok) continue;
        Row made = in[i];
        made[step.to_slot] = node->second;
        made[step.rel_slot] = Value::List({});
        NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(made), "a variable-length pattern's rows"));
      }
    }
    return Status::OK();
  }

  // Whether a trail of at most `left` more hops leads from `at` back to
  // `start` without reusing an edge in `used` (depth-first; reads the
  // neighbours the breadth-first levels did not).
  Result<bool> ClosedTrail(ExecContext& ctx, Adjacency& adjacency, const Uuid& start,
                           const Uuid& at, int64_t left, std::vector<Uuid>* used) {
    if (left <= 0) return false;
    if (!adjacency.count(at)) {
      NAMIDB_ASSIGN_OR_RETURN(
          auto neighbors,
          StepNeighbors(ctx, std::vector<Uuid>{at}, spec_.step.types, spec_.step.direction));
      adjacency.emplace(at, std::move(neighbors[0]));
    }
    for (const StepNeighbor& n : adjacency.at(at)) {
      if (std::find(used->begin(), used->end(), n.edge) != used->end()) continue;
      if (n.node == start) return true;
      used->push_back(n.edge);
      NAMIDB_ASSIGN_OR_RETURN(bool found,
                              ClosedTrail(ctx, adjacency, start, n.node, left - 1, used));
      used->pop_back();
      if (found) return true;
    }
    return false;
  }

  VarLengthSpec spec_;
  Row scratch_;  // the checks' row (hop_check.h), kept for its capacity
};

}  // namespace

OperatorPtr MakeVarLengthExpand(OperatorPtr input, VarLengthSpec spec) {
  return std::make_unique<VarLengthExpand>(std::move(input), std::move(spec));
}

}  // namespace namidb::query
