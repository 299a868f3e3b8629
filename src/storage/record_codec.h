// Node and edge records as table values (the data files of a flush).
//
//   node table:  key = node id (16 bytes)  value = lsn:varint | label_count:varint
//                                                  (len:varint label)* | properties
//   edge table:  key = edge id (16 bytes)  value = lsn:varint | len:varint type |
//                                                  src:16 | dst:16 | properties
//
// Tables hold live records only: a flush writes the whole state, so nothing
// older remains for a tombstone to hide.
#pragma once

#include <string>
#include <string_view>

#include "storage/graph_state.h"

namespace namidb {

Result<std::string> EncodeNodeRecord(const NodeRecord& record);
Result<NodeRecord> DecodeNodeRecord(std::string_view bytes, std::string_view table_key);
Result<std::string> EncodeEdgeRecord(const EdgeRecord& record);
Result<EdgeRecord> DecodeEdgeRecord(std::string_view bytes, std::string_view table_key);

}  // namespace namidb
