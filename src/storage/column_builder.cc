#include "storage/column_builder.h"

#include <algorithm>

#include "core/coding.h"
#include "core/value_codec.h"

namespace namidb {

Status ColumnBuilder::Add(const Uuid& id, const NodeRecord& record) {
  if (any_ && !(last_ < id)) return Status::InvalidArgument("column rows must come in id order");
  any_ = true;
  last_ = id;
  if (record.deleted || over_budget_) return Status::OK();
  for (size_t l = 0; l < record.labels.size(); ++l) {
    const std::string& name = record.labels[l];
    if (std::find(record.labels.begin(), record.labels.begin() + l, name) !=
        record.labels.begin() + l) {
      continue;  // one row per label, as one label index entry
    }
    prefix_.clear();
    PutLengthPrefixed(&prefix_, name);
    Label& label = labels_[prefix_];
    if (label.name.empty()) label.name = name;
    uint32_t row = label.rows++;
    for (const auto& [key, value] : record.properties) {
      if (value.is_null()) continue;
      column_prefix_.clear();
      PutLengthPrefixed(&column_prefix_, key);
      auto [slot, added] = label.columns.try_emplace(column_prefix_);
      Column& column = slot->second;
      if (added) bytes_ += sizeof(*slot) + slot->first.size();
      const size_t chunk = row / kColumnChunkRows;
      if (column.spilled) {
        if (column.chunks_with_values.size() <= chunk) column.chunks_with_values.resize(chunk + 1);
        column.chunks_with_values[chunk] = true;
        continue;
      }
      uint64_t added_bytes = 0;
      const size_t before = column.values.size();
      NAMIDB_RETURN_IF_ERROR(EncodeValue(value, &column.values));
      column.ends.emplace_back(row, column.values.size());
      if (column.stats.size() <= chunk) {
        added_bytes += (chunk + 1 - column.stats.size()) * sizeof(ColumnStatsBuilder);
        column.stats.resize(chunk + 1);
      }
      column.stats[chunk].Add(value);
      added_bytes += column.values.size() - before + sizeof(column.ends.back());
      column.bytes += added_bytes;
      bytes_ += added_bytes;
    }
  }
  if (bytes_ > max_bytes_) Spill();
  return Status::OK();
}

void ColumnBuilder::Spill() {
  while (bytes_ > max_bytes_) {
    Column* largest = nullptr;
    for (auto& [label_prefix, label] : labels_) {
      for (auto& [column_prefix, column] : label.columns) {
        if (!column.spilled && (!largest || column.bytes > largest->bytes)) largest = &column;
      }
    }
    if (!largest || largest->bytes == 0) {
      over_budget_ = true;
      labels_.clear();
      return;
    }
    Column& column = *largest;
    column.chunks_with_values.assign(column.stats.size(), false);
    for (const auto& [row, end] : column.ends)
      column.chunks_with_values[row / kColumnChunkRows] = true;
    bytes_ -= column.bytes;
    column.values = std::string();
    column.ends = {};
    column.stats = {};
    column.bytes = 0;
    column.spilled = true;
  }
  // Every column left to the records is no column at all.
  bool any_stored = false;
  for (const auto& [label_prefix, label] : labels_) {
    for (const auto& [column_prefix, column] : label.columns) any_stored |= !column.spilled;
  }
  if (!any_stored) {
    over_budget_ = true;
    labels_.clear();
  }
}

Status ColumnBuilder::Write(RunWriter& writer) {
  if (over_budget_) return Status::OK();
  const std::string null_value(1, '\0');  // tag 0
  std::string values;
  for (auto& [label_prefix, label] : labels_) {
    for (auto& [column_prefix, column] : label.columns) {
      std::string key_prefix = label_prefix + column_prefix;
      auto key_of = [&](uint32_t chunk) {
        std::string key = key_prefix;
        for (int shift = 24; shift >= 0; shift -= 8)
          key.push_back(static_cast<char>(chunk >> shift));
        return key;
      };
      size_t at = 0;  // into column.ends
      for (uint32_t chunk = 0; chunk * kColumnChunkRows < label.rows; ++chunk) {
        uint32_t first = chunk * kColumnChunkRows;
        uint32_t rows = std::min(kColumnChunkRows, label.rows - first);
        if (column.spilled) {
          // A chunk without values is all null, and not written, as below.
          if (chunk < column.chunks_with_values.size() && column.chunks_with_values[chunk]) {
            NAMIDB_RETURN_IF_ERROR(writer.Add(key_of(chunk), EncodeUnstoredColumnChunk(rows)));
          }
          continue;
        }
        values.clear();
        uint32_t nulls = 0;
        for (uint32_t row = first; row < first + rows; ++row) {
          if (at < column.ends.size() && column.ends[at].first == row) {
            size_t begin = at == 0 ? 0 : column.ends[at - 1].second;
            values.append(column.values, begin, column.ends[at].second - begin);
            ++at;
          } else {
            values.append(null_value);
            ++nulls;
          }
        }
        if (nulls == rows) continue;  // an all-null chunk is not written
        NAMIDB_RETURN_IF_ERROR(
            writer.Add(key_of(chunk),
                       values.size() > kMaxColumnChunkBytes
                           ? EncodeUnstoredColumnChunk(rows)
                           : EncodeColumnChunk(rows, nulls, column.stats[chunk].Finish(), values)));
      }
      column = Column();
    }
  }
  labels_.clear();
  return Status::OK();
}

}  // namespace namidb
