#include "query/execution/operator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/uuid_set.h"
#include "query/common/query_error.h"
#include "query/functions/value_ops.h"

namespace namidb::query {

Result<bool> Operator::Next(ExecContext& ctx, std::vector<Row>* out) {
  auto started = std::chrono::steady_clock::now();
  NAMIDB_RETURN_IF_ERROR(ctx.interrupts->CheckAt(started));
  if (ctx.depth >= kMaxPipelineDepth) {
    return RuntimeError("SyntaxError", "NestingTooDeep",
                        "the statement nests subqueries in pipelines of more than " +
                            std::to_string(kMaxPipelineDepth) +
                            " operators in all; split it into several");
  }
  ++ctx.depth;
  Result<bool> more = DoNext(ctx, out);
  --ctx.depth;
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (more.ok() && *more) {
    rows_out_ += out->size();
    ctx.rows_handed_out += out->size();
    if (ctx.max_intermediate_rows > 0 && ctx.rows_handed_out > ctx.max_intermediate_rows) {
      return Status::ResourceExhausted(
          "the query's operators produced more than " + std::to_string(ctx.max_intermediate_rows) +
          " rows (the maxIntermediateRows limit); narrow it or raise the limit");
    }
  }
  return more;
}

Value NodeToValue(const Uuid& id, NodeRecord r) {
  return Value::Node(NodeValue{id, std::move(r.labels), std::move(r.properties)});
}

Value EdgeToValue(const Uuid& id, EdgeRecord r) {
  return Value::Relationship(
      RelationshipValue{id, std::move(r.type), r.src, r.dst, std::move(r.properties)});
}

Result<ElementValues> LoadElements(ExecContext& ctx, std::vector<Uuid> edge_ids,
                                   std::vector<Uuid> node_ids, NodeFields node_fields) {
  for (auto* ids : {&edge_ids, &node_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  NAMIDB_ASSIGN_OR_RETURN(auto edges, ctx.graph->LookupEdges(edge_ids));
  NAMIDB_ASSIGN_OR_RETURN(auto nodes, ctx.graph->LookupNodes(node_ids, node_fields));
  ElementValues out;
  out.edges.reserve(edge_ids.size());
  out.nodes.reserve(node_ids.size());
  for (size_t i = 0; i < edge_ids.size(); ++i) {
    if (edges[i]) out.edges.emplace(edge_ids[i], EdgeToValue(edge_ids[i], std::move(*edges[i])));
  }
  for (size_t i = 0; i < node_ids.size(); ++i) {
    if (nodes[i]) out.nodes.emplace(node_ids[i], NodeToValue(node_ids[i], std::move(*nodes[i])));
  }
  return out;
}

Result<std::vector<Row>> Drain(Operator& op, ExecContext& ctx, MemoryHold* hold,
                               std::string_view what) {
  std::vector<Row> all, chunk;
  while (true) {
    NAMIDB_ASSIGN_OR_RETURN(bool more, op.Next(ctx, &chunk));
    if (!more) return all;
    uint64_t bytes = 0;
    for (const Row& r : chunk) bytes += RowBytes(r);
    NAMIDB_RETURN_IF_ERROR(hold->Add(ctx.memory, bytes, what));
    for (auto& r : chunk) all.push_back(std::move(r));
  }
}

Result<bool> Materialized::DoNext(ExecContext& ctx, std::vector<Row>* out) {
  if (!computed_) {
    NAMIDB_ASSIGN_OR_RETURN(rows_, Compute(ctx));
    computed_ = true;
  }
  if (at_ >= rows_.size()) {
    // All handed out: what the rows held has moved on (or been freed).
    rows_ = {};
    hold_.Clear();
    return false;
  }
  size_t n = std::min(kChunkRows, rows_.size() - at_);
  out->assign(std::make_move_iterator(rows_.begin() + at_),
              std::make_move_iterator(rows_.begin() + at_ + n));
  at_ += n;
  return true;
}

void Materialized::Reset() {
  Operator::Reset();
  computed_ = false;
  rows_.clear();
  at_ = 0;
  hold_.Clear();
}

namespace {

// Whether `props` holds every entry of the map `wanted` evaluates to.
Result<bool> PropertiesMatch(const Expr* wanted, const ValueMap& props, Row& row,
                             ExecContext& ctx) {
  if (!wanted) return true;
  NAMIDB_ASSIGN_OR_RETURN(Value map, Evaluate(*wanted, row, ctx.eval));
  if (map.is_null()) return false;
  if (map.kind() != ValueKind::kMap) {
    return RuntimeError("TypeError", "InvalidArgumentType", "pattern properties must be a map");
  }
  for (const auto& [key, value] : map.as_map()) {
    const Value* have = props.Find(key);
    if (!have || Equals(*have, value) != Ternary(true)) return false;
  }
  return true;
}

// What of a node record to decode for a node the query reads as `detail`
// and a pattern checks with `filter`.
NodeFields FieldsToRead(NodeDetail detail, const NodeFilter& filter) {
  return detail == NodeDetail::kFull || filter.properties ? NodeFields::kAll : NodeFields::kLabels;
}

Result<bool> NodeMatches(const NodeFilter& f, const NodeValue& n, Row& row, ExecContext& ctx) {
  for (const auto& l : f.labels) {
    if (std::find(n.labels.begin(), n.labels.end(), l) == n.labels.end()) return false;
  }
  return PropertiesMatch(f.properties, n.properties, row, ctx);
}

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
                                                             RelDirection direction) {
  std::string type = types.size() == 1 ? types[0] : "";
  std::vector<Direction> ways;
  if (direction != RelDirection::kLeft) ways.push_back(Direction::kOut);
  if (direction != RelDirection::kRight) ways.push_back(Direction::kIn);
  NAMIDB_ASSIGN_OR_RETURN(auto found, ctx.graph->ExpandManyWays(sources, ways, type));
  std::vector<std::vector<StepNeighbor>> neighbors(sources.size());
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

class Once final : public Operator {
 public:
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    if (done_) return false;
    done_ = true;
    out->assign(1, Row(ctx.width));
    return true;
  }
  void Reset() override { done_ = false; }
  std::string Describe() const override { return "Once"; }

 private:
  bool done_ = false;
};

// The chunk an operator is filling: full at kChunkRows rows, or once the
// values copied or built into it come to kChunkBytes (a row is always
// let in when the chunk is empty, so every chunk makes progress).
class Chunk {
 public:
  Chunk(ExecContext& ctx, std::vector<Row>* rows)
      : rows_(rows), memory_(ctx.memory), built_at_start_(ctx.memory->built()) {}
  std::vector<Row>& rows() { return *rows_; }
  // `copied`: what the row copied (RowCopyBytes of its source for a row
  // copied from another); values built on the way are counted already.
  void Add(Row row, uint64_t copied = 0) {
    rows_->push_back(std::move(row));
    copied_ += copied;
  }
  bool full() const {
    if (rows_->empty()) return false;
    return rows_->size() >= kChunkRows ||
           copied_ + (memory_->built() - built_at_start_) >= kChunkBytes;
  }

 private:
  std::vector<Row>* rows_;
  MemoryBudget* memory_;
  uint64_t built_at_start_;
  uint64_t copied_ = 0;
};

// Pulls input chunks and maps each input row to any number of output rows:
// an output chunk is never more than a Chunk holds, and an input row that
// makes more is continued at the next call (MapRow returns false).
class RowMapper : public Operator {
 public:
  explicit RowMapper(OperatorPtr input) { children_.push_back(std::move(input)); }
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    Chunk chunk(ctx, out);
    while (true) {
      if (!have_input_) {
        in_.clear();
        at_ = 0;
        NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &in_));
        if (!more) return false;
        have_input_ = true;
        NAMIDB_RETURN_IF_ERROR(StartChunk(ctx, in_));
      }
      NAMIDB_ASSIGN_OR_RETURN(bool done, Fill(ctx, in_, chunk));
      if (done) {
        have_input_ = false;
        EndChunk();
      }
      // One input chunk at a time: a chunk handed out never spans two.
      if (!out->empty() && (done || chunk.full())) return true;
    }
  }
  void Reset() override {
    Operator::Reset();
    in_.clear();
    at_ = 0;
    have_input_ = false;
    EndChunk();
  }

