#include "storage/writer_session.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "core/hash.h"
#include "core/property_type.h"
#include "storage/adjacency_codec.h"
#include "storage/column_builder.h"
#include "storage/compaction.h"
#include "storage/id_coding.h"
#include "storage/label_index_codec.h"
#include "storage/memtable_adjacency.h"
#include "storage/node_cursor.h"
#include "storage/property_index.h"
#include "storage/property_index_builder.h"
#include "storage/property_index_codec.h"
#include "storage/record_codec.h"
#include "storage/run_writer.h"
#include "storage/snapshot.h"

namespace namidb {
namespace {

Status CheckKeys(const ValueMap& properties) {
  for (const auto& [key, value] : properties) {
    if (key.empty()) return Status::InvalidArgument("property keys must not be empty");
  }
  return Status::OK();
}

// At most this many WAL ranges wait in the retired list: past it, the two
// oldest merge into the newer one, which only delays the older's deletion.
constexpr size_t kMaxRetiredWalRanges = 8;

// Retires every WAL segment whose first LSN is at most `lsn` (what a flush
// replaced) as one entry.
void RetireWalThrough(Manifest* m, uint64_t lsn, int64_t now) {
  m->retired.push_back(RetiredRef{"", lsn, now});
  auto is_range = [](const RetiredRef& r) { return r.key.empty(); };
  while (static_cast<size_t>(std::count_if(m->retired.begin(), m->retired.end(), is_range)) >
         kMaxRetiredWalRanges) {
    m->retired.erase(std::find_if(m->retired.begin(), m->retired.end(), is_range));
  }
}

Status CheckManifestSize(const Manifest& m, const std::string& text) {
  if (text.size() <= kMaxManifestBytes) return Status::OK();
  size_t names = m.stats.labels.size() + m.stats.types.size() + m.stats.property_keys.size();
  return Status::ResourceExhausted(
      "the manifest would take " + std::to_string(text.size()) + " bytes, more than the " +
      std::to_string(kMaxManifestBytes >> 20) + " MiB it may hold; it lists " +
      std::to_string(m.wal.size()) + " WAL segments, " + std::to_string(m.tables.size()) +
      " data files, " + std::to_string(m.retired.size()) + " retired entries and " +
      std::to_string(names) +
      " distinct labels, types and property keys (flush() and gc() shrink the first three); "
      "nothing was changed");
}

// The runs of `m`'s tables, newest first: the tables [begin, end) sharing
// max_lsn (as GraphReader groups them), and their bytes.
struct RunSpan {
  size_t begin = 0;
  size_t end = 0;
  uint64_t bytes = 0;
};
std::vector<RunSpan> RunSpans(const Manifest& m) {
  std::vector<RunSpan> runs;
  for (size_t i = 0; i < m.tables.size(); ++i) {
    if (runs.empty() || m.tables[i].max_lsn != m.tables[runs.back().begin].max_lsn) {
      runs.push_back({i, i, 0});
    }
    runs.back().end = i + 1;
    runs.back().bytes += m.tables[i].size;
  }
  return runs;
}

size_t Level0Runs(const Manifest& m) {
  std::set<uint64_t> runs;
  for (const auto& t : m.tables) {
    if (t.level == 0) runs.insert(t.max_lsn);
  }
  return runs.size();
}

}  // namespace

Result<std::unique_ptr<WriterSession>> WriterSession::Open(std::shared_ptr<ObjectStore> store,
                                                           std::string_view ns,
                                                           const WriterOptions& options) {
  NAMIDB_ASSIGN_OR_RETURN(NamespaceLayout layout, NamespaceLayout::Make(options.prefix, ns));
  if (options.table_target_bytes < 1 || options.table_target_bytes > kMaxTableTargetBytes) {
    return Status::InvalidArgument("table_target_bytes must be 1.." +
                                   std::to_string(kMaxTableTargetBytes));
  }
  std::shared_ptr<BlockCache> cache =
      options.cache ? options.cache : std::make_shared<BlockCache>();
  auto current = Snapshot::ReadManifestToOpen(*store, layout);
  Manifest base;
  std::optional<VersionToken> token;
  if (current.ok()) {
    base = current->first;
    token = current->second;
  } else if (current.status().Is(StatusCode::kNotFound)) {
    base.ns = layout.ns();
  } else {
    return current.status();
  }
  // The epoch this session's objects are named with; the first publish
  // makes it the namespace's.
  base.writer_epoch += 1;
  NAMIDB_ASSIGN_OR_RETURN(
      auto view, GraphReader::FromManifest(store, layout, base, cache, /*replay_wal=*/true));
  WriterOptions kept = options;
  kept.cache = cache;
  return std::unique_ptr<WriterSession>(new WriterSession(std::move(store), std::move(layout),
                                                          std::move(base), std::move(token),
                                                          std::move(view), std::move(kept)));
}

Status WriterSession::CheckUsable() const {
  if (!poisoned_.ok()) return poisoned_;
  return Status::OK();
}

Status WriterSession::CheckNothingStaged() const {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  if (!batch_.empty()) {
    return Status::InvalidArgument("commit or discard the staged batch first");
  }
  return Status::OK();
}

int64_t WriterSession::NowMs() const {
  if (options_.now_ms) return options_.now_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status WriterSession::Stage(Mutation m, const NodeRecord* old_node, const EdgeRecord* old_edge) {
  // Staged mutations get provisional LSNs past everything committed, in
  // order; the commit keeps them. Encoding first checks the mutation is
  // storable before anything changes.
  if (batch_.empty()) stats_before_batch_ = stats();
  m.lsn = manifest_.last_lsn + batch_.count() + 1;
  NAMIDB_RETURN_IF_ERROR(batch_.Append(m));
  GraphState& mem = memtable();
  GraphStats& stats = view_->mutable_stats();
  // The memtable's record before (what an undo puts back) and after come
  // from the one probe that applies the mutation.
  Undo undo{m.kind == MutationKind::kUpsertNode || m.kind == MutationKind::kTombstoneNode, m.id,
            std::nullopt, std::nullopt};
  const Uuid id = m.id;
  if (undo.node) {
    if (old_node) CountNode(&stats, *old_node, -1);
    const NodeRecord& now = mem.ApplyToNode(std::move(m), &undo.node_record);
    CountNode(&stats, now, +1);
    view_->UpdatePropertyIndexes(id, old_node, &now);
    if (now.deleted) {
      live_nodes_.Erase(id);
    } else {
      live_nodes_.Insert(id);
    }
  } else {
    if (old_edge) CountEdge(&stats, *old_edge, -1);
    CountEdge(&stats, mem.ApplyToEdge(std::move(m), &undo.edge_record), +1);
  }
  undo_.push_back(std::move(undo));
  return Status::OK();
}

namespace {

Status CheckNode(const NodeUpsert& node) {
  for (const auto& label : node.labels) {
    if (label.empty()) return Status::InvalidArgument("labels must not be empty strings");
  }
  return CheckKeys(node.properties);
}

Status CheckEdge(const EdgeUpsert& edge) {
  if (edge.type.empty()) return Status::InvalidArgument("an edge type must not be empty");
  return CheckKeys(edge.properties);
}

Uuid EdgeIdOf(const EdgeUpsert& edge) {
  if (edge.id) return *edge.id;
  std::string name;
  name.reserve(edge.type.size() + 33);  // one allocation, not one per append
  name = edge.type;
  name.push_back('\0');
  PutUuid(&name, edge.src);
  PutUuid(&name, edge.dst);
  return NameBasedUuid(name);
}

Status AtElement(size_t i, const Status& s) {
  return Status(s.code(), "element " + std::to_string(i) + ": " + s.message());
}

// `ids` sorted and without repeats, in chunks of `chunk` ids: `read` answers
// a chunk (in its order), the answers concatenated.
template <typename T, typename Read>
Result<std::vector<T>> ReadSortedInChunks(const std::vector<Uuid>& ids, size_t chunk, Read read) {
  std::vector<T> out;
  out.reserve(ids.size());
  for (size_t begin = 0; begin < ids.size(); begin += chunk) {
    std::span<const Uuid> part(ids.data() + begin, std::min(chunk, ids.size() - begin));
    NAMIDB_ASSIGN_OR_RETURN(auto answers, read(part));
    for (auto&& a : answers) out.push_back(std::move(a));
  }
  return out;
}

std::vector<Uuid> SortedUnique(std::vector<Uuid> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

size_t PositionOf(const std::vector<Uuid>& sorted, const Uuid& id) {
  return static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), id) - sorted.begin());
}

// The ids of a bulk call sorted without repeats, and where each input id
// went. Sorted by their two words held inline (a Uuid compares by
// byte-swapping, which wasm has no instruction for), and each position
// found once here rather than by a binary search per element.
struct SortedIds {
  std::vector<Uuid> ids;
  std::vector<size_t> position;  // by input index: its index in `ids`
};

SortedIds SortIds(const std::vector<Uuid>& input) {
  struct Keyed {
    uint64_t high, low;
    size_t at;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    keyed.push_back({input[i].Word(0), input[i].Word(8), i});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return a.high != b.high ? a.high < b.high : a.low < b.low;
  });
  SortedIds out;
  out.position.resize(input.size());
  for (size_t k = 0; k < keyed.size(); ++k) {
    const bool repeat =
        k > 0 && keyed[k].high == keyed[k - 1].high && keyed[k].low == keyed[k - 1].low;
    if (!repeat) out.ids.push_back(input[keyed[k].at]);
    out.position[keyed[k].at] = out.ids.size() - 1;
  }
  return out;
}

}  // namespace

