// GraphReader: a pinned manifest version, read on demand. This is the
// snapshot API the query engine reads through.
//
// Opening costs two round trips: the manifest, then one batched call for the
// tails of every data file and every WAL segment (the WAL since the last
// flush, kept in memory as an overlay). After that, each call below is at
// most one batched read of the blocks it needs across every run (a label
// scan two: index, then nodes), and blocks already in the BlockCache cost
// nothing. Versions merge last-LSN-wins: the overlay over the newest run over
// older runs; a tombstone hides every older version.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/uuid_set.h"
#include "storage/block_cache.h"
#include "storage/graph_state.h"
#include "storage/layout.h"
#include "storage/manifest.h"
#include "storage/table_reader.h"
#include "store/object_store.h"

namespace namidb {

enum class Direction { kOut, kIn };

// How much of a node record a read decodes: all of it, or its labels (and
// tombstone flag) without the properties.
enum class NodeFields { kAll, kLabels };

template <typename Record>
struct RecordKind;

struct Neighbor {
  Uuid edge;
  Uuid node;
  std::string type;
  friend bool operator==(const Neighbor&, const Neighbor&) = default;
};

class GraphReader {
 public:
  struct Table {
    TableRef ref;
    std::unique_ptr<TableReader> reader;
  };
  using Run = std::map<std::string, std::vector<Table>, std::less<>>;  // kind -> tables by key
  // The tables of one kind in one run whose key range may hold a key that
  // starts with `prefix`: a binary search, as FromManifest keeps a run's
  // tables of a kind sorted and disjoint (adjacency has one table per type).
  static std::span<const Table> TablesWithPrefix(std::span<const Table> tables,
                                                 std::string_view prefix);

  // The newest version of the namespace.
  static Result<std::unique_ptr<GraphReader>> Open(std::shared_ptr<ObjectStore> store,
                                                   const NamespaceLayout& layout,
                                                   std::shared_ptr<BlockCache> cache);
  // A version already read: one round trip for the table tails and, with
  // `replay_wal`, the WAL segments (a writer replays them into its memtable
  // instead).
  static Result<std::unique_ptr<GraphReader>> FromManifest(std::shared_ptr<ObjectStore> store,
                                                           const NamespaceLayout& layout,
                                                           Manifest manifest,
                                                           std::shared_ptr<BlockCache> cache,
                                                           bool replay_wal);

  // Whether each node is live, without decoding (or copying) records.
  Result<std::vector<bool>> ContainsNodes(std::span<const Uuid> ids);
  // Called with each other node the blocks a ContainsNodes read shows live
  // in this version (see there); false stops the calls.
  using LiveVisitor = std::function<bool(const Uuid&)>;
  // The same, and `also_live` learns, at no extra read, every node in the
  // node blocks it read that is live in this version: the overlay's version
  // where it has one, else the block's where no newer run may hold the node
  // (by key range and bloom filter) and it is not a tombstone.
  Result<std::vector<bool>> ContainsNodes(std::span<const Uuid> ids, const LiveVisitor& also_live);
  // One live element, or nullopt.
  Result<std::optional<NodeRecord>> LookupNode(const Uuid& id);
  Result<std::optional<EdgeRecord>> LookupEdge(const Uuid& id);

