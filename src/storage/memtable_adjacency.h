// WriteMemtableAdjacency: a flush's adjacency entries of one direction, from
// the memtable, in the by-type layout (adjacency_codec.h).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "storage/graph_state.h"
#include "storage/run_writer.h"

namespace namidb {

// A relationship type the memtable holds: its name (a view into a record)
// and how many of its edges (tombstones included) the memtable holds.
struct MemtableType {
  std::string_view name;
  size_t edges = 0;
};
// By the type's encoding (length first): the order of the adjacency tables.
using MemtableTypes = std::map<std::string, MemtableType>;

// Each type's entries in a table of their own (`writer` is cut before each),
// types in the order of `types`, then node by node, each node's edges of the
// type by id. Tombstones too: they hide the edge's entries in older runs.
//
// One pass over the memtable's adjacency, without a hash probe per node:
// each node's edges are sorted by id and, when there are several types,
// dealt out to their types first (two pointers an edge, reserved exactly, a
// small part of what the memtable holds for it).
Status WriteMemtableAdjacency(const GraphState& mem, const MemtableTypes& types, bool outgoing,
                              RunWriter* writer);

}  // namespace namidb