Status WriterSession::StageNode(NodeUpsert node, const std::optional<NodeRecord>& old) {
  Mutation m;
  m.kind = MutationKind::kUpsertNode;
  m.id = node.id;
  m.labels = std::move(node.labels);
  m.properties = std::move(node.properties);
  return Stage(std::move(m), old ? &*old : nullptr, nullptr);
}

Result<Uuid> WriterSession::StageEdge(EdgeUpsert edge, const std::optional<EdgeRecord>& old) {
  Uuid edge_id = EdgeIdOf(edge);
  if (old && (old->type != edge.type || old->src != edge.src || old->dst != edge.dst)) {
    return Status::InvalidArgument("edge " + edge_id.ToString() +
                                   " exists with another type or endpoints");
  }
  Mutation m;
  m.kind = MutationKind::kUpsertEdge;
  m.id = edge_id;
  m.type = std::move(edge.type);
  m.src = edge.src;
  m.dst = edge.dst;
  m.properties = std::move(edge.properties);
  NAMIDB_RETURN_IF_ERROR(Stage(std::move(m), nullptr, old ? &*old : nullptr));
  return edge_id;
}

Status WriterSession::UpsertNode(std::vector<std::string> labels, const Uuid& id,
                                 ValueMap properties) {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  NodeUpsert node{std::move(labels), id, std::move(properties)};
  NAMIDB_RETURN_IF_ERROR(CheckNode(node));
  NAMIDB_ASSIGN_OR_RETURN(std::optional<NodeRecord> old, view_->LookupNode(id));
  return StageNode(std::move(node), old);
}

Result<Uuid> WriterSession::UpsertEdge(std::string type, const Uuid& src, const Uuid& dst,
                                       ValueMap properties, std::optional<Uuid> id) {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  EdgeUpsert edge{std::move(type), src, dst, std::move(properties), id};
  NAMIDB_RETURN_IF_ERROR(CheckEdge(edge));
  const std::vector<Uuid> endpoints = SortedUnique({src, dst});
  NAMIDB_ASSIGN_OR_RETURN(std::vector<bool> live, LiveEndpoints(endpoints));
  if (!live[PositionOf(endpoints, src)]) {
    return Status::NotFound("no node " + src.ToString() + " to start an edge");
  }
  if (!live[PositionOf(endpoints, dst)]) {
    return Status::NotFound("no node " + dst.ToString() + " to end an edge");
  }
  edge.id = EdgeIdOf(edge);  // named once: staging names it again otherwise
  NAMIDB_ASSIGN_OR_RETURN(std::optional<EdgeRecord> old, view_->LookupEdge(*edge.id));
  return StageEdge(std::move(edge), old);
}