  // Live elements by id, in request order (nullopt where absent or deleted).
  Result<std::vector<std::optional<NodeRecord>>> LookupNodes(std::span<const Uuid> ids,
                                                             NodeFields fields = NodeFields::kAll);
  // The same with only the properties named in `keys` (ascending, labels
  // always): the others are not decoded, nor copied from the memtable.
  Result<std::vector<std::optional<NodeRecord>>> LookupNodesNamed(
      std::span<const Uuid> ids, std::span<const std::string> keys);
  Result<std::vector<std::optional<EdgeRecord>>> LookupEdges(std::span<const Uuid> ids);
  // The live edges of `node` in one direction, optionally of one type,
  // ordered by edge id.
  Result<std::vector<Neighbor>> Expand(const Uuid& node, Direction direction,
                                       const std::string& type = "");
  // The same for many nodes in one batched read, in request order.
  Result<std::vector<std::vector<Neighbor>>> ExpandMany(std::span<const Uuid> nodes,
                                                        Direction direction,
                                                        const std::string& type = "");
  // The same in several directions at once, still one batched read (an
  // undirected step costs one round trip, not two): [direction][node].
  Result<std::vector<std::vector<std::vector<Neighbor>>>> ExpandManyWays(
      std::span<const Uuid> nodes, std::span<const Direction> directions,
      const std::string& type = "");
  // How many edges ExpandManyWays would give each node, counting only those
  // whose other end `keep` accepts (all without it), without making them:
  // one batched read, and no list of neighbours. `once_both_ways`: a
  // self-loop, met in both directions, counts once (an undirected step).
  using NeighborFilter = std::function<bool(const Uuid& other)>;
  Result<std::vector<uint64_t>> CountNeighbors(std::span<const Uuid> nodes,
                                               std::span<const Direction> directions,
                                               const std::string& type, bool once_both_ways,
                                               const NeighborFilter& keep);
  // The same counts for `sources` (each once: a whole label, say) in
  // one `direction`, of one `type`, counting relationships whose far end
  // carries every one of `far_labels` (`far_members`: each one's
  // StoredLabelIds, same order), by one pass over the type's adjacency in
  // the other direction (storage/type_scan_counts.cc): the far ends come
  // ascending there, so their label check is a merge, not a probe per
  // relationship. With no far label to check and `sources` ascending, the
  // pass reads the sources' own side instead, where their groups come in
  // the same order: a merge again. It reads every relationship of the type,
  // so it pays where the sources hold most of them. nullopt when a run holds that
  // direction in the by-node layout (format version 4 and before, until a
  // compaction): count per source then. `poll` is called now and then, to
  // stop a long pass with its error.
  Result<std::optional<std::vector<uint64_t>>> CountNeighborsOfType(
      std::span<const Uuid> sources, Direction direction, const std::string& type,
      std::span<const std::string> far_labels,
      std::span<const std::shared_ptr<const std::vector<Uuid>>> far_members,
      const std::function<Status()>& poll = nullptr);
  // Ids a label scan looks records up for in one batched read: the scan's
  // memory is bounded by one chunk's blocks, not by the label's size.
  static constexpr size_t kLabelScanChunk = 1024;
  // Live nodes carrying `label`, ordered by id.
  Result<std::vector<std::pair<Uuid, NodeRecord>>> ScanLabel(const std::string& label,
                                                             NodeFields fields = NodeFields::kAll);
  // Their ids alone. An index entry from the newest run that holds the node
  // is exact (a run's label index is written from the same records as its
  // node table), so only candidates a newer run may also hold (by key range
  // and bloom filter) or the memtable holds are checked against records: on
  // a compacted namespace, none.
  Result<std::vector<Uuid>> ScanLabelIds(const std::string& label);
  // The nodes carrying `label` in the data files alone, as the newest run
  // holding each says (the overlay not consulted): ascending ids, and a set
  // of them for membership tests. A reader's runs never change, so it keeps
  // what it read for its life, while everything kept fits a quarter of the
  // block cache's budget: a whole-label query run again (a label scan, the
  // label check of an expansion into a large label) reads the label once
  // per reader, not once per statement. `kept` (if given) tells whether
  // the answer is the reader's to hold or was made for this call alone.
  Result<std::shared_ptr<const std::vector<Uuid>>> StoredLabelIds(const std::string& label,
                                                                  bool* kept = nullptr);
  // The same nodes with where each has its current version: the run whose
  // label index lists it and its row there, which is its row in that run's
  // property columns (label_rows.cc). Kept as StoredLabelIds is (which it
  // serves).
  struct LabelRows {
    std::shared_ptr<const std::vector<Uuid>> ids;  // ascending
    std::vector<uint32_t> run;                     // per id: index into the runs, newest first
    std::vector<uint32_t> row;                     // per id: position in that run's label index
    std::vector<size_t> run_sizes;                 // per run: the label's entries in its index
  };
  Result<std::shared_ptr<const LabelRows>> StoredLabelRows(const std::string& label,
                                                           bool* kept = nullptr);
  Result<std::shared_ptr<const UuidSet>> StoredLabelSet(const std::string& label,
                                                        bool* kept = nullptr);
  // Whether the reader keeps the StoredLabelSet of `label` already.
  bool KeepsLabelSet(std::string_view label) const { return stored_label_sets_.contains(label); }
  // Whether node `id` carries `label` in this version, given the label's
  // StoredLabelSet: the overlay's record decides where it holds one.
  bool CarriesLabel(const UuidSet& stored, const std::string& label, const Uuid& id) const {
    if (overlay_.node_slots() > 0) {
      if (const NodeRecord* r = overlay_.NodeRecordOf(id)) return OverlayCarries(*r, label);
    }
    return stored.Contains(id);
  }
  // Live nodes carrying `label` with the values of `properties` (null where
  // a node has none), ordered by id: the property columns (column_codec.h)
  // of every run in one batched read. A node whose current version is in a
  // run with columns (StoredLabelRows) gets its values from its row there;
  // the others (the overlay's, a run written before columns, values too
  // large for a column) are read as records, kLabelScanChunk at a time
  // (label_column_scan.cc).
  // `equal[p]`, where set, drops the column rows whose chunk of property p
  // cannot hold that value by its statistics (min / max, all null), and
  // the rows whose value differs; the rows kept need the caller's check.
  struct LabelColumns {
    std::vector<Uuid> ids;
    std::vector<std::vector<Value>> values;  // [row][property]
  };
  Result<LabelColumns> ScanLabelColumns(const std::string& label,
                                        std::span<const std::string> properties,
                                        std::span<const std::optional<Value>> equal = {});
  // Every live node / edge, ordered by id.
  Result<std::vector<std::pair<Uuid, NodeRecord>>> ScanNodes();
  Result<std::vector<std::pair<Uuid, EdgeRecord>>> ScanEdges();

