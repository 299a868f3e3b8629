// Binary encoding of property values, used inside WAL records and data files.
//
//   value := tag:u8 payload
//   tag 0 null | 1 false | 2 true
//       3 integer   zigzag varint
//       4 float     fixed64 (IEEE-754 bits, little-endian)
//       5 string    varint length + UTF-8 bytes
//       6 bytes     varint length + bytes
//       7 list      varint count + value*
//       8 map       varint count + (varint key length + key + value)*, keys ascending
//
// Only storable values encode: nodes, relationships and paths are query
// results, never properties (InvalidArgument). Values nest at most
// kMaxValueDepth deep (core/limits.h): encoding refuses deeper ones
// (InvalidArgument), decoding treats them as Corruption, as every other bound.
#pragma once

#include <span>
#include <string>

#include "core/coding.h"
#include "core/value.h"

namespace namidb {

Status EncodeValue(const Value& value, std::string* out);
Result<Value> DecodeValue(Decoder* in);

// A property map: the same as a map value without its tag.
Status EncodeProperties(const ValueMap& properties, std::string* out);
Result<ValueMap> DecodeProperties(Decoder* in);
// The same with only the properties named in `keys` (ascending): the others
// are stepped over, their structure checked but nothing built, so a query
// that names two properties of a record pays for those two.
Result<ValueMap> DecodePropertiesNamed(Decoder* in, std::span<const std::string> keys);

}  // namespace namidb
