// Compaction: merges adjacent runs of data files into one run.
//
// For each kind, the runs' tables are read in key order, block batch by
// block batch (not through the block cache, which readers need), and merged:
// of several versions of a key the newest run's wins. A merge that includes
// the oldest run (`drop_tombstones`) drops a tombstone together with
// everything it hides, since nothing older remains; a merge of newer runs
// only keeps tombstones, which hide versions in older runs it left alone.
// The label index, the property columns and the property indexes of
// `indexes` are rebuilt from the merged live nodes, which drops entries a
// newer version of a node made stale. A merge of newer runs also keeps the
// property index entries of its inputs for nodes none of its inputs holds
// (what building an index wrote into the newest run for older nodes). Memory
// stays bounded by one batch of blocks per run, one table being built, the
// ids per label, and (merging newer runs with stored indexes) the merged ids.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "storage/column_codec.h"
#include "storage/graph_reader.h"
#include "storage/run_writer.h"

namespace namidb {

struct CompactionOptions {
  size_t blocks_per_read = 32;                         // blocks fetched per run and batched call
  uint64_t max_run_column_bytes = kMaxRunColumnBytes;  // storage/column_builder.h
  // The merge includes the oldest run: tombstones and what they hide go.
  bool drop_tombstones = true;
};

// Writes the merged run of `runs` (adjacent, newest first; level and LSN
// from `spec`) and returns its tables.
Result<std::vector<TableRef>> CompactRuns(ObjectStore& store, const NamespaceLayout& layout,
                                          std::span<const GraphReader::Run> runs,
                                          const RunSpec& spec,
                                          const std::vector<IndexedProperty>& indexes = {},
                                          const CompactionOptions& options = {});

// What of each node a visit needs: building an index needs the nodes of
// its labels and the properties it indexes, not every record decoded whole.
struct NodeProjection {
  std::vector<std::string> labels;  // a node with none of them is not visited
  std::vector<std::string> keys;    // ascending: the only properties decoded
};

// Every live node of `runs` (newest version; tombstones and what they hide
// left out), in id order, read as a compaction reads: for building the
// property indexes of existing data. With `projection`, only the nodes of
// its labels, with only its properties (every label of theirs kept).
Status ForEachLiveNode(ObjectStore& store, std::span<const GraphReader::Run> runs,
                       const std::function<Status(const Uuid&, const NodeRecord&)>& visit,
                       const CompactionOptions& options = {},
                       const NodeProjection* projection = nullptr);

// The projection that building the indexes of `pairs` needs.
NodeProjection ProjectionOf(const std::vector<IndexedProperty>& pairs);

// Size-tiered choice of the runs a flush merges (WriterSession::Flush).
struct TieringOptions {
  // More than this many adjacent runs of similar size merge (at least 1).
  size_t merge_over_runs = 4;
  // Runs are of similar size when the largest of them is at most this many
  // times the smallest.
  double size_ratio = 2.0;
  // A run smaller than this counts as this large: small runs (flushes of a
  // few commits) merge together whatever their sizes.
  uint64_t min_run_bytes = 4u << 20;
  // More runs than this merge the adjacent merge_over_runs + 1 of least
  // total size, similar or not, so that a lookup's runs stay bounded (0: no
  // limit).
  size_t max_runs = 32;
};

// The runs [first, last) to merge, given every run's bytes, newest first:
// the newest window of more than `merge_over_runs` adjacent runs of similar
// size, as long as similar runs go on (a window that reaches the oldest run
// makes a bottom run); else, past `max_runs`, the smallest window of
// merge_over_runs + 1; else none.
std::optional<std::pair<size_t, size_t>> PickRunsToMerge(std::span<const uint64_t> run_bytes,
                                                         const TieringOptions& options);

}  // namespace namidb
