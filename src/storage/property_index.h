// Equality keys for property values: two values get the same key exactly
// when Cypher's `=` says they are equal (1 and 1.0 alike; null and NaN equal
// nothing, so they have no key). A GraphReader's property index maps these
// keys to node ids.
#pragma once

#include <optional>
#include <string>

#include "core/value.h"

namespace namidb {

std::optional<std::string> PropertyIndexKey(const Value& value);

}  // namespace namidb
