// duration.between / inMonths / inDays / inSeconds: the duration from one
// temporal value to another, as Neo4j computes it with java.time.
//
// The two values are first made alike, one part at a time: a date without
// a time of day gets midnight (always for inSeconds; otherwise when the
// other has a time), a time without a date gets the other's date, and a
// value without a zone gets the other's zone — a named zone's offset then
// being the one it has at that moment, so a local time on a daylight-saving
// day lands on the right instant. Then months and days are counted on the
// wall clock of the first value's zone (the second value seen there at the
// same instant; a day whose time of day is not yet reached does not count)
// and what remains is elapsed time. between() counts months, then days from
// the first value moved by those months, then the rest; when either side
// has no date it is elapsed time only.
#pragma once

#include <string_view>

#include "core/status.h"
#include "core/value.h"

namespace namidb::query {

// `mode`: "between", "inmonths", "indays" or "inseconds". Null in, null
// out; a value that is not a date, time or datetime is a TypeError.
Result<Value> DurationBetween(std::string_view mode, const Value& a, const Value& b);

}  // namespace namidb::query