 protected:
  // Before the rows of a new input chunk are mapped (batched reads).
  virtual Status StartChunk(ExecContext&, std::vector<Row>&) { return Status::OK(); }
  // After them, or on Reset: drops what StartChunk kept.
  virtual void EndChunk() {}
  // Adds the rows made of `in` from where the last call stopped; true once
  // the whole chunk is mapped, false when `chunk` filled up first. By
  // default, row by row (MapRow).
  virtual Result<bool> Fill(ExecContext& ctx, std::vector<Row>& in, Chunk& chunk) {
    for (; at_ < in.size(); ++at_) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      NAMIDB_ASSIGN_OR_RETURN(bool row_done, MapRow(ctx, in, at_, chunk));
      if (!row_done) return false;
      if (chunk.full()) {
        ++at_;
        return at_ >= in.size();
      }
    }
    return true;
  }
  // Adds the rows made of `in[i]`: true once done with it, false when
  // `chunk` filled up first (it is called again for the same row).
  virtual Result<bool> MapRow(ExecContext&, std::vector<Row>&, size_t, Chunk&) {
    return Status::Internal("MapRow is not implemented for this operator");
  }

 private:
  std::vector<Row> in_;
  size_t at_ = 0;
  bool have_input_ = false;
};

// A RowMapper that works out every row of an input chunk at once (a walk
// level by level for the whole chunk), reserving them as it goes (Keep),
// and hands them out a Chunk at a time.
class ChunkMapper : public RowMapper {
 public:
  using RowMapper::RowMapper;

 protected:
  // All rows made of `in`, each passed through Keep into `out`.
  virtual Status MapChunk(ExecContext& ctx, std::vector<Row>& in, std::vector<Row>* out) = 0;
  // Reserves `row` (for `what`) and adds it to `out`.
  Status Keep(ExecContext& ctx, std::vector<Row>* out, Row row, std::string_view what) {
    NAMIDB_RETURN_IF_ERROR(rows_hold_.Add(ctx.memory, RowBytes(row), what));
    out->push_back(std::move(row));
    return Status::OK();
  }
  // For what MapChunk keeps while it works (walks, visited sets).
  MemoryHold work_hold_;

 private:
  Status StartChunk(ExecContext& ctx, std::vector<Row>& in) final {
    pending_.clear();
    next_ = 0;
    Status s = MapChunk(ctx, in, &pending_);
    work_hold_.Clear();
    return s;
  }
  void EndChunk() final {
    pending_ = {};
    next_ = 0;
    rows_hold_.Clear();
    work_hold_.Clear();
  }
  Result<bool> Fill(ExecContext&, std::vector<Row>&, Chunk& chunk) final {
    for (; next_ < pending_.size(); ++next_) {
      if (chunk.full()) return false;
      chunk.Add(std::move(pending_[next_]));
    }
    return true;
  }

  std::vector<Row> pending_;
  size_t next_ = 0;
  MemoryHold rows_hold_;
};

// Every node of a label for each input row, handed out kChunkRows at a time
// (an input row can match a whole label: the operators above must not get
// it in one chunk).
class NodeScan final : public Operator {
 public:
  NodeScan(OperatorPtr input, int slot, NodeFilter filter, NodeDetail detail)
      : slot_(slot), filter_(std::move(filter)), detail_(detail) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override {
    std::string what = filter_.labels.empty() ? " (all nodes)" : " :" + filter_.labels[0];
    if (IdsOnly()) what += " (ids)";
    return "NodeScan" + what;
  }
  // Reset keeps the scanned nodes while the graph is unchanged (the
  // version is pinned for a read query), so a sub-pipeline run once per row
  // scans once; a statement's own writes (MERGE, row by row) rescan.
  void Reset() override {
    Operator::Reset();
    input_.clear();
    at_row_ = 0;
    at_node_ = 0;
    exhausted_ = false;
  }

 protected:
  void DropCaches() override {
    loaded_ = false;
    nodes_ = {};
    hold_.Clear();
  }
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    Chunk chunk(ctx, out);
    while (!chunk.full()) {
      if (at_row_ >= input_.size()) {
        if (exhausted_) break;
        input_.clear();
        at_row_ = 0;
        at_node_ = 0;
        NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &input_));
        if (!more) {
          exhausted_ = true;
          break;
        }
        NAMIDB_RETURN_IF_ERROR(Load(ctx));
        continue;
      }
      Row& row = input_[at_row_];
      if (at_node_ == 0) row_bytes_ = RowCopyBytes(row);
      while (at_node_ < nodes_.size() && !chunk.full()) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
        const Value& n = nodes_[at_node_++];
        if (!IdsOnly()) {  // ids from the label index match by construction
          NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(filter_, n.as_node(), row, ctx));
          if (!ok) continue;
        }
        Row made = row;
        made[slot_] = n;
        chunk.Add(std::move(made), row_bytes_);
      }
      if (at_node_ >= nodes_.size()) {
        ++at_row_;
        at_node_ = 0;
      }
    }
    return !out->empty();
  }

 private:
  Status Load(ExecContext& ctx) {
    if (loaded_ && version_ == ctx.graph_version) return Status::OK();
    nodes_.clear();
    hold_.Clear();
    version_ = ctx.graph_version;
    // The scan is read whole: refuse one the memory cannot hold before
    // reading it (the manifest counts the nodes).
    const GraphStats& stats = ctx.graph->stats();
    auto counted = filter_.labels.empty() ? std::optional<uint64_t>(stats.nodes) : std::nullopt;
    if (!filter_.labels.empty()) {
      if (auto it = stats.labels.find(filter_.labels[0]); it != stats.labels.end())
        counted = it->second;
    }
    if (counted)
      NAMIDB_RETURN_IF_ERROR(ctx.memory->CheckFits(*counted * kIdNodeBytes, "a label scan"));
    if (IdsOnly()) {
      // Nothing reads these nodes but their identity, and the label index
      // alone decides the one label asked for.
      NAMIDB_ASSIGN_OR_RETURN(auto ids, ctx.graph->ScanLabelIds(filter_.labels[0]));
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, ids.size() * kIdNodeBytes, "a label scan"));
      for (const Uuid& id : ids) nodes_.push_back(Value::Node(NodeValue{id, {}, {}}));
    } else {
      NodeFields fields = FieldsToRead(detail_, filter_);
      auto scanned = filter_.labels.empty() ? ctx.graph->ScanNodes()
                                            : ctx.graph->ScanLabel(filter_.labels[0], fields);
      if (!scanned.ok()) return scanned.status();
      for (auto& [id, r] : *scanned) {
        nodes_.push_back(NodeToValue(id, std::move(r)));
        NAMIDB_RETURN_IF_ERROR(
            hold_.Add(ctx.memory, sizeof(Value) + ValueBytes(nodes_.back()), "a label scan"));
      }
    }
    loaded_ = true;
    return Status::OK();
  }

  // A node made of its id alone, as a label scan holds it.
  static constexpr uint64_t kIdNodeBytes = sizeof(Value) + sizeof(NodeValue) + 32;

  bool IdsOnly() const {
    return detail_ == NodeDetail::kId && filter_.labels.size() == 1 && !filter_.properties;
  }

  int slot_;
  NodeFilter filter_;
  NodeDetail detail_;
  bool loaded_ = false;
  uint64_t version_ = 0;
  std::vector<Value> nodes_;
  MemoryHold hold_;         // for nodes_
  std::vector<Row> input_;  // the input chunk being scanned for
  size_t at_row_ = 0;
  size_t at_node_ = 0;
  uint64_t row_bytes_ = 0;  // what a copy of input_[at_row_] allocates
  bool exhausted_ = false;
};

