// WriterSession: the single writer of a namespace.
//
// Open() reads the manifest (or finds the namespace new) and writes
// nothing: opening is free, and several writers may open one namespace. The
// session's first publish (a commit, flush, compaction or garbage
// collection) claims the namespace: a compare-and-swap of the manifest it
// opened (create-only for a new namespace) that also raises the writer
// epoch. So the first writer to commit wins; every other writer opened on
// the older manifest finds it changed and gets Conflict.
//
// The writer keeps in memory only its memtable: what was committed since the
// last flush (replayed from the WAL on open) and the staged batch. Everything
// older it reads on demand from the data files, through a GraphReader whose
// overlay is the memtable: that reader is also the session's read view.
//
// Changes are staged (upsertNode / upsertEdge / tombstone...) and are visible
// to this session's own reads at once, to nobody else's. CommitBatch() writes
// the batch as a new, uniquely named WAL segment (create-only), then swaps the
// manifest with If-Match on the version it was based on, and acknowledges only
// after the swap. A lost swap is Conflict: another writer committed first;
// the session then refuses further commits until it is reopened. If the store fails during the
// swap, the session reads the manifest back to learn whether the commit landed; if even that fails,
// the outcome is unknown and the session must be reopened. A commit that lost its race deletes its
// WAL segment at once (no manifest can ever list it).
//
// Housekeeping runs on its own: a commit after which the WAL since the last
// flush holds `flush_after_wal_bytes` or `flush_after_wal_segments` flushes
// (which bounds what an open replays and the manifest's WAL list), so does
// one after which the memtable holds `flush_after_memtable_bytes` (which
// bounds the writer's memory), a flush
// that leaves more than `compact_after_runs` runs compacts, and every flush
// or compaction collects garbage with `gc_grace_ms`. Each flush, compaction
// and schema change first writes a checkpoint: an immutable copy of the
// manifest it publishes, from which a lost manifest is recovered
// (storage/recovery.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/limits.h"
#include "core/uuid.h"
#include "storage/block_cache.h"
#include "storage/column_codec.h"
#include "storage/graph_reader.h"
#include "storage/layout.h"
#include "storage/live_node_set.h"
#include "storage/manifest.h"
#include "storage/wal_segment.h"
#include "store/object_store.h"

