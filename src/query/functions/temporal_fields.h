// The fields of temporal values read as properties: `d.year`, `t.hour`,
// `dt.timezone`, `dt.epochMillis`, `dur.minutes`, `dur.secondsOfMinute`, ...
#pragma once

#include <string>

#include "core/status.h"
#include "core/value.h"

namespace namidb::query {

// A field the value's kind does not have is an InvalidArgumentValue error.
Result<Value> TemporalField(const Value& value, const std::string& field);

}  // namespace namidb::query