class NodeIndexSeek final : public RowMapper {
 public:
  NodeIndexSeek(OperatorPtr input, int slot, NodeFilter filter, IndexSeek seek)
      : RowMapper(std::move(input)),
        slot_(slot),
        filter_(std::move(filter)),
        seek_(std::move(seek)) {}
  std::string Describe() const override {
    return "NodeIndexSeek :" + seek_.label + "(" + seek_.property + ")";
  }

 protected:
  // The candidates of every row (every row's value in one batched index
  // read), then their records in one batched read.
  Status StartChunk(ExecContext& ctx, std::vector<Row>& in) override {
    std::vector<Value> values;
    for (size_t i = 0; i < in.size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*seek_.value, in[i], ctx.eval));
      values.push_back(std::move(v));
    }
    NAMIDB_ASSIGN_OR_RETURN(candidates_,
                            ctx.graph->NodesWithProperties(seek_.label, seek_.property, values));
    std::vector<Uuid> all;
    for (const auto& c : candidates_) all.insert(all.end(), c.begin(), c.end());
    NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, all.size() * 2 * sizeof(Uuid), "an index seek"));
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    NAMIDB_ASSIGN_OR_RETURN(auto records, ctx.graph->LookupNodes(all));
    for (size_t i = 0; i < all.size(); ++i) {
      if (!records[i]) continue;
      auto n = nodes_.emplace(all[i], NodeToValue(all[i], std::move(*records[i]))).first;
      NAMIDB_RETURN_IF_ERROR(
          hold_.Add(ctx.memory, sizeof(*n) + 32 + ValueBytes(n->second), "an index seek"));
    }
    return Status::OK();
  }
  void EndChunk() override {
    candidates_.clear();
    nodes_.clear();
    hold_.Clear();
    next_ = 0;
  }
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    if (next_ == 0) row_bytes_ = RowCopyBytes(in[i]);
    for (; next_ < candidates_[i].size(); ++next_) {
      if (chunk.full()) return false;
      auto n = nodes_.find(candidates_[i][next_]);
      if (n == nodes_.end()) continue;
      NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(filter_, n->second.as_node(), in[i], ctx));
      if (!ok) continue;
      Row made = in[i];
      made[slot_] = n->second;
      chunk.Add(std::move(made), row_bytes_);
    }
    next_ = 0;
    return true;
  }

 private:
  int slot_;
  NodeFilter filter_;
  IndexSeek seek_;
  std::vector<std::vector<Uuid>> candidates_;  // per input row
  std::map<Uuid, Value> nodes_;
  MemoryHold hold_;
  size_t next_ = 0;  // the next candidate of the row being mapped
  uint64_t row_bytes_ = 0;
};

class NodeIdSeek final : public RowMapper {
 public:
  NodeIdSeek(OperatorPtr input, int slot, NodeFilter filter, const Expr* id)
      : RowMapper(std::move(input)), slot_(slot), filter_(std::move(filter)), id_(id) {}
  std::string Describe() const override { return "NodeIdSeek"; }

 protected:
  // Every row's node in one batched point read. id() and elementId() are
  // the node's UUID as text: anything else names no node.
  Status StartChunk(ExecContext& ctx, std::vector<Row>& in) override {
    wanted_.assign(in.size(), std::nullopt);
    std::vector<Uuid> ids;
    for (size_t i = 0; i < in.size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*id_, in[i], ctx.eval));
      if (v.kind() != ValueKind::kString) continue;
      auto id = Uuid::Parse(v.as_string());
      if (!id.ok()) continue;
      wanted_[i] = *id;
      ids.push_back(*id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    NAMIDB_ASSIGN_OR_RETURN(auto records, ctx.graph->LookupNodes(ids));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!records[i]) continue;
      auto n = nodes_.emplace(ids[i], NodeToValue(ids[i], std::move(*records[i]))).first;
      NAMIDB_RETURN_IF_ERROR(
          hold_.Add(ctx.memory, sizeof(*n) + 32 + ValueBytes(n->second), "an id seek"));
    }
    return Status::OK();
  }
  void EndChunk() override {
    wanted_.clear();
    nodes_.clear();
    hold_.Clear();
  }
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    if (!wanted_[i]) return true;
    auto n = nodes_.find(*wanted_[i]);
    if (n == nodes_.end()) return true;
    if (chunk.full()) return false;
    NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(filter_, n->second.as_node(), in[i], ctx));
    if (!ok) return true;
    Row made = in[i];
    made[slot_] = n->second;
    chunk.Add(std::move(made), RowCopyBytes(in[i]));
    return true;
  }

 private:
  int slot_;
  NodeFilter filter_;
  const Expr* id_;
  std::vector<std::optional<Uuid>> wanted_;  // per input row
  std::map<Uuid, Value> nodes_;
  MemoryHold hold_;
};

class HashJoin final : public RowMapper {
 public:
  HashJoin(OperatorPtr input, OperatorPtr build, HashJoinSpec spec)
      : RowMapper(std::move(input)), spec_(std::move(spec)) {
    children_.push_back(std::move(build));
  }
  std::string Describe() const override {
    return spec_.probe_key ? "HashJoin" : "CartesianProduct";
  }
  void Reset() override {
    RowMapper::Reset();
    built_ = false;
    table_.clear();
    hold_.Clear();
  }

