// GraphReader::ScanLabelColumns: a label scan that reads property columns
// instead of node records where the runs allow it, at the rows the reader's
// StoredLabelRows gives.
#include <algorithm>
#include <map>

#include "storage/column_codec.h"
#include "storage/graph_reader.h"

namespace namidb {
namespace {

// The column chunks of one run for one property, decoded on first use.
struct RunColumn {
  struct Entry {
    const BlockEntry* entry;
    const TableReader* table;
  };
  std::map<uint32_t, Entry> entries;  // by chunk number
  std::map<uint32_t, ColumnChunk> decoded;
};

}  // namespace

Result<GraphReader::LabelColumns> GraphReader::ScanLabelColumns(
    const std::string& label, std::span<const std::string> properties,
    std::span<const std::optional<Value>> equal) {
  // Where each node's current version is, worked out once per reader.
  NAMIDB_ASSIGN_OR_RETURN(auto placed, StoredLabelRows(label));
  const LabelRows& rows = *placed;
  std::vector<std::string> column_prefixes;
  for (const std::string& p : properties) column_prefixes.push_back(ColumnPrefix(label, p));

  // The blocks of each wanted column of every run holding nodes of the
  // label, in one batched read. A run written since format version 4 has
  // columns for every label it holds (a run of property-less nodes has
  // none and is read as records).
  struct Want {
    size_t run;
    size_t property;
  };
  std::vector<BlockRead> reads;
  std::vector<Want> wants;
  std::vector<bool> columnar(runs_.size(), false);
  for (size_t r = 0; r < runs_.size(); ++r) {
    if (rows.run_sizes[r] == 0) continue;
    auto tables = runs_[r].find("cols");
    columnar[r] = tables != runs_[r].end();
    for (size_t p = 0; columnar[r] && p < properties.size(); ++p) {
      for (const Table& t : TablesWithPrefix(tables->second, column_prefixes[p])) {
        for (const BlockHandle& h : t.reader->index().BlocksWithPrefix(column_prefixes[p])) {
          wants.push_back({r, p});
          reads.push_back({t.reader.get(), h});
        }
      }
    }
  }
  std::vector<std::shared_ptr<const DecodedBlock>> blocks;
  if (!reads.empty()) {
    NAMIDB_ASSIGN_OR_RETURN(blocks, TableReader::ReadBlocks(*store_, reads));
  }
  // columns[r][p]: run r's chunks of property p.
  std::vector<std::vector<RunColumn>> columns(runs_.size(),
                                              std::vector<RunColumn>(properties.size()));
  for (size_t i = 0; i < reads.size(); ++i) {
    const std::string& prefix = column_prefixes[wants[i].property];
    for (const BlockEntry& e : *blocks[i]) {
      if (!e.key.starts_with(prefix)) continue;
      NAMIDB_ASSIGN_OR_RETURN(uint32_t chunk,
                              DecodeColumnKey(e.key, prefix, reads[i].table->key()));
      columns[wants[i].run][wants[i].property].entries[chunk] = {&e, reads[i].table};
    }
  }
  auto chunks_of = [&](size_t r) {
    return (rows.run_sizes[r] + kColumnChunkRows - 1) / kColumnChunkRows;
  };
  auto corrupt = [&](size_t r, const std::string& what) {
    return Status::Corruption("column of label " + label + " in a run with " +
                              std::to_string(rows.run_sizes[r]) + " nodes of it: " + what);
  };
  for (size_t r = 0; r < runs_.size(); ++r) {
    for (const RunColumn& column : columns[r]) {
      if (!column.entries.empty() && column.entries.rbegin()->first >= chunks_of(r)) {
        return corrupt(r, "a chunk past the label's rows");
      }
    }
  }
  // The chunk of property p of run r for chunk number c, checked against
  // the rows the label index gives it; nullptr where not written (all null).
  auto chunk_of = [&](size_t r, size_t p, uint32_t c, bool whole) -> Result<const ColumnChunk*> {
    RunColumn& column = columns[r][p];
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
    size_t expected = std::min<size_t>(kColumnChunkRows, rows.run_sizes[r] - c * kColumnChunkRows);
    if (decoded->rows != expected) {
      return corrupt(r, table + ": chunk " + std::to_string(c) + " holds " +
                            std::to_string(decoded->rows) + " rows, the label index " +
                            std::to_string(expected));
    }
    return &(column.decoded[c] = std::move(*decoded));
  };
  // Chunks a wanted value rules out by their statistics, per run.
  std::vector<std::vector<bool>> skip(runs_.size());
  for (size_t r = 0; r < runs_.size(); ++r) {
    skip[r].assign(chunks_of(r), false);
    for (size_t p = 0; columnar[r] && p < equal.size() && p < properties.size(); ++p) {
      if (!equal[p]) continue;
      for (uint32_t c = 0; c < skip[r].size(); ++c) {
        NAMIDB_ASSIGN_OR_RETURN(const ColumnChunk* chunk, chunk_of(r, p, c, /*whole=*/false));
        if (!chunk || !chunk->stats.MayEqual(*equal[p])) skip[r][c] = true;
      }
    }
  }

  // The placement gives the nodes in id order, and so the rows.
  LabelColumns out;
  std::vector<Uuid> uncertain;  // read as records: ascending too
  const bool overlay_nodes = overlay_.node_slots() > 0;
  const std::vector<Uuid>& ids = *rows.ids;
  out.ids.reserve(ids.size());
  out.values.reserve(ids.size());
  std::vector<Value> values(properties.size());
  for (size_t k = 0; k < ids.size(); ++k) {
    const Uuid& id = ids[k];
    if (overlay_nodes && overlay_.NodeRecordOf(id)) continue;  // the overlay's version decides
    const size_t r = rows.run[k];
    if (!columnar[r]) {
      uncertain.push_back(id);
      continue;
    }
    const uint32_t c = rows.row[k] / kColumnChunkRows;
    if (skip[r][c]) continue;
    bool stored = true;
    for (size_t p = 0; p < properties.size() && stored; ++p) {
      NAMIDB_ASSIGN_OR_RETURN(const ColumnChunk* chunk, chunk_of(r, p, c, /*whole=*/true));
      if (chunk && !chunk->stored) stored = false;  // values too large for a column
      values[p] = chunk && stored ? chunk->values[rows.row[k] % kColumnChunkRows] : Value();
    }
    if (!stored) {
      uncertain.push_back(id);
      continue;
    }
    out.ids.push_back(id);
    out.values.push_back(values);
  }

  // The nodes read as records and the overlay's, merged in by id.
  std::vector<std::pair<Uuid, std::vector<Value>>> others;
  auto from_record = [&](const Uuid& id, const NodeRecord& record) {
    std::vector<Value>& row = others.emplace_back(id, std::vector<Value>(properties.size())).second;
    for (size_t p = 0; p < properties.size(); ++p) {
      if (const Value* v = record.properties.Find(properties[p])) row[p] = *v;
    }
  };
  for (size_t from = 0; from < uncertain.size(); from += kLabelScanChunk) {
    std::span<const Uuid> chunk(uncertain.data() + from,
                                std::min(kLabelScanChunk, uncertain.size() - from));
    NAMIDB_ASSIGN_OR_RETURN(auto records, LookupNodes(chunk, NodeFields::kAll));
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (!records[i]) continue;
      const auto& labels = records[i]->labels;
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) continue;
      from_record(chunk[i], *records[i]);
    }
  }
  for (const Uuid& id : overlay_.NodeIds(label)) from_record(id, *overlay_.NodeRecordOf(id));
  if (others.empty()) return out;
  std::sort(others.begin(), others.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  LabelColumns merged;
  merged.ids.reserve(out.ids.size() + others.size());
  merged.values.reserve(out.ids.size() + others.size());
  size_t a = 0, b = 0;
  while (a < out.ids.size() || b < others.size()) {
    if (b == others.size() || (a < out.ids.size() && out.ids[a] < others[b].first)) {
      merged.ids.push_back(out.ids[a]);
      merged.values.push_back(std::move(out.values[a++]));
    } else {
      merged.ids.push_back(others[b].first);
      merged.values.push_back(std::move(others[b++].second));
    }
  }
  return merged;
}

}  // namespace namidb
