// Property index tables: which nodes of a label hold a property value, so
// that `MATCH (n:L {p: v})` reads the few entries of v instead of the label.
//
//   key   := len:varint label | len:varint property | value | node:16
//   value := 0x00 len:varint equality_key             (a key of at most 128 bytes)
//          | 0x01 equality_key[0, 96) | hash:16         (a longer key)
//   entry value := empty
//
// `equality_key` is PropertyIndexKey (property_index.h). A long one is cut
// and followed by its MurmurHash3 x64-128 (low word first, little-endian),
// so a key stays small whatever the value; two long values may then share a
// key, and a lookup of a long value checks every candidate's record. The
// entries of one value are contiguous and ordered by node id, and a value's
// prefix (everything before the id) is followed by exactly 16 bytes in
// every entry that starts with it.
//
// An entry says the node held the value as of the run that holds the entry
// (docs/format.md, "Property index tables"); a newer run may change the node.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/uuid.h"

namespace namidb {

// Equality keys longer than this are stored cut and hashed.
constexpr size_t kMaxWholeIndexKeyBytes = 128;

// Every key of the index on (label, property).
std::string PropertyIndexPrefix(std::string_view label, std::string_view property);
// The value part of the keys of one value (its equality key): what follows
// PropertyIndexPrefix and precedes the node id.
std::string PropertyIndexValuePart(std::string_view equality_key);
// Every key of one value (its equality key).
std::string PropertyIndexValuePrefix(std::string_view label, std::string_view property,
                                     std::string_view equality_key);
// Whether the value part of the keys of `equality_key` is cut and hashed.
inline bool PropertyIndexKeyIsHashed(std::string_view equality_key) {
  return equality_key.size() > kMaxWholeIndexKeyBytes;
}
// The node of a key that starts with `value_prefix`.
Result<Uuid> DecodePropertyIndexNode(std::string_view key, std::string_view value_prefix,
                                     std::string_view table_key);

}  // namespace namidb
