#include "storage/memtable_adjacency.h"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/id_coding.h"
#include "storage/record_codec.h"

namespace namidb {

Status WriteMemtableAdjacency(const GraphState& mem, const MemtableTypes& types, bool outgoing,
                              RunWriter* writer) {
  using Slot = GraphState::EdgeSlot;
  std::vector<std::string_view> encoded_of, name_of;         // by position in `types`
  std::unordered_map<std::string_view, size_t> position_of;  // name -> position
  for (const auto& [encoded, type] : types) {
    position_of.emplace(type.name, encoded_of.size());
    encoded_of.emplace_back(encoded);
    name_of.push_back(type.name);
  }
  std::string key, value;
  auto add = [&](size_t type, const Uuid& node, const Slot* edge) {
    const EdgeRecord& r = edge->second;
    key = encoded_of[type];
    PutUuid(&key, node);
    PutUuid(&key, edge->first);
    value.clear();
    PutUuid(&value, outgoing ? r.dst : r.src);
    value.push_back(static_cast<char>(r.deleted ? kRecordDeleted : 0));
    return writer->Add(key, value);
  };

  // With one type the entries go out as they come.
  const bool one_type = types.size() == 1;
  using Entry = std::pair<const Uuid*, const Slot*>;  // (node, edge)
  std::vector<std::vector<Entry>> by_type;
  if (one_type) {
    NAMIDB_RETURN_IF_ERROR(writer->Cut());
  } else {
    for (const auto& [encoded, type] : types) by_type.emplace_back().reserve(type.edges);
  }
  const std::vector<GraphState::EdgesOfNode> endpoints = mem.EdgeEndpoints(outgoing);
  // A node's edges sorted by the leading word of their ids held inline:
  // comparing through the slot pointers missed the cache at every step.
  std::vector<std::pair<uint64_t, const Slot*>> row;
  size_t last = 0;  // a node's edges of one type tend to come together
  for (const auto& [node, edges] : endpoints) {
    row.clear();
    for (const Slot* edge : *edges) row.emplace_back(edge->first.Word(0), edge);
    std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return a.second->first < b.second->first;
    });
    for (const auto& [word, edge] : row) {
      if (one_type) {
        NAMIDB_RETURN_IF_ERROR(add(0, node, edge));
        continue;
      }
      if (name_of[last] != edge->second.type) {
        auto at = position_of.find(edge->second.type);
        if (at == position_of.end()) return Status::Internal("an edge of a type the flush missed");
        last = at->second;
      }
      by_type[last].emplace_back(&node, edge);
    }
  }
  for (size_t t = 0; t < by_type.size(); ++t) {
    NAMIDB_RETURN_IF_ERROR(writer->Cut());  // one type per table
    for (const auto& [node, edge] : by_type[t]) NAMIDB_RETURN_IF_ERROR(add(t, *node, edge));
    by_type[t] = {};  // written: its memory goes back before the next type's
  }
  return Status::OK();
}

}  // namespace namidb
