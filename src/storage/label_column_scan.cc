#include "storage/label_column_scan.h"

#include <algorithm>
#include <limits>

namespace namidb {

Result<std::unique_ptr<LabelColumnScan>> LabelColumnScan::Open(
    GraphReader& reader, std::string label, std::vector<std::string> properties,
    std::vector<ColumnCondition> conditions) {
  for (const ColumnCondition& c : conditions) {
    if (c.property >= properties.size()) {
      return Status::InvalidArgument("a column condition on property " +
                                     std::to_string(c.property) + " of " +
                                     std::to_string(properties.size()));
    }
  }
  std::unique_ptr<LabelColumnScan> scan(
      new LabelColumnScan(reader, std::move(label), std::move(properties), std::move(conditions)));
  // Where each node's current version is, worked out once per reader.
  NAMIDB_ASSIGN_OR_RETURN(scan->rows_, reader.StoredLabelRows(scan->label_));
  for (const std::string& p : scan->properties_) {
    scan->prefixes_.push_back(ColumnPrefix(scan->label_, p));
  }
  // A run written since format version 4 has columns for every label it
  // holds (a run of property-less nodes has none and is read as records).
  const auto& runs = reader.runs();
  scan->columnar_.assign(runs.size(), false);
  for (size_t r = 0; r < runs.size(); ++r) {
    scan->columnar_[r] = scan->rows_->run_sizes[r] > 0 && runs[r].contains("cols");
  }
  scan->Rewind();
  return scan;
}

void LabelColumnScan::Rewind() {
  columns_.assign(columnar_.size(), std::vector<Column>(properties_.size()));
}

Status LabelColumnScan::Corrupt(size_t r, const std::string& what) const {
  return Status::Corruption("column of label " + label_ + " in a run with " +
                            std::to_string(rows_->run_sizes[r]) + " nodes of it: " + what);
}

Status LabelColumnScan::ReadChunks(const std::vector<std::pair<uint32_t, uint32_t>>& chunks) {
  struct Want {
    size_t run;
    size_t property;
  };
  std::vector<BlockRead> reads;
  std::vector<Want> wants;
  const auto& runs = reader_.runs();
  for (size_t r = 0; r < runs.size(); ++r) {
    if (!columnar_[r] || chunks[r].first > chunks[r].second) continue;
    const auto& tables = runs[r].find("cols")->second;
    for (size_t p = 0; p < properties_.size(); ++p) {
      Column& column = columns_[r][p];
      auto with_prefix = GraphReader::TablesWithPrefix(tables, prefixes_[p]);
      column.next_block.resize(with_prefix.size(), 0);
      const std::string from = ColumnKey(label_, properties_[p], chunks[r].first);
      const std::string to = ColumnKey(label_, properties_[p], chunks[r].second);
      for (size_t t = 0; t < with_prefix.size(); ++t) {
        const TableIndex& index = with_prefix[t].reader->index();
        auto [first, last] = index.BlockRangeBetween(from, to);
        for (size_t b = std::max(first, column.next_block[t]); b < last; ++b) {
          wants.push_back({r, p});
          reads.push_back({with_prefix[t].reader.get(), index.block(b)});
        }
        column.next_block[t] = std::max(column.next_block[t], last);
      }
    }
  }
  if (reads.empty()) return Status::OK();
  NAMIDB_ASSIGN_OR_RETURN(auto blocks, TableReader::ReadBlocks(*reader_.store_, reads));
  for (size_t i = 0; i < reads.size(); ++i) {
    const size_t r = wants[i].run;
    const std::string& prefix = prefixes_[wants[i].property];
    Column& column = columns_[r][wants[i].property];
    uint32_t last_chunk = 0;
    for (const BlockEntry& e : *blocks[i]) {
      if (!e.key.starts_with(prefix)) continue;
      NAMIDB_ASSIGN_OR_RETURN(uint32_t chunk,
                              DecodeColumnKey(e.key, prefix, reads[i].table->key()));
      if (chunk >= ChunksOf(r)) return Corrupt(r, "a chunk past the label's rows");
      column.entries[chunk] = {&e, reads[i].table};
      last_chunk = std::max(last_chunk, chunk);
    }
    column.blocks.emplace_back(last_chunk, std::move(blocks[i]));
  }
  return Status::OK();
}

Result<const ColumnChunk*> LabelColumnScan::ChunkOf(size_t r, size_t p, uint32_t c, bool whole) {
  Column& column = columns_[r][p];
  auto entry = column.entries.find(c);
  if (entry == column.entries.end()) return nullptr;
  auto done = column.decoded.find(c);
  if (done != column.decoded.end() &&
      (!whole || !done->second.stored || !done->second.values.empty()))
    return &done->second;
  const std::string& table = entry->second.table->key();
  auto decoded = whole ? DecodeColumnChunk(entry->second.entry->value, table)
                       : DecodeColumnHeader(entry->second.entry->value, table);
  if (!decoded.ok()) return decoded.status();
  const uint64_t expected =
      std::min<uint64_t>(kColumnChunkRows, rows_->run_sizes[r] - uint64_t{c} * kColumnChunkRows);
  if (decoded->rows != expected) {
    return Corrupt(r, table + ": chunk " + std::to_string(c) + " holds " +
                          std::to_string(decoded->rows) + " rows, the label index " +
                          std::to_string(expected));
  }
  return &(column.decoded[c] = std::move(*decoded));
}

Result<GraphReader::LabelColumns> LabelColumnScan::Window(size_t from, size_t to) {
  const GraphReader::LabelRows& rows = *rows_;
  const std::vector<Uuid>& ids = *rows.ids;
  to = std::min(to, ids.size());
  from = std::min(from, to);
  // The chunks of each run the window's rows are in (first > last: none).
  std::vector<std::pair<uint32_t, uint32_t>> chunks(columnar_.size(),
                                                    {std::numeric_limits<uint32_t>::max(), 0});
  for (size_t k = from; k < to; ++k) {
    auto& [first, last] = chunks[rows.run[k]];
    const uint32_t c = rows.row[k] / kColumnChunkRows;
    first = std::min(first, c);
    last = std::max(last, c);
  }
  // What earlier windows read and this one is past, let go.
  for (size_t r = 0; r < columnar_.size(); ++r) {
    if (chunks[r].first > chunks[r].second) continue;
    for (Column& column : columns_[r]) {
      const uint32_t first = chunks[r].first;
      column.entries.erase(column.entries.begin(), column.entries.lower_bound(first));
      column.decoded.erase(column.decoded.begin(), column.decoded.lower_bound(first));
      while (!column.blocks.empty() && column.blocks.front().first < first) {
        column.blocks.pop_front();
      }
    }
  }
  NAMIDB_RETURN_IF_ERROR(ReadChunks(chunks));

  // Chunks a condition rules out by their statistics (one not written is
  // all null, which no condition holds for).
  std::map<std::pair<size_t, uint32_t>, bool> skipped;
  auto skip = [&](size_t r, uint32_t c) -> Result<bool> {
    auto [at, fresh] = skipped.try_emplace({r, c}, false);
    if (!fresh) return at->second;
    for (const ColumnCondition& condition : conditions_) {
      NAMIDB_ASSIGN_OR_RETURN(const ColumnChunk* chunk,
                              ChunkOf(r, condition.property, c, /*whole=*/false));
      if (!chunk || !chunk->stats.MayHold(condition.op, condition.constant)) {
        return at->second = true;
      }
    }
    return false;
  };

  // The placement gives the nodes in id order, and so the rows.
  GraphReader::LabelColumns out;
  std::vector<Uuid> uncertain;  // read as records: ascending too
  const GraphState& overlay = reader_.overlay_;
  const bool overlay_nodes = overlay.node_slots() > 0;
  out.ids.reserve(to - from);
  out.values.reserve(to - from);
  std::vector<Value> values(properties_.size());
  const bool filtering = !conditions_.empty();
  for (size_t k = from; k < to; ++k) {
    const Uuid& id = ids[k];
    if (overlay_nodes && overlay.NodeRecordOf(id)) continue;  // the overlay's version decides
    const size_t r = rows.run[k];
    if (!columnar_[r]) {
      uncertain.push_back(id);
      continue;
    }
    const uint32_t c = rows.row[k] / kColumnChunkRows;
    if (filtering) {
      NAMIDB_ASSIGN_OR_RETURN(bool ruled_out, skip(r, c));
      if (ruled_out) continue;
    }
    bool stored = true;
    for (size_t p = 0; p < properties_.size() && stored; ++p) {
      NAMIDB_ASSIGN_OR_RETURN(const ColumnChunk* chunk, ChunkOf(r, p, c, /*whole=*/true));
      if (chunk && !chunk->stored) stored = false;  // values too large for a column
      values[p] = chunk && stored ? chunk->values[rows.row[k] % kColumnChunkRows] : Value();
    }
    if (!stored) {
      uncertain.push_back(id);
      continue;
    }
    if (filtering && !Keeps(values)) continue;
    out.ids.push_back(id);
    out.values.push_back(values);
  }

  // The nodes read as records, merged in by id.
  GraphReader::LabelColumns others;
  for (size_t at = 0; at < uncertain.size(); at += GraphReader::kLabelScanChunk) {
    std::span<const Uuid> chunk(uncertain.data() + at,
                                std::min(GraphReader::kLabelScanChunk, uncertain.size() - at));
    NAMIDB_ASSIGN_OR_RETURN(auto records, reader_.LookupNodes(chunk, NodeFields::kAll));
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (!records[i]) continue;
      const auto& labels = records[i]->labels;
      if (std::find(labels.begin(), labels.end(), label_) == labels.end()) continue;
      AppendRecordValues(&others, chunk[i], *records[i], properties_);
      if (filtering && !Keeps(others.values.back())) {
        others.ids.pop_back();
        others.values.pop_back();
      }
    }
  }
  return MergeLabelColumns(std::move(out), std::move(others));
}