Result<std::vector<bool>> WriterSession::LiveEndpoints(const std::vector<Uuid>& ids) {
  std::vector<bool> live(ids.size());
  std::vector<Uuid> unknown;
  for (size_t i = 0; i < ids.size(); ++i) {
    live[i] = live_nodes_.Contains(ids[i]);
    if (!live[i]) unknown.push_back(ids[i]);
  }
  if (unknown.empty()) return live;
  // Every node the reads' blocks show live joins the set too, not only the
  // endpoints asked for: the next calls' endpoints are mostly there.
  const GraphReader::LiveVisitor learn = [this](const Uuid& id) { return live_nodes_.Insert(id); };
  NAMIDB_ASSIGN_OR_RETURN(
      auto read,
      ReadSortedInChunks<bool>(unknown, kStagingLookupChunk, [&](std::span<const Uuid> part) {
        return view_->ContainsNodes(part, learn);
      }));
  for (size_t j = 0; j < unknown.size(); ++j) {
    if (!read[j]) continue;
    live[PositionOf(ids, unknown[j])] = true;
    live_nodes_.Insert(unknown[j]);
  }
  return live;
}

Status WriterSession::UpsertNodes(std::span<NodeUpsert> nodes) {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  std::vector<Uuid> input;
  input.reserve(nodes.size());
  for (const auto& n : nodes) input.push_back(n.id);
  const SortedIds ids = SortIds(input);
  NAMIDB_ASSIGN_OR_RETURN(
      auto old, ReadSortedInChunks<std::optional<NodeRecord>>(
                    ids.ids, kStagingLookupChunk,
                    [this](std::span<const Uuid> part) { return view_->LookupNodes(part); }));
  // By position in `ids`: whether this call staged the node already. The
  // first time, `old` is its current version; after, the memtable's is.
  std::vector<bool> staged_here(ids.ids.size());
  return StageAll([&]() -> Status {
    for (size_t i = 0; i < nodes.size(); ++i) {
      Status checked = CheckNode(nodes[i]);
      if (!checked.ok()) return AtElement(i, checked);
      const size_t at = ids.position[i];
      std::optional<NodeRecord> staged;
      if (staged_here[at]) {
        NAMIDB_ASSIGN_OR_RETURN(staged, view_->LookupNode(nodes[i].id));  // the memtable's
      }
      const auto& before = staged_here[at] ? staged : old[at];
      staged_here[at] = true;
      Status s = StageNode(std::move(nodes[i]), before);
      if (!s.ok()) return AtElement(i, s);
    }
    return Status::OK();
  });
}

Status WriterSession::UpsertEdges(std::span<EdgeUpsert> edges) {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  std::vector<Uuid> ends, edge_ids;  // ends: the source of edge i at 2i, its target at 2i + 1
  ends.reserve(2 * edges.size());
  edge_ids.reserve(edges.size());
  for (const auto& e : edges) {
    ends.push_back(e.src);
    ends.push_back(e.dst);
    edge_ids.push_back(EdgeIdOf(e));
  }
  const SortedIds endpoints = SortIds(ends);
  const SortedIds sorted_edge_ids = SortIds(edge_ids);
  // Edges change no node's liveness, so one read answers every endpoint.
  NAMIDB_ASSIGN_OR_RETURN(auto live, LiveEndpoints(endpoints.ids));
  NAMIDB_ASSIGN_OR_RETURN(
      auto old, ReadSortedInChunks<std::optional<EdgeRecord>>(
                    sorted_edge_ids.ids, kStagingLookupChunk,
                    [this](std::span<const Uuid> part) { return view_->LookupEdges(part); }));
  // By position in `sorted_edge_ids`, as in UpsertNodes.
  std::vector<bool> staged_here(sorted_edge_ids.ids.size());
  return StageAll([&]() -> Status {
    for (size_t i = 0; i < edges.size(); ++i) {
      EdgeUpsert& e = edges[i];
      Status checked = CheckEdge(e);
      if (!checked.ok()) return AtElement(i, checked);
      if (!live[endpoints.position[2 * i]]) {
        return AtElement(i, Status::NotFound("no node " + e.src.ToString() + " to start an edge"));
      }
      if (!live[endpoints.position[2 * i + 1]]) {
        return AtElement(i, Status::NotFound("no node " + e.dst.ToString() + " to end an edge"));
      }
      const size_t at = sorted_edge_ids.position[i];
      std::optional<EdgeRecord> staged;
      if (staged_here[at]) {
        NAMIDB_ASSIGN_OR_RETURN(staged, view_->LookupEdge(edge_ids[i]));  // the memtable's
      }
      const auto& before = staged_here[at] ? staged : old[at];
      staged_here[at] = true;
      e.id = edge_ids[i];  // named once: staging names it again otherwise
      Status s = StageEdge(std::move(e), before).status();
      if (!s.ok()) return AtElement(i, s);
    }
    return Status::OK();
  });
}

Status WriterSession::StageEdgeTombstone(const Uuid& id, const EdgeRecord& old) {
  Mutation m;
  m.kind = MutationKind::kTombstoneEdge;
  m.id = id;
  m.type = old.type;
  m.src = old.src;
  m.dst = old.dst;
  return Stage(std::move(m), nullptr, &old);
}

Status WriterSession::TombstoneNode(const Uuid& id) {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  NAMIDB_ASSIGN_OR_RETURN(std::optional<NodeRecord> old, view_->LookupNode(id));
  if (!old) return Status::NotFound("no node " + id.ToString());
  // Every edge that touches the node goes first (a self-loop shows up in
  // both directions), all looked up in one batched read.
  std::vector<Uuid> edges;
  for (Direction d : {Direction::kOut, Direction::kIn}) {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Neighbor> touching, view_->Expand(id, d));
    for (const auto& n : touching) edges.push_back(n.edge);
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  NAMIDB_ASSIGN_OR_RETURN(auto records, view_->LookupEdges(edges));
  for (size_t i = 0; i < edges.size(); ++i) {
    if (!records[i])
      return Status::Corruption("edge " + edges[i].ToString() + " is adjacent but missing");
    NAMIDB_RETURN_IF_ERROR(StageEdgeTombstone(edges[i], *records[i]));
  }
  Mutation m;
  m.kind = MutationKind::kTombstoneNode;
  m.id = id;
  return Stage(std::move(m), &*old, nullptr);
}

