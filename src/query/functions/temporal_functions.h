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
#include "query/functions/function_registry.h"

namespace namidb::query {

// The functions above as entries of the function registry, each with its
// argument counts; they check their own arguments' kinds when called.
std::vector<ScalarFunction> TemporalFunctionEntries();

// The clock's instant, in UTC.
DateTimeValue CurrentInstant();

}  // namespace namidb::query