  // Live nodes with `label` whose `property` equals `value` (Cypher's `=`),
  // ordered by id. An index the manifest lists as stored is read from its
  // "props" tables: the blocks that can hold the value, every run's in one
  // batched read (cached as any block), then, only for entries a newer run
  // or a cut-and-hashed key leaves uncertain, one batched read of their
  // records; the overlay's nodes come from an in-memory index of the overlay
  // alone. Any other (label, property) is served by an in-memory index of
  // every node, built by one label scan on first use and kept for this
  // version (how namespaces before format version 3 are read until a
  // flush builds their tables).
  Result<std::vector<Uuid>> NodesWithProperty(const std::string& label, const std::string& property,
                                              const Value& value);
  // The same for many values at once (in request order), in one batched read.
  Result<std::vector<std::vector<Uuid>>> NodesWithProperties(const std::string& label,
                                                             const std::string& property,
                                                             std::span<const Value> values);
  void InvalidatePropertyIndexes() { property_indexes_.clear(); }
  // For the writer: node `id` changed from `before` to `after` (either may
  // be null or a tombstone); the in-memory indexes follow.
  void UpdatePropertyIndexes(const Uuid& id, const NodeRecord* before, const NodeRecord* after);
  // The indexes and constraints of this version.
  const std::vector<SchemaEntry>& schema() const { return manifest_.schema; }
  // For the writer, after a schema swap that changed no table.
  void set_schema(std::vector<SchemaEntry> schema, std::vector<IndexedProperty> stored) {
    manifest_.schema = std::move(schema);
    manifest_.stored_indexes = std::move(stored);
    property_indexes_.clear();
  }

  // Counts per label, type and property key, exact for this version.
  const GraphStats& stats() const { return stats_; }
  const Manifest& manifest() const { return manifest_; }
  // The runs of data files, newest first.
  const std::vector<Run>& runs() const { return runs_; }

  // For the writer, whose memtable is this reader's overlay: staged and
  // committed changes go there, newer than every table, and the counts
  // follow them.
  GraphState& overlay() { return overlay_; }
  GraphStats& mutable_stats() { return stats_; }