namespace namidb {

// How long a retired object outlives the manifest version that stopped
// listing it: a reader pinned to an older version reads its tables for as
// long as it stays open, so one that refreshes at least hourly never finds
// one gone.
inline constexpr int64_t kDefaultGcGraceMs = 60 * 60 * 1000;

// 32 MiB holds up to 1.5M node ids (2^21 slots of 16 bytes, three quarters full).
inline constexpr uint64_t kDefaultLiveNodesBytes = 32u << 20;

struct WriterOptions {
  std::string prefix;  // key prefix in front of the namespace
  // Unix time in milliseconds, for retiring objects; injectable for tests.
  std::function<int64_t()> now_ms;
  // A data file is split once it reaches this size, bounding a flush's
  // memory (1..kMaxTableTargetBytes).
  uint64_t table_target_bytes = kDefaultTableTargetBytes;
  // Size-tiered compaction after a flush: more than this many adjacent runs
  // of similar size (the largest at most `tier_size_ratio` times the
  // smallest, runs under `tier_min_run_bytes` counted as that large) merge
  // into one, which keeps tombstones unless the runs include the oldest; and
  // past `max_runs` runs the adjacent compact_after_runs + 1 of least size
  // merge whatever their sizes, so that a lookup probes a bounded number of
  // runs (storage/compaction.h, PickRunsToMerge). 0: never.
  int compact_after_runs = 4;
  double tier_size_ratio = 2.0;
  uint64_t tier_min_run_bytes = 4u << 20;
  size_t max_runs = 32;
  // A commit after which the WAL since the last flush holds this many bytes
  // or segments flushes too. 0: never.
  uint64_t flush_after_wal_bytes = kFlushAfterWalBytes;
  uint64_t flush_after_wal_segments = kFlushAfterWalSegments;
  // A commit after which the memtable (GraphState::bytes(): the records
  // committed since the last flush, their maps and adjacency) holds this
  // many bytes flushes too, bounding a load's memory. 0: never.
  uint64_t flush_after_memtable_bytes = kFlushAfterMemtableBytes;
  // Garbage collection after every flush and compaction, with this grace
  // period; negative: only when CollectGarbage is called.
  int64_t gc_grace_ms = kDefaultGcGraceMs;
  // The block cache of the session's reads; a fresh default one if null.
  std::shared_ptr<BlockCache> cache;
  // The bytes the session's set of nodes confirmed live may take (staging an
  // edge reads an endpoint from the store only while the set lacks it;
  // storage/live_node_set.h). 0: no set, every call reads its endpoints.
  uint64_t live_nodes_bytes = kDefaultLiveNodesBytes;
  // The memory a flush's or compaction's property columns may take; past
  // it the largest columns are left to the records (storage/column_builder.h).
  uint64_t max_run_column_bytes = kMaxRunColumnBytes;
};

// What the session's compactions did (merges after flushes and Compact).
struct CompactionCounters {
  uint64_t merges = 0;         // merges published
  uint64_t bottom_merges = 0;  // of which included the oldest run
  uint64_t bytes_read = 0;     // bytes of the runs merged
  uint64_t bytes_written = 0;  // bytes of the runs written
};

struct GcResult {
  uint64_t deleted = 0;  // objects removed
  uint64_t deleted_bytes = 0;
  uint64_t kept = 0;  // retired objects still inside their grace period
  uint64_t kept_bytes = 0;
};

// One element of a bulk staging call (WriterSession::UpsertNodes / UpsertEdges).
struct NodeUpsert {
  std::vector<std::string> labels;
  Uuid id;
  ValueMap properties;
};
struct EdgeUpsert {
  std::string type;
  Uuid src;
  Uuid dst;
  ValueMap properties;
  std::optional<Uuid> id;  // none: derived from (type, src, dst), as UpsertEdge
};

class WriterSession {
 public:
  // The ids a bulk staging call looks up in one batched read: sorted, so
  // consecutive reads share at most one block and a block is read about
  // once per call; the read's memory is bounded by one chunk's blocks.
  static constexpr size_t kStagingLookupChunk = 1024;

  static Result<std::unique_ptr<WriterSession>> Open(std::shared_ptr<ObjectStore> store,
                                                     std::string_view ns,
                                                     const WriterOptions& options = {});

  // Staging. Labels and types are non-empty; properties must be storable.
  // A refused change (typed error) leaves the batch and the view as they were.
  Status UpsertNode(std::vector<std::string> labels, const Uuid& id, ValueMap properties);
  // Both endpoints must exist. Without `id` the edge's id is derived from
  // (type, src, dst), so repeating the call updates the same edge.
  Result<Uuid> UpsertEdge(std::string type, const Uuid& src, const Uuid& dst, ValueMap properties,
                          std::optional<Uuid> id = std::nullopt);
  // Bulk staging, each element as UpsertNode / UpsertEdge, all or nothing
  // (a refused element leaves the batch and the view as they were; its error
  // starts "element i: "). The old versions of the nodes, the edges'
  // endpoints (live if committed, staged earlier in this session, or
  // neither) and the edges' old versions are read for the whole call in
  // batched reads of kStagingLookupChunk sorted ids, not one read per
  // element; an endpoint the session has confirmed live before (read, or
  // staged as a node) is not read again. The elements' contents are moved from.
  Status UpsertNodes(std::span<NodeUpsert> nodes);
  Status UpsertEdges(std::span<EdgeUpsert> edges);
  // Removes the node and every edge that touches it.
  Status TombstoneNode(const Uuid& id);
  Status TombstoneEdge(const Uuid& id);
  void DiscardBatch();
  // Runs `stage` (calls to the staging methods above) as one unit: if it
  // fails, what it staged is undone and the batch and the view are as they
  // were before (the bulk staging calls of the API are all or nothing).
  Status StageAll(const std::function<Status()>& stage);

