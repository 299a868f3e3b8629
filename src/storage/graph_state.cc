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

// Adds `sign` to counts[key], dropping keys that reach zero so that the
// statistics name only what is in the graph now.
void Bump(std::map<std::string, uint64_t>* counts, const std::string& key, int sign) {
  uint64_t& n = (*counts)[key];
  n = sign > 0 ? n + 1 : n - 1;
  if (n == 0) counts->erase(key);
}

template <typename T>
uint64_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() == 0 ? 0 : AllocationBytes(v.capacity() * sizeof(T));
}

}  // namespace

uint64_t AllocationBytes(uint64_t n) {
  if (n == 0) return 0;
  constexpr uint64_t kWord = sizeof(size_t);
  uint64_t chunk = (n + kWord + 2 * kWord - 1) / (2 * kWord) * (2 * kWord);
  return std::max(chunk, 4 * kWord);
}

uint64_t HeapBytes(const std::string& text) {
  // Text within the short-string buffer takes no allocation.
  static const size_t kInline = std::string().capacity();
  return text.capacity() > kInline ? AllocationBytes(text.capacity() + 1) : 0;
}

uint64_t HeapBytes(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kString:
      return HeapBytes(value.as_string());
    case ValueKind::kBytes:
      return HeapBytes(value.as_bytes());
    case ValueKind::kList: {
      const ValueList& list = value.as_list();
      uint64_t bytes = VectorBytes(list);
      for (const Value& v : list) bytes += HeapBytes(v);
      return bytes;
    }
    case ValueKind::kMap:
      return HeapBytes(value.as_map());
    default:
      return 0;  // held inline (nodes, relationships and paths are never stored)
  }
}

uint64_t HeapBytes(const ValueMap& map) {
  uint64_t bytes =
      map.capacity() == 0 ? 0 : AllocationBytes(map.capacity() * sizeof(ValueMap::Entry));
  for (const auto& [key, value] : map) bytes += HeapBytes(key) + HeapBytes(value);
  return bytes;
}

uint64_t HeapBytes(const NodeRecord& record) {
  uint64_t bytes = VectorBytes(record.labels) + HeapBytes(record.properties);
  for (const auto& label : record.labels) bytes += HeapBytes(label);
  return bytes;
}

uint64_t HeapBytes(const EdgeRecord& record) {
  return HeapBytes(record.type) + HeapBytes(record.properties);
}

uint64_t GraphState::AdjacencyBytes(const NodeEntry& entry) {
  return VectorBytes(entry.out) + VectorBytes(entry.in);
}

uint64_t GraphState::bytes() const { return bytes_ + nodes_.bytes() + edges_.bytes(); }

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

void GraphState::Count(const NodeRecord& r, int sign) {
  if (counted_) CountNode(&stats_, r, sign);
}
void GraphState::Count(const EdgeRecord& r, int sign) {
  if (counted_) CountEdge(&stats_, r, sign);
}

void GraphState::SetNode(const Uuid& id, std::optional<NodeRecord> record) {
  NodeSlot* slot = nodes_.Find(id);
  if (!slot) {
    if (!record) return;
    slot = nodes_.TryEmplace(id).first;
  }
  NodeEntry& entry = slot->second;
  if (entry.record) {
    Count(*entry.record, -1);
    bytes_ -= HeapBytes(*entry.record);
  }
  entry.record = std::move(record);
  if (entry.record) {
    Count(*entry.record, +1);
    bytes_ += HeapBytes(*entry.record);
  } else {
    MaybeErase(slot);
  }
}

void GraphState::MaybeErase(NodeSlot* node) {
  const NodeEntry& entry = node->second;
  if (!entry.record && entry.out.empty() && entry.in.empty()) {
    bytes_ -= AdjacencyBytes(entry);
    nodes_.Erase(node);
  }
}

void GraphState::Link(const Uuid& node, const EdgeSlot* edge, bool outgoing) {
  NodeEntry& entry = nodes_.TryEmplace(node).first->second;
  bytes_ -= AdjacencyBytes(entry);
  (outgoing ? entry.out : entry.in).push_back(edge);
  bytes_ += AdjacencyBytes(entry);
}

void GraphState::Unlink(const Uuid& node, const EdgeSlot* edge, bool outgoing) {
  NodeSlot* slot = nodes_.Find(node);
  if (!slot) return;
  auto& edges = outgoing ? slot->second.out : slot->second.in;
  // Removing keeps the vector's capacity: its bytes do not change.
  auto at = std::find(edges.begin(), edges.end(), edge);
  if (at != edges.end()) {
    *at = edges.back();
    edges.pop_back();
  }
  MaybeErase(slot);
}

void GraphState::SetEdge(const Uuid& id, std::optional<EdgeRecord> record) {
  EdgeSlot* slot = edges_.Find(id);
  if (slot) {
    ReplaceEdge(slot, std::move(record));
  } else if (record) {
    AddedEdge(edges_.TryEmplace(id, std::move(*record)).first);
  }
}

void GraphState::ReplaceEdge(EdgeSlot* slot, std::optional<EdgeRecord> record) {
  Count(slot->second, -1);
  bytes_ -= HeapBytes(slot->second);
  if (!record || record->src != slot->second.src || record->dst != slot->second.dst) {
    Unlink(slot->second.src, slot, true);
    Unlink(slot->second.dst, slot, false);
    if (!record) {
      edges_.Erase(slot);
      return;
    }
    Link(record->src, slot, true);
    Link(record->dst, slot, false);
  }
  slot->second = std::move(*record);
  Count(slot->second, +1);
  bytes_ += HeapBytes(slot->second);
}

