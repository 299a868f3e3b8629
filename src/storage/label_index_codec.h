// Label index tables: which nodes carry a label, so that a label scan reads
// only the nodes it returns instead of the whole node table.
//
//   key   := label_len:varint | label | node:16
//   value := empty
//
// Keys of one label are contiguous and sorted by node id. An entry says the
// node carried the label at the table's LSN; it may be stale later (a newer
// version of the node dropped the label), so a scan checks every candidate
// against the node's newest record. Compaction rewrites the index from live
// nodes, which drops stale entries.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/uuid.h"

namespace namidb {

std::string LabelIndexKey(std::string_view label, const Uuid& node);
std::string LabelIndexPrefix(std::string_view label);
// The node of a key that starts with LabelIndexPrefix(label).
Result<Uuid> DecodeLabelIndexKey(std::string_view key, std::string_view label,
                                 std::string_view table_key);

}  // namespace namidb