 protected:
  Status StartChunk(ExecContext& ctx, std::vector<Row>&) override {
    if (built_) return Status::OK();
    const char* what = spec_.probe_key ? "a hash join's table" : "a cartesian product's rows";
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows, Drain(*children_[1], ctx, &hold_, what));
    for (Row& r : rows) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      Value key = Value::Bool(true);  // a cartesian product: one key for all
      if (spec_.build_key) {
        NAMIDB_ASSIGN_OR_RETURN(key, Evaluate(*spec_.build_key, r, ctx.eval));
      }
      if (key.is_null()) continue;
      std::vector<Value> k = {std::move(key)};
      auto [entry, fresh] = table_.try_emplace(std::move(k));
      if (fresh)
        NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, kEntryBytes + RowBytes(entry->first), what));
      entry->second.push_back(std::move(r));
    }
    built_ = true;
    return Status::OK();
  }
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    if (next_ == 0) {
      Value key = Value::Bool(true);
      if (spec_.probe_key) {
        NAMIDB_ASSIGN_OR_RETURN(key, Evaluate(*spec_.probe_key, row, ctx.eval));
      }
      if (key.is_null()) return true;
      auto hit = table_.find({std::move(key)});
      if (hit == table_.end()) return true;
      matches_ = &hit->second;
      row_bytes_ = RowCopyBytes(row);
    }
    for (; next_ < matches_->size(); ++next_) {
      if (chunk.full()) return false;
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      const Row& match = (*matches_)[next_];
      Row joined = row;
      if (joined.size() < ctx.width) joined.resize(ctx.width);
      uint64_t copied = row_bytes_;
      for (int slot : spec_.build_slots) {
        joined[slot] = match[slot];
        copied += ValueCopyBytes(match[slot]);
      }
      chunk.Add(std::move(joined), copied);
    }
    next_ = 0;
    return true;
  }
  void EndChunk() override { next_ = 0; }

 private:
  // A hash table entry beside its key and rows: the node, the bucket, the
  // vector of rows.
  static constexpr uint64_t kEntryBytes = 64;

  HashJoinSpec spec_;
  bool built_ = false;
  std::unordered_map<std::vector<Value>, std::vector<Row>, ValuesHash, ValuesEquivalent> table_;
  MemoryHold hold_;
  const std::vector<Row>* matches_ = nullptr;  // of the row being joined
  size_t next_ = 0;
  uint64_t row_bytes_ = 0;
};

class CallSubquery final : public Materialized {
 public:
  CallSubquery(OperatorPtr input, CallSubquerySpec spec) : spec_(std::move(spec)) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override { return "CallSubquery"; }

 protected:
  // All input first: a subquery that updates must not see its own effects
  // on rows not yet read.
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    MemoryHold input;
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows,
                            Drain(*children_[0], ctx, &input, "a CALL subquery's input"));
    std::vector<Row> out;
    for (Row& row : rows) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen;
      MemoryHold seen_hold;
      bool unit = spec_.output_slots.empty();
      for (const auto& part : spec_.parts) {
        NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> results,
                                ctx.eval.subplans->Run(part.subplan, row, false));
        if (unit) continue;
        for (Row& r : results) {
          std::vector<Value> columns;
          for (int slot : part.column_slots) columns.push_back(std::move(r[slot]));
          if (spec_.distinct) {
            if (!seen.insert(columns).second) continue;
            NAMIDB_RETURN_IF_ERROR(
                seen_hold.Add(ctx.memory, RowBytes(columns), "a CALL subquery's UNION"));
          }
          Row joined = row;
          if (joined.size() < ctx.width) joined.resize(ctx.width);
          for (size_t i = 0; i < columns.size(); ++i)
            joined[spec_.output_slots[i]] = std::move(columns[i]);
          NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, RowBytes(joined), "a CALL subquery's rows"));
          out.push_back(std::move(joined));
        }
      }
      if (unit) {
        NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, RowBytes(row), "a CALL subquery's rows"));
        out.push_back(std::move(row));
      }
    }
    return out;
  }

 private:
  CallSubquerySpec spec_;
};

class NodeCheck final : public RowMapper {
 public:
  NodeCheck(OperatorPtr input, int slot, NodeFilter filter)
      : RowMapper(std::move(input)), slot_(slot), filter_(std::move(filter)) {}
  std::string Describe() const override { return "NodeCheck"; }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    const Value& v = row[slot_];
    if (v.kind() != ValueKind::kNode) return true;
    NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(filter_, v.as_node(), row, ctx));
    if (ok) chunk.Add(std::move(row));
    return true;
  }

 private:
  int slot_;
  NodeFilter filter_;
};

class Expand final : public RowMapper {
 public:
  Expand(OperatorPtr input, ExpandSpec spec)
      : RowMapper(std::move(input)), spec_(std::move(spec)) {}
  void CountInto(int slot) { spec_.count_slot = slot; }
  std::string Describe() const override {
    std::string types;
    for (const auto& t : spec_.types) types += (types.empty() ? ":" : "|") + t;
    const char* arrow = spec_.direction == RelDirection::kRight  ? "->"
                        : spec_.direction == RelDirection::kLeft ? "<-"
                                                                 : "--";
    return std::string(spec_.to_bound ? "ExpandInto " : "Expand ") + arrow + " " + types +
           (spec_.count_slot >= 0 ? " (count)" : "");
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
    NAMIDB_ASSIGN_OR_RETURN(neighbors_, StepNeighbors(ctx, sources, spec_.types, spec_.direction));
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
    bare_ = spec_.to_bound || (id_only && (spec_.to_filter.labels.empty() || members_used_));
    NodeFields fields = FieldsToRead(spec_.to_detail, spec_.to_filter);
    std::vector<Uuid> edge_ids, node_ids;
    for (const auto& list : neighbors_) {
      for (const auto& n : list) {
        if (spec_.load_rel) edge_ids.push_back(n.edge);
        if (!bare_) node_ids.push_back(n.node);
      }
    }
    NAMIDB_ASSIGN_OR_RETURN(loaded_,
                            LoadElements(ctx, std::move(edge_ids), std::move(node_ids), fields));
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
    members_.Clear();
    members_hold_.Clear();
    members_built_ = false;
  }
  void EndChunk() override {
    index_.clear();
    neighbors_.clear();
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
    const std::vector<StepNeighbor>& list = neighbors_[index_[from.as_node().id]];
    if (next_ == 0) {
      matched_ = 0;
      row_bytes_ = RowCopyBytes(row);
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
        if (!members_used_ || IsMember(n.node)) ++matched_;
        continue;
      }
      Value to;
      if (bare_) {
        if (members_used_ && !IsMember(n.node)) continue;
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
      Value rel;
      if (spec_.load_rel) {
        auto edge = loaded_.edges.find(n.edge);
        if (edge == loaded_.edges.end()) continue;
        NAMIDB_ASSIGN_OR_RETURN(
            bool rel_ok, PropertiesMatch(spec_.rel_properties,
                                         edge->second.as_relationship().properties, row, ctx));
        if (!rel_ok) continue;
        rel = edge->second;
      } else {
        // Nothing reads the relationship's properties: its identity will do.
        const Uuid& source = from.as_node().id;
        rel = Value::Relationship(RelationshipValue{
            n.edge, n.type, n.outgoing ? source : n.node, n.outgoing ? n.node : source, {}});
      }
      if (!spec_.to_bound && !members_used_) {
        NAMIDB_ASSIGN_OR_RETURN(bool node_ok, NodeMatches(spec_.to_filter, to.as_node(), row, ctx));
        if (!node_ok) continue;
      }
      Row made = row;
      made[spec_.rel_slot] = std::move(rel);
      if (!spec_.to_bound) made[spec_.to_slot] = std::move(to);
      chunk.Add(std::move(made), row_bytes_);
    }
    next_ = 0;
    if (matched_ > 0) {
      Row made = row;
      made[spec_.count_slot] = Value::Int(matched_);
      chunk.Add(std::move(made), row_bytes_);
    }
    return true;
  }

