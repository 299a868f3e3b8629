#include "storage/node_cursor.h"

#include <algorithm>

#include "storage/id_coding.h"
#include "storage/label_index_codec.h"
#include "storage/record_codec.h"

namespace namidb {
namespace {

bool Carries(const NodeRecord& r, const std::string& label) {
  return std::find(r.labels.begin(), r.labels.end(), label) != r.labels.end();
}

// `ids` and `more`, both ascending: one ascending list, each id once.
void MergeOnce(std::vector<Uuid>* ids, std::span<const Uuid> more) {
  const size_t first = ids->size();
  ids->insert(ids->end(), more.begin(), more.end());
  std::inplace_merge(ids->begin(), ids->begin() + static_cast<ptrdiff_t>(first), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
}

}  // namespace

Result<std::unique_ptr<NodeCursor>> NodeCursor::Records(GraphReader& reader, std::string label,
                                                        NodeFields fields, bool from_index) {
  std::unique_ptr<NodeCursor> cursor(
      new NodeCursor(reader, Form::kRecords, std::move(label), fields));
  if (cursor->label_.empty() || from_index || !reader.stored_label_rows_.contains(cursor->label_)) {
    cursor->by_index_ = !cursor->label_.empty();
    cursor->SetWindowNodes(kWindowNodes);
  } else {
    NAMIDB_ASSIGN_OR_RETURN(cursor->stored_, reader.StoredLabelIds(cursor->label_));
  }
  cursor->TakeOverlayIds();
  return cursor;
}

Result<std::unique_ptr<NodeCursor>> NodeCursor::Ids(GraphReader& reader, std::string label) {
  std::unique_ptr<NodeCursor> cursor(
      new NodeCursor(reader, Form::kIds, std::move(label), NodeFields::kLabels));
  NAMIDB_ASSIGN_OR_RETURN(cursor->stored_, reader.StoredLabelIds(cursor->label_));
  cursor->TakeOverlayIds();
  return cursor;
}

Result<std::unique_ptr<NodeCursor>> NodeCursor::Columns(GraphReader& reader, std::string label,
                                                        std::vector<std::string> properties,
                                                        std::vector<ColumnCondition> conditions) {
  std::unique_ptr<NodeCursor> cursor(
      new NodeCursor(reader, Form::kColumns, std::move(label), NodeFields::kAll));
  NAMIDB_ASSIGN_OR_RETURN(
      cursor->columns_,
      LabelColumnScan::Open(reader, cursor->label_, std::move(properties), std::move(conditions)));
  cursor->stored_ = cursor->columns_->ids();
  cursor->TakeOverlayIds();
  return cursor;
}

void NodeCursor::TakeOverlayIds() {
  if (reader_.overlay_.node_slots() > 0) overlay_ids_ = reader_.overlay_.NodeIds(label_);
}

void NodeCursor::SetWindowNodes(size_t nodes) {
  window_nodes_ = std::max<size_t>(nodes, 1);
  // Windows of first bytes: about that many nodes a window if the ids
  // spread as random ones do.
  uint64_t all = reader_.stats().nodes;
  if (!label_.empty()) {
    auto counted = reader_.stats().labels.find(label_);
    all = counted == reader_.stats().labels.end() ? 0 : counted->second;
  }
  all = std::max<uint64_t>(all, 1);
  step_ = static_cast<unsigned>(std::clamp<uint64_t>(256 * window_nodes_ / all, 1, 256));
}

void NodeCursor::Rewind() {
  pending_.clear();
  pending_at_ = 0;
  at_ = 0;
  overlay_at_ = 0;
  next_byte_ = 0;
  if (columns_) columns_->Rewind();
}

bool NodeCursor::AtEnd() const {
  if (label_.empty() || by_index_) return next_byte_ > 255 && pending_at_ >= pending_.size();
  return at_ >= stored_->size() && overlay_at_ >= overlay_ids_.size();
}

Result<bool> NodeCursor::Next(std::vector<std::pair<Uuid, NodeRecord>>* out) {
  out->clear();
  while (out->empty() && !AtEnd()) {
    if (pending_at_ < pending_.size()) {
      const size_t n = std::min(GraphReader::kLabelScanChunk, pending_.size() - pending_at_);
      NAMIDB_RETURN_IF_ERROR(
          ReadCarrying(std::span<const Uuid>(pending_.data() + pending_at_, n), out));
      pending_at_ += n;
      continue;
    }
    NAMIDB_RETURN_IF_ERROR(label_.empty() || by_index_ ? ByteWindow(out) : LabelWindow(out));
  }
  return !out->empty();
}

Status NodeCursor::LabelWindow(std::vector<std::pair<Uuid, NodeRecord>>* out) {
  const std::vector<Uuid>& stored = *stored_;
  const size_t from = at_;
  const size_t to = std::min(stored.size(), at_ + window_nodes_);
  // The overlay's nodes up to where the next window starts.
  const size_t overlay_from = overlay_at_;
  const size_t overlay_to =
      to == stored.size()
          ? overlay_ids_.size()
          : std::lower_bound(overlay_ids_.begin() + static_cast<ptrdiff_t>(overlay_from),
                             overlay_ids_.end(), stored[to]) -
                overlay_ids_.begin();
  at_ = to;
  overlay_at_ = overlay_to;
  const GraphState& overlay = reader_.overlay_;
  const std::span<const Uuid> overlaid(overlay_ids_.data() + overlay_from,
                                       overlay_to - overlay_from);

  if (form_ == Form::kColumns) {
    NAMIDB_ASSIGN_OR_RETURN(GraphReader::LabelColumns window, columns_->Window(from, to));
    GraphReader::LabelColumns newer;
    for (const Uuid& id : overlaid) {
      AppendRecordValues(&newer, id, *overlay.NodeRecordOf(id), columns_->properties());
      if (!columns_->Keeps(newer.values.back())) {
        newer.ids.pop_back();
        newer.values.pop_back();
      }
    }
    window = MergeLabelColumns(std::move(window), std::move(newer));
    out->reserve(window.ids.size());
    const auto& properties = columns_->properties();
    for (size_t i = 0; i < window.ids.size(); ++i) {
      NodeRecord& r = out->emplace_back(window.ids[i], NodeRecord{}).second;
      r.properties.Reserve(properties.size());
      for (size_t p = 0; p < properties.size(); ++p) {
        if (!window.values[i][p].is_null())
          r.properties.Set(properties[p], std::move(window.values[i][p]));
      }
    }
    return Status::OK();
  }

  // Both parts ascend; an id in both is read once.
  const bool overlay_nodes = overlay.node_slots() > 0;
  std::vector<Uuid> ids;
  ids.reserve(to - from + overlaid.size());
  for (size_t k = from; k < to; ++k) {
    // Ids alone: the overlay's record decides a node it holds.
    if (form_ == Form::kIds && overlay_nodes && overlay.NodeRecordOf(stored[k])) continue;
    ids.push_back(stored[k]);
  }
  MergeOnce(&ids, overlaid);
  if (form_ == Form::kIds) {
    out->reserve(ids.size());
    for (const Uuid& id : ids) out->emplace_back(id, NodeRecord{});
    return Status::OK();
  }
  return ReadCarrying(ids, out);
}

Status NodeCursor::ReadCarrying(std::span<const Uuid> ids,
                                std::vector<std::pair<Uuid, NodeRecord>>* out) {
  // Records, GraphReader::kLabelScanChunk a batched read, each checked for
  // the label: its newest version decides.
  for (size_t at = 0; at < ids.size(); at += GraphReader::kLabelScanChunk) {
    std::span<const Uuid> chunk(ids.data() + at,
                                std::min(GraphReader::kLabelScanChunk, ids.size() - at));
    NAMIDB_ASSIGN_OR_RETURN(auto records, reader_.LookupNodes(chunk, fields_));
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (records[i] && Carries(*records[i], label_))
        out->emplace_back(chunk[i], std::move(*records[i]));
    }
  }
  return Status::OK();
}

Status NodeCursor::ByteWindow(std::vector<std::pair<Uuid, NodeRecord>>* out) {
  const unsigned first = next_byte_;
  const unsigned last = std::min(255u, first + step_ - 1);
  next_byte_ = last + 1;
  // The node tables' keys are ids, the label index's the label's prefix
  // and an id: a prefix per first byte, one batched read for the window.
  const std::string base = label_.empty() ? std::string() : LabelIndexPrefix(label_);
  std::vector<std::string> prefixes;
  if (first == 0 && last == 255) {
    prefixes.push_back(base);  // every key
  } else {
    for (unsigned b = first; b <= last; ++b) prefixes.push_back(base + static_cast<char>(b));
  }
  NAMIDB_ASSIGN_OR_RETURN(auto scanned,
                          reader_.MergedScan(label_.empty() ? "nodes" : "labels", prefixes));
  const GraphState& overlay = reader_.overlay_;
  // The overlay's live nodes (of the label) in the window, ascending.
  const size_t overlay_from = overlay_at_;
  while (overlay_at_ < overlay_ids_.size() && overlay_ids_[overlay_at_].bytes[0] <= last) {
    ++overlay_at_;
  }
  const std::span<const Uuid> overlaid(overlay_ids_.data() + overlay_from,
                                       overlay_at_ - overlay_from);

  if (!label_.empty()) {
    // Index entries may be stale (a newer version dropped the label):
    // every candidate is checked against its newest record.
    std::vector<Uuid> ids;
    for (size_t p = 0; p < prefixes.size(); ++p) {
      for (const BlockEntry* e : scanned.entries(p)) {
        NAMIDB_ASSIGN_OR_RETURN(Uuid id, DecodeLabelIndexKey(e->key, label_, "labels table"));
        ids.push_back(id);
      }
    }
    MergeOnce(&ids, overlaid);
    pending_ = std::move(ids);
    pending_at_ = 0;
    return Status::OK();
  }

  const bool overlay_nodes = overlay.node_slots() > 0;
  for (size_t p = 0; p < prefixes.size(); ++p) {
    for (const BlockEntry* e : scanned.entries(p)) {
      Decoder in(e->key, "nodes");
      NAMIDB_ASSIGN_OR_RETURN(Uuid id, ReadUuid(&in));
      if (overlay_nodes && overlay.NodeRecordOf(id)) continue;  // the overlay's is newer
      NAMIDB_ASSIGN_OR_RETURN(NodeRecord r, DecodeNodeRecord(e->value, "nodes"));
      if (!r.deleted) out->emplace_back(id, std::move(r));
    }
  }
  // The overlay's live nodes of the window, merged in by id.
  const size_t from_tables = out->size();
  for (const Uuid& id : overlaid) out->emplace_back(id, *overlay.NodeRecordOf(id));
  std::inplace_merge(out->begin(), out->begin() + static_cast<ptrdiff_t>(from_tables), out->end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  return Status::OK();
}

}  // namespace namidb