Status WriterSession::TombstoneEdge(const Uuid& id) {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  NAMIDB_ASSIGN_OR_RETURN(std::optional<EdgeRecord> old, view_->LookupEdge(id));
  if (!old) return Status::NotFound("no edge " + id.ToString());
  return StageEdgeTombstone(id, *old);
}

void WriterSession::UndoTo(size_t mark) {
  GraphState& mem = memtable();
  for (size_t i = undo_.size(); i > mark; --i) {
    Undo& u = undo_[i - 1];
    if (u.node) {
      // Its version before may be none or a tombstone: forgotten, it is
      // read again when an edge needs it.
      live_nodes_.Erase(u.id);
      mem.SetNode(u.id, std::move(u.node_record));
    } else {
      mem.SetEdge(u.id, std::move(u.edge_record));
    }
  }
  undo_.resize(mark);
}

void WriterSession::DiscardBatch() {
  UndoTo(0);
  if (!batch_.empty()) {
    view_->mutable_stats() = stats_before_batch_;
    view_->InvalidatePropertyIndexes();
  }
  batch_.Clear();
}

Status WriterSession::StageAll(const std::function<Status()>& stage) {
  const size_t undo_mark = undo_.size();
  const WalSegmentBuilder::Mark wal_mark = batch_.mark();
  const GraphStats stats_mark = stats();
  Status s = stage();
  if (s.ok()) return s;
  if (undo_.size() > undo_mark) {
    UndoTo(undo_mark);
    batch_.TruncateTo(wal_mark);
    view_->mutable_stats() = stats_mark;
    view_->InvalidatePropertyIndexes();
  }
  return s;
}

Result<uint64_t> WriterSession::CommitBatch() {
  const uint64_t before = manifest_.version;
  NAMIDB_ASSIGN_OR_RETURN(uint64_t version, CommitBatchKeepingView());
  // Acknowledged. A flush the WAL's or the memtable's size calls for fails
  // on its own: the commit stays committed and the next commit tries the
  // flush again.
  if (version != before) (void)FlushIfDue();
  return version;
}

Status WriterSession::FlushIfDue() {
  bool segments = options_.flush_after_wal_segments > 0 &&
                  manifest_.wal.size() >= options_.flush_after_wal_segments;
  bool bytes_due =
      options_.flush_after_wal_bytes > 0 && WalBytes(manifest_) >= options_.flush_after_wal_bytes;
  bool memory_due = options_.flush_after_memtable_bytes > 0 &&
                    memtable_bytes() >= options_.flush_after_memtable_bytes;
  if (!segments && !bytes_due && !memory_due) return Status::OK();
  return Flush().status();
}

Result<uint64_t> WriterSession::CommitBatchKeepingView() {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  if (batch_.empty()) return manifest_.version;
  NAMIDB_RETURN_IF_ERROR(CheckConstraints());
  NAMIDB_ASSIGN_OR_RETURN(std::string bytes, batch_.Finish(manifest_.writer_epoch));
  std::string wal_key = layout_.WalKey(manifest_.writer_epoch, batch_.first_lsn());
  NAMIDB_RETURN_IF_ERROR(CreateIfNew());
  Manifest next = manifest_;
  next.version += 1;
  next.last_lsn = batch_.last_lsn();
  next.wal.push_back(
      WalRef{layout_.Relative(wal_key), batch_.first_lsn(), batch_.last_lsn(), bytes.size()});
  next.stats = stats();
  NAMIDB_ASSIGN_OR_RETURN(std::string text, EncodeManifest(next));
  NAMIDB_RETURN_IF_ERROR(CheckManifestSize(next, text));  // before anything is written
  // Create-only: a unique name, so nothing acknowledged can be overwritten.
  NAMIDB_RETURN_IF_ERROR(store_->Put(wal_key, bytes, PutOptions::IfAbsent()).status());
  auto version = Publish(next, text);
  if (!version.ok()) {
    // A lost race is final: no manifest can ever list the segment, so it
    // goes now rather than at the next GC (a lost manifest's recovery then
    // meets no competing segment). Failing that, GC removes it.
    if (version.status().Is(StatusCode::kConflict)) (void)store_->Delete(wal_key);
    return version.status();
  }
  batch_.Clear();  // published: the memtable keeps it, the batch is done
  undo_.clear();
  return *version;
}