 private:
  // Whether this chunk checks the labels of the nodes reached against the
  // label index instead of their records. Only for nodes nothing reads
  // beyond their identity, and only once the lookups so far plus this
  // chunk's come to a quarter of the label's nodes: reading the index's
  // ids is then the cheaper way (a sequential scan of 16-byte keys against
  // a record lookup each), and a query that reaches few nodes never pays.
  // When the planner knows how many sources the input brings, the lookups
  // to come are estimated from those per source so far.
  Result<bool> UseLabelMembers(ExecContext& ctx, bool id_only, size_t count, size_t sources) {
    if (!id_only || spec_.to_bound || spec_.to_filter.labels.empty()) return false;
    if (members_built_ && members_version_ == ctx.graph_version) return true;
    members_built_ = false;
    members_.Clear();
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
    for (const auto& label : spec_.to_filter.labels) {
      auto it = labels.find(label);
      if (it == labels.end() || expected * 4 < it->second) return false;
    }
    std::vector<Uuid> both;
    for (size_t i = 0; i < spec_.to_filter.labels.size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(std::vector<Uuid> ids,
                              ctx.graph->ScanLabelIds(spec_.to_filter.labels[i]));
      if (i > 0) {
        std::vector<Uuid> kept;
        std::set_intersection(both.begin(), both.end(), ids.begin(), ids.end(),
                              std::back_inserter(kept));
        ids = std::move(kept);
      }
      both = std::move(ids);
    }
    // The set's slots (twice the ids, at most) beside the ids read.
    NAMIDB_RETURN_IF_ERROR(
        members_hold_.Add(ctx.memory, both.size() * 2 * sizeof(Uuid), "a label's members"));
    members_.Reserve(both.size());
    for (const Uuid& id : both) members_.Insert(id);
    members_version_ = ctx.graph_version;
    members_built_ = true;
    return true;
  }
  bool IsMember(const Uuid& id) const { return members_.Contains(id); }

  // A hash map entry beside its key and value (node, bucket).
  static constexpr uint64_t kIndexEntry = 48;

  ExpandSpec spec_;
  // The input chunk's sources (id -> index into neighbors_), their
  // neighbours and the records read for them (StartChunk).
  std::unordered_map<Uuid, size_t, UuidHash> index_;
  std::vector<std::vector<StepNeighbor>> neighbors_;
  ElementValues loaded_;
  bool members_used_ = false;  // the label check reads members_
  bool bare_ = false;          // nodes reached are made from their ids
  MemoryHold hold_;            // for the above
  size_t next_ = 0;            // the next neighbour of the row being expanded
  int64_t matched_ = 0;        // counting: its rows so far
  uint64_t row_bytes_ = 0;
  uint64_t looked_up_ = 0;     // nodes reached so far, for UseLabelMembers
  uint64_t sources_seen_ = 0;  // distinct sources of the chunks so far
  UuidSet members_;            // ids carrying every label of to_filter
  MemoryHold members_hold_;
  bool members_built_ = false;
  uint64_t members_version_ = 0;
};

Result<int64_t> HopBound(const Expr* e, ExecContext& ctx) {
  Row empty(ctx.width);
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e, empty, ctx.eval));
  if (v.kind() != ValueKind::kInt || v.as_int() < 0) {
    return RuntimeError("SyntaxError", "InvalidArgumentType",
                        "a variable-length bound must be a non-negative integer");
  }
  return v.as_int();
}

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
    if (step.rel_bound) {
      NAMIDB_ASSIGN_OR_RETURN(done, BoundWalks(in, min, max));
    } else {
      for (size_t i = 0; i < in.size(); ++i) {
        const Value& v = in[i][step.from_slot];
        if (v.kind() == ValueKind::kNode) frontier.push_back({i, v.as_node().id, {}, {}});
      }
      if (min == 0) done = frontier;
    }
    for (int64_t depth = 1; !frontier.empty() && (max < 0 || depth <= max); ++depth) {
      std::vector<Uuid> sources;
      std::unordered_map<Uuid, size_t, UuidHash> index;
      for (const Walk& w : frontier) {
        if (index.emplace(w.node, sources.size()).second) sources.push_back(w.node);
      }
      NAMIDB_ASSIGN_OR_RETURN(auto neighbors,
                              StepNeighbors(ctx, sources, step.types, step.direction));
      std::vector<Walk> next;
      // A walk: its struct and two lists of `depth` ids, each a heap block.
      const uint64_t walk_bytes = sizeof(Walk) + 2 * (depth * sizeof(Uuid) + 16);
      for (const Walk& w : frontier) {
        for (const Neighbor& n : neighbors[index[w.node]]) {
          if (std::find(w.edges.begin(), w.edges.end(), n.edge) != w.edges.end()) continue;
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
      if (next.size() > 10'000'000) {
        return Status::ResourceExhausted(
            "a variable-length pattern found more than 10,000,000 paths");
      }
      if (depth >= min) done.insert(done.end(), next.begin(), next.end());
      frontier = std::move(next);
    }
    // Every record the walks touch, in two batched reads.
    std::vector<Uuid> edge_ids, node_ids;
    for (const Walk& w : done) {
      edge_ids.insert(edge_ids.end(), w.edges.begin(), w.edges.end());
      node_ids.insert(node_ids.end(), w.nodes.begin(), w.nodes.end());
    }
    NAMIDB_ASSIGN_OR_RETURN(ElementValues loaded,
                            LoadElements(ctx, std::move(edge_ids), std::move(node_ids)));
    const auto& edge_values = loaded.edges;
    const auto& node_values = loaded.nodes;
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
      row[step.rel_slot] = Value::List(std::move(rels));
      if (spec_.nodes_slot >= 0) row[spec_.nodes_slot] = Value::List(std::move(path_nodes));
      NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(row), "a variable-length pattern's rows"));
    }
    return Status::OK();
  }

 private:
  using Adjacency = std::unordered_map<Uuid, std::vector<StepNeighbor>, UuidHash>;

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
        bool reused = std::find(w.edges.begin(), w.edges.end(), r->id) != w.edges.end();
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
};

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

// Keeps the rows every predicate holds for, tested in order. Conditions
// placed at one point share one Filter: a WHERE of thousands of conjuncts
// is one operator, not a pipeline thousands deep.
class Filter final : public RowMapper {
 public:
  Filter(OperatorPtr input, const Expr* predicate)
      : RowMapper(std::move(input)), predicates_{predicate} {}
  void Add(const Expr* predicate) { predicates_.push_back(predicate); }
  std::string Describe() const override { return "Filter"; }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    for (const Expr* p : predicates_) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*p, in[i], ctx.eval));
      NAMIDB_ASSIGN_OR_RETURN(Ternary t, AsPredicate(v));
      if (t != Ternary(true)) return true;
    }
    chunk.Add(std::move(in[i]));
    return true;
  }

 private:
  std::vector<const Expr*> predicates_;
};

class Project final : public RowMapper {
 public:
  Project(OperatorPtr input, std::vector<ProjectItem> items)
      : RowMapper(std::move(input)), items_(std::move(items)) {}
  std::string Describe() const override { return "Project"; }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    // Evaluate every item first: an item may read a slot another one writes.
    std::vector<Value> values;
    uint64_t copied = 0;  // property reads copy strings and lists
    for (const auto& item : items_) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*item.expr, row, ctx.eval));
      copied += ValueCopyBytes(v);
      values.push_back(std::move(v));
    }
    for (size_t k = 0; k < items_.size(); ++k) row[items_[k].slot] = std::move(values[k]);
    chunk.Add(std::move(row), copied);
    return true;
  }

 private:
  std::vector<ProjectItem> items_;
};

class Unwind final : public RowMapper {
 public:
  Unwind(OperatorPtr input, const Expr* list, int slot)
      : RowMapper(std::move(input)), list_(list), slot_(slot) {}
  std::string Describe() const override { return "Unwind"; }

