// The temporal functions date() and datetime(), and the fields of temporal
// values (`d.year`, `dt.epochMillis`, ...).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"

namespace namidb::query {

// date(): today (UTC); date('2015-07-21'); date({year, month, day});
// date(datetime): its calendar day in its own offset.
Result<Value> MakeDate(const std::vector<Value>& args);
// datetime(): now; datetime('2015-07-21T21:40:32.142+01:00');
// datetime({year, month, day, hour, minute, second, millisecond,
// microsecond, nanosecond, timezone: '+01:00'}); datetime({epochMillis})
// or datetime({epochSeconds, nanosecond}).
Result<Value> MakeDateTime(const std::vector<Value>& args);

// year, quarter, month, day, dayOfWeek, ordinalDay; and for datetimes hour,
// minute, second, millisecond, microsecond, nanosecond, epochSeconds,
// epochMillis, offset, offsetSeconds, timezone. An unknown field is null.
Result<Value> TemporalField(const Value& value, const std::string& field);

}  // namespace namidb::query
