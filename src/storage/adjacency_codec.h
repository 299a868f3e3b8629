// Adjacency tables: the edges of each node, written by a flush beside the
// node and edge tables, one table per direction ("out": by source, "in": by
// destination), so that expanding a node is one prefix scan of one table.
//
//   key   := node:16 | type_len:varint | type | edge:16
//   value := other endpoint:16 | flags:u8 (bit 0: the edge was deleted)
//
// All edges of a node share the 16-byte prefix `node`; those of one type share
// `node | type_len | type`. Keys sort by node, then type, then edge id: each
// node's neighbourhood is contiguous, in the manner of a CSR row. An edge's
// endpoints never change, so a tombstone in a newer table has the same key
// as the entry it hides in an older one.
#pragma once

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

std::string AdjacencyKey(const Uuid& node, std::string_view type, const Uuid& edge);
// The prefix of every key of `node`, or of its edges of one `type`.
std::string AdjacencyPrefix(const Uuid& node, std::optional<std::string_view> type = std::nullopt);
std::string AdjacencyValue(const Uuid& other, bool deleted);
Result<AdjacencyEntry> DecodeAdjacency(std::string_view key, std::string_view value,
                                       std::string_view table_key);
Result<AdjacencyView> DecodeAdjacencyView(std::string_view key, std::string_view value,
                                          std::string_view table_key);

}  // namespace namidb
