// ColumnBuilder: the entries of property column tables (column_codec.h) of
// a run, collected from the node records the run holds and written in key
// order.
//
// A flush feeds it the memtable's nodes, a compaction the merged live nodes,
// both in ascending id order, so each label's rows come in the order of the
// run's label index. Memory holds every value encoded (about the size of the
// run's node records) until Write, up to a budget. Past it the builder
// leaves its largest column to the records: it forgets that column's
// values and writes its chunks as "values not stored" (a scan reads those
// rows' records, as for a chunk too large to store), largest first until
// the rest fits, so that one property of long texts does not cost a run
// the columns of every small one. Only when no stored column is left does
// it forget everything and write nothing: the run is read from its records
// as a run without columns is.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/uuid.h"
#include "storage/column_codec.h"
#include "storage/graph_state.h"
#include "storage/run_writer.h"

namespace namidb {

class ColumnBuilder {
 public:
  explicit ColumnBuilder(uint64_t max_bytes = kMaxRunColumnBytes) : max_bytes_(max_bytes) {}

  // Node `id` as `record` has it; ids strictly ascending. A tombstone adds
  // nothing, as it adds no label index entry.
  Status Add(const Uuid& id, const NodeRecord& record);
  // Writes every entry in key order and forgets them; nothing once the
  // budget was passed.
  Status Write(RunWriter& writer);
  bool over_budget() const { return over_budget_; }

 private:
  struct Column {
    std::string values;                             // encoded, back to back
    std::vector<std::pair<uint32_t, size_t>> ends;  // (row, end offset in `values`)
    std::vector<ColumnStatsBuilder> stats;          // per chunk
    uint64_t bytes = 0;                             // what the three take, about
    // Left to the records: the values above are gone, and only which
    // chunks hold any value is kept.
    bool spilled = false;
    std::vector<bool> chunks_with_values;
  };
  struct Label {
    std::string name;
    uint32_t rows = 0;
    std::map<std::string, Column> columns;  // by key prefix: the table order
  };
  // Leaves the largest stored columns to the records until the rest fits
  // the budget; forgets everything when none is left.
  void Spill();

  std::map<std::string, Label> labels_;  // by encoded label: the table order
  bool any_ = false;
  Uuid last_;
  uint64_t max_bytes_;
  uint64_t bytes_ = 0;  // about: values, row ends, statistics, columns
  bool over_budget_ = false;
  std::string prefix_, column_prefix_;  // reused per row: no allocation per value
};

}  // namespace namidb
