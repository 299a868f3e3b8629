// The manifest: the one mutable object of a namespace, and its source of
// truth. It names every immutable object that makes up the current state (runs
// of data files, then the WAL segments committed since), carries the writer epoch that
// fences stale writers, and the statistics a query planner needs.
//
// Stored as JSON (docs/format.md, "Manifest"); swapped only by a conditional
// put on its version token, so every version is written by exactly one writer.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace namidb {

// Version 2 added `checkpoint` and retired WAL ranges; version 3 property
// index tables ("props") and `stored_indexes`; version 4 property column
// tables ("cols"); version 5 adjacency by type first ("out_by_type",
// "in_by_type", adjacency_codec.h). Versions 1 to 4 are read too.
constexpr uint32_t kManifestFormatVersion = 5;

struct WalRef {
  std::string key;  // relative to the namespace root, e.g. "wal/..."
  uint64_t first_lsn = 0;
  uint64_t last_lsn = 0;
  uint64_t size = 0;
  friend bool operator==(const WalRef&, const WalRef&) = default;
};

// Tables form runs: the tables one flush or compaction wrote together, which
// share `max_lsn`. A flush writes a run at level 0 holding what changed since
// the previous flush (tombstones included); a compaction merges every run
// into one at the bottom level, without tombstones.
constexpr uint64_t kBottomLevel = 1;

// A data file: a sorted table (table_format.h) of one kind.
struct TableRef {
  std::string key;   // relative to the namespace root, e.g. "sst/nodes-..."
  std::string kind;  // "nodes", "edges", adjacency by source / destination
                     // ("out_by_type" / "in_by_type", one type per table; "out"
                     // / "in" before version 5), the label index "labels", a
                     // property index "props" (one (label, property) per
                     // table) or property columns "cols"
  uint64_t level = 0;
  std::string smallest;  // its first and last key: a run may split a kind
  std::string largest;   // into several tables with disjoint key ranges
  uint64_t size = 0;
  uint64_t meta_size = 0;  // bytes at the end holding index, bloom filter and footer
  uint64_t entries = 0;
  uint64_t max_lsn = 0;
  friend bool operator==(const TableRef&, const TableRef&) = default;
};

// Objects that an earlier manifest version referenced and this one does
// not. Readers pinned to an earlier version may still read them, so they are
// deleted only after a grace period. Either one object (a table or
// checkpoint a compaction or flush replaced), or, with an empty key, every
// WAL segment whose first LSN is at most `wal_through_lsn` (what a flush
// replaced: one entry however many segments).
struct RetiredRef {
  std::string key;  // relative to the namespace root; empty for a WAL range
  uint64_t wal_through_lsn = 0;
  int64_t retired_at_ms = 0;
  friend bool operator==(const RetiredRef&, const RetiredRef&) = default;
};

struct GraphStats {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  std::map<std::string, uint64_t> labels;         // live nodes per label
  std::map<std::string, uint64_t> types;          // live edges per type
  std::map<std::string, uint64_t> property_keys;  // live nodes and edges per property key
  friend bool operator==(const GraphStats&, const GraphStats&) = default;
};

// A schema object users declare: an index on a node property, or a
// uniqueness constraint (which is also an index).
struct SchemaEntry {
  std::string name;
  // "index", "unique" (a uniqueness constraint, which is an index too),
  // "exists" (every node of the label has the property; no index) or
  // "type" (where a node of the label has the property, its value is of
  // one of `types`; no index).
  std::string kind;
  std::string label;
  std::string property;
  std::vector<std::string> types;  // "type": property type names (core/property_type.h)
  friend bool operator==(const SchemaEntry&, const SchemaEntry&) = default;
};

// Whether `e` gives its (label, property) an index: an index or a
// uniqueness constraint.
inline bool HasIndex(const SchemaEntry& e) { return e.kind == "index" || e.kind == "unique"; }

// A (label, property) pair whose property index the data files hold.
struct IndexedProperty {
  std::string label;
  std::string property;
  friend bool operator==(const IndexedProperty&, const IndexedProperty&) = default;
  // By label, then property (libc++ 14 has no <=> for strings).
  friend bool operator<(const IndexedProperty& a, const IndexedProperty& b) {
    return a.label != b.label ? a.label < b.label : a.property < b.property;
  }
};

struct Manifest {
  std::string ns;
  uint64_t version = 0;          // +1 on every swap
  uint64_t writer_epoch = 0;     // raised by every writer that claims the namespace
  uint64_t last_lsn = 0;         // the largest LSN of any committed mutation
  uint64_t flushed_lsn = 0;      // the tables hold every mutation up to here, the WAL the rest
  std::vector<TableRef> tables;  // the flushed state, newest run first
  std::vector<WalRef> wal;       // commits after the flush, in LSN order
  // An immutable copy of the manifest version that last changed the tables
  // or the schema (checkpoint/...json), from which a lost manifest is
  // recovered (storage/recovery.h); empty until the first flush.
  std::string checkpoint;
  std::vector<RetiredRef> retired;
  GraphStats stats;
  std::vector<SchemaEntry> schema;  // indexes and constraints, by name
  // The (label, property) pairs of the schema whose every node the "props"
  // tables index (as of the tables; the WAL's changes are read over them),
  // ascending. A pair of the schema not listed here (a namespace written
  // before version 3) is indexed in memory by each reader until a flush or
  // compaction builds its tables.
  std::vector<IndexedProperty> stored_indexes;
  friend bool operator==(const Manifest&, const Manifest&) = default;
};

// The distinct (label, property) pairs the schema indexes, ascending.
std::vector<IndexedProperty> SchemaIndexes(const std::vector<SchemaEntry>& schema);
bool IsStoredIndex(const Manifest& manifest, const std::string& label, const std::string& property);

// The bytes of the WAL segments the manifest lists (the WAL since the last flush).
uint64_t WalBytes(const Manifest& manifest);

// InvalidArgument if a name it holds (a label, type, property key or index
// name) is not UTF-8.
Result<std::string> EncodeManifest(const Manifest& manifest);
// Corruption naming `object_key` for anything malformed or inconsistent.
Result<Manifest> DecodeManifest(std::string_view text, std::string_view object_key);

}  // namespace namidb
