// Compaction: merges every run of data files into one bottom-level run.
//
// For each kind, the runs' tables are read in key order, block batch by
// block batch (not through the block cache, which readers need), and merged:
// of several versions of a key the newest run's wins, and a tombstone is
// dropped together with everything it hides, since nothing older remains.
// The label index and the property indexes of `indexes` are rebuilt from the
// merged nodes, which drops entries a newer version of a node made stale. Memory stays bounded by
// one batch of blocks per run, one table being built, and the ids per label.
#pragma once

#include <functional>
#include <vector>

#include "storage/column_codec.h"
#include "storage/graph_reader.h"
#include "storage/run_writer.h"

namespace namidb {

struct CompactionOptions {
  size_t blocks_per_read = 32;                         // blocks fetched per run and batched call
  uint64_t max_run_column_bytes = kMaxRunColumnBytes;  // storage/column_builder.h
};

// Writes the merged run (level and LSN from `spec`) and returns its tables.
Result<std::vector<TableRef>> CompactRuns(ObjectStore& store, const NamespaceLayout& layout,
                                          const std::vector<GraphReader::Run>& runs,
                                          const RunSpec& spec,
                                          const std::vector<IndexedProperty>& indexes = {},
                                          const CompactionOptions& options = {});

// Every live node of `runs` (newest version; tombstones and what they hide
// left out), in id order, read as a compaction reads: for building the
// property indexes of existing data.
Status ForEachLiveNode(ObjectStore& store, const std::vector<GraphReader::Run>& runs,
                       const std::function<Status(const Uuid&, const NodeRecord&)>& visit,
                       const CompactionOptions& options = {});

}  // namespace namidb
