// Property column tables ("cols"): per label, the values of each property of
// the label's nodes in a run, in chunks of kColumnChunkRows rows, so a label
// scan that names a few properties reads only their columns.
//
//   key   := label_len:varint | label | property_len:varint | property | chunk:u32 (big-endian)
//   value := rows:varint | nulls:varint | stats:u8 [min:value max:value] | value{rows}
//          | rows:varint | 0:varint | 2:u8          (values too large: read the records)
//
// The rows of a label in a run are the run's label index entries of that
// label, in order (ascending node id): row i is the i-th entry, in chunk
// i / kColumnChunkRows. A chunk whose values are all null is not written.
// `stats` 1 says min and max follow (every non-null value is a number and
// none is NaN, or every one is a string); 0 says nothing is known.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"

namespace namidb {

constexpr uint32_t kColumnChunkRows = 1024;
// A chunk whose values encode larger is written without them (its rows are
// read from their records): a block stays within kMaxTableEntryBytes.
constexpr uint64_t kMaxColumnChunkBytes = 1u << 20;
// The memory a run's columns may take while they are collected (the values
// encoded, about the size of the run's node records): past it the largest
// columns are left to the records (column_builder.h), so that a flush or a
// compaction of any size stays within bounded memory.
constexpr uint64_t kMaxRunColumnBytes = 32u << 20;

// Everything before the chunk number: the keys of one column.
std::string ColumnPrefix(std::string_view label, std::string_view property);
std::string ColumnKey(std::string_view label, std::string_view property, uint32_t chunk);
// The chunk number of a key that starts with `prefix`.
Result<uint32_t> DecodeColumnKey(std::string_view key, std::string_view prefix,
                                 std::string_view table_key);

// A comparison of a column's value with a constant: `value op constant`.
enum class ColumnCompare : uint8_t { kEq, kLt, kLe, kGt, kGe };
struct ColumnCondition {
  size_t property = 0;  // which of a scan's properties
  ColumnCompare op = ColumnCompare::kEq;
  Value constant;
};
// Whether `v op constant` may be true in Cypher: false only when it is
// certainly false or null (a null value; a number against a string or
// anything else not a number; NaN, which compares true with nothing), for
// a constant that is a number or a string (any other: true).
bool MayHold(const Value& v, ColumnCompare op, const Value& constant);

// What a chunk's values span; `ordered` says min and max are known.
struct ColumnStats {
  bool ordered = false;
  Value min, max;
  // Whether a value of the chunk may equal `v` (Cypher's `=`); true when
  // the statistics cannot tell.
  bool MayEqual(const Value& v) const;
  // The same for `value op constant` (MayHold of some value of the chunk).
  bool MayHold(ColumnCompare op, const Value& constant) const;
};

// Accumulates the statistics of one chunk while it is written.
class ColumnStatsBuilder {
 public:
  void Add(const Value& v);  // a non-null value
  ColumnStats Finish() const;

 private:
  enum class Kind { kEmpty, kNumbers, kStrings, kMixed };
  Kind kind_ = Kind::kEmpty;
  Value min_, max_;
};

struct ColumnChunk {
  uint32_t rows = 0;
  uint32_t nulls = 0;
  bool stored = true;  // false: the values were too large to be a column
  ColumnStats stats;
  std::vector<Value> values;  // `rows` of them, null where the node has none
};

// `values` is `rows` encoded values (core/value_codec.h) back to back.
std::string EncodeColumnChunk(uint32_t rows, uint32_t nulls, const ColumnStats& stats,
                              std::string_view values);
// A chunk of `rows` rows whose values are not stored.
std::string EncodeUnstoredColumnChunk(uint32_t rows);
// The header alone (values left empty), or the whole chunk; Corruption
// naming `table_key` for anything malformed.
Result<ColumnChunk> DecodeColumnHeader(std::string_view bytes, std::string_view table_key);
Result<ColumnChunk> DecodeColumnChunk(std::string_view bytes, std::string_view table_key);

}  // namespace namidb
