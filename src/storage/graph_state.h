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
#include <unordered_map>
#include <vector>

#include "core/uuid.h"
#include "core/value.h"
#include "storage/manifest.h"
#include "storage/mutation.h"

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
  GraphState() = default;
  // Movable, not copyable: adjacency points into the edge map's slots, which
  // a move keeps and a copy would not.
  GraphState(GraphState&&) = default;
  GraphState& operator=(GraphState&&) = default;
  GraphState(const GraphState&) = delete;
  GraphState& operator=(const GraphState&) = delete;

  // Applies `m` unless the element already holds a newer LSN.
  void Apply(Mutation m);

  // Sets (or, with nullopt, forgets) an element's record: the primitive that
  // Apply and a writer's undo share.
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

  using NodeSlot = std::pair<const Uuid, NodeRecord>;
  using EdgeSlot = std::pair<const Uuid, EdgeRecord>;
  // Records newer than `after_lsn` (tombstones included unless `live_only`),
  // ordered by id: what a flush or a compaction writes.
  std::vector<const NodeSlot*> SortedNodes(uint64_t after_lsn, bool live_only) const;
  std::vector<const EdgeSlot*> SortedEdges(uint64_t after_lsn, bool live_only) const;
  // Every node that starts (or ends) an edge, tombstones included, ascending,
  // and those edges in no particular order.
  std::vector<Uuid> EdgeEndpoints(bool outgoing) const;
  const std::vector<const EdgeSlot*>& EdgesAt(const Uuid& node, bool outgoing) const;
  // Forgets tombstones: once a compaction wrote the state without them,
  // nothing older remains for them to hide.
  void PurgeTombstones();

  const GraphStats& stats() const { return stats_; }
  uint64_t max_lsn() const { return max_lsn_; }

 private:
  // Edge slots by endpoint: pointers into edges_, which a hash map keeps
  // stable until the slot is erased (and unlinked first).
  using Adjacency = std::unordered_map<Uuid, std::vector<const EdgeSlot*>, UuidHash>;

  void Count(const NodeRecord& r, int sign);
  void Count(const EdgeRecord& r, int sign);
  std::vector<Uuid> Adjacent(const Adjacency& index, const Uuid& node,
                             const std::string& type) const;

  // Hash maps: ordered maps spent most of their time comparing ids.
  std::unordered_map<Uuid, NodeRecord, UuidHash> nodes_;
  std::unordered_map<Uuid, EdgeRecord, UuidHash> edges_;
  Adjacency out_;  // src -> edges (live and deleted records)
  Adjacency in_;   // dst -> edges
  GraphStats stats_;
  uint64_t max_lsn_ = 0;
};

}  // namespace namidb