  // Replaces the namespace's indexes and constraints with one manifest swap
  // (nothing may be staged). A uniqueness constraint the committed data
  // already breaks is refused (AlreadyExists), so is an existence constraint
  // (InvalidArgument). An index new to a namespace
  // that has data files is built in the same swap, as a flush that writes
  // its property index tables; the tables of a dropped one are retired.
  Result<uint64_t> SetSchema(std::vector<SchemaEntry> schema);
  const std::vector<SchemaEntry>& schema() const { return manifest_.schema; }

  // Publishes the staged batch; returns the new manifest version. With
  // nothing staged it returns the current version and writes nothing.
  Result<uint64_t> CommitBatch();
  // CommitBatch without the flush its size may call for, so the view keeps
  // the runs it had: a statement's plan in the middle of reading them
  // commits between its transactions and reads on (CALL { } IN
  // TRANSACTIONS). FlushIfDue when nothing is in the middle of a read.
  Result<uint64_t> CommitBatchKeepingView();
  // The flush CommitBatch runs when the WAL or the memtable has outgrown its
  // bounds (WriterOptions), if one is due. Its failure leaves every commit
  // committed; the next commit tries again.
  Status FlushIfDue();

  // Writes the memtable (what was committed since the previous flush,
  // tombstones included) as a new level-0 run of data files (nodes, edges,
  // adjacency by source and by destination, the label index) and swaps the
  // manifest to list it instead of the WAL segments it covers; then, as long
  // as more than `compact_after_runs` adjacent runs are of similar size (or
  // there are more than `max_runs`), merges those, each merge its own swap.
  // Nothing may be staged. Returns the new manifest version.
  Result<uint64_t> Flush();

  // Flushes, then merges every run into one bottom-level run of live
  // elements only (shadowed versions and tombstones dropped) and swaps the
  // manifest to list it alone. Nothing may be staged.
  Result<uint64_t> Compact();

  // Deletes objects no reader can need: retired objects older than
  // `grace_ms`, and objects no manifest ever listed that were written by
  // this writer or by a writer whose base it replaced (that writer can never
  // publish them, however long it stalls). Objects of a newer epoch are left
  // alone. A session that has not published yet claims the namespace first.
  // Then drops the entries of what it deleted from the manifest's retired
  // list. Cost: listing the namespace, one batched delete, one swap.
  Result<GcResult> CollectGarbage(int64_t grace_ms);

  // The committed state plus the staged batch (read-your-own-writes); one object for good.
  GraphReader& view() { return *view_; }
  // The nodes this session has confirmed live (what staging edges skips reading).
  const LiveNodeSet& live_nodes() const { return live_nodes_; }
  const GraphStats& stats() const { return view_->stats(); }
  const Manifest& manifest() const { return manifest_; }
  size_t staged() const { return batch_.count(); }
  // Bytes of the staged batch as encoded for the WAL (what it will write).
  size_t staged_bytes() const { return batch_.mark().bytes; }
  // Heap bytes of the memtable (committed since the last flush, and staged).
  uint64_t memtable_bytes() const { return view_->overlay().bytes(); }
  const NamespaceLayout& layout() const { return layout_; }
  const WriterOptions& options() const { return options_; }
  const CompactionCounters& compaction_counters() const { return compaction_counters_; }

 private:
  // A memtable record as it was before the batch touched it (nullopt: absent).
  struct Undo {
    bool node;
    Uuid id;
    std::optional<NodeRecord> node_record;
    std::optional<EdgeRecord> edge_record;
  };

  WriterSession(std::shared_ptr<ObjectStore> store, NamespaceLayout layout, Manifest manifest,
                std::optional<VersionToken> token, std::unique_ptr<GraphReader> view,
                WriterOptions options)
      : options_(std::move(options)),
        store_(std::move(store)),
        layout_(std::move(layout)),
        manifest_(std::move(manifest)),
        token_(std::move(token)),
        view_(std::move(view)),
        live_nodes_(options_.live_nodes_bytes) {}