 protected:
  // A row's list is evaluated once, then handed out element by element
  // across as many chunks as it takes.
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    if (next_ == 0) {
      NAMIDB_ASSIGN_OR_RETURN(list_value_, Evaluate(*list_, row, ctx.eval));
      if (list_value_.is_null()) return true;
      if (list_value_.kind() != ValueKind::kList) {
        row[slot_] = std::move(list_value_);
        chunk.Add(std::move(row));
        return true;
      }
      row_bytes_ = RowCopyBytes(row);
    }
    const ValueList& items = list_value_.as_list();
    for (; next_ < items.size(); ++next_) {
      if (chunk.full()) return false;
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      Row made = row;
      made[slot_] = items[next_];
      chunk.Add(std::move(made), row_bytes_ + ValueCopyBytes(items[next_]));
    }
    next_ = 0;
    list_value_ = Value();
    return true;
  }
  void EndChunk() override {
    next_ = 0;
    list_value_ = Value();
  }

 private:
  const Expr* list_;
  int slot_;
  Value list_value_;  // of the row being unwound
  size_t next_ = 0;   // its next element
  uint64_t row_bytes_ = 0;
};

// The state of one aggregate in one group.
struct Accumulator {
  int64_t count = 0;
  bool integral = true;
  int64_t int_sum = 0;
  double float_sum = 0;
  bool overflowed = false;
  std::optional<Value> best;  // min / max
  ValueList values;           // collect, stDev, percentiles
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen;  // DISTINCT
};

// Adds `v` to `acc`; what it keeps (DISTINCT values, collected values) is
// reserved in `hold`.
Status Accumulate(const AggregateItem& a, Accumulator& acc, const Value& v, ExecContext& ctx,
                  MemoryHold* hold) {
  if (a.function == "count*") {
    ++acc.count;
    return Status::OK();
  }
  if (v.is_null()) return Status::OK();
  if (a.distinct) {
    if (!acc.seen.insert({v}).second) return Status::OK();
    NAMIDB_RETURN_IF_ERROR(
        hold->Add(ctx.memory, 64 + sizeof(Value) + ValueBytes(v), "DISTINCT in an aggregate"));
  }
  ++acc.count;
  const std::string& f = a.function;
  if (f == "sum" || f == "avg") {
    if (v.kind() == ValueKind::kInt) {
      int64_t r = 0;
      if (__builtin_add_overflow(acc.int_sum, v.as_int(), &r)) {
        acc.overflowed = true;
      } else {
        acc.int_sum = r;
      }
      acc.float_sum += static_cast<double>(v.as_int());
    } else if (v.kind() == ValueKind::kFloat) {
      acc.integral = false;
      acc.float_sum += v.as_float();
    } else {
      return RuntimeError("TypeError", "InvalidArgumentType",
                          f + "() needs numbers, got " + TypeName(v));
    }
  } else if (f == "min" || f == "max") {
    if (!acc.best) {
      acc.best = v;
    } else {
      int c = OrderValues(v, *acc.best);
      if ((f == "min" && c < 0) || (f == "max" && c > 0)) acc.best = v;
    }
  } else if (f != "count") {
    const ValueSize size = MeasureValue(v);
    // collect() makes a list of them: one level deeper.
    if (f == "collect")
      NAMIDB_RETURN_IF_ERROR(CheckValueDepth(size.depth + 1, *a.argument, "collect()"));
    NAMIDB_RETURN_IF_ERROR(hold->Add(ctx.memory, sizeof(Value) + size.bytes, f + "()"));
    acc.values.push_back(v);
  }
  return Status::OK();
}

Result<Value> Finish(const AggregateItem& a, Accumulator& acc, Row& row, ExecContext& ctx) {
  const std::string& f = a.function;
  if (f == "count" || f == "count*") return Value::Int(acc.count);
  if (f == "sum") {
    if (acc.integral) {
      if (acc.overflowed)
        return RuntimeError("ArithmeticError", "IntegerOverflow", "sum() overflows");
      return Value::Int(acc.int_sum);
    }
    return Value::Float(acc.float_sum);
  }
  if (f == "avg") {
    if (acc.count == 0) return Value();
    return Value::Float(acc.float_sum / static_cast<double>(acc.count));
  }
  if (f == "min" || f == "max") return acc.best ? *acc.best : Value();
  if (f == "collect") return Value::List(std::move(acc.values));
  // stDev, stDevP, percentileCont, percentileDisc: over numbers.
  std::vector<double> xs;
  for (const auto& v : acc.values) {
    if (v.kind() == ValueKind::kInt) {
      xs.push_back(static_cast<double>(v.as_int()));
    } else if (v.kind() == ValueKind::kFloat) {
      xs.push_back(v.as_float());
    } else {
      return RuntimeError("TypeError", "InvalidArgumentType", f + "() needs numbers");
    }
  }
  if (f == "stdev" || f == "stdevp") {
    size_t n = xs.size();
    if (n < (f == "stdev" ? 2u : 1u)) return Value::Float(0);
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= static_cast<double>(n);
    double ss = 0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    return Value::Float(std::sqrt(ss / static_cast<double>(f == "stdev" ? n - 1 : n)));
  }
  // Percentiles.
  NAMIDB_ASSIGN_OR_RETURN(Value p, Evaluate(*a.parameter, row, ctx.eval));
  if (p.kind() != ValueKind::kInt && p.kind() != ValueKind::kFloat) {
    return RuntimeError("TypeError", "InvalidArgumentType", f + "() needs a numeric percentile");
  }
  double q = p.kind() == ValueKind::kInt ? static_cast<double>(p.as_int()) : p.as_float();
  if (q < 0 || q > 1) {
    return RuntimeError("ArgumentError", "NumberOutOfRange", f + "() needs a percentile in [0, 1]");
  }
  if (xs.empty()) return Value();
  std::vector<size_t> order(acc.values.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return xs[x] < xs[y]; });
  if (f == "percentiledisc") {
    size_t idx =
        q == 0 ? 0 : static_cast<size_t>(std::ceil(q * static_cast<double>(xs.size()))) - 1;
    return acc.values[order[std::min(idx, xs.size() - 1)]];
  }
  double pos = q * static_cast<double>(xs.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos)), hi = static_cast<size_t>(std::ceil(pos));
  double frac = pos - static_cast<double>(lo);
  return Value::Float(xs[order[lo]] + (xs[order[hi]] - xs[order[lo]]) * frac);
}

class Aggregate final : public Materialized {
 public:
  Aggregate(OperatorPtr input, std::vector<ProjectItem> keys, std::vector<AggregateItem> aggregates)
      : keys_(std::move(keys)), aggregates_(std::move(aggregates)) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override { return "Aggregate"; }
  void Reset() override {
    Materialized::Reset();
    values_hold_.Clear();
  }

