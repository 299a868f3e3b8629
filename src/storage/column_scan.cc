// GraphReader::ScanLabelColumns: a label scan that reads property columns
// instead of node records where the runs allow it.
#include <algorithm>
#include <map>

#include "storage/column_codec.h"
#include "storage/graph_reader.h"
#include "storage/id_coding.h"
#include "storage/label_index_codec.h"

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
  const std::string label_prefix = LabelIndexPrefix(label);
  std::vector<std::string> column_prefixes;
  for (const std::string& p : properties) column_prefixes.push_back(ColumnPrefix(label, p));

  // Per run: the label's index blocks, and where the run has columns, the
  // blocks of each column; all in one batched read.
  struct Want {
    size_t run;
    int property;  // -1: the label index
  };
  std::vector<BlockRead> reads;
  std::vector<Want> wants;
  std::vector<bool> columnar(runs_.size(), false);
  for (size_t r = 0; r < runs_.size(); ++r) {
    auto add = [&](std::string_view kind, const std::string& prefix, int property) {
      auto tables = runs_[r].find(kind);
      if (tables == runs_[r].end()) return;
      for (const Table& t : TablesWithPrefix(tables->second, prefix)) {
        for (const BlockHandle& h : t.reader->index().BlocksWithPrefix(prefix)) {
          wants.push_back({r, property});
          reads.push_back({t.reader.get(), h});
        }
      }
    };
    add("labels", label_prefix, -1);
    // A run written since format version 4 has columns for every label it
    // holds (a run of property-less nodes has none and is read as records).
    columnar[r] = runs_[r].contains("cols");
    for (size_t p = 0; columnar[r] && p < properties.size(); ++p) {
      add("cols", column_prefixes[p], static_cast<int>(p));
    }
  }
  std::vector<std::shared_ptr<const DecodedBlock>> blocks;
  if (!reads.empty()) {
    NAMIDB_ASSIGN_OR_RETURN(blocks, TableReader::ReadBlocks(*store_, reads));
  }

  struct Row {
    Uuid id;
    std::vector<Value> values;
  };
  std::vector<Row> rows;
  std::vector<Uuid> uncertain;
  size_t next = 0;  // into reads, which go run by run
  for (size_t r = 0; r < runs_.size(); ++r) {
    std::vector<Uuid> ids;
    std::vector<RunColumn> columns(properties.size());
    for (; next < reads.size() && wants[next].run == r; ++next) {
      for (const BlockEntry& e : *blocks[next]) {
        if (wants[next].property < 0) {
          if (!e.key.starts_with(label_prefix)) continue;
          NAMIDB_ASSIGN_OR_RETURN(Uuid id,
                                  DecodeLabelIndexKey(e.key, label, reads[next].table->key()));
          ids.push_back(id);
          continue;
        }
        size_t p = static_cast<size_t>(wants[next].property);
        if (!e.key.starts_with(column_prefixes[p])) continue;
        NAMIDB_ASSIGN_OR_RETURN(
            uint32_t chunk, DecodeColumnKey(e.key, column_prefixes[p], reads[next].table->key()));
        columns[p].entries[chunk] = {&e, reads[next].table};
      }
    }
    if (ids.empty()) continue;
    const size_t chunks = (ids.size() + kColumnChunkRows - 1) / kColumnChunkRows;
    auto corrupt = [&](const std::string& what) {
      return Status::Corruption("column of label " + label + " in a run with " +
                                std::to_string(ids.size()) + " nodes of it: " + what);
    };
    // The chunk of property p for chunk number c, checked against the rows
    // the label index gives it; nullptr where not written (all null).
    auto chunk_of = [&](size_t p, uint32_t c, bool whole) -> Result<const ColumnChunk*> {
      RunColumn& column = columns[p];
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
      size_t expected = std::min<size_t>(kColumnChunkRows, ids.size() - c * kColumnChunkRows);
      if (decoded->rows != expected) {
        return corrupt(table + ": chunk " + std::to_string(c) + " holds " +
                       std::to_string(decoded->rows) + " rows, the label index " +
                       std::to_string(expected));
      }
      return &(column.decoded[c] = std::move(*decoded));
    };
    if (columnar[r]) {
      for (const RunColumn& column : columns) {
        if (!column.entries.empty() && column.entries.rbegin()->first >= chunks) {
          return corrupt("a chunk past the label's rows");
        }
      }
    }
    // Chunks a wanted value rules out by their statistics.
    std::vector<bool> skip(chunks, false);
    for (size_t p = 0; columnar[r] && p < equal.size() && p < properties.size(); ++p) {
      if (!equal[p]) continue;
      for (uint32_t c = 0; c < chunks; ++c) {
        NAMIDB_ASSIGN_OR_RETURN(const ColumnChunk* chunk, chunk_of(p, c, /*whole=*/false));
        if (!chunk || !chunk->stats.MayEqual(*equal[p])) skip[c] = true;
      }
    }
    std::string key;  // reused: a node key does not fit a short string
    for (size_t i = 0; i < ids.size(); ++i) {
      const Uuid& id = ids[i];
      if (overlay_.NodeRecordOf(id)) continue;  // the overlay's version decides
      key.clear();
      PutUuid(&key, id);
      bool newer = r > 0 && NewerRunsMayHoldNode(r, key);
      if (newer || !columnar[r]) {
        uncertain.push_back(id);
        continue;
      }
      uint32_t c = static_cast<uint32_t>(i / kColumnChunkRows);
      if (skip[c]) continue;
      Row row{id, std::vector<Value>(properties.size())};
      bool stored = true;
      for (size_t p = 0; p < properties.size() && stored; ++p) {
        NAMIDB_ASSIGN_OR_RETURN(const ColumnChunk* chunk, chunk_of(p, c, /*whole=*/true));
        if (chunk && !chunk->stored) stored = false;  // values too large for a column
        if (chunk && stored) row.values[p] = chunk->values[i % kColumnChunkRows];
      }
      if (stored) {
        rows.push_back(std::move(row));
      } else {
        uncertain.push_back(id);
      }
    }
  }

  auto from_record = [&](const Uuid& id, const NodeRecord& record) {
    Row row{id, std::vector<Value>(properties.size())};
    for (size_t p = 0; p < properties.size(); ++p) {
      if (const Value* v = record.properties.Find(properties[p])) row.values[p] = *v;
    }
    rows.push_back(std::move(row));
  };
  for (const Uuid& id : overlay_.NodeIds(label)) from_record(id, *overlay_.NodeRecordOf(id));
  std::sort(uncertain.begin(), uncertain.end());
  uncertain.erase(std::unique(uncertain.begin(), uncertain.end()), uncertain.end());
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

  // One run and no overlay give the rows in id order already.
  auto by_id = [](const Row& a, const Row& b) { return a.id < b.id; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_id)) std::sort(rows.begin(), rows.end(), by_id);
  LabelColumns out;
  out.ids.reserve(rows.size());
  out.values.reserve(rows.size());
  for (auto& row : rows) {
    if (!out.ids.empty() && out.ids.back() == row.id) continue;  // one node, two runs' entries
    out.ids.push_back(row.id);
    out.values.push_back(std::move(row.values));
  }
  return out;
}

}  // namespace namidb