void GraphState::AddedEdge(EdgeSlot* slot) {
  Count(slot->second, +1);
  bytes_ += HeapBytes(slot->second);
  Link(slot->second.src, slot, true);
  Link(slot->second.dst, slot, false);
}

namespace {

NodeRecord NodeRecordFrom(Mutation&& m) {
  NodeRecord r;
  r.lsn = m.lsn;
  r.deleted = m.kind == MutationKind::kTombstoneNode;
  if (!r.deleted) {
    r.labels = std::move(m.labels);
    r.properties = std::move(m.properties);
  }
  return r;
}

EdgeRecord EdgeRecordFrom(Mutation&& m) {
  EdgeRecord r;
  r.lsn = m.lsn;
  r.deleted = m.kind == MutationKind::kTombstoneEdge;
  r.type = std::move(m.type), r.src = m.src, r.dst = m.dst;
  if (!r.deleted) r.properties = std::move(m.properties);
  return r;
}

}  // namespace

void GraphState::Apply(Mutation m) {
  switch (m.kind) {
    case MutationKind::kUpsertNode:
    case MutationKind::kTombstoneNode:
      ApplyToNode(std::move(m), nullptr);
      return;
    case MutationKind::kUpsertEdge:
    case MutationKind::kTombstoneEdge:
      ApplyToEdge(std::move(m), nullptr);
      return;
  }
}

const NodeRecord& GraphState::ApplyToNode(Mutation m, std::optional<NodeRecord>* before) {
  max_lsn_ = std::max(max_lsn_, m.lsn);
  std::optional<NodeRecord>& record = nodes_.TryEmplace(m.id).first->second.record;
  if (before) *before = record;
  if (record && record->lsn > m.lsn) return *record;
  if (record) {
    Count(*record, -1);
    bytes_ -= HeapBytes(*record);
  }
  record = NodeRecordFrom(std::move(m));
  Count(*record, +1);
  bytes_ += HeapBytes(*record);
  return *record;
}

const EdgeRecord& GraphState::ApplyToEdge(Mutation m, std::optional<EdgeRecord>* before) {
  max_lsn_ = std::max(max_lsn_, m.lsn);
  const Uuid id = m.id;
  EdgeRecord r = EdgeRecordFrom(std::move(m));
  // TryEmplace leaves `r` alone when the id is there already.
  auto [slot, added] = edges_.TryEmplace(id, std::move(r));
  if (added) {
    if (before) before->reset();
    AddedEdge(slot);
    return slot->second;
  }
  if (before) *before = slot->second;
  if (slot->second.lsn > r.lsn) return slot->second;
  ReplaceEdge(slot, std::move(r));
  return slot->second;
}

const NodeRecord* GraphState::NodeRecordOf(const Uuid& id) const {
  const NodeSlot* slot = nodes_.Find(id);
  return !slot || !slot->second.record ? nullptr : &*slot->second.record;
}

const EdgeRecord* GraphState::EdgeRecordOf(const Uuid& id) const {
  const EdgeSlot* slot = edges_.Find(id);
  return slot ? &slot->second : nullptr;
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
  for (const auto& [id, entry] : nodes_) {
    const auto& r = entry.record;
    if (!r || r->deleted) continue;
    if (!label.empty() && std::find(r->labels.begin(), r->labels.end(), label) == r->labels.end()) {
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

std::vector<std::pair<Uuid, const NodeRecord*>> GraphState::SortedNodes() const {
  std::vector<std::pair<Uuid, const NodeRecord*>> out;
  for (const auto& [id, entry] : nodes_) {
    if (entry.record) out.emplace_back(id, &*entry.record);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::vector<std::pair<uint64_t, const GraphState::EdgeSlot*>> GraphState::SortedEdges() const {
  // Sorting slot pointers by the ids behind them misses the cache on every
  // comparison; sorting by the id's leading word held inline does not, and
  // only equal words (rare) look further.
  std::vector<std::pair<uint64_t, const EdgeSlot*>> keyed;
  keyed.reserve(edges_.size());
  for (const auto& slot : edges_) keyed.emplace_back(slot.first.Word(0), &slot);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.second->first < b.second->first;
  });
  return keyed;
}

std::vector<GraphState::EdgesOfNode> GraphState::EdgeEndpoints(bool outgoing) const {
  std::vector<EdgesOfNode> out;
  for (const auto& [node, entry] : nodes_) {
    const auto& edges = outgoing ? entry.out : entry.in;
    if (!edges.empty()) out.emplace_back(node, &edges);
  }
  std::sort(out.begin(), out.end(),
            [](const EdgesOfNode& a, const EdgesOfNode& b) { return a.first < b.first; });
  return out;
}

std::vector<Uuid> GraphState::Adjacent(const Uuid& node, bool outgoing,
                                       const std::string& type) const {
  std::vector<Uuid> out;
  const NodeSlot* slot = nodes_.Find(node);
  if (!slot) return {};
  for (const EdgeSlot* edge : outgoing ? slot->second.out : slot->second.in) {
    const EdgeRecord& r = edge->second;
    if (!r.deleted && (type.empty() || r.type == type)) out.push_back(edge->first);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Uuid> GraphState::OutEdges(const Uuid& node, const std::string& type) const {
  return Adjacent(node, true, type);
}

std::vector<Uuid> GraphState::InEdges(const Uuid& node, const std::string& type) const {
  return Adjacent(node, false, type);
}

}  // namespace namidb
