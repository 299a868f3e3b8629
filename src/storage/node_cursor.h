// A scan of live nodes handed out a window at a time, in id order: how a
// statement that changes nothing reads a label (query/execution NodeScan),
// so that a LIMIT stops the scan early and a label larger than the
// statement's memory passes through it. Each window is one batched read of
// about kWindowNodes nodes (a window of nodes of a few hundred bytes each
// is well under a MiB); the reader's version must not change between
// windows.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "storage/graph_reader.h"
#include "storage/label_column_scan.h"

namespace namidb {

class NodeCursor {
 public:
  static constexpr size_t kWindowNodes = 1024;

  // Every live node carrying `label` ("": every live node), as records
  // with `fields`. Until the reader keeps the label's placement
  // (GraphReader::StoredLabelRows), a window reads the label index entries
  // of a range of first bytes, not the whole index: the first rows of a
  // label cost a window, cold or over a bucket.
  // `from_index` reads the index entries even where the placement is kept
  // (tests read both ways).
  static Result<std::unique_ptr<NodeCursor>> Records(GraphReader& reader, std::string label,
                                                     NodeFields fields = NodeFields::kAll,
                                                     bool from_index = false);
  // The live nodes carrying `label` by id alone: records with nothing read.
  static Result<std::unique_ptr<NodeCursor>> Ids(GraphReader& reader, std::string label);
  // The same with the values of `properties` (ascending) read from the
  // label's columns (GraphReader::ScanLabelColumns): records of those
  // properties alone, without labels. `conditions` leave out nodes whose
  // values certainly fail one (LabelColumnScan::Open): those handed out
  // still need the caller's check.
  static Result<std::unique_ptr<NodeCursor>> Columns(GraphReader& reader, std::string label,
                                                     std::vector<std::string> properties,
                                                     std::vector<ColumnCondition> conditions);

  // Replaces `out` with the next window's nodes (at least one) and returns
  // true, or returns false after the last.
  Result<bool> Next(std::vector<std::pair<Uuid, NodeRecord>>* out);
  // Starts over, keeping what was worked out once (the label's nodes).
  void Rewind();
  // Windows of about `nodes` nodes from the next on (tests take small ones).
  void SetWindowNodes(size_t nodes);

 private:
  enum class Form { kRecords, kIds, kColumns };
  NodeCursor(GraphReader& reader, Form form, std::string label, NodeFields fields)
      : reader_(reader), form_(form), label_(std::move(label)), fields_(fields) {}
  // The ids of the overlay's live nodes (of the label), for the windows to
  // merge in.
  void TakeOverlayIds();
  // One window of a label, of every node; empty where every node in it was
  // left out.
  Status LabelWindow(std::vector<std::pair<Uuid, NodeRecord>>* out);
  // A window of first bytes: of every node from the node tables, or of a
  // label from its index entries.
  Status ByteWindow(std::vector<std::pair<Uuid, NodeRecord>>* out);
  // `ids` ascending and once each: the records of those carrying the label.
  Status ReadCarrying(std::span<const Uuid> ids, std::vector<std::pair<Uuid, NodeRecord>>* out);
  bool AtEnd() const;

  GraphReader& reader_;
  Form form_;
  std::string label_;
  NodeFields fields_;
  std::shared_ptr<const std::vector<Uuid>> stored_;  // the label's, ascending
  std::unique_ptr<LabelColumnScan> columns_;         // kColumns
  std::vector<Uuid> overlay_ids_;                    // ascending
  size_t window_nodes_ = kWindowNodes;
  size_t at_ = 0;          // in stored_
  size_t overlay_at_ = 0;  // in overlay_ids_
  // Every node, or a label by its index entries (by_index_): windows of
  // first bytes of the id, `step` of them each.
  bool by_index_ = false;
  unsigned next_byte_ = 0;
  // A window's index entries not yet read as records: read
  // GraphReader::kLabelScanChunk at a time, so a LIMIT reads few records.
  std::vector<Uuid> pending_;
  size_t pending_at_ = 0;
  unsigned step_ = 256;
};

}  // namespace namidb