 protected:
  // Streams its input: a group holds its key and its accumulators, never
  // the rows (count, sum, avg, min and max keep a number or a value each;
  // collect() and the statistical ones their values).
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    struct Group {
      Row first;  // a representative input row, kept for percentile parameters
      std::vector<Accumulator> accs;
    };
    bool keeps_row = false;
    for (const auto& a : aggregates_) keeps_row = keeps_row || a.parameter;
    std::unordered_map<std::vector<Value>, size_t, ValuesHash, ValuesEquivalent> index;
    std::vector<std::pair<std::vector<Value>, Group>> groups;
    std::vector<Row> chunk;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &chunk));
      if (!more) break;
      for (Row& row : chunk) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
        std::vector<Value> key;
        for (const auto& k : keys_) {
          NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, row, ctx.eval));
          key.push_back(std::move(v));
        }
        auto [it, fresh] = index.emplace(key, groups.size());
        if (fresh) {
          // The key twice (index and group), the entry, the accumulators.
          uint64_t bytes = 2 * RowBytes(key) + kGroupBytes +
                           aggregates_.size() * sizeof(Accumulator) +
                           (keeps_row ? RowBytes(row) : 0);
          NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "grouping"));
          groups.push_back({std::move(key), Group{keeps_row ? row : Row(),
                                                  std::vector<Accumulator>(aggregates_.size())}});
        }
        Group& g = groups[it->second].second;
        for (size_t i = 0; i < aggregates_.size(); ++i) {
          Value v;
          if (aggregates_[i].argument) {
            NAMIDB_ASSIGN_OR_RETURN(v, Evaluate(*aggregates_[i].argument, row, ctx.eval));
          }
          NAMIDB_RETURN_IF_ERROR(Accumulate(aggregates_[i], g.accs[i], v, ctx, &values_hold_));
        }
      }
    }
    if (groups.empty() && keys_.empty()) {
      groups.push_back({{}, Group{Row(ctx.width), std::vector<Accumulator>(aggregates_.size())}});
    }
    index.clear();
    std::vector<Row> out;
    for (auto& [key, g] : groups) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      Row row(ctx.width);
      for (size_t i = 0; i < keys_.size(); ++i) row[keys_[i].slot] = key[i];
      if (g.first.size() < ctx.width) g.first.resize(ctx.width);
      for (size_t i = 0; i < aggregates_.size(); ++i) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, Finish(aggregates_[i], g.accs[i], g.first, ctx));
        row[aggregates_[i].slot] = std::move(v);
      }
      NAMIDB_RETURN_IF_ERROR(
          hold_.Add(ctx.memory, sizeof(Row) + ctx.width * sizeof(Value) + 16, "grouping"));
      out.push_back(std::move(row));
    }
    return out;
  }

 private:
  static constexpr uint64_t kGroupBytes = 64;  // a hash map node and a groups slot
  // What the accumulators keep (collected values, DISTINCT sets), apart
  // from the groups in Materialized::hold_ so that the message names it.
  MemoryHold values_hold_;

  std::vector<ProjectItem> keys_;
  std::vector<AggregateItem> aggregates_;
};

class Distinct final : public RowMapper {
 public:
  Distinct(OperatorPtr input, std::vector<int> slots)
      : RowMapper(std::move(input)), slots_(std::move(slots)) {}
  std::string Describe() const override { return "Distinct"; }
  void Reset() override {
    RowMapper::Reset();
    seen_.clear();
    hold_.Clear();
  }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    std::vector<Value> key;
    for (int s : slots_) key.push_back(row[s]);
    uint64_t bytes = kEntryBytes + RowBytes(key);
    if (seen_.insert(std::move(key)).second) {
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "DISTINCT"));
      chunk.Add(std::move(row));
    }
    return true;
  }

 private:
  static constexpr uint64_t kEntryBytes = 32;  // a hash set node beside its key

  std::vector<int> slots_;
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen_;
  MemoryHold hold_;
};

class Retain final : public RowMapper {
 public:
  Retain(OperatorPtr input, std::vector<int> keep)
      : RowMapper(std::move(input)), keep_(std::move(keep)) {}
  std::string Describe() const override { return "Retain"; }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row kept(ctx.width);
    for (int s : keep_) kept[s] = std::move(in[i][s]);
    chunk.Add(std::move(kept));
    return true;
  }

 private:
  std::vector<int> keep_;
};

Result<int64_t> CountOf(const Expr* e, ExecContext& ctx, const char* what) {
  Row empty(ctx.width);
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e, empty, ctx.eval));
  if (v.kind() != ValueKind::kInt) {
    return RuntimeError("SyntaxError", "InvalidArgumentType",
                        std::string(what) + " needs an integer");
  }
  if (v.as_int() < 0) {
    return RuntimeError("SyntaxError", "NegativeIntegerArgument",
                        std::string(what) + " must not be negative");
  }
  return v.as_int();
}

class Sort final : public Materialized {
 public:
  Sort(OperatorPtr input, std::vector<SortKey> keys, const Expr* skip, const Expr* limit)
      : keys_(std::move(keys)), skip_(skip), limit_(limit) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override { return limit_ ? "Sort (top SKIP + LIMIT)" : "Sort"; }

 protected:
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows, Drain(*children_[0], ctx, &hold_, "sorting"));
    std::vector<std::pair<std::vector<Value>, size_t>> keyed;
    for (size_t i = 0; i < rows.size(); ++i) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      std::vector<Value> key;
      for (const auto& k : keys_) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, rows[i], ctx.eval));
        key.push_back(std::move(v));
      }
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, sizeof(keyed[0]) + RowBytes(key), "sorting"));
      keyed.emplace_back(std::move(key), i);
    }
    // The input position breaks ties, so a partial sort is as stable as a
    // whole one.
    auto before = [&](const auto& a, const auto& b) {
      for (size_t k = 0; k < keys_.size(); ++k) {
        int c = OrderValues(a.first[k], b.first[k]);
        if (c != 0) return keys_[k].descending ? c > 0 : c < 0;
      }
      return a.second < b.second;
    };
    size_t keep = Kept(ctx, keyed.size());
    if (keep < keyed.size()) {
      std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(keep),
                        keyed.end(), before);
      keyed.resize(keep);
    } else {
      NAMIDB_RETURN_IF_ERROR(SortInRuns(ctx, keyed, before));
    }
    std::vector<Row> out;
    out.reserve(keyed.size());
    for (auto& [key, i] : keyed) out.push_back(std::move(rows[i]));
    return out;
  }

 private:
  // std::sort cannot be stopped midway: sorts runs of kSortRun rows, then
  // merges them pairwise, checking the deadline (and yielding) between
  // steps, so a long sort still ends at its time limit.
  template <typename Keyed, typename Before>
  static Status SortInRuns(ExecContext& ctx, Keyed& keyed, Before before) {
    constexpr size_t kSortRun = 16384;
    const size_t n = keyed.size();
    for (size_t at = 0; at < n; at += kSortRun) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Check());
      std::sort(keyed.begin() + static_cast<std::ptrdiff_t>(at),
                keyed.begin() + static_cast<std::ptrdiff_t>(std::min(n, at + kSortRun)), before);
    }
    for (size_t width = kSortRun; width < n; width *= 2) {
      for (size_t at = 0; at + width < n; at += 2 * width) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Check());
        auto first = keyed.begin() + static_cast<std::ptrdiff_t>(at);
        std::inplace_merge(first, first + static_cast<std::ptrdiff_t>(width),
                           keyed.begin() + static_cast<std::ptrdiff_t>(std::min(n, at + 2 * width)),
                           before);
      }
    }
    return Status::OK();
  }

  // How many of `count` rows SKIP and LIMIT can pass on: all of them when
  // there is no LIMIT or its bounds do not evaluate (SKIP / LIMIT above
  // report that).
  size_t Kept(ExecContext& ctx, size_t count) const {
    if (!limit_ || count == 0) return count;
    Result<int64_t> limit = CountOf(limit_, ctx, "LIMIT");
    Result<int64_t> skip = skip_ ? CountOf(skip_, ctx, "SKIP") : Result<int64_t>(int64_t{0});
    if (!limit.ok() || !skip.ok()) return count;
    uint64_t keep = static_cast<uint64_t>(*limit) + static_cast<uint64_t>(*skip);
    return keep < count ? static_cast<size_t>(keep) : count;
  }

  std::vector<SortKey> keys_;
  const Expr* skip_;
  const Expr* limit_;
};

