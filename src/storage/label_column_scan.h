// A label's property columns read a window of its stored nodes at a time:
// GraphReader::ScanLabelColumns reads one window of them all, NodeCursor
// many in turn (a scan a LIMIT may stop, or one larger than a statement's
// memory). The column blocks a window needs come in one batched read, and a
// decoded chunk stays for the windows after while it still holds their rows.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/column_codec.h"
#include "storage/graph_reader.h"

namespace namidb {

class LabelColumnScan {
 public:
  // `properties` ascending. `conditions` (each on one of them) drop the
  // chunks whose statistics rule one out, and the rows whose value fails
  // one (ColumnCondition, MayHold: certainly false or null); the rows kept
  // still need the caller's check.
  static Result<std::unique_ptr<LabelColumnScan>> Open(GraphReader& reader, std::string label,
                                                       std::vector<std::string> properties,
                                                       std::vector<ColumnCondition> conditions);

  // The label's nodes in the data files, ascending: window positions.
  const std::shared_ptr<const std::vector<Uuid>>& ids() const { return rows_->ids; }
  const std::vector<std::string>& properties() const { return properties_; }
  // The nodes at positions [from, to) with the values of the properties
  // (null where a node has none), ascending: from columns where their run
  // has them, from records otherwise. Nodes the overlay holds are left out
  // (its version decides: the caller's to merge). Windows come in
  // ascending order; Rewind() starts over.
  Result<GraphReader::LabelColumns> Window(size_t from, size_t to);
  void Rewind();
  // Whether a row of the properties' values (`properties()` order) passes
  // every condition, as far as MayHold can tell.
  bool Keeps(const std::vector<Value>& row) const;

 private:
  struct Column {  // one property's column in one run
    struct Entry {
      const BlockEntry* entry;
      const TableReader* table;
    };
    std::map<uint32_t, Entry> entries;  // by chunk number, of the blocks read
    std::map<uint32_t, ColumnChunk> decoded;
    // Blocks read, with the last chunk each holds, let go in order once the
    // windows pass it.
    std::deque<std::pair<uint32_t, std::shared_ptr<const DecodedBlock>>> blocks;
    std::vector<size_t> next_block;  // per table: blocks before it are read
  };

  LabelColumnScan(GraphReader& reader, std::string label, std::vector<std::string> properties,
                  std::vector<ColumnCondition> conditions)
      : reader_(reader),
        label_(std::move(label)),
        properties_(std::move(properties)),
        conditions_(std::move(conditions)) {}
  // Reads the blocks holding chunks [first, last] of every wanted column of
  // every run in `chunks` (per run; first > last: none), in one batched read.
  Status ReadChunks(const std::vector<std::pair<uint32_t, uint32_t>>& chunks);
  // Chunk c of column (r, p), whole or its header; nullptr where it was not
  // written (all null).
  Result<const ColumnChunk*> ChunkOf(size_t r, size_t p, uint32_t c, bool whole);
  Status Corrupt(size_t r, const std::string& what) const;
  size_t ChunksOf(size_t r) const {
    return (rows_->run_sizes[r] + kColumnChunkRows - 1) / kColumnChunkRows;
  }

  GraphReader& reader_;
  std::string label_;
  std::vector<std::string> properties_;
  std::vector<ColumnCondition> conditions_;
  std::vector<std::string> prefixes_;  // ColumnPrefix of each property
  std::shared_ptr<const GraphReader::LabelRows> rows_;
  std::vector<bool> columnar_;                // per run
  std::vector<std::vector<Column>> columns_;  // [run][property]
};

// Appends `id` with the values of `properties` in `record` (null where it
// has none).
void AppendRecordValues(GraphReader::LabelColumns* out, const Uuid& id, const NodeRecord& record,
                        std::span<const std::string> properties);
// Both ascending and disjoint: one, ascending.
GraphReader::LabelColumns MergeLabelColumns(GraphReader::LabelColumns a,
                                            GraphReader::LabelColumns b);

}  // namespace namidb
