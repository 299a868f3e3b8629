// Equality keys for property values: two values get the same key exactly
// when Cypher's `=` says they are equal (1 and 1.0 alike; datetimes as
// instants whatever their offset; null and NaN equal nothing, so they and
// any list or map holding them have no key). Property index tables
// (property_index_codec.h) and the in-memory indexes of a GraphReader map
// these keys to node ids; the text of a key is part of the on-store format
// (docs/format.md, "Property index keys"), so it never changes.
#pragma once

#include <optional>
#include <string>

#include "core/value.h"

namespace namidb {

std::optional<std::string> PropertyIndexKey(const Value& value);

}  // namespace namidb
