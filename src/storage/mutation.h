// Mutation: one change to the graph, as staged by a writer, logged in a WAL
// segment and replayed on recovery. Every mutation carries its LSN; when two
// mutations touch the same element, the one with the larger LSN wins.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/uuid.h"
#include "core/value.h"

namespace namidb {

enum class MutationKind : uint8_t {
  kUpsertNode = 1,     // id, labels, properties (replaces the node's labels and properties)
  kTombstoneNode = 2,  // id
  kUpsertEdge = 3,     // id, type, src, dst, properties (replaces the properties)
  kTombstoneEdge = 4,  // id, type, src, dst (of the edge deleted)
};

struct Mutation {
  MutationKind kind = MutationKind::kUpsertNode;
  uint64_t lsn = 0;
  Uuid id;
  std::vector<std::string> labels;  // nodes
  std::string type;                 // edges
  Uuid src;                         // edges
  Uuid dst;                         // edges
  ValueMap properties;

  friend bool operator==(const Mutation&, const Mutation&);
};

}  // namespace namidb
