#include "query/functions/temporal_fields.h"

#include "core/temporal.h"
#include "core/time_zone.h"
#include "query/common/query_error.h"
#include "query/functions/temporal_parts.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

std::optional<int64_t> DateField(int64_t days, const std::string& f) {
  CivilDate c = CivilFromDays(days);
  if (f == "year") return c.year;
  if (f == "quarter") return (c.month - 1) / 3 + 1;
  if (f == "month") return c.month;
  if (f == "week") return WeekDateFromDays(days).week;
  if (f == "weekYear") return WeekDateFromDays(days).week_year;
  if (f == "day") return c.day;
  if (f == "ordinalDay") return DayOfYear(days);
  if (f == "weekDay" || f == "dayOfWeek") return DayOfWeek(days);
  if (f == "dayOfQuarter") return DayOfQuarter(days);
  return std::nullopt;
}

std::optional<int64_t> TimeField(int64_t nanos, const std::string& f) {
  int64_t seconds = nanos / kNanosPerSecond, fraction = nanos % kNanosPerSecond;
  if (f == "hour") return seconds / 3600;
  if (f == "minute") return seconds / 60 % 60;
  if (f == "second") return seconds % 60;
  if (f == "millisecond") return fraction / 1000000;
  if (f == "microsecond") return fraction / 1000;
  if (f == "nanosecond") return fraction;
  return std::nullopt;
}

std::optional<Value> ZoneField(const ZoneSpec& zone, const std::string& f) {
  if (f == "timezone")
    return Value::String(zone.zone != 0 ? ZoneName(zone.zone) : FormatOffset(zone.offset));
  if (f == "offset") return Value::String(FormatOffset(zone.offset));
  if (f == "offsetMinutes") return Value::Int(zone.offset / 60);
  if (f == "offsetSeconds") return Value::Int(zone.offset);
  return std::nullopt;
}

// 128 bits: the sub-second totals of a long duration overflow 64.
__extension__ typedef __int128 Wide;

std::optional<Wide> DurationField(const DurationValue& d, const std::string& f) {
  Wide seconds = d.seconds;
  if (f == "years") return d.months / 12;
  if (f == "quarters") return d.months / 3;
  if (f == "months") return d.months;
  if (f == "weeks") return d.days / 7;
  if (f == "days") return d.days;
  if (f == "hours") return d.seconds / 3600;
  if (f == "minutes") return d.seconds / 60;
  if (f == "seconds") return d.seconds;
  if (f == "milliseconds") return seconds * 1000 + d.nanos / 1000000;
  if (f == "microseconds") return seconds * 1000000 + d.nanos / 1000;
  if (f == "nanoseconds") return seconds * kNanosPerSecond + d.nanos;
  if (f == "quartersOfYear") return d.months % 12 / 3;
  if (f == "monthsOfQuarter") return d.months % 3;
  if (f == "monthsOfYear") return d.months % 12;
  if (f == "daysOfWeek") return d.days % 7;
  if (f == "minutesOfHour") return d.seconds / 60 % 60;
  if (f == "secondsOfMinute") return d.seconds % 60;
  if (f == "millisecondsOfSecond") return d.nanos / 1000000;
  if (f == "microsecondsOfSecond") return d.nanos / 1000;
  if (f == "nanosecondsOfSecond") return d.nanos;
  return std::nullopt;
}

Result<Value> IntegerField(Wide v) {
  if (v > INT64_MAX || v < INT64_MIN) {
    return RuntimeError("ArithmeticError", "IntegerOverflow",
                        "the field does not fit a 64-bit integer");
  }
  return Value::Int(static_cast<int64_t>(v));
}

}  // namespace

Result<Value> TemporalField(const Value& value, const std::string& field) {
  if (value.kind() == ValueKind::kDuration) {
    if (auto v = DurationField(value.as_duration(), field)) return IntegerField(*v);
  } else if (auto parts = PartsOf(value)) {
    if (parts->days) {
      if (auto v = DateField(*parts->days, field)) return Value::Int(*v);
    }
    if (parts->nanos) {
      if (auto v = TimeField(*parts->nanos, field)) return Value::Int(*v);
    }
    if (parts->zone) {
      if (auto v = ZoneField(*parts->zone, field)) return std::move(*v);
    }
    if (value.kind() == ValueKind::kDateTime) {
      const DateTimeValue& t = value.as_datetime();
      if (field == "epochSeconds") return Value::Int(t.seconds);
      if (field == "epochMillis") return IntegerField(Wide{t.seconds} * 1000 + t.nanos / 1000000);
    }
  }
  return RuntimeError("ArgumentError", "InvalidArgumentValue",
                      TypeName(value) + " has no field '" + field + "'");
}

}  // namespace namidb::query