  Status CheckUsable() const;
  // Which of `ids` (sorted, without repeats) are live nodes: the ones
  // live_nodes_ holds without a read, the others in batched reads, after
  // which the live ones join live_nodes_.
  Result<std::vector<bool>> LiveEndpoints(const std::vector<Uuid>& ids);
  // Undoes the batch's undo entries from `mark` on (newest first).
  void UndoTo(size_t mark);
  Status CheckNothingStaged() const;
  GraphState& memtable() { return view_->overlay(); }
  // Logs `m` into the batch and applies it to the memtable; `old_*` is the
  // element's live version before, whose counts it replaces.
  Status Stage(Mutation m, const NodeRecord* old_node, const EdgeRecord* old_edge);
  Status StageEdgeTombstone(const Uuid& id, const EdgeRecord& old);
  // Stages an upsert of a node / an edge whose old version is `old` (and
  // whose endpoints are checked), after the argument checks.
  Status StageNode(NodeUpsert node, const std::optional<NodeRecord>& old);
  Result<Uuid> StageEdge(EdgeUpsert edge, const std::optional<EdgeRecord>& old);
  // For a new namespace: creates its manifest (version 0, empty, claimed by
  // this session) before anything else is written, so that objects never
  // exist without a manifest and a namespace that holds objects but no
  // manifest is one whose manifest was lost.
  Status CreateIfNew();
  Result<uint64_t> Publish(const Manifest& next);
  // The same with `next` already encoded (ResourceExhausted, writing
  // nothing, past kMaxManifestBytes).
  Result<uint64_t> Publish(const Manifest& next, const std::string& text);
  // Writes the checkpoint of `next` (which it then names, retiring the one
  // it replaces): create-only, before `next` is published.
  Result<std::string> WriteCheckpoint(Manifest* next);
  // Publishes `next` whose checkpoint is written; a lost race deletes it.
  Result<uint64_t> PublishCheckpointed(const Manifest& next, const std::string& text);
  // The staged nodes break no uniqueness constraint (AlreadyExists) and
  // lack no property an existence constraint requires (InvalidArgument).
  Status CheckConstraints();
  // Publishes `next`, whose data files are written, with its checkpoint,
  // and moves the view onto it with an empty memtable (reading the new
  // tables' tails first, so a failure changes nothing).
  Result<uint64_t> PublishTables(Manifest next);
  // Flushes the memtable (if it holds anything) and builds the tables of
  // every index of the schema that has none yet (from the memtable and the
  // runs), publishing `new_schema` if given in the same swap; drops the
  // tables of indexes the schema no longer has.
  Result<uint64_t> FlushMemtable(const std::vector<SchemaEntry>* new_schema = nullptr);
  // Merges every run into one (nothing if there is at most a bottom run).
  Result<uint64_t> MergeRuns();
  // Merges the runs [first, last) (newest first) into one that takes their
  // place: a bottom-level run without tombstones if `last` is the oldest,
  // else a level-0 run that keeps them.
  Result<uint64_t> MergeRunGroup(size_t first, size_t last);
  // What a flush or compaction does after it published: garbage collection
  // with the session's grace period. Its failures are left for the next
  // run: what was published stays published.
  void CollectAfterPublish();
  // The memtable as a level-0 run, with the property index tables of
  // `indexes` (`backfill`'s with every live node, not only the memtable's).
  Result<std::vector<TableRef>> WriteMemtableRun(const std::vector<IndexedProperty>& indexes,
                                                 const std::vector<IndexedProperty>& backfill);
  int64_t NowMs() const;

  WriterOptions options_;
  std::shared_ptr<ObjectStore> store_;
  NamespaceLayout layout_;
  Manifest manifest_;  // the version this session's commits are based on
  // Its version token; none while the namespace has no manifest yet.
  std::optional<VersionToken> token_;
  bool claimed_ = false;  // a publish of this session has landed
  std::unique_ptr<GraphReader> view_;
  WalSegmentBuilder batch_;  // the staged mutations, encoded as the WAL segment they will be
  std::vector<Undo> undo_;
  GraphStats stats_before_batch_;
  Status poisoned_;  // set once a commit lost its race or its outcome is unknown
  // Nodes live in the view as of now (read so, or staged); see live_node_set.h.
  LiveNodeSet live_nodes_;
  CompactionCounters compaction_counters_;
};

}  // namespace namidb