class SkipLimit final : public Operator {
 public:
  SkipLimit(OperatorPtr input, const Expr* count, bool is_limit, bool drain = false)
      : count_(count), limit_(is_limit), drain_(drain) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override { return limit_ ? "Limit" : "Skip"; }
  void Reset() override {
    Operator::Reset();
    n_.reset();
    seen_ = 0;
  }
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    if (!n_) {
      NAMIDB_ASSIGN_OR_RETURN(int64_t n, CountOf(count_, ctx, limit_ ? "LIMIT" : "SKIP"));
      n_ = n;
    }
    while (true) {
      if (limit_ && seen_ >= *n_) {
        if (drain_) {
          std::vector<Row> discard;
          while (true) {
            NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &discard));
            if (!more) break;
          }
        }
        return false;
      }
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, out));
      if (!more) return false;
      std::vector<Row> kept;
      for (Row& row : *out) {
        int64_t i = seen_++;
        if (limit_ ? i < *n_ : i >= *n_) kept.push_back(std::move(row));
      }
      if (!kept.empty()) {
        *out = std::move(kept);
        return true;
      }
    }
  }

 private:
  const Expr* count_;
  bool limit_;
  bool drain_;
  std::optional<int64_t> n_;
  int64_t seen_ = 0;
};

class Optional final : public ChunkMapper {
 public:
  Optional(OperatorPtr input, OperatorPtr inner, ArgumentOperator* argument, int tag_slot)
      : ChunkMapper(std::move(input)), argument_(argument), tag_slot_(tag_slot) {
    children_.push_back(std::move(inner));
  }
  std::string Describe() const override { return "Optional"; }

 protected:
  // The inner pipeline runs once for the whole input chunk; its rows are
  // told apart by the tag.
  Status MapChunk(ExecContext& ctx, std::vector<Row>& in, std::vector<Row>* out) override {
    for (size_t i = 0; i < in.size(); ++i) in[i][tag_slot_] = Value::Int(static_cast<int64_t>(i));
    std::vector<bool> matched(in.size());
    children_[1]->Reset();
    argument_->Feed(in);
    std::vector<Row> chunk;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[1]->Next(ctx, &chunk));
      if (!more) break;
      for (Row& row : chunk) {
        matched[static_cast<size_t>(row[tag_slot_].as_int())] = true;
        NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(row), "OPTIONAL MATCH"));
      }
    }
    for (size_t i = 0; i < in.size(); ++i) {
      if (!matched[i]) NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(in[i]), "OPTIONAL MATCH"));
    }
    argument_->Feed({});
    return Status::OK();
  }

 private:
  ArgumentOperator* argument_;
  int tag_slot_;
};

}  // namespace

OperatorPtr MakeOnce() { return std::make_unique<Once>(); }
OperatorPtr MakeArgument(ArgumentOperator** handle) {
  auto op = std::make_unique<ArgumentOperator>();
  *handle = op.get();
  return op;
}
OperatorPtr MakeHashJoin(OperatorPtr input, OperatorPtr build, HashJoinSpec spec) {
  return std::make_unique<HashJoin>(std::move(input), std::move(build), std::move(spec));
}

OperatorPtr MakeCallSubquery(OperatorPtr input, CallSubquerySpec spec) {
  return std::make_unique<CallSubquery>(std::move(input), std::move(spec));
}

OperatorPtr MakeNodeIndexSeek(OperatorPtr input, int slot, NodeFilter filter, IndexSeek seek) {
  return std::make_unique<NodeIndexSeek>(std::move(input), slot, std::move(filter),
                                         std::move(seek));
}

OperatorPtr MakeNodeIdSeek(OperatorPtr input, int slot, NodeFilter filter, const Expr* id) {
  return std::make_unique<NodeIdSeek>(std::move(input), slot, std::move(filter), id);
}

OperatorPtr MakeNodeScan(OperatorPtr input, int slot, NodeFilter filter, NodeDetail detail) {
  return std::make_unique<NodeScan>(std::move(input), slot, std::move(filter), detail);
}
OperatorPtr MakeNodeCheck(OperatorPtr input, int slot, NodeFilter filter) {
  return std::make_unique<NodeCheck>(std::move(input), slot, std::move(filter));
}
OperatorPtr MakeExpand(OperatorPtr input, ExpandSpec spec) {
  return std::make_unique<Expand>(std::move(input), std::move(spec));
}
void CountExpansions(Operator& expand, int count_slot) {
  dynamic_cast<Expand&>(expand).CountInto(count_slot);
}

OperatorPtr MakeVarLengthExpand(OperatorPtr input, VarLengthSpec spec) {
  return std::make_unique<VarLengthExpand>(std::move(input), std::move(spec));
}
OperatorPtr MakeShortestPath(OperatorPtr input, ShortestPathSpec spec) {
  return std::make_unique<ShortestPath>(std::move(input), std::move(spec));
}
OperatorPtr MakeFilter(OperatorPtr input, const Expr* predicate) {
  if (auto* filter = dynamic_cast<Filter*>(input.get())) {
    filter->Add(predicate);
    return input;
  }
  return std::make_unique<Filter>(std::move(input), predicate);
}
OperatorPtr MakeProject(OperatorPtr input, std::vector<ProjectItem> items) {
  return std::make_unique<Project>(std::move(input), std::move(items));
}
OperatorPtr MakeAggregate(OperatorPtr input, std::vector<ProjectItem> keys,
                          std::vector<AggregateItem> aggregates) {
  return std::make_unique<Aggregate>(std::move(input), std::move(keys), std::move(aggregates));
}
OperatorPtr MakeDistinct(OperatorPtr input, std::vector<int> slots) {
  return std::make_unique<Distinct>(std::move(input), std::move(slots));
}
OperatorPtr MakeRetain(OperatorPtr input, std::vector<int> keep) {
  return std::make_unique<Retain>(std::move(input), std::move(keep));
}
OperatorPtr MakeSort(OperatorPtr input, std::vector<SortKey> keys, const Expr* skip,
                     const Expr* limit) {
  return std::make_unique<Sort>(std::move(input), std::move(keys), skip, limit);
}
OperatorPtr MakeSkip(OperatorPtr input, const Expr* count) {
  return std::make_unique<SkipLimit>(std::move(input), count, false);
}
OperatorPtr MakeLimit(OperatorPtr input, const Expr* count, bool drain) {
  return std::make_unique<SkipLimit>(std::move(input), count, true, drain);
}
OperatorPtr MakeUnwind(OperatorPtr input, const Expr* list, int slot) {
  return std::make_unique<Unwind>(std::move(input), list, slot);
}
OperatorPtr MakeOptional(OperatorPtr input, OperatorPtr inner, ArgumentOperator* argument,
                         int tag_slot) {
  return std::make_unique<Optional>(std::move(input), std::move(inner), argument, tag_slot);
}

}  // namespace namidb::query
