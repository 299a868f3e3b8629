#include "query/temporal_functions.h"

#include <chrono>

#include "core/temporal.h"
#include "query/query_error.h"
#include "query/value_ops.h"

namespace namidb::query {
namespace {

Status InvalidValue(const std::string& message) {
  return RuntimeError("ArgumentError", "InvalidArgumentValue", message);
}

// An integer field of a map argument, or `fallback` when absent.
Result<int64_t> IntField(const ValueMap& map, const char* name, int64_t fallback) {
  const Value* v = map.Find(name);
  if (!v || v->is_null()) return fallback;
  if (v->kind() != ValueKind::kInt) return InvalidValue(std::string(name) + " must be an integer");
  return v->as_int();
}

Result<CivilDate> CivilFromMap(const ValueMap& map) {
  NAMIDB_ASSIGN_OR_RETURN(int64_t year, IntField(map, "year", INT64_MIN));
  if (year == INT64_MIN) return InvalidValue("a date needs a year");
  NAMIDB_ASSIGN_OR_RETURN(int64_t month, IntField(map, "month", 1));
  NAMIDB_ASSIGN_OR_RETURN(int64_t day, IntField(map, "day", 1));
  CivilDate d{year, static_cast<int>(month), static_cast<int>(day)};
  if (month < 1 || month > 12 || day < 1 || day > 31 || !IsValidCivil(d)) {
    return InvalidValue("no such date: " + std::to_string(year) + "-" + std::to_string(month) + "-" +
                        std::to_string(day));
  }
  return d;
}

DateTimeValue Now() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  return DateTimeValue{ns / 1000000000, static_cast<int32_t>(ns % 1000000000), 0};
}

}  // namespace

Result<Value> MakeDate(const std::vector<Value>& args) {
  if (args.empty()) return Value::Date(DateValue{DaysFromCivil(LocalFieldsOf(Now()).date)});
  const Value& a = args[0];
  switch (a.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kString: {
      auto d = ParseDate(a.as_string());
      if (!d) return InvalidValue("'" + a.as_string() + "' is not a date (YYYY-MM-DD)");
      return Value::Date(*d);
    }
    case ValueKind::kDate:
      return a;
    case ValueKind::kDateTime:
      return Value::Date(DateValue{DaysFromCivil(LocalFieldsOf(a.as_datetime()).date)});
    case ValueKind::kMap: {
      NAMIDB_ASSIGN_OR_RETURN(CivilDate d, CivilFromMap(a.as_map()));
      return Value::Date(DateValue{DaysFromCivil(d)});
    }
    default:
      return RuntimeError("TypeError", "InvalidArgumentValue", "date() does not take " + TypeName(a));
  }
}

