// The binary row format in which a statement's rows leave the engine
// (docs/architecture.md, "Statements across the boundary"), chunk by
// chunk (row_chunk_writer.h).
//
// A chunk: u32 row count, then per row one value per column. A value: a
// tag byte, then its body (little-endian):
//   0 null | 1 false | 2 true
//   3 an integer JavaScript numbers hold exactly (|v| < 2^53): f64
//   4 an integer as a bigint (beyond, or every integer when lossless): i64
//   5 float: f64 | 6 string: u32 bytes, UTF-8 | 7 bytes: u32 length, bytes
//   8 list: u32 count, values | 9 map: u32 count, (string, value) by key
//   10 node: NODE | 11 relationship: REL
//   12 path: u32 nodes, NODE each, u32 relationships, REL each
//   13 date, 14 local time, 15 time, 16 local datetime, 17 datetime,
//   18 duration: the ISO text as a string
// NODE: id (36 ASCII bytes), u32 labels, strings, u32 properties,
// (string, value) by key. REL: id, type string, start id, end id, u32
// properties, (string, value) by key. Strings carry no tag; map keys and
// properties are in byte order of their keys, as the JSON form had them.
#pragma once

#include <cstdint>
#include <string>

#include "core/value.h"

namespace namidb::api {

// The tags of the binary row format.
enum class ValueTag : uint8_t {
  kNull = 0,
  kFalse = 1,
  kTrue = 2,
  kSafeInt = 3,
  kBigInt = 4,
  kFloat = 5,
  kString = 6,
  kBytes = 7,
  kList = 8,
  kMap = 9,
  kNode = 10,
  kRelationship = 11,
  kPath = 12,
  kDate = 13,
  kLocalTime = 14,
  kTime = 15,
  kLocalDateTime = 16,
  kDateTime = 17,
  kDuration = 18,
};

// Appends `v` in the binary row format; with `lossless` every integer is
// a bigint (kBigInt).
void AppendValue(std::string& out, const Value& v, bool lossless);

}  // namespace namidb::api