 private:
  // Scans read in windows (node_cursor.h, label_column_scan.h).
  friend class NodeCursor;
  friend class LabelColumnScan;
  // Calls `visit` for each live node carrying `label`, in id order, looking
  // records up kLabelScanChunk ids at a time (ScanLabel, the property index).
  Status ForEachWithLabel(const std::string& label, NodeFields fields,
                          const std::function<Status(const Uuid&, NodeRecord&)>& visit);
  GraphReader() = default;
  static bool OverlayCarries(const NodeRecord& r, const std::string& label);
  // `decode(bytes, table_key)` makes a record of a table's value, `copy(r)`
  // one of the overlay's.
  template <typename Record, typename Decode, typename Copy>
  Result<std::vector<std::optional<Record>>> LookupRecords(std::span<const Uuid> ids,
                                                           const Decode& decode, const Copy& copy);
  template <typename Record>
  Result<std::vector<std::pair<Uuid, Record>>> ScanRecords();
  // Whether a run newer than `run` may hold the node of `key` in its node
  // tables, by key range and bloom filter (no read).
  bool NewerRunsMayHoldNode(size_t run, std::string_view key) const;
  // For each key, the value in the newest run that holds it (a tombstone's
  // value included), or nullopt. Blocks read that hold none of their keys
  // (bloom filter false positives) are not cached.
  // `blocks`, if given, receives every distinct block read, with its run.
  struct RunBlock {
    size_t run;
    std::shared_ptr<const DecodedBlock> block;
  };
  Result<std::vector<std::optional<std::string>>> MergedGet(
      std::string_view kind, std::span<const std::string> keys,
      std::vector<RunBlock>* blocks = nullptr);
  // Entries of cached blocks, which `blocks` keeps alive: no copies.
  struct ScannedEntries {
    std::vector<std::shared_ptr<const DecodedBlock>> blocks;
    // Group p's entries are all[starts[p], starts[p + 1]): one vector for
    // every group, where a vector each cost an allocation per node expanded.
    std::vector<const BlockEntry*> all;
    std::vector<size_t> starts;
    std::span<const BlockEntry* const> entries(size_t p) const {
      return std::span<const BlockEntry* const>(all.data() + starts[p], starts[p + 1] - starts[p]);
    }
  };
  // For each prefix, every key starting with it, each with its value from
  // the newest run that holds it, in key order.
  Result<ScannedEntries> MergedScan(std::string_view kind, std::span<const std::string> prefixes);
  // The same over prefixes of tables of several kinds, in one batched read.
  // Prefixes of one `group` (numbered from 0; by default each prefix is a
  // group of its own, numbered as its place) are scanned as one: an entry
  // is known by its key after its prefix, and of the entries known alike
  // the newest run's wins (what adjacency of both layouts needs: the edge
  // id ends the key in each).
  // A prefix whose keys are all it and `tail` bytes more (adjacency by type:
  // `type | node`, then an edge id) skips the tables whose filter of key
  // groups rules it out (TableIndex::MayHoldGroup); 0: no such promise.
  static constexpr size_t kOwnGroup = static_cast<size_t>(-1);
  struct KindPrefix {
    std::string_view kind;
    std::string prefix;
    size_t group = kOwnGroup;
    size_t tail = 0;
  };
  Result<ScannedEntries> MergedScan(std::span<const KindPrefix> prefixes);
  // The adjacency entries of each node in each direction, of `type` or of
  // every type the version holds for "": group ((direction * nodes) + node)
  // * types.size() + t holds those of types[t], each key `prefix_sizes[t]`
  // bytes of (node, type) and the edge id (in either layout).
  struct AdjacencyScan {
    ScannedEntries scanned;
    std::vector<std::string> types;
    std::vector<size_t> prefix_sizes;
  };
  Result<AdjacencyScan> ScanAdjacency(std::span<const Uuid> nodes,
                                      std::span<const Direction> directions,
                                      const std::string& type);

  std::shared_ptr<ObjectStore> store_;
  Manifest manifest_;
  GraphState overlay_{/*counted=*/false};  // the WAL segments after the last flush
  GraphStats stats_;
  std::vector<Run> runs_;  // newest first
  // Each run's node tables (null: none), found once: scans ask for every id.
  std::vector<const std::vector<Table>*> node_tables_;
  // Equality key (property_index.h) -> node ids, ascending: of every node
  // (`whole`), or of the overlay's nodes alone (an index stored in tables).
  struct MemoryIndex {
    bool whole = false;
    std::unordered_map<std::string, std::vector<Uuid>> ids;
  };
  // The in-memory index of (label, property), built on first use.
  Result<MemoryIndex*> MemoryIndexOf(const std::string& label, const std::string& property);
  // NodesWithProperties for a stored index: table entries, then the overlay's.
  Result<std::vector<std::vector<Uuid>>> StoredIndexLookup(
      const std::string& label, const std::string& property,
      const std::vector<std::optional<std::string>>& keys, MemoryIndex& overlay);
  std::map<std::pair<std::string, std::string>, MemoryIndex> property_indexes_;
  // StoredLabelRows / StoredLabelSet: what this reader keeps, and its bytes
  // against a quarter of the block cache's budget (`cache_`).
  template <typename T>
  std::shared_ptr<const T> Keep(std::map<std::string, std::shared_ptr<const T>, std::less<>>& kept,
                                const std::string& label, T made, uint64_t bytes, bool* was_kept);
  std::shared_ptr<BlockCache> cache_;
  std::map<std::string, std::shared_ptr<const LabelRows>, std::less<>> stored_label_rows_;
  std::map<std::string, std::shared_ptr<const UuidSet>, std::less<>> stored_label_sets_;
  uint64_t stored_label_bytes_ = 0;
};

}  // namespace namidb