bool LabelColumnScan::Keeps(const std::vector<Value>& row) const {
  return std::all_of(conditions_.begin(), conditions_.end(), [&](const ColumnCondition& c) {
    return MayHold(row[c.property], c.op, c.constant);
  });
}

void AppendRecordValues(GraphReader::LabelColumns* out, const Uuid& id, const NodeRecord& record,
                        std::span<const std::string> properties) {
  out->ids.push_back(id);
  std::vector<Value>& row = out->values.emplace_back(properties.size());
  for (size_t p = 0; p < properties.size(); ++p) {
    if (const Value* v = record.properties.Find(properties[p])) row[p] = *v;
  }
}

GraphReader::LabelColumns MergeLabelColumns(GraphReader::LabelColumns a,
                                            GraphReader::LabelColumns b) {
  if (b.ids.empty()) return a;
  if (a.ids.empty()) return b;
  GraphReader::LabelColumns merged;
  merged.ids.reserve(a.ids.size() + b.ids.size());
  merged.values.reserve(a.ids.size() + b.ids.size());
  size_t i = 0, j = 0;
  while (i < a.ids.size() || j < b.ids.size()) {
    if (j == b.ids.size() || (i < a.ids.size() && a.ids[i] < b.ids[j])) {
      merged.ids.push_back(a.ids[i]);
      merged.values.push_back(std::move(a.values[i++]));
    } else {
      merged.ids.push_back(b.ids[j]);
      merged.values.push_back(std::move(b.values[j++]));
    }
  }
  return merged;
}

Result<GraphReader::LabelColumns> GraphReader::ScanLabelColumns(
    const std::string& label, std::span<const std::string> properties,
    std::span<const std::optional<Value>> equal) {
  std::vector<ColumnCondition> conditions;
  for (size_t p = 0; p < equal.size() && p < properties.size(); ++p) {
    if (equal[p]) conditions.push_back({p, ColumnCompare::kEq, *equal[p]});
  }
  NAMIDB_ASSIGN_OR_RETURN(
      auto scan, LabelColumnScan::Open(*this, label, {properties.begin(), properties.end()},
                                       std::move(conditions)));
  NAMIDB_ASSIGN_OR_RETURN(LabelColumns stored, scan->Window(0, scan->ids()->size()));
  LabelColumns overlaid;
  for (const Uuid& id : overlay_.NodeIds(label)) {
    AppendRecordValues(&overlaid, id, *overlay_.NodeRecordOf(id), properties);
  }
  return MergeLabelColumns(std::move(stored), std::move(overlaid));
}

}  // namespace namidb
