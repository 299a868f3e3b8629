// Node and edge records as table values (the data files of flushes and
// compactions).
//
//   node table:  key = node id (16 bytes)  value = lsn:varint | flags:u8 |
//                                                  label_count:varint (len:varint label)* |
//                                                  properties
//   edge table:  key = edge id (16 bytes)  value = lsn:varint | flags:u8 | len:varint type |
//                                                  src:16 | dst:16 | properties
//
// flags bit 0 marks a tombstone: the element was deleted at `lsn`, and the
// record hides every older version in older tables. A flush writes only what
// changed since the previous flush, tombstones included; a compaction merges
// all tables into one and drops tombstones, since nothing older remains.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/coding.h"
#include "storage/graph_state.h"

namespace namidb {

constexpr uint8_t kRecordDeleted = 1;

Result<std::string> EncodeNodeRecord(const NodeRecord& record);
// The same, appended to `out` (a flush reuses one buffer for every record).
Status EncodeNodeRecordTo(const NodeRecord& record, std::string* out);
Result<NodeRecord> DecodeNodeRecord(std::string_view bytes, std::string_view table_key);
// The record with only the properties named in `keys` (ascending); the
// others are stepped over, not decoded.
Result<NodeRecord> DecodeNodeRecordNamed(std::string_view bytes, std::string_view table_key,
                                         std::span<const std::string> keys);
// The record without its properties, which are not decoded (a label check
// or a count needs no more).
Result<NodeRecord> DecodeNodeLabels(std::string_view bytes, std::string_view table_key);
Result<std::string> EncodeEdgeRecord(const EdgeRecord& record);
Status EncodeEdgeRecordTo(const EdgeRecord& record, std::string* out);
Result<EdgeRecord> DecodeEdgeRecord(std::string_view bytes, std::string_view table_key);
// A flags byte: whether it marks a tombstone; Corruption for unknown bits.
Result<bool> ReadFlags(Decoder* in);

}  // namespace namidb
