// The functions that make temporal values: date(), localtime(), time(),
// localdatetime(), datetime() and duration(), their `.truncate`,
// `.transaction` / `.statement` / `.realtime` forms, datetime.fromepoch*,
// duration.between / inMonths / inDays / inSeconds, and timestamp().
//
// "Now" is the statement's instant: every date(), datetime(), timestamp()
// and their `.statement` / `.transaction` forms in one statement agree;
// `.realtime` reads the clock.
//
// A constructor takes nothing (now), an ISO 8601 string, another temporal
// value (converted), or a map of fields such as {year, month, day},
// {year, week, dayOfWeek}, {year, ordinalDay}, {year, quarter, dayOfQuarter},
// {hour, minute, second, millisecond, microsecond, nanosecond} and
// {timezone}, where `date`, `time` and `datetime` entries name values to take
// the unspecified fields from ("selection").
#pragma once

#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"

namespace namidb::query {

// The function `name` (lower case, e.g. "date.truncate") if it is one of the
// above: its minimum and maximum argument counts and the call.
struct TemporalFunction {
  size_t min_args;
  size_t max_args;
  Result<Value> (*call)(std::string_view name, const std::vector<Value>& args,
                        const DateTimeValue& now);
};
const TemporalFunction* FindTemporalFunction(std::string_view name);

// The clock's instant, in UTC.
DateTimeValue CurrentInstant();

}  // namespace namidb::query
