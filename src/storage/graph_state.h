// GraphState: graph records in memory, tombstones included: nodes, edges,
// adjacency in both directions, and counts of what is live.
//
// It is what a WAL replay builds: the memtable of a writer (everything
// committed since the last flush, plus its staged batch), the overlay a
// reader puts over the data files, or a whole graph loaded by a Snapshot.
// Apply() follows last-LSN-wins: a mutation older than what the element
// already holds changes nothing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/uuid.h"
#include "core/value.h"
#include "storage/manifest.h"
#include "storage/mutation.h"
#include "storage/slot_map.h"

namespace namidb {

struct NodeRecord {
  uint64_t lsn = 0;
  bool deleted = false;  // a tombstone: hides every older version
  std::vector<std::string> labels;
  ValueMap properties;
  friend bool operator==(const NodeRecord&, const NodeRecord&);
};

struct EdgeRecord {
  uint64_t lsn = 0;
  bool deleted = false;
  std::string type;
  Uuid src;
  Uuid dst;
  ValueMap properties;
  friend bool operator==(const EdgeRecord&, const EdgeRecord&);
};

// Adds (sign +1) or removes (-1) a live record's share of `stats`; keys
// whose count reaches zero disappear. Tombstones count for nothing.
void CountNode(GraphStats* stats, const NodeRecord& record, int sign);
void CountEdge(GraphStats* stats, const EdgeRecord& record, int sign);

class GraphState {
 public:
  // Without `counted`, stats() stays empty and updates skip the counting
  // (an overlay's owner keeps the namespace's counts itself).
  explicit GraphState(bool counted = true) : counted_(counted) {}
  // Movable, not copyable: adjacency points into the edge map's slots, which
  // a move keeps and a copy would not.
  GraphState(GraphState&&) = default;
  GraphState& operator=(GraphState&&) = default;
  GraphState(const GraphState&) = delete;
  GraphState& operator=(const GraphState&) = delete;

  // Applies `m` unless the element already holds a newer LSN.
  void Apply(Mutation m);
  // Apply() of a node's (or an edge's) mutation in one hash probe: `before`,
  // if given, receives the record the element held (tombstone included),
  // and the record it holds after is returned. What a writer's staging
  // needs for its undo and counts, without looking the element up again.
  const NodeRecord& ApplyToNode(Mutation m, std::optional<NodeRecord>* before);
  const EdgeRecord& ApplyToEdge(Mutation m, std::optional<EdgeRecord>* before);

  // Sets (or, with nullopt, forgets) an element's record whatever its LSN:
  // how a writer's undo puts back what a staged mutation replaced.
  void SetNode(const Uuid& id, std::optional<NodeRecord> record);
  void SetEdge(const Uuid& id, std::optional<EdgeRecord> record);

  // Records including tombstones (for undo and merging), or nullptr.
  const NodeRecord* NodeRecordOf(const Uuid& id) const;
  const EdgeRecord* EdgeRecordOf(const Uuid& id) const;

  // Live elements only.
  const NodeRecord* FindNode(const Uuid& id) const;
  const EdgeRecord* FindEdge(const Uuid& id) const;
  // Live node ids, ascending; with a label, only nodes that carry it.
  std::vector<Uuid> NodeIds(const std::string& label = "") const;
  // Live edge ids, ascending.
  std::vector<Uuid> EdgeIds() const;
  // Live edge ids leaving / entering `node`, ascending; with a type, only that type.
  std::vector<Uuid> OutEdges(const Uuid& node, const std::string& type = "") const;
  std::vector<Uuid> InEdges(const Uuid& node, const std::string& type = "") const;

  using EdgeSlot = std::pair<const Uuid, EdgeRecord>;
  // A node's record (absent for an endpoint known only by its edges) and its
  // edges both ways: one hash lookup finds all three.
  struct NodeEntry {
    std::optional<NodeRecord> record;
    std::vector<const EdgeSlot*> out;  // pointers into edges_, stable until erased
    std::vector<const EdgeSlot*> in;
  };
  using NodeSlot = std::pair<const Uuid, NodeEntry>;
  // Records (tombstones included) ordered by id: what a flush writes.
  std::vector<std::pair<Uuid, const NodeRecord*>> SortedNodes() const;
  // (leading word of the id, slot): the word is the sort key held inline.
  std::vector<std::pair<uint64_t, const EdgeSlot*>> SortedEdges() const;
  // Every node that starts (or ends) an edge, tombstones included, ascending,
  // each with those edges in no particular order: a flush's adjacency pass
  // reads them without a hash probe per node.
  using EdgesOfNode = std::pair<Uuid, const std::vector<const EdgeSlot*>*>;
  std::vector<EdgesOfNode> EdgeEndpoints(bool outgoing) const;

  const GraphStats& stats() const { return stats_; }
  uint64_t max_lsn() const { return max_lsn_; }
  // The heap bytes the state holds: its records (labels, types, property
  // keys and values), the hash maps' slots and indexes, and the
  // adjacency vectors, each allocation rounded as a malloc rounds it (see
  // AllocationBytes). Kept as records change; what a writer's flush budget
  // (WriterOptions::flush_after_memtable_bytes) compares.
  uint64_t bytes() const;
  uint64_t node_slots() const { return nodes_.size(); }
  uint64_t edge_slots() const { return edges_.size(); }

 private:
  void Count(const NodeRecord& r, int sign);
  void Count(const EdgeRecord& r, int sign);
  using NodeMap = SlotMap<NodeEntry>;
  using EdgeMap = SlotMap<EdgeRecord>;
  // Puts `record` in the slot of an edge the map holds, or (nullopt) erases
  // it: counts, bytes and adjacency follow.
  void ReplaceEdge(EdgeSlot* slot, std::optional<EdgeRecord> record);
  // Counts, bytes and adjacency of an edge just emplaced at `slot`.
  void AddedEdge(EdgeSlot* slot);
  void Link(const Uuid& node, const EdgeSlot* edge, bool outgoing);
  void Unlink(const Uuid& node, const EdgeSlot* edge, bool outgoing);
  // Drops the entry of `node` once it holds nothing.
  void MaybeErase(NodeSlot* node);
  std::vector<Uuid> Adjacent(const Uuid& node, bool outgoing, const std::string& type) const;
  // Heap bytes of a node entry's adjacency vectors.
  static uint64_t AdjacencyBytes(const NodeEntry& entry);

  // Hash maps: ordered maps spent most of their time comparing ids, and
  // node-based hash maps chasing pointers (slot_map.h).
  NodeMap nodes_;
  EdgeMap edges_;
  bool counted_ = true;
  GraphStats stats_;
  uint64_t max_lsn_ = 0;
  // bytes() but for the maps' slots and indexes, which are read off the maps.
  uint64_t bytes_ = 0;
};

// What malloc takes for a request of `n` bytes: a header word, rounded up to
// two words, at least four (dlmalloc's chunks, as in wasm, and glibc's).
uint64_t AllocationBytes(uint64_t n);
// The heap bytes a record holds beyond its own struct.
uint64_t HeapBytes(const NodeRecord& record);
uint64_t HeapBytes(const EdgeRecord& record);
uint64_t HeapBytes(const ValueMap& map);
uint64_t HeapBytes(const Value& value);
uint64_t HeapBytes(const std::string& text);

}  // namespace namidb