Result<Value> MakeDateTime(const std::vector<Value>& args) {
  if (args.empty()) return Value::DateTime(Now());
  const Value& a = args[0];
  switch (a.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kString: {
      auto t = ParseDateTime(a.as_string());
      if (!t) return InvalidValue("'" + a.as_string() + "' is not a datetime (YYYY-MM-DDThh:mm[:ss[.fff]][offset])");
      return Value::DateTime(*t);
    }
    case ValueKind::kDateTime:
      return a;
    case ValueKind::kMap: {
      const ValueMap& m = a.as_map();
      int32_t offset = 0;
      if (const Value* tz = m.Find("timezone"); tz && !tz->is_null()) {
        auto o = tz->kind() == ValueKind::kString ? ParseOffset(tz->as_string()) : std::nullopt;
        if (!o) return InvalidValue("timezone must be an offset such as '+01:00' or 'Z' (named zones are not supported)");
        offset = *o;
      }
      NAMIDB_ASSIGN_OR_RETURN(int64_t nanosecond, IntField(m, "nanosecond", 0));
      if (m.Find("epochMillis") || m.Find("epochSeconds")) {
        NAMIDB_ASSIGN_OR_RETURN(int64_t millis, IntField(m, "epochMillis", INT64_MIN));
        if (millis != INT64_MIN) {
          int64_t seconds = millis / 1000 - (millis % 1000 < 0);
          int64_t rest = millis - seconds * 1000;
          return Value::DateTime(DateTimeValue{seconds, static_cast<int32_t>(rest * 1000000), offset});
        }
        NAMIDB_ASSIGN_OR_RETURN(int64_t seconds, IntField(m, "epochSeconds", 0));
        if (nanosecond < 0 || nanosecond > 999999999) return InvalidValue("nanosecond must be 0..999999999");
        return Value::DateTime(DateTimeValue{seconds, static_cast<int32_t>(nanosecond), offset});
      }
      NAMIDB_ASSIGN_OR_RETURN(CivilDate d, CivilFromMap(m));
      NAMIDB_ASSIGN_OR_RETURN(int64_t hour, IntField(m, "hour", 0));
      NAMIDB_ASSIGN_OR_RETURN(int64_t minute, IntField(m, "minute", 0));
      NAMIDB_ASSIGN_OR_RETURN(int64_t second, IntField(m, "second", 0));
      NAMIDB_ASSIGN_OR_RETURN(int64_t millisecond, IntField(m, "millisecond", 0));
      NAMIDB_ASSIGN_OR_RETURN(int64_t microsecond, IntField(m, "microsecond", 0));
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millisecond < 0 ||
          millisecond > 999 || microsecond < 0 || microsecond > 999 || nanosecond < 0 || nanosecond > 999) {
        return InvalidValue("a time field is out of range");
      }
      int64_t local = DaysFromCivil(d) * 86400 + hour * 3600 + minute * 60 + second;
      int32_t nanos = static_cast<int32_t>(millisecond * 1000000 + microsecond * 1000 + nanosecond);
      return Value::DateTime(DateTimeValue{local - offset, nanos, offset});
    }
    default:
      return RuntimeError("TypeError", "InvalidArgumentValue", "datetime() does not take " + TypeName(a));
  }
}

Result<Value> TemporalField(const Value& value, const std::string& f) {
  CivilDate date;
  int64_t days;
  const DateTimeValue* dt = value.kind() == ValueKind::kDateTime ? &value.as_datetime() : nullptr;
  LocalFields local{};
  if (dt) {
    local = LocalFieldsOf(*dt);
    date = local.date;
    days = DaysFromCivil(date);
  } else {
    days = value.as_date().days;
    date = CivilFromDays(days);
  }
  if (f == "year") return Value::Int(date.year);
  if (f == "quarter") return Value::Int((date.month - 1) / 3 + 1);
  if (f == "month") return Value::Int(date.month);
  if (f == "day") return Value::Int(date.day);
  if (f == "dayOfWeek") return Value::Int(DayOfWeek(days));
  if (f == "ordinalDay") return Value::Int(days - DaysFromCivil(CivilDate{date.year, 1, 1}) + 1);
  if (!dt) return Value();
  if (f == "hour") return Value::Int(local.hour);
  if (f == "minute") return Value::Int(local.minute);
  if (f == "second") return Value::Int(local.second);
  if (f == "millisecond") return Value::Int(local.nanos / 1000000);
  if (f == "microsecond") return Value::Int(local.nanos / 1000);
  if (f == "nanosecond") return Value::Int(local.nanos);
  if (f == "epochSeconds") return Value::Int(dt->seconds);
  if (f == "epochMillis") return Value::Int(dt->seconds * 1000 + dt->nanos / 1000000);
  if (f == "offsetSeconds") return Value::Int(dt->offset_seconds);
  if (f == "offset" || f == "timezone") {
    std::string text = FormatDateTime(DateTimeValue{0, 0, dt->offset_seconds});
    return Value::String(text.substr(text.find('T') + 6));  // after "T00:00"
  }
  return Value();
}

}  // namespace namidb::query
