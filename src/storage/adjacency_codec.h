// Adjacency tables: the edges of each node, written by a flush beside the
// node and edge tables, per direction ("out": by source, "in": by
// destination), so that expanding a node is one prefix scan per type.
//
// Two layouts. Since manifest format version 5 a flush or compaction writes
// the kinds "out_by_type" / "in_by_type", keys type first, one type per
// table:
//
//   key   := type_len:varint | type | node:16 | edge:16
//
// so that the edges of one type are contiguous, in tables of their own: a
// query over one relationship type reads that type's entries and no other.
// Earlier versions wrote "out" / "in", keys node first, every type in one
// table, which readers still read and compaction rewrites:
//
//   key   := node:16 | type_len:varint | type | edge:16
//
// In both, value := other endpoint:16 | flags:u8 (bit 0: the edge was
// deleted), and the keys of one (node, type) share a prefix and end with the
// edge id: a CSR row of one type. An edge's endpoints never change, so a
// tombstone in a newer table has the key of the entry it hides in an older
// table of its layout, and the same edge id at the end of its group in the
// other layout.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/uuid.h"

namespace namidb {

struct AdjacencyEntry {
  Uuid node;
  std::string type;
  Uuid edge;
  Uuid other;
  bool deleted = false;
};

// The same, its type a view into the key it was decoded from: what a scan
// over many entries decodes, without a string per edge.
struct AdjacencyView {
  Uuid node;
  std::string_view type;
  Uuid edge;
  Uuid other;
  bool deleted = false;
};

enum class AdjacencyLayout { kByNode, kByType };

// The table kind of a direction in a layout.
std::string_view AdjacencyKind(bool outgoing, AdjacencyLayout layout);
// Whether `kind` is an adjacency kind, and its layout.
std::optional<AdjacencyLayout> AdjacencyLayoutOf(std::string_view kind);

// The key of an edge of `node` in the by-node layout ("out" / "in").
std::string AdjacencyKey(const Uuid& node, std::string_view type, const Uuid& edge);
// The key of an edge of `node` in the by-type layout.
std::string TypedAdjacencyKey(std::string_view type, const Uuid& node, const Uuid& edge);
// The prefix every key of (`node`, `type`) shares in `layout`.
std::string AdjacencyGroupPrefix(AdjacencyLayout layout, const Uuid& node, std::string_view type);
// The prefix of every key of `type` in the by-type layout.
std::string TypedAdjacencyTypePrefix(std::string_view type);
// The prefix of every key of `node`, or of its edges of one `type`.
std::string AdjacencyPrefix(const Uuid& node, std::optional<std::string_view> type = std::nullopt);
std::string AdjacencyValue(const Uuid& other, bool deleted);
Result<AdjacencyEntry> DecodeAdjacency(std::string_view key, std::string_view value,
                                       std::string_view table_key);
Result<AdjacencyView> DecodeAdjacencyView(std::string_view key, std::string_view value,
                                          std::string_view table_key);
// The same for a key of the by-type layout.
Result<AdjacencyView> DecodeTypedAdjacencyView(std::string_view key, std::string_view value,
                                               std::string_view table_key);

// What an entry found under a (node, type) group prefix of `prefix_size`
// bytes holds beyond it, in either layout: the edge id ending its key, the
// other endpoint and the tombstone flag.
struct AdjacencyTail {
  Uuid edge;
  Uuid other;
  bool deleted = false;
};
Result<AdjacencyTail> DecodeAdjacencyTail(std::string_view key, size_t prefix_size,
                                          std::string_view value, std::string_view table_key);
// The same for loops over many entries, with no Result per entry (in wasm
// its construction and destruction cost more than the decoding): false when
// the entry is malformed, and DecodeAdjacencyTail then says how.
inline bool ReadAdjacencyTail(std::string_view key, size_t prefix_size, std::string_view value,
                              AdjacencyTail* out) {
  constexpr size_t kId = sizeof(Uuid);
  if (key.size() != prefix_size + kId || value.size() != kId + 1) return false;
  const auto flags = static_cast<uint8_t>(value[kId]);
  if ((flags & ~uint8_t{1}) != 0) return false;  // bit 0, kRecordDeleted, is the only flag
  std::memcpy(out->edge.bytes.data(), key.data() + prefix_size, kId);
  std::memcpy(out->other.bytes.data(), value.data(), kId);
  out->deleted = flags != 0;
  return true;
}
// The type of a by-type key (its first field), without checking the rest.
Result<std::string_view> TypedAdjacencyKeyType(std::string_view key, std::string_view table_key);

}  // namespace namidb