Result<std::vector<TableRef>> WriterSession::WriteMemtableRun(
    const std::vector<IndexedProperty>& indexes, const std::vector<IndexedProperty>& backfill) {
  const GraphState& mem = memtable();
  RunSpec spec{0, manifest_.writer_epoch, manifest_.last_lsn, options_.table_target_bytes};
  std::vector<TableRef> run;
  auto finish = [&run](RunWriter& writer) -> Status {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<TableRef> tables, writer.Finish());
    for (auto& t : tables) run.push_back(std::move(t));
    return Status::OK();
  };

  auto nodes = mem.SortedNodes();
  {
    RunWriter writer(*store_, layout_, "nodes", spec);
    std::string key, value;
    for (const auto& [id, record] : nodes) {
      value.clear();
      NAMIDB_RETURN_IF_ERROR(EncodeNodeRecordTo(*record, &value));
      key.clear();
      PutUuid(&key, id);
      NAMIDB_RETURN_IF_ERROR(writer.Add(key, value));
    }
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  {
    // Keys sort by encoded label (length first), then node id: one pass
    // over the nodes (in id order) gathers each label's ids, in order.
    std::map<std::string, std::vector<Uuid>> labels;  // encoded prefix -> ids
    std::string prefix;
    for (const auto& [id, record] : nodes) {
      if (record->deleted) continue;
      const auto& names = record->labels;
      for (auto l = names.begin(); l != names.end(); ++l) {
        if (std::find(names.begin(), l, *l) != l) continue;  // one entry per label
        prefix.clear();
        PutLengthPrefixed(&prefix, *l);
        labels[prefix].push_back(id);
      }
    }
    RunWriter writer(*store_, layout_, "labels", spec);
    std::string key;
    for (const auto& [label_prefix, ids] : labels) {
      for (const Uuid& id : ids) {
        key = label_prefix;
        PutUuid(&key, id);
        NAMIDB_RETURN_IF_ERROR(writer.Add(key, ""));
      }
    }
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  {
    // The memtable's nodes are the newest versions; a pair without tables
    // yet also gets every other live node, from the runs below.
    PropertyIndexBuilder properties(indexes);
    for (const auto& [id, record] : nodes) properties.Add(id, *record);
    if (!backfill.empty()) {
      auto older = [&](const Uuid& id, const NodeRecord& record) {
        if (!mem.NodeRecordOf(id)) properties.Add(id, record, &backfill);
        return Status::OK();
      };
      NodeProjection projection = ProjectionOf(backfill);
      NAMIDB_RETURN_IF_ERROR(ForEachLiveNode(*store_, view_->runs(), older, {}, &projection));
    }
    RunWriter writer(*store_, layout_, "props", spec);
    NAMIDB_RETURN_IF_ERROR(properties.Write(writer));
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  {
    // Property columns of the same nodes, row for row with the label index.
    ColumnBuilder columns(options_.max_run_column_bytes);
    for (const auto& [id, record] : nodes) NAMIDB_RETURN_IF_ERROR(columns.Add(id, *record));
    RunWriter writer(*store_, layout_, "cols", spec);
    NAMIDB_RETURN_IF_ERROR(columns.Write(writer));
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  nodes = {};
  MemtableTypes types;
  {
    RunWriter writer(*store_, layout_, "edges", spec);
    std::string key, value, encoded;
    for (const auto& [word, edge] : mem.SortedEdges()) {
      encoded.clear();
      PutLengthPrefixed(&encoded, edge->second.type);
      MemtableType& type = types[encoded];
      type.name = edge->second.type;
      ++type.edges;
      value.clear();
      NAMIDB_RETURN_IF_ERROR(EncodeEdgeRecordTo(edge->second, &value));
      key.clear();
      PutUuid(&key, edge->first);
      NAMIDB_RETURN_IF_ERROR(writer.Add(key, value));
    }
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  for (bool outgoing : {true, false}) {
    RunWriter writer(*store_, layout_,
                     std::string(AdjacencyKind(outgoing, AdjacencyLayout::kByType)), spec);
    NAMIDB_RETURN_IF_ERROR(WriteMemtableAdjacency(mem, types, outgoing, &writer));
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  return run;
}

Result<uint64_t> WriterSession::PublishTables(Manifest next) {
  NAMIDB_ASSIGN_OR_RETURN(std::string text, WriteCheckpoint(&next));
  NAMIDB_ASSIGN_OR_RETURN(auto view,
                          GraphReader::FromManifest(store_, layout_, next, options_.cache,
                                                    /*replay_wal=*/false));
  NAMIDB_ASSIGN_OR_RETURN(uint64_t version, PublishCheckpointed(next, text));
  // In place: whoever holds view() (a statement's plan between the
  // transactions of CALL { } IN TRANSACTIONS) reads the new tables on.
  *view_ = std::move(*view);
  return version;
}

Result<uint64_t> WriterSession::PublishCheckpointed(const Manifest& next, const std::string& text) {
  auto version = Publish(next, text);
  // As a lost commit's WAL segment: no manifest can list this checkpoint,
  // and a lost manifest's recovery must not start from it.
  if (!version.ok() && version.status().Is(StatusCode::kConflict)) {
    (void)store_->Delete(layout_.Absolute(next.checkpoint));
  }
  return version;
}

Status WriterSession::CreateIfNew() {
  if (token_) return Status::OK();
  return Publish(manifest_).status();
}

Result<std::string> WriterSession::WriteCheckpoint(Manifest* next) {
  NAMIDB_RETURN_IF_ERROR(CreateIfNew());
  if (!next->checkpoint.empty()) next->retired.push_back(RetiredRef{next->checkpoint, 0, NowMs()});
  std::string key = layout_.CheckpointKey(next->writer_epoch, next->last_lsn);
  next->checkpoint = layout_.Relative(key);
  NAMIDB_ASSIGN_OR_RETURN(std::string text, EncodeManifest(*next));
  NAMIDB_RETURN_IF_ERROR(CheckManifestSize(*next, text));
  NAMIDB_RETURN_IF_ERROR(store_->Put(key, text, PutOptions::IfAbsent()).status());
  return text;
}

namespace {

// Drops from `next` the property index tables of every pair but `keep`'s
// (a table holds one pair's entries), retiring them.
void DropIndexTables(Manifest* next, const std::vector<IndexedProperty>& keep, int64_t now) {
  std::vector<std::string> prefixes;
  for (const auto& k : keep) prefixes.push_back(PropertyIndexPrefix(k.label, k.property));
  std::erase_if(next->tables, [&](const TableRef& t) {
    if (t.kind != "props") return false;
    for (const auto& p : prefixes) {
      if (t.smallest.starts_with(p)) return false;
    }
    next->retired.push_back(RetiredRef{t.key, 0, now});
    return true;
  });
}

// Adds `tables` to the newest run of `next`, each kind's tables in key order.
void AddToNewestRun(Manifest* next, std::vector<TableRef> tables) {
  auto end = std::find_if(next->tables.begin(), next->tables.end(), [&](const TableRef& t) {
    return t.max_lsn != next->tables.front().max_lsn;
  });
  std::vector<TableRef> run(next->tables.begin(), end);
  for (auto& t : tables) run.push_back(std::move(t));
  std::stable_sort(run.begin(), run.end(), [](const TableRef& a, const TableRef& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.smallest < b.smallest;
  });
  next->tables.erase(next->tables.begin(), end);
  next->tables.insert(next->tables.begin(), run.begin(), run.end());
}

}  // namespace

Result<uint64_t> WriterSession::FlushMemtable(const std::vector<SchemaEntry>* new_schema) {
  const std::vector<SchemaEntry>& schema = new_schema ? *new_schema : manifest_.schema;
  std::vector<IndexedProperty> indexes = SchemaIndexes(schema);
  std::vector<IndexedProperty> stored, backfill;  // pairs with complete tables, and without
  for (const auto& i : indexes) {
    (IsStoredIndex(manifest_, i.label, i.property) ? stored : backfill).push_back(i);
  }
  bool memtable = !manifest_.wal.empty();
  // Nothing new since the last flush, and every index built.
  if (!memtable && backfill.empty() && !new_schema) return manifest_.version;
  Manifest next = manifest_;
  next.version += 1;
  next.schema = schema;
  next.stored_indexes = indexes;  // what this swap leaves complete
  int64_t now = NowMs();
  DropIndexTables(&next, stored, now);
  if (memtable) {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<TableRef> run, WriteMemtableRun(indexes, backfill));
    next.flushed_lsn = manifest_.last_lsn;
    for (auto& t : next.tables) run.push_back(std::move(t));
    next.tables = std::move(run);
    // The run holds everything the segments did; readers that opened an
    // earlier version read them when they opened, so they may be opening now.
    RetireWalThrough(&next, manifest_.last_lsn, now);
    next.wal.clear();
  } else if (!backfill.empty() && !next.tables.empty()) {
    // The indexes of the data as the tables hold it, which is the state as
    // of the newest run: they join that run.
    const TableRef& newest = next.tables.front();
    RunSpec spec{newest.level, manifest_.writer_epoch, newest.max_lsn, options_.table_target_bytes};
    // Each pair from its label's index and property column (the reader
    // falls back to records where a run has no usable column): a label's
    // index and one column are a small part of its node records.
    PropertyIndexBuilder properties(backfill);
    for (const IndexedProperty& pair : backfill) {
      NAMIDB_ASSIGN_OR_RETURN(auto columns,
                              view_->ScanLabelColumns(pair.label, std::span(&pair.property, 1)));
      for (size_t i = 0; i < columns.ids.size(); ++i) {
        properties.AddValue(pair, columns.ids[i], columns.values[i][0]);
      }
    }
    RunWriter writer(*store_, layout_, "props", spec);
    NAMIDB_RETURN_IF_ERROR(properties.Write(writer));
    NAMIDB_ASSIGN_OR_RETURN(std::vector<TableRef> tables, writer.Finish());
    AddToNewestRun(&next, std::move(tables));
  }
  return PublishTables(std::move(next));
}

Result<uint64_t> WriterSession::Flush() {
  NAMIDB_RETURN_IF_ERROR(CheckNothingStaged());
  uint64_t before = manifest_.version;
  NAMIDB_RETURN_IF_ERROR(FlushMemtable().status());
  if (options_.compact_after_runs > 0) {
    TieringOptions tiering{static_cast<size_t>(options_.compact_after_runs),
                           options_.tier_size_ratio, options_.tier_min_run_bytes,
                           options_.max_runs};
    // Each merge leaves one run fewer.
    while (true) {
      std::vector<uint64_t> bytes;
      for (const auto& run : RunSpans(manifest_)) bytes.push_back(run.bytes);
      auto pick = PickRunsToMerge(bytes, tiering);
      if (!pick) break;
      NAMIDB_RETURN_IF_ERROR(MergeRunGroup(pick->first, pick->second).status());
    }
  }
  if (manifest_.version != before) CollectAfterPublish();
  return manifest_.version;
}

Result<uint64_t> WriterSession::Compact() {
  NAMIDB_RETURN_IF_ERROR(CheckNothingStaged());
  uint64_t before = manifest_.version;
  NAMIDB_RETURN_IF_ERROR(FlushMemtable().status());
  NAMIDB_RETURN_IF_ERROR(MergeRuns().status());
  if (manifest_.version != before) CollectAfterPublish();
  return manifest_.version;
}

Result<uint64_t> WriterSession::MergeRuns() {
  if (Level0Runs(manifest_) == 0) return manifest_.version;  // already one bottom run, or none
  return MergeRunGroup(0, RunSpans(manifest_).size());
}

Result<uint64_t> WriterSession::MergeRunGroup(size_t first, size_t last) {
  std::vector<RunSpan> spans = RunSpans(manifest_);
  const auto& runs = view_->runs();
  if (spans.size() != runs.size() || first >= last || last > spans.size()) {
    return Status::Internal("a merge of runs the view does not hold");
  }
  bool bottom = last == spans.size();  // the oldest run is in: tombstones go
  bool whole = bottom && first == 0;
  const TableRef& newest = manifest_.tables[spans[first].begin];
  RunSpec spec{bottom ? kBottomLevel : 0, manifest_.writer_epoch, newest.max_lsn,
               options_.table_target_bytes};
  // A merge of every run rebuilds every index of the schema from the merged
  // nodes; a merge of some runs only those the tables already hold (the
  // runs it leaves hold their own entries).
  std::vector<IndexedProperty> indexes =
      whole ? SchemaIndexes(manifest_.schema) : manifest_.stored_indexes;
  CompactionOptions compaction{.max_run_column_bytes = options_.max_run_column_bytes,
                               .drop_tombstones = bottom};
  NAMIDB_ASSIGN_OR_RETURN(
      std::vector<TableRef> run,
      CompactRuns(*store_, layout_, std::span(runs).subspan(first, last - first), spec, indexes,
                  compaction));
  Manifest next = manifest_;
  next.version += 1;
  size_t begin = spans[first].begin, end = spans[last - 1].end;
  next.tables.erase(next.tables.begin() + static_cast<ptrdiff_t>(begin),
                    next.tables.begin() + static_cast<ptrdiff_t>(end));
  next.tables.insert(next.tables.begin() + static_cast<ptrdiff_t>(begin), run.begin(), run.end());
  if (whole) next.stored_indexes = std::move(indexes);  // rebuilt whole from the merged nodes
  int64_t now = NowMs();
  uint64_t read = 0, written = 0;
  for (size_t i = begin; i < end; ++i) {
    next.retired.push_back(RetiredRef{manifest_.tables[i].key, 0, now});
    read += manifest_.tables[i].size;
  }
  for (const auto& t : run) written += t.size;
  NAMIDB_ASSIGN_OR_RETURN(uint64_t version, PublishTables(std::move(next)));
  compaction_counters_.merges += 1;
  compaction_counters_.bottom_merges += bottom ? 1 : 0;
  compaction_counters_.bytes_read += read;
  compaction_counters_.bytes_written += written;
  return version;
}

void WriterSession::CollectAfterPublish() {
  if (options_.gc_grace_ms >= 0) (void)CollectGarbage(options_.gc_grace_ms);
}

Result<GcResult> WriterSession::CollectGarbage(int64_t grace_ms) {
  NAMIDB_RETURN_IF_ERROR(CheckUsable());
  if (grace_ms < 0) return Status::InvalidArgument("a GC grace period must not be negative");
  if (!claimed_) {
    NAMIDB_RETURN_IF_ERROR(CheckNothingStaged());
    // Deleting needs the namespace claimed first: a writer that never
    // published may be stale, and must not judge what is an orphan.
    if (token_) {
      Manifest next = manifest_;
      next.version += 1;
      NAMIDB_RETURN_IF_ERROR(Publish(next).status());
    } else {
      NAMIDB_RETURN_IF_ERROR(CreateIfNew());
    }
  }
  std::set<std::string> live;
  for (const auto& t : manifest_.tables) live.insert(t.key);
  for (const auto& w : manifest_.wal) live.insert(w.key);
  if (!manifest_.checkpoint.empty()) live.insert(manifest_.checkpoint);
  std::map<std::string, int64_t> retired;
  std::map<uint64_t, int64_t> wal_ranges;  // through LSN -> retired at
  for (const auto& r : manifest_.retired) {
    if (r.key.empty()) {
      wal_ranges[r.wal_through_lsn] = r.retired_at_ms;
    } else {
      retired[r.key] = r.retired_at_ms;
    }
  }
  // When the object was retired, if it was.
  auto retired_at = [&](const std::string& key,
                        const std::optional<ObjectName>& name) -> std::optional<int64_t> {
    if (auto it = retired.find(key); it != retired.end()) return it->second;
    if (name && name->type == ObjectName::Type::kWal) {
      // The first flush that covered the segment retired it.
      if (auto it = wal_ranges.lower_bound(name->lsn); it != wal_ranges.end()) return it->second;
    }
    return std::nullopt;
  };

  NAMIDB_ASSIGN_OR_RETURN(std::vector<ObjectMeta> objects, store_->ListAll(layout_.root() + "/"));
  GcResult result;
  int64_t now = NowMs();
  std::vector<std::string> checkpoints, others;  // to delete
  for (const auto& object : objects) {
    std::string key = layout_.Relative(object.key);
    if (live.count(key)) continue;
    auto name = NamespaceLayout::Parse(key);
    bool collect;
    if (auto when = retired_at(key, name)) {
      collect = now - *when >= grace_ms;
      if (!collect) {
        ++result.kept;
        result.kept_bytes += object.size;
      }
    } else {
      // Never listed: a commit or flush that failed or was fenced. Only a
      // writer of an epoch up to ours could have written it, and such a
      // writer can no longer publish it.
      collect = name && name->epoch <= manifest_.writer_epoch;
    }
    if (!collect) continue;
    // Checkpoints go before data files: a lost manifest is recovered from
    // the newest checkpoint whose files are all there.
    (name && name->type == ObjectName::Type::kCheckpoint ? checkpoints : others)
        .push_back(object.key);
    result.deleted_bytes += object.size;
  }
  for (const auto* keys : {&checkpoints, &others}) {
    std::vector<Status> deleted = store_->DeleteMany(*keys);
    for (const Status& d : deleted) NAMIDB_RETURN_IF_ERROR(d);
    result.deleted += keys->size();
  }
  // Every entry past its grace period is done with: what it names is gone
  // (or never was there). Younger ones wait for a later run.
  Manifest next = manifest_;
  std::erase_if(next.retired,
                [&](const RetiredRef& r) { return now - r.retired_at_ms >= grace_ms; });
  if (next.retired.size() != manifest_.retired.size()) {
    next.version += 1;
    NAMIDB_RETURN_IF_ERROR(Publish(next).status());
  }
  return result;
}

Result<uint64_t> WriterSession::Publish(const Manifest& next) {
  NAMIDB_ASSIGN_OR_RETURN(std::string text, EncodeManifest(next));
  return Publish(next, text);
}

Result<uint64_t> WriterSession::Publish(const Manifest& next, const std::string& text) {
  NAMIDB_RETURN_IF_ERROR(CheckManifestSize(next, text));
  PutOptions put = token_ ? PutOptions::IfMatch(*token_) : PutOptions::IfAbsent();
  auto token = store_->Put(layout_.ManifestKey(), text, put);
  if (!token.ok() && token.status().Is(StatusCode::kIoError)) {
    // The swap may or may not have happened: read the manifest back to know.
    auto current = Snapshot::ReadManifest(*store_, layout_);
    if (!current.ok() && current.status().Is(StatusCode::kNotFound) && !token_) {
      return token.status();  // the namespace is still new: it did not land; the batch stays staged
    }
    if (!current.ok()) {
      poisoned_ =
          Status::IoError("commit outcome unknown (" + token.status().message() +
                          "; reading the manifest back failed: " + current.status().message() +
                          "); reopen the namespace");
      return poisoned_;
    }
    if (current->first == next) {
      token = current->second;  // it landed; only the acknowledgement was lost
    } else if (token_ && current->second == *token_) {
      return token.status();  // it did not land; the batch stays staged for a retry
    }
    // Otherwise someone else's version is there: handled as a lost race below.
  }
  if (!token.ok()) {
    if (token.status().Is(StatusCode::kPreconditionFailed) ||
        token.status().Is(StatusCode::kIoError)) {
      DiscardBatch();
      poisoned_ = Status::Conflict("another writer committed to namespace '" + layout_.ns() +
                                   "' first (or claimed it); this batch was not committed. "
                                   "Reopen the namespace to continue writing.");
      return poisoned_;
    }
    return token.status();
  }
  manifest_ = next;
  token_ = std::move(*token);
  claimed_ = true;
  return manifest_.version;
}

Status WriterSession::CheckConstraints() {
  bool any = std::any_of(manifest_.schema.begin(), manifest_.schema.end(),
                         [](const SchemaEntry& e) { return e.kind != "index"; });
  if (!any) return Status::OK();
  // The staged nodes, read once in one batch.
  std::vector<Uuid> ids;
  for (const Undo& u : undo_) {
    if (u.node) ids.push_back(u.id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  NAMIDB_ASSIGN_OR_RETURN(auto records, view_->LookupNodes(ids));
  for (const SchemaEntry& c : manifest_.schema) {
    if (c.kind == "exists") {
      // Every staged node of the label has the property (a stored one is
      // never null).
      for (const auto& r : records) {
        if (!r || std::find(r->labels.begin(), r->labels.end(), c.label) == r->labels.end()) {
          continue;
        }
        if (!r->properties.Find(c.property)) {
          return Status::InvalidArgument(
              "constraint " + c.name + ": a :" + c.label + " node must have " + c.property +
              "; the staged changes were not committed (discard or change them)");
        }
      }
      continue;
    }
    if (c.kind == "type") {
      // Every staged node of the label that has the property has a value
      // of the constraint's types.
      for (const auto& r : records) {
        if (!r || std::find(r->labels.begin(), r->labels.end(), c.label) == r->labels.end()) {
          continue;
        }
        const Value* v = r->properties.Find(c.property);
        if (v && !ValueHasPropertyTypes(*v, c.types)) {
          return Status::InvalidArgument(
              "constraint " + c.name + ": " + c.property + " of a :" + c.label + " node must be " +
              PropertyTypesText(c.types) + ", not " + std::string(ValueKindName(v->kind())) +
              "; the staged changes were not committed (discard or change them)");
        }
      }
      continue;
    }
    if (c.kind != "unique") continue;
    // Every staged value of the constraint in one batched index read.
    std::vector<Value> values;
    for (const auto& r : records) {
      if (!r || std::find(r->labels.begin(), r->labels.end(), c.label) == r->labels.end()) continue;
      if (const Value* v = r->properties.Find(c.property)) values.push_back(*v);
    }
    if (values.empty()) continue;
    NAMIDB_ASSIGN_OR_RETURN(auto same, view_->NodesWithProperties(c.label, c.property, values));
    for (size_t i = 0; i < values.size(); ++i) {
      if (same[i].size() > 1) {
        return Status::AlreadyExists(
            "constraint " + c.name + ": another :" + c.label + " node has " + c.property + " = " +
            values[i].ToString() +
            "; the staged changes were not committed (discard or change them)");
      }
    }
  }
  return Status::OK();
}

namespace {

// A new constraint must hold for what is there already: the label's values
// of its property are read a window at a time (from the property columns
// where the data files have them), so memory holds a window, and for a
// uniqueness constraint the values seen, not the label.
Status CheckNewConstraint(GraphReader& view, const SchemaEntry& c) {
  NAMIDB_ASSIGN_OR_RETURN(auto cursor, NodeCursor::Columns(view, c.label, {c.property}, {}));
  std::set<std::string> seen;
  std::vector<std::pair<Uuid, NodeRecord>> window;
  while (true) {
    NAMIDB_ASSIGN_OR_RETURN(bool more, cursor->Next(&window));
    if (!more) return Status::OK();
    for (const auto& [id, record] : window) {
      const Value* v = record.properties.Find(c.property);
      if (c.kind == "exists" && !v) {
        return Status::InvalidArgument("cannot create constraint " + c.name + ": a :" + c.label +
                                       " node has no " + c.property);
      }
      if (c.kind == "type" && v && !ValueHasPropertyTypes(*v, c.types)) {
        return Status::InvalidArgument("cannot create constraint " + c.name + ": a :" + c.label +
                                       " node has " + c.property + " = " + v->ToString() +
                                       ", not " + PropertyTypesText(c.types));
      }
      if (c.kind != "unique") continue;
      auto key = v ? PropertyIndexKey(*v) : std::nullopt;
      if (key && !seen.insert(*key).second) {
        return Status::AlreadyExists("cannot create constraint " + c.name + ": several :" +
                                     c.label + " nodes have " + c.property + " = " + v->ToString());
      }
    }
  }
}

}  // namespace

Result<uint64_t> WriterSession::SetSchema(std::vector<SchemaEntry> schema) {
  NAMIDB_RETURN_IF_ERROR(CheckNothingStaged());
  for (const SchemaEntry& c : schema) {
    if (c.kind == "index") continue;
    bool existed = std::any_of(manifest_.schema.begin(), manifest_.schema.end(),
                               [&](const SchemaEntry& e) { return e == c; });
    if (existed) continue;
    NAMIDB_RETURN_IF_ERROR(CheckNewConstraint(*view_, c));
  }
  // A new index over existing tables is built in the same swap (after the
  // memtable is flushed, so that it is built from the tables alone), and
  // the tables of a dropped one are retired with it.
  std::vector<IndexedProperty> indexes = SchemaIndexes(schema);
  bool build = !manifest_.tables.empty() &&
               std::any_of(indexes.begin(), indexes.end(), [&](const IndexedProperty& i) {
                 return !IsStoredIndex(manifest_, i.label, i.property);
               });
  bool drop = std::any_of(manifest_.stored_indexes.begin(), manifest_.stored_indexes.end(),
                          [&](const IndexedProperty& i) {
                            return !std::binary_search(indexes.begin(), indexes.end(), i);
                          });
  if (build || drop) return FlushMemtable(&schema);
  Manifest next = manifest_;
  next.version += 1;
  next.schema = schema;
  next.stored_indexes = indexes;  // no tables, or every index's built already
  // The schema lives in the manifest alone: a checkpoint keeps it recoverable.
  NAMIDB_ASSIGN_OR_RETURN(std::string text, WriteCheckpoint(&next));
  NAMIDB_ASSIGN_OR_RETURN(uint64_t version, PublishCheckpointed(next, text));
  view_->set_schema(std::move(schema), std::move(indexes));
  return version;
}

}  // namespace namidb
