#include "query/execution/operators/expand.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/uuid_set.h"
#include "query/common/memory_budget.h"
#include "query/execution/chunk.h"
#include "query/execution/dynamic_labels.h"
#include "query/execution/element_values.h"
#include "query/execution/label_members.h"
#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"
#include "query/execution/step_neighbors.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class Expand final : public RowMapper {
 public:
  Expand(OperatorPtr input, ExpandSpec spec)
      : RowMapper(std::move(input)), spec_(std::move(spec)) {}
  void CountInto(int slot) { spec_.count_slot = slot; }
  std::string Describe() const override {
    std::string types;
    for (const auto& t : spec_.types) types += (types.empty() ? ":" : "|") + t;
    if (spec_.scan_types) types = spec_.scan_any ? ":$any(…)" : ":$(…)";
    return std::string(spec_.to_bound ? "ExpandInto " : "Expand ") + ArrowOf(spec_.direction) +
           " " + types + (spec_.count_slot >= 0 ? " (count)" : "");
  }

 protected:
  // The distinct source nodes of the chunk, then their edges, then every
  // edge and neighbour record: three batched reads for the whole chunk.
  Status StartChunk(ExecContext& ctx, std::vector<Row>& in) override {
    std::vector<Uuid> sources;
    for (const Row& row : in) {
      const Value& v = row[spec_.from_slot];
      if (v.kind() != ValueKind::kNode) continue;
      if (index_.emplace(v.as_node().id, sources.size()).second) sources.push_back(v.as_node().id);
    }
    if (sources.empty()) return Status::OK();
    NAMIDB_ASSIGN_OR_RETURN(counted_, CountsAlone(ctx));
    if (counted_) {
      std::vector<Direction> ways;
      if (spec_.direction != RelDirection::kLeft) ways.push_back(Direction::kOut);
      if (spec_.direction != RelDirection::kRight) ways.push_back(Direction::kIn);
      GraphReader::NeighborFilter keep;
      if (!every_node_labelled_ && !members_.empty())
        keep = [this, &ctx](const Uuid& id) { return IsMember(ctx, id); };
      NAMIDB_ASSIGN_OR_RETURN(counts_, ctx.graph->CountNeighbors(
                                           sources, ways, spec_.types.empty() ? "" : spec_.types[0],
                                           spec_.direction == RelDirection::kBoth, keep));
      return Status::OK();
    }
    NAMIDB_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> types, TypesToRead(ctx, in));
    if (types) {
      NAMIDB_ASSIGN_OR_RETURN(neighbors_, StepNeighbors(ctx, sources, *types, spec_.direction));
    } else {
      neighbors_.assign(sources.size(), {});  // no relationship has the types asked for
    }
    // A bound end is compared by id, and a node nothing reads beyond its
    // identity (and no filter needs) is made from its id: no record read.
    // Adjacency lists only live nodes, so the neighbour exists.
    bool id_only = spec_.to_detail == NodeDetail::kId && !spec_.to_filter.properties;
    size_t count = 0;
    for (const auto& list : neighbors_) count += list.size();
    NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory,
                                     count * sizeof(StepNeighbor) + kIndexEntry * sources.size(),
                                     "an expansion's relationships"));
    NAMIDB_ASSIGN_OR_RETURN(members_used_, UseLabelMembers(ctx, id_only, count, sources.size()));
    bare_ = spec_.to_bound || (id_only && spec_.to_filter.any_labels.empty() &&
                               (spec_.to_filter.labels.empty() || members_used_));
    NodeFields fields = FieldsToRead(spec_.to_detail, spec_.to_filter);
    std::vector<Uuid> edge_ids, node_ids;
    for (const auto& list : neighbors_) {
      for (const auto& n : list) {
        if (spec_.load_rel) edge_ids.push_back(n.edge);
        if (!bare_) node_ids.push_back(n.node);
      }
    }
    NAMIDB_ASSIGN_OR_RETURN(loaded_, LoadElements(ctx, std::move(edge_ids), std::move(node_ids),
                                                  fields, spec_.to_properties));
    uint64_t loaded_bytes = 0;
    for (const auto& [id, v] : loaded_.edges)
      loaded_bytes += kIndexEntry + sizeof(Value) + ValueBytes(v);
    for (const auto& [id, v] : loaded_.nodes)
      loaded_bytes += kIndexEntry + sizeof(Value) + ValueBytes(v);
    return hold_.Add(ctx.memory, loaded_bytes, "an expansion's records");
  }
  void DropCaches() override {
    looked_up_ = 0;
    sources_seen_ = 0;
    members_.clear();
    members_hold_.Clear();
    members_built_ = false;
  }
  void EndChunk() override {
    index_.clear();
    neighbors_.clear();
    counts_.clear();
    counted_ = false;
    loaded_ = {};
    hold_.Clear();
    next_ = 0;
    matched_ = 0;
  }

  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    const Value& from = row[spec_.from_slot];
    if (from.kind() != ValueKind::kNode) return true;
    const bool counting = spec_.count_slot >= 0;
    if (counted_) {
      const uint64_t n = counts_[index_[from.as_node().id]];
      if (n > 0) {
        if (chunk.full()) return false;  // this row again, into the next chunk
        Row made = row;
        made[spec_.count_slot] = Value::Int(static_cast<int64_t>(n));
        chunk.Add(std::move(made), RowCopyBytes(row));
      }
      return true;
    }
    const std::vector<StepNeighbor>& list = neighbors_[index_[from.as_node().id]];
    if (next_ == 0) {
      matched_ = 0;
      // The rows made of this one copy it without what nothing after reads
      // (the source, an earlier relationship): cleared once here, not per row.
      made_from_ = row;
      for (int slot : dead_after()) {
        if (static_cast<size_t>(slot) < made_from_.size()) made_from_[slot] = Value();
      }
      row_bytes_ = RowCopyBytes(made_from_);
      rel_read_ = RelRead();
    }
    for (; next_ < list.size(); ++next_) {
      const StepNeighbor& n = list[next_];
      if (spec_.rel_bound) {
        const Value& r = row[spec_.rel_slot];
        if (r.kind() != ValueKind::kRelationship || r.as_relationship().id != n.edge) continue;
      }
      if (spec_.to_bound) {
        const Value& to = row[spec_.to_slot];
        if (to.kind() != ValueKind::kNode || to.as_node().id != n.node) continue;
      }
      bool reused = false;
      for (int s : spec_.distinct_from) {
        const Value& r = row[s];
        if (r.kind() == ValueKind::kRelationship && r.as_relationship().id == n.edge) reused = true;
        if (r.kind() == ValueKind::kList) {
          for (const auto& x : r.as_list()) {
            if (x.kind() == ValueKind::kRelationship && x.as_relationship().id == n.edge)
              reused = true;
          }
        }
      }
      if (reused) continue;
      if (counting && bare_) {
        // The planner counts only anonymous relationships without
        // properties, into nodes with no property filter.
        if (!members_used_ || IsMember(ctx, n.node)) ++matched_;
        continue;
      }
      Value to;
      if (bare_) {
        if (members_used_ && !IsMember(ctx, n.node)) continue;
        if (!spec_.to_bound) to = Value::Node(NodeValue{n.node, {}, {}});
      } else {
        auto node = loaded_.nodes.find(n.node);
        if (node == loaded_.nodes.end()) continue;
        to = node->second;
      }
      if (counting) {
        NAMIDB_ASSIGN_OR_RETURN(bool node_ok, NodeMatches(spec_.to_filter, to.as_node(), row, ctx));
        matched_ += node_ok ? 1 : 0;
        continue;
      }
      if (chunk.full()) return false;
      Value rel;  // stays null when nothing after reads it
      if (spec_.load_rel) {
        auto edge = loaded_.edges.find(n.edge);
        if (edge == loaded_.edges.end()) continue;
        NAMIDB_ASSIGN_OR_RETURN(
            bool rel_ok, PropertiesMatch(spec_.rel_properties,
                                         edge->second.as_relationship().properties, row, ctx));
        if (!rel_ok) continue;
        rel = edge->second;
      } else if (rel_read_) {
        // Nothing reads the relationship's properties: its identity will do.
        const Uuid& source = from.as_node().id;
        rel = Value::Relationship(RelationshipValue{
            n.edge, n.type, n.outgoing ? source : n.node, n.outgoing ? n.node : source, {}});
      }
      if (!spec_.to_bound && !members_used_) {
        NAMIDB_ASSIGN_OR_RETURN(bool node_ok, NodeMatches(spec_.to_filter, to.as_node(), row, ctx));
        if (!node_ok) continue;
      }
      Row made = made_from_;
      made[spec_.rel_slot] = std::move(rel);
      if (!spec_.to_bound) made[spec_.to_slot] = std::move(to);
      chunk.Add(std::move(made), row_bytes_);
    }
    next_ = 0;
    if (matched_ > 0) {
      Row made = made_from_;
      made[spec_.count_slot] = Value::Int(matched_);
      chunk.Add(std::move(made), row_bytes_);
    }
    return true;
  }

 private:
  // Whether this chunk checks the labels of the nodes reached against the
  // label index instead of their records. Only for nodes nothing reads
  // beyond their identity; then always when the reader keeps the labels'
  // members already (GraphReader::StoredLabelSet), else only once the
  // lookups so far plus this chunk's come to a quarter of the label's
  // nodes: reading the index's ids is then the cheaper way (a sequential
  // scan of 16-byte keys against a record lookup each), and a query that
  // reaches few nodes never pays. When the planner knows how many sources
  // the input brings, the lookups to come are estimated from those per
  // source so far.
  Result<bool> UseLabelMembers(ExecContext& ctx, bool id_only, size_t count, size_t sources) {
    if (!id_only || spec_.to_bound || spec_.to_filter.labels.empty()) return false;
    if (members_built_ && members_version_ == ctx.graph_version) return true;
    members_built_ = false;
    members_.clear();
    members_hold_.Clear();
    looked_up_ += count;
    sources_seen_ += sources;
    uint64_t expected = looked_up_;
    if (spec_.expected_sources > sources_seen_) {
      expected = static_cast<uint64_t>(static_cast<double>(looked_up_) /
                                       static_cast<double>(sources_seen_) *
                                       static_cast<double>(spec_.expected_sources));
    }
    const auto& labels = ctx.graph->stats().labels;
    bool all_kept = true;
    for (const auto& label : spec_.to_filter.labels) {
      all_kept = all_kept && ctx.graph->KeepsLabelSet(label);
    }
    for (const auto& label : spec_.to_filter.labels) {
      auto it = labels.find(label);
      if (it == labels.end() || (!all_kept && expected * 4 < it->second)) return false;
    }
    for (const auto& label : spec_.to_filter.labels) {
      bool kept = false;
      NAMIDB_ASSIGN_OR_RETURN(auto set, ctx.graph->StoredLabelSet(label, &kept));
      // A set the reader keeps is its memory, as its block cache is; one
      // made for this statement alone is the statement's.
      if (!kept)
        NAMIDB_RETURN_IF_ERROR(members_hold_.Add(ctx.memory, set->bytes(), "a label's members"));
      members_.push_back(std::move(set));
    }
    members_version_ = ctx.graph_version;
    members_built_ = true;
    return true;
  }
  // The types to read: the pattern's, or those its dynamic type gives this
  // chunk; none when no relationship can have them (`$any` of none, `$(…)`
  // of two types: a relationship has one).
  Result<std::optional<std::vector<std::string>>> TypesToRead(ExecContext& ctx,
                                                              const std::vector<Row>& in) {
    if (!spec_.types.empty() || !spec_.scan_types || in.empty()) return {spec_.types};
    Row scratch = in[0];  // the expression reads no variable
    NAMIDB_ASSIGN_OR_RETURN(std::vector<std::string> types,
                            EvaluateDynamicLabels(*spec_.scan_types, scratch, ctx.eval));
    if (spec_.scan_any ? types.empty() : types.size() > 1) {
      return std::optional<std::vector<std::string>>();
    }
    return {std::move(types)};  // $(…) of none: any type
  }

  // Whether this chunk counts each source's edges in the storage layer
  // (GraphReader::CountNeighbors) without making its neighbours: when each
  // edge counts on its own (no bound relationship or end, no relationship
  // to stay distinct from, one type at most, no property to check) and the
  // end's labels are checked against members the reader keeps already. A
  // first chunk that finds them not kept takes the general way, whose
  // label check may read and keep them (UseLabelMembers).
  Result<bool> CountsAlone(ExecContext& ctx) {
    if (spec_.count_slot < 0 || spec_.rel_bound || spec_.to_bound || !spec_.distinct_from.empty() ||
        spec_.types.size() > 1 || spec_.rel_properties || spec_.to_filter.properties ||
        !spec_.to_filter.any_labels.empty() || spec_.to_detail != NodeDetail::kId) {
      return false;
    }
    every_node_labelled_ = EveryNodeCarries(*ctx.graph, spec_.to_filter.labels);
    if (spec_.to_filter.labels.empty() || every_node_labelled_) return true;
    if (members_built_ && members_version_ == ctx.graph_version) return true;
    for (const auto& label : spec_.to_filter.labels) {
      if (!ctx.graph->KeepsLabelSet(label)) return false;
    }
    members_.clear();
    members_hold_.Clear();
    for (const auto& label : spec_.to_filter.labels) {
      NAMIDB_ASSIGN_OR_RETURN(auto set, ctx.graph->StoredLabelSet(label));
      members_.push_back(std::move(set));
    }
    members_version_ = ctx.graph_version;
    members_built_ = true;
    return true;
  }
  bool IsMember(ExecContext& ctx, const Uuid& id) const {
    return CarriesAll(*ctx.graph, members_, spec_.to_filter.labels, id);
  }

  // Whether anything after reads the relationship (rule liveness clears it
  // otherwise: dead_after).
  bool RelRead() const {
    return std::find(dead_after().begin(), dead_after().end(), spec_.rel_slot) ==
           dead_after().end();
  }

  // A hash map entry beside its key and value (node, bucket).
  static constexpr uint64_t kIndexEntry = 48;

  ExpandSpec spec_;
  // The input chunk's sources (id -> index into neighbors_), their
  // neighbours and the records read for them (StartChunk).
  std::unordered_map<Uuid, size_t, UuidHash> index_;
  std::vector<std::vector<StepNeighbor>> neighbors_;
  ElementValues loaded_;
  bool counted_ = false;              // this chunk's counts come from CountsAlone
  bool every_node_labelled_ = false;  // then with no label check (EveryNodeCarries)
  std::vector<uint64_t> counts_;      // then per source (index_)
  bool members_used_ = false;         // the label check reads members_
  bool bare_ = false;                 // nodes reached are made from their ids
  MemoryHold hold_;                   // for the above
  size_t next_ = 0;                   // the next neighbour of the row being expanded
  int64_t matched_ = 0;               // counting: its rows so far
  uint64_t row_bytes_ = 0;            // what a copy of made_from_ allocates
  Row made_from_;                     // the row being expanded, less what is dead after
  bool rel_read_ = true;              // RelRead()
  uint64_t looked_up_ = 0;            // nodes reached so far, for UseLabelMembers
  uint64_t sources_seen_ = 0;         // distinct sources of the chunks so far
  // Per label of to_filter, the ids the data files give it (the overlay
  // decides the nodes it holds: GraphReader::CarriesLabel).
  std::vector<std::shared_ptr<const UuidSet>> members_;
  MemoryHold members_hold_;
  bool members_built_ = false;
  uint64_t members_version_ = 0;
};

}  // namespace

OperatorPtr MakeExpand(OperatorPtr input, ExpandSpec spec) {
  return std::make_unique<Expand>(std::move(input), std::move(spec));
}
void CountExpansions(Operator& expand, int count_slot) {
  dynamic_cast<Expand&>(expand).CountInto(count_slot);
}

}  // namespace namidb::query
