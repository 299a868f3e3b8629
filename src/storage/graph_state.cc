#include "storage/graph_state.h"

#include <algorithm>

namespace namidb {

bool operator==(const NodeRecord& a, const NodeRecord& b) {
  return a.lsn == b.lsn && a.deleted == b.deleted && a.labels == b.labels &&
         a.properties == b.properties;
}

bool operator==(const EdgeRecord& a, const EdgeRecord& b) {
  return a.lsn == b.lsn && a.deleted == b.deleted && a.type == b.type && a.src == b.src &&
         a.dst == b.dst && a.properties == b.properties;
}

namespace {

using EdgeSlot = GraphState::EdgeSlot;

void Link(std::vector<const EdgeSlot*>* edges, const EdgeSlot* slot) { edges->push_back(slot); }

void Unlink(std::vector<const EdgeSlot*>* edges, const EdgeSlot* slot) {
  auto it = std::find(edges->begin(), edges->end(), slot);
  if (it != edges->end()) {
    *it = edges->back();
    edges->pop_back();
  }
}

// Adds `sign` to counts[key], dropping keys that reach zero so that the
// statistics name only what is in the graph now.
void Bump(std::map<std::string, uint64_t>* counts, const std::string& key, int sign) {
  uint64_t& n = (*counts)[key];
  n = sign > 0 ? n + 1 : n - 1;
  if (n == 0) counts->erase(key);
}

}  // namespace

void CountNode(GraphStats* stats, const NodeRecord& r, int sign) {
  if (r.deleted) return;
  stats->nodes = sign > 0 ? stats->nodes + 1 : stats->nodes - 1;
  for (const auto& label : r.labels) Bump(&stats->labels, label, sign);
  for (const auto& [key, value] : r.properties) Bump(&stats->property_keys, key, sign);
}

void CountEdge(GraphStats* stats, const EdgeRecord& r, int sign) {
  if (r.deleted) return;
  stats->edges = sign > 0 ? stats->edges + 1 : stats->edges - 1;
  Bump(&stats->types, r.type, sign);
  for (const auto& [key, value] : r.properties) Bump(&stats->property_keys, key, sign);
}

void GraphState::Count(const NodeRecord& r, int sign) { CountNode(&stats_, r, sign); }
void GraphState::Count(const EdgeRecord& r, int sign) { CountEdge(&stats_, r, sign); }

void GraphState::SetNode(const Uuid& id, std::optional<NodeRecord> record) {
  auto it = nodes_.find(id);
  if (it != nodes_.end()) {
    Count(it->second, -1);
    if (!record) {
      nodes_.erase(it);
      return;
    }
    it->second = std::move(*record);
    Count(it->second, +1);
  } else if (record) {
    Count(*record, +1);
    nodes_.emplace(id, std::move(*record));
  }
}

void GraphState::SetEdge(const Uuid& id, std::optional<EdgeRecord> record) {
  auto it = edges_.find(id);
  if (it != edges_.end()) {
    const EdgeSlot* slot = &*it;
    Count(it->second, -1);
    if (!record || record->src != it->second.src || record->dst != it->second.dst) {
      Unlink(&out_[it->second.src], slot);
      Unlink(&in_[it->second.dst], slot);
      if (!record) {
        edges_.erase(it);
        return;
      }
      Link(&out_[record->src], slot);
      Link(&in_[record->dst], slot);
    }
    it->second = std::move(*record);
    Count(it->second, +1);
  } else if (record) {
    Count(*record, +1);
    Uuid src = record->src, dst = record->dst;
    const EdgeSlot* slot = &*edges_.emplace(id, std::move(*record)).first;
    Link(&out_[src], slot);
    Link(&in_[dst], slot);
  }
}

void GraphState::Apply(Mutation m) {
  max_lsn_ = std::max(max_lsn_, m.lsn);
  switch (m.kind) {
    case MutationKind::kUpsertNode:
    case MutationKind::kTombstoneNode: {
      const NodeRecord* old = NodeRecordOf(m.id);
      if (old && old->lsn > m.lsn) return;
      NodeRecord r;
      r.lsn = m.lsn;
      r.deleted = m.kind == MutationKind::kTombstoneNode;
      if (!r.deleted) {
        r.labels = std::move(m.labels);
        r.properties = std::move(m.properties);
      }
      SetNode(m.id, std::move(r));
      return;
    }
    case MutationKind::kUpsertEdge:
    case MutationKind::kTombstoneEdge: {
      const EdgeRecord* old = EdgeRecordOf(m.id);
      if (old && old->lsn > m.lsn) return;
      EdgeRecord r;
      r.lsn = m.lsn;
      r.deleted = m.kind == MutationKind::kTombstoneEdge;
      r.type = std::move(m.type), r.src = m.src, r.dst = m.dst;
      if (!r.deleted) r.properties = std::move(m.properties);
      SetEdge(m.id, std::move(r));
      return;
    }
  }
}

const NodeRecord* GraphState::NodeRecordOf(const Uuid& id) const {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second;
}

const EdgeRecord* GraphState::EdgeRecordOf(const Uuid& id) const {
  auto it = edges_.find(id);
  return it == edges_.end() ? nullptr : &it->second;
}

const NodeRecord* GraphState::FindNode(const Uuid& id) const {
  const NodeRecord* r = NodeRecordOf(id);
  return r && !r->deleted ? r : nullptr;
}

const EdgeRecord* GraphState::FindEdge(const Uuid& id) const {
  const EdgeRecord* r = EdgeRecordOf(id);
  return r && !r->deleted ? r : nullptr;
}

std::vector<Uuid> GraphState::NodeIds(const std::string& label) const {
  std::vector<Uuid> out;
  for (const auto& [id, r] : nodes_) {
    if (r.deleted) continue;
    if (!label.empty() && std::find(r.labels.begin(), r.labels.end(), label) == r.labels.end()) {
      continue;
    }
    out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Uuid> GraphState::EdgeIds() const {
  std::vector<Uuid> out;
  for (const auto& [id, r] : edges_) {
    if (!r.deleted) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

template <typename Slot, typename Map>
std::vector<const Slot*> Sorted(const Map& map, uint64_t after_lsn, bool live_only) {
  std::vector<const Slot*> out;
  for (const auto& slot : map) {
    if (slot.second.lsn > after_lsn && !(live_only && slot.second.deleted)) out.push_back(&slot);
  }
  std::sort(out.begin(), out.end(), [](const Slot* a, const Slot* b) { return a->first < b->first; });
  return out;
}

}  // namespace

std::vector<const GraphState::NodeSlot*> GraphState::SortedNodes(uint64_t after_lsn,
                                                                 bool live_only) const {
  return Sorted<NodeSlot>(nodes_, after_lsn, live_only);
}

std::vector<const GraphState::EdgeSlot*> GraphState::SortedEdges(uint64_t after_lsn,
                                                                 bool live_only) const {
  return Sorted<EdgeSlot>(edges_, after_lsn, live_only);
}

std::vector<Uuid> GraphState::EdgeEndpoints(bool outgoing) const {
  std::vector<Uuid> out;
  for (const auto& [node, edges] : outgoing ? out_ : in_) {
    if (!edges.empty()) out.push_back(node);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<const GraphState::EdgeSlot*>& GraphState::EdgesAt(const Uuid& node,
                                                                    bool outgoing) const {
  static const std::vector<const EdgeSlot*> kNone;
  const Adjacency& index = outgoing ? out_ : in_;
  auto it = index.find(node);
  return it == index.end() ? kNone : it->second;
}

void GraphState::PurgeTombstones() {
  std::vector<Uuid> dead;
  for (const auto& [id, r] : edges_) {
    if (r.deleted) dead.push_back(id);
  }
  for (const Uuid& id : dead) SetEdge(id, std::nullopt);
  dead.clear();
  for (const auto& [id, r] : nodes_) {
    if (r.deleted) dead.push_back(id);
  }
  for (const Uuid& id : dead) SetNode(id, std::nullopt);
  std::erase_if(out_, [](const auto& entry) { return entry.second.empty(); });
  std::erase_if(in_, [](const auto& entry) { return entry.second.empty(); });
}

std::vector<Uuid> GraphState::Adjacent(const Adjacency& index, const Uuid& node,
                                       const std::string& type) const {
  std::vector<Uuid> out;
  auto it = index.find(node);
  if (it == index.end()) return out;
  for (const EdgeSlot* edge : it->second) {
    const EdgeRecord& r = edge->second;
    if (!r.deleted && (type.empty() || r.type == type)) out.push_back(edge->first);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Uuid> GraphState::OutEdges(const Uuid& node, const std::string& type) const {
  return Adjacent(out_, node, type);
}

std::vector<Uuid> GraphState::InEdges(const Uuid& node, const std::string& type) const {
  return Adjacent(in_, node, type);
}

}  // namespace namidb
