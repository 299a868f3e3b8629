// Parsing the ISO 8601 forms Cypher accepts for temporal values, extended
// (2015-07-21T21:40:32.142+01:00) and basic (20150721T214032.142+0100), with
// week dates (2015-W30-2), ordinal dates (2015-202), reduced precision
// (2015-07, 21:40, 21), fractions with '.' or ',', offsets Z / ±hh /
// ±hh:mm / ±hh:mm:ss and a bracketed zone name ([Europe/Stockholm]).
// Every function returns nullopt for text that is malformed or names a day
// or time that does not exist.
#pragma once

#include <optional>
#include <string_view>

#include "core/temporal.h"

namespace namidb {

std::optional<DateValue> ParseDate(std::string_view text);
std::optional<LocalTimeValue> ParseLocalTime(std::string_view text);
// No offset means UTC.
std::optional<TimeValue> ParseTime(std::string_view text);
std::optional<LocalDateTimeValue> ParseLocalDateTime(std::string_view text);
// No offset and no zone means UTC; a zone alone gives the zone's offset at
// that wall-clock time; both must agree.
std::optional<DateTimeValue> ParseDateTime(std::string_view text);
// P14DT16H12M, P5M1.5D, PT-0.5S, P2.5W, P2012-02-02T14:37:21.545.
std::optional<DurationValue> ParseDuration(std::string_view text);
// Z, +01, +0100, +01:00, +02:05:59; nullopt for anything else.
std::optional<int32_t> ParseOffset(std::string_view text);

}  // namespace namidb
