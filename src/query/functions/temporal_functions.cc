#include "query/functions/temporal_functions.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "core/temporal.h"
#include "core/temporal_text.h"
#include "core/time_zone.h"
#include "query/common/query_error.h"
#include "query/functions/duration_between.h"
#include "query/functions/temporal_arithmetic.h"
#include "query/functions/temporal_parts.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
DateTimeValue CurrentInstant() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  return DateTimeValue{FloorDiv(ns, kNanosPerSecond),
                       static_cast<int32_t>(FloorMod(ns, kNanosPerSecond)), 0, 0};
}

namespace {

// What each kind the constructors make (every temporal ValueKind but
// kDuration) holds:
bool HasDate(ValueKind k) {
  return k == ValueKind::kDate || k == ValueKind::kLocalDateTime || k == ValueKind::kDateTime;
}
bool HasTime(ValueKind k) { return k != ValueKind::kDate; }
bool HasZone(ValueKind k) { return k == ValueKind::kTime || k == ValueKind::kDateTime; }

Status Invalid(const std::string& message) {
  return RuntimeError("ArgumentError", "InvalidArgumentValue", message);
}

Status WrongType(std::string_view fn, const Value& v) {
  return RuntimeError("TypeError", "InvalidArgumentType",
                      std::string(fn) + "() does not take " + TypeName(v));
}

constexpr int64_t kMaxYear = 999999999;

// A `timezone` argument: an offset ('+01:00', 'Z') or a zone name.
Result<ZoneSpec> ZoneArgument(const Value& v) {
  if (v.kind() != ValueKind::kString) return WrongType("timezone", v);
  const std::string& text = v.as_string();
  if (auto offset = ParseOffset(text)) return ZoneSpec{*offset, 0};
  if (auto zone = LookupZone(text)) return ZoneSpec{0, *zone};
  return Invalid("unknown time zone '" + text +
                 "' (an offset such as '+01:00' or a name such as 'Europe/Stockholm')");
}

// The offset a zone shows at an instant.
int32_t OffsetAt(const ZoneSpec& zone, int64_t utc_seconds) {
  return zone.zone != 0 ? ZoneOffsetAt(zone.zone, utc_seconds).value_or(0) : zone.offset;
}

// The value of `kind` for a local date and time of day in a zone.
Result<Value> Make(ValueKind kind, int64_t days, int64_t nanos, const ZoneSpec& zone) {
  if (HasDate(kind)) {
    int64_t year = CivilFromDays(days).year;
    if (year < -kMaxYear || year > kMaxYear)
      return Invalid("year " + std::to_string(year) + " is out of range");
  }
  LocalDateTimeValue local{days * kSecondsPerDay + nanos / kNanosPerSecond,
                           static_cast<int32_t>(nanos % kNanosPerSecond)};
  switch (kind) {
    case ValueKind::kDate:
      return Value::Date(DateValue{days});
    case ValueKind::kLocalTime:
      return Value::LocalTime(LocalTimeValue{nanos});
    case ValueKind::kTime:
      return Value::Time(TimeValue{nanos, OffsetAt(zone, CurrentInstant().seconds)});
    case ValueKind::kLocalDateTime:
      return Value::LocalDateTime(local);
    case ValueKind::kDateTime:
      if (zone.zone != 0) return Value::DateTime(AtZone(local, zone.zone));
      return Value::DateTime(
          DateTimeValue{local.seconds - zone.offset, local.nanos, zone.offset, 0});
    default:  // not a kind these functions make
      return Value();
  }
}

// The integer fields of a map argument, each read at most once; whatever
// is left unread at the end is a field the function does not know.
class Fields {
 public:
  explicit Fields(const ValueMap& map) : map_(map) {}

  const Value* Raw(const std::string& name) {
    const Value* v = map_.Find(name);
    if (!v) return nullptr;
    read_.insert(name);
    return v->is_null() ? nullptr : v;
  }
  Result<std::optional<int64_t>> Int(const std::string& name) {
    const Value* v = Raw(name);
    if (!v) return std::optional<int64_t>();
    if (v->kind() != ValueKind::kInt) {
      return RuntimeError("TypeError", "InvalidArgumentType",
                          name + " must be an integer, not " + TypeName(*v));
    }
    return std::optional<int64_t>(v->as_int());
  }
  bool Has(const std::string& name) const {
    const Value* v = map_.Find(name);
    return v && !v->is_null();
  }
  Status CheckAllRead(std::string_view fn) const {
    for (const auto& entry : map_) {
      if (!read_.count(entry.first)) {
        return Invalid(std::string(fn) + "() has no field '" + entry.first + "'");
      }
    }
    return Status::OK();
  }

 private:
  const ValueMap& map_;
  std::set<std::string> read_;
};

Status OutOfRange(const std::string& field, int64_t value) {
  return Invalid(field + " " + std::to_string(value) + " is out of range");
}

// Epoch seconds within the years a datetime can have.
Status CheckEpochSeconds(int64_t seconds) {
  constexpr int64_t kLimit = kMaxYear * 366 * kSecondsPerDay;
  if (seconds > kLimit || seconds < -kLimit) return OutOfRange("epoch second", seconds);
  return Status::OK();
}

// The date a map describes, its missing fields taken from `base` when given.
Result<int64_t> ComposeDate(Fields& f, std::optional<int64_t> base) {
  NAMIDB_ASSIGN_OR_RETURN(auto year, f.Int("year"));
  NAMIDB_ASSIGN_OR_RETURN(auto month, f.Int("month"));
  NAMIDB_ASSIGN_OR_RETURN(auto day, f.Int("day"));
  NAMIDB_ASSIGN_OR_RETURN(auto week, f.Int("week"));
  NAMIDB_ASSIGN_OR_RETURN(auto day_of_week, f.Int("dayOfWeek"));
  NAMIDB_ASSIGN_OR_RETURN(auto quarter, f.Int("quarter"));
  NAMIDB_ASSIGN_OR_RETURN(auto day_of_quarter, f.Int("dayOfQuarter"));
  NAMIDB_ASSIGN_OR_RETURN(auto ordinal_day, f.Int("ordinalDay"));
  bool by_week = week || day_of_week;
  bool by_quarter = quarter || day_of_quarter;
  bool by_month = month || day;
  if (by_week + by_quarter + by_month + ordinal_day.has_value() > 1) {
    return Invalid(
        "a date is given by {year, month, day}, {year, week, dayOfWeek}, "
        "{year, quarter, dayOfQuarter} or {year, ordinalDay}, not a mix");
  }
  if (!year && !base) return Invalid("a date needs a year");
  if (year && (*year < -kMaxYear || *year > kMaxYear)) return OutOfRange("year", *year);
  if (by_week) {
    WeekDate b = base ? WeekDateFromDays(*base) : WeekDate{0, 1, 1};
    int64_t y = year.value_or(b.week_year);
    int64_t w = week.value_or(b.week), d = day_of_week.value_or(b.day_of_week);
    if (w < 1 || w > WeeksInWeekYear(y)) return OutOfRange("week", w);
    if (d < 1 || d > 7) return OutOfRange("dayOfWeek", d);
    return FirstDayOfWeekYear(y) + (w - 1) * 7 + (d - 1);
  }
  CivilDate b = base ? CivilFromDays(*base) : CivilDate{0, 1, 1};
  int64_t y = year.value_or(b.year);
  if (ordinal_day) {
    int64_t first = DaysFromCivil({y, 1, 1});
    if (*ordinal_day < 1 || *ordinal_day > DaysFromCivil({y + 1, 1, 1}) - first) {
      return OutOfRange("ordinalDay", *ordinal_day);
    }
    return first + *ordinal_day - 1;
  }
  if (by_quarter) {
    int64_t q = quarter.value_or(base ? (b.month - 1) / 3 + 1 : 1);
    int64_t dq = day_of_quarter.value_or(base ? DayOfQuarter(*base) : 1);
    if (q < 1 || q > 4) return OutOfRange("quarter", q);
    int64_t first = DaysFromCivil({y, static_cast<int>(q - 1) * 3 + 1, 1});
    int64_t next =
        q == 4 ? DaysFromCivil({y + 1, 1, 1}) : DaysFromCivil({y, static_cast<int>(q) * 3 + 1, 1});
    if (dq < 1 || dq > next - first) return OutOfRange("dayOfQuarter", dq);
    return first + dq - 1;
  }
  int64_t m = month.value_or(b.month), d = day.value_or(b.day);
  if (m < 1 || m > 12) return OutOfRange("month", m);
  if (d < 1 || d > DaysInMonth(y, static_cast<int>(m))) return OutOfRange("day", d);
  return DaysFromCivil({y, static_cast<int>(m), static_cast<int>(d)});
}

// The time of day a map describes, its missing fields taken from `base`.
Result<int64_t> ComposeTime(Fields& f, std::optional<int64_t> base) {
  NAMIDB_ASSIGN_OR_RETURN(auto hour, f.Int("hour"));
  NAMIDB_ASSIGN_OR_RETURN(auto minute, f.Int("minute"));
  NAMIDB_ASSIGN_OR_RETURN(auto second, f.Int("second"));
  NAMIDB_ASSIGN_OR_RETURN(auto ms, f.Int("millisecond"));
  NAMIDB_ASSIGN_OR_RETURN(auto us, f.Int("microsecond"));
  NAMIDB_ASSIGN_OR_RETURN(auto ns, f.Int("nanosecond"));
  int64_t b = base.value_or(0);
  int64_t b_seconds = b / kNanosPerSecond;
  int64_t h = hour.value_or(b_seconds / 3600), m = minute.value_or(b_seconds / 60 % 60);
  int64_t s = second.value_or(b_seconds % 60);
  if (h < 0 || h > 23) return OutOfRange("hour", h);
  if (m < 0 || m > 59) return OutOfRange("minute", m);
  if (s < 0 || s > 59) return OutOfRange("second", s);
  int64_t fraction = b % kNanosPerSecond;
  if (ms || us || ns) {
    // The largest unit given takes the whole fraction's range, smaller ones
    // add to it: {microsecond: 645876}, {millisecond: 645, microsecond: 876}.
    int64_t us_max = ms ? 999 : 999999, ns_max = (ms || us) ? 999 : 999999999;
    if (ms && (*ms < 0 || *ms > 999)) return OutOfRange("millisecond", *ms);
    if (us && (*us < 0 || *us > us_max)) return OutOfRange("microsecond", *us);
    if (ns && (*ns < 0 || *ns > ns_max)) return OutOfRange("nanosecond", *ns);
    fraction = ms.value_or(0) * 1000000 + us.value_or(0) * 1000 + ns.value_or(0);
  }
  return (h * 3600 + m * 60 + s) * kNanosPerSecond + fraction;
}

// What a map or a truncation starts from.
struct Base {
  std::optional<int64_t> days;
  std::optional<int64_t> nanos;
  std::optional<ZoneSpec> zone;  // of the value the time came from
};

// The value of `kind` a map of fields describes over `base`. A `timezone`
// converts a zoned base's instant to that zone ({time: t, timezone: '+05:00'})
// or, with `attach_zone` or an unzoned base, is just the zone of the result.
Result<Value> Compose(ValueKind kind, Fields& f, const Base& base, bool attach_zone) {
  int64_t days = 0, nanos = 0;
  if (HasDate(kind)) {
    NAMIDB_ASSIGN_OR_RETURN(days, ComposeDate(f, base.days));
  }
  if (HasTime(kind)) {
    NAMIDB_ASSIGN_OR_RETURN(nanos, ComposeTime(f, base.nanos));
  }
  ZoneSpec zone = base.zone.value_or(ZoneSpec{});
  const Value* timezone = HasZone(kind) ? f.Raw("timezone") : nullptr;
  NAMIDB_RETURN_IF_ERROR(f.CheckAllRead(TemporalFunctionName(kind)));
  if (!timezone) return Make(kind, days, nanos, zone);
  NAMIDB_ASSIGN_OR_RETURN(ZoneSpec target, ZoneArgument(*timezone));
  if (attach_zone || !base.zone) return Make(kind, days, nanos, target);
  // Convert: the instant in the base's zone, shown in the target zone.
  if (kind == ValueKind::kTime) {
    int64_t now = CurrentInstant().seconds;
    int64_t shifted = nanos + (OffsetAt(target, now) - OffsetAt(zone, now)) * kNanosPerSecond;
    return Make(kind, 0, FloorMod(shifted, kNanosPerDay), target);
  }
  NAMIDB_ASSIGN_OR_RETURN(Value in_base, Make(kind, days, nanos, zone));
  DateTimeValue t = in_base.as_datetime();
  t.offset_seconds = OffsetAt(target, t.seconds);
  t.zone = target.zone;
  return Value::DateTime(t);
}

Result<Value> FromMap(ValueKind kind, const ValueMap& map) {
  Fields f(map);
  Base base;
  // Selection: the fields of other temporal values.
  auto take = [&](const char* key, bool date, bool time) -> Status {
    const Value* v = f.Raw(key);
    if (!v) return Status::OK();
    auto parts = PartsOf(*v);
    if (!parts || (date && !parts->days) || (time && !parts->nanos)) {
      return Invalid(std::string(key) + " must be a temporal value with a " +
                     (date ? "date" : "time") + ", not " + TypeName(*v));
    }
    if (date) base.days = parts->days;
    if (time) {
      base.nanos = parts->nanos;
      base.zone = parts->zone;
    }
    return Status::OK();
  };
  if (HasDate(kind)) NAMIDB_RETURN_IF_ERROR(take("date", true, false));
  if (HasTime(kind)) NAMIDB_RETURN_IF_ERROR(take("time", false, true));
  if (kind == ValueKind::kLocalDateTime || kind == ValueKind::kDateTime) {
    NAMIDB_RETURN_IF_ERROR(take("datetime", true, true));
  }
  if (kind == ValueKind::kDateTime && (f.Has("epochSeconds") || f.Has("epochMillis"))) {
    NAMIDB_ASSIGN_OR_RETURN(auto millis, f.Int("epochMillis"));
    NAMIDB_ASSIGN_OR_RETURN(auto seconds, f.Int("epochSeconds"));
    NAMIDB_ASSIGN_OR_RETURN(auto nanosecond, f.Int("nanosecond"));
    const Value* timezone = f.Raw("timezone");
    NAMIDB_RETURN_IF_ERROR(f.CheckAllRead("datetime"));
    ZoneSpec zone;
    if (timezone) {
      NAMIDB_ASSIGN_OR_RETURN(zone, ZoneArgument(*timezone));
    }
    int64_t s = millis ? FloorDiv(*millis, 1000) : seconds.value_or(0);
    NAMIDB_RETURN_IF_ERROR(CheckEpochSeconds(s));
    int64_t n = millis ? FloorMod(*millis, 1000) * 1000000 : 0;
    if (nanosecond) {
      if (*nanosecond < 0 || *nanosecond > 999999999) return OutOfRange("nanosecond", *nanosecond);
      n += *nanosecond;
    }
    return Value::DateTime(DateTimeValue{s + FloorDiv(n, kNanosPerSecond),
                                         static_cast<int32_t>(FloorMod(n, kNanosPerSecond)),
                                         OffsetAt(zone, s), zone.zone});
  }
  return Compose(kind, f, base, false);
}

// date(x) for x another temporal value: its fields of this kind.
Result<Value> Convert(ValueKind kind, const Value& v) {
  auto parts = PartsOf(v);
  if (!parts || v.kind() == ValueKind::kDuration) return WrongType(TemporalFunctionName(kind), v);
  if (HasDate(kind) && !parts->days) return WrongType(TemporalFunctionName(kind), v);
  if (HasTime(kind) && kind != ValueKind::kLocalDateTime && kind != ValueKind::kDateTime &&
      !parts->nanos) {
    return WrongType(TemporalFunctionName(kind), v);
  }
  if (kind == ValueKind::kDateTime && v.kind() == ValueKind::kDateTime) return v;
  return Make(kind, parts->days.value_or(0), parts->nanos.value_or(0),
              parts->zone.value_or(ZoneSpec{}));
}

Result<Value> Parse(ValueKind kind, const std::string& text) {
  auto v = ParseTemporalText(kind, text);
  if (!v) return Invalid("'" + text + "' is not " + std::string(TemporalTextForm(kind)));
  return std::move(*v);
}

// The instant `now` as a value of `kind`, in UTC or in the zone given.
Result<Value> Current(ValueKind kind, const std::vector<Value>& args, const DateTimeValue& now) {
  ZoneSpec zone;
  if (!args.empty()) {
    if (args[0].is_null()) return Value();
    NAMIDB_ASSIGN_OR_RETURN(zone, ZoneArgument(args[0]));
  }
  int64_t local = now.seconds + OffsetAt(zone, now.seconds);
  int64_t days = FloorDiv(local, kSecondsPerDay);
  int64_t nanos = (local - days * kSecondsPerDay) * kNanosPerSecond + now.nanos;
  if (kind == ValueKind::kDateTime) {
    return Value::DateTime(
        DateTimeValue{now.seconds, now.nanos, OffsetAt(zone, now.seconds), zone.zone});
  }
  return Make(kind, days, nanos, zone);
}

Result<Value> Construct(ValueKind kind, const std::vector<Value>& args, const DateTimeValue& now) {
  if (args.empty()) return Current(kind, args, now);
  const Value& a = args[0];
  switch (a.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kString:
      return Parse(kind, a.as_string());
    case ValueKind::kMap:
      return FromMap(kind, a.as_map());
    default:
      return Convert(kind, a);
  }
}

// truncate(unit, value[, map]): `value` cut down to the start of `unit`,
// then the map's fields set (a `timezone` there is attached, not converted).
Result<Value> Truncate(ValueKind kind, const std::vector<Value>& args) {
  if (args[0].is_null() || args[1].is_null()) return Value();
  if (args[0].kind() != ValueKind::kString)
    return WrongType(std::string(TemporalFunctionName(kind)) + ".truncate", args[0]);
  const std::string& unit = args[0].as_string();
  auto parts = PartsOf(args[1]);
  if (!parts || args[1].kind() == ValueKind::kDuration) {
    return WrongType(std::string(TemporalFunctionName(kind)) + ".truncate", args[1]);
  }
  static const std::set<std::string> kDateUnits = {
      "millennium", "century", "decade", "year", "weekYear", "quarter", "month", "week", "day"};
  static const std::map<std::string, int64_t> kTimeUnits = {{"hour", 3600 * kNanosPerSecond},
                                                            {"minute", 60 * kNanosPerSecond},
                                                            {"second", kNanosPerSecond},
                                                            {"millisecond", 1000000},
                                                            {"microsecond", 1000}};
  bool date_unit = kDateUnits.count(unit) > 0;
  auto time_unit = kTimeUnits.find(unit);
  if (!date_unit && time_unit == kTimeUnits.end())
    return Invalid("unknown unit '" + unit + "' to truncate to");
  if (kind == ValueKind::kDate && !date_unit)
    return Invalid("a date cannot be truncated to the " + unit);
  if (!HasDate(kind) && date_unit && unit != "day")
    return Invalid("a time cannot be truncated to the " + unit);
  if ((HasDate(kind) && !parts->days) || (!HasDate(kind) && !parts->nanos)) {
    return WrongType(std::string(TemporalFunctionName(kind)) + ".truncate", args[1]);
  }
  Base base;
  base.zone = parts->zone;
  base.nanos = 0;
  if (HasDate(kind)) {
    int64_t days = *parts->days;
    CivilDate c = CivilFromDays(days);
    auto start_of_year = [](int64_t year) { return DaysFromCivil({year, 1, 1}); };
    if (unit == "millennium") days = start_of_year(FloorDiv(c.year, 1000) * 1000);
    if (unit == "century") days = start_of_year(FloorDiv(c.year, 100) * 100);
    if (unit == "decade") days = start_of_year(FloorDiv(c.year, 10) * 10);
    if (unit == "year") days = start_of_year(c.year);
    if (unit == "weekYear") days = FirstDayOfWeekYear(WeekDateFromDays(days).week_year);
    if (unit == "quarter") days = DaysFromCivil({c.year, (c.month - 1) / 3 * 3 + 1, 1});
    if (unit == "month") days = DaysFromCivil({c.year, c.month, 1});
    if (unit == "week") days -= DayOfWeek(days) - 1;
    base.days = days;
  }
  if (!date_unit) base.nanos = *parts->nanos / time_unit->second * time_unit->second;
  ValueMap fields;
  if (args.size() > 2 && !args[2].is_null()) {
    if (args[2].kind() != ValueKind::kMap)
      return WrongType(std::string(TemporalFunctionName(kind)) + ".truncate", args[2]);
    fields = args[2].as_map();
  }
  // A sub-second field refines the truncated fraction instead of replacing
  // it: truncating to the millisecond then setting {nanosecond: 2} keeps
  // the milliseconds.
  if (fields.Find("microsecond") || fields.Find("nanosecond")) {
    int64_t fraction = base.nanos.value_or(0) % kNanosPerSecond;
    if ((unit == "millisecond" || unit == "microsecond") && !fields.Find("millisecond")) {
      fields.Set("millisecond", Value::Int(fraction / 1000000));
    }
    if (unit == "microsecond" && !fields.Find("microsecond")) {
      fields.Set("microsecond", Value::Int(fraction / 1000 % 1000));
    }
  }
  Fields f(fields);
  return Compose(kind, f, base, true);
}

Result<Value> FromEpoch(const std::vector<Value>& args, bool millis) {
  for (const auto& a : args) {
    if (a.is_null()) return Value();
    if (a.kind() != ValueKind::kInt)
      return WrongType(millis ? "datetime.fromepochmillis" : "datetime.fromepoch", a);
  }
  int64_t seconds, nanos;
  if (millis) {
    seconds = FloorDiv(args[0].as_int(), 1000);
    nanos = FloorMod(args[0].as_int(), 1000) * 1000000;
  } else {
    seconds = args[0].as_int();
    nanos = args.size() > 1 ? args[1].as_int() : 0;
    if (nanos < 0 || nanos > 999999999) return OutOfRange("nanosecond", nanos);
  }
  NAMIDB_RETURN_IF_ERROR(CheckEpochSeconds(seconds));
  return Value::DateTime(DateTimeValue{seconds, static_cast<int32_t>(nanos), 0, 0});
}

// duration({days: 14, hours: 16}), duration('P14DT16H'), duration(d).
Result<Value> MakeDuration(const std::vector<Value>& args) {
  const Value& a = args[0];
  switch (a.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kDuration:
      return a;
    case ValueKind::kString: {
      auto d = ParseTemporalText(ValueKind::kDuration, a.as_string());
      if (!d) {
        return Invalid("'" + a.as_string() + "' is not " +
                       std::string(TemporalTextForm(ValueKind::kDuration)));
      }
      return std::move(*d);
    }
    case ValueKind::kMap:
      break;
    default:
      return WrongType("duration", a);
  }
  DurationSum sum;
  for (const auto& [key, v] : a.as_map()) {
    struct Unit {
      DurationSum::Part part;
      int64_t per;
    };
    static const std::map<std::string, Unit> kUnits = {
        {"years", {DurationSum::kMonths, 12}},
        {"quarters", {DurationSum::kMonths, 3}},
        {"months", {DurationSum::kMonths, 1}},
        {"weeks", {DurationSum::kDays, 7}},
        {"days", {DurationSum::kDays, 1}},
        {"hours", {DurationSum::kSeconds, 3600}},
        {"minutes", {DurationSum::kSeconds, 60}},
        {"seconds", {DurationSum::kSeconds, 1}},
        {"milliseconds", {DurationSum::kNanos, 1000000}},
        {"microseconds", {DurationSum::kNanos, 1000}},
        {"nanoseconds", {DurationSum::kNanos, 1}}};
    auto unit = kUnits.find(key);
    if (unit == kUnits.end()) return Invalid("duration() has no field '" + key + "'");
    if (v.is_null()) continue;
    if (v.kind() == ValueKind::kInt) {
      sum.Add(unit->second.part, v.as_int(), unit->second.per);
    } else if (v.kind() == ValueKind::kFloat) {
      sum.Add(unit->second.part, v.as_float(), static_cast<double>(unit->second.per));
    } else {
      return RuntimeError("TypeError", "InvalidArgumentType",
                          key + " must be a number, not " + TypeName(v));
    }
  }
  DurationValue d;
  if (!sum.Build(&d))
    return RuntimeError("ArithmeticError", "IntegerOverflow", "the duration overflows");
  return Value::Duration(d);
}

ValueKind KindOf(std::string_view prefix) {
  if (prefix == "date") return ValueKind::kDate;
  if (prefix == "localtime") return ValueKind::kLocalTime;
  if (prefix == "time") return ValueKind::kTime;
  if (prefix == "localdatetime") return ValueKind::kLocalDateTime;
  return ValueKind::kDateTime;
}

std::string_view Prefix(std::string_view name) { return name.substr(0, name.find('.')); }

// A temporal function's argument counts and call, before it is an entry.
struct TemporalFunction {
  size_t min_args;
  size_t max_args;
  Result<Value> (*call)(std::string_view name, const std::vector<Value>& args,
                        const DateTimeValue& now);
};

Result<Value> CallTemporal(const ScalarFunction& self, const std::vector<Value>& args,
                           const DateTimeValue* statement_time) {
  return self.temporal(self.name, args, statement_time ? *statement_time : CurrentInstant());
}

}  // namespace

std::vector<ScalarFunction> TemporalFunctionEntries() {
  using Args = std::vector<Value>;
  std::map<std::string, TemporalFunction> m;
  for (const char* kind : {"date", "localtime", "time", "localdatetime", "datetime"}) {
    std::string k = kind;
    m[k] = {0, 1, [](std::string_view n, const Args& a, const DateTimeValue& now) {
              return Construct(KindOf(n), a, now);
            }};
    for (const char* clock : {".transaction", ".statement"}) {
      m[k + clock] = {0, 1, [](std::string_view n, const Args& a, const DateTimeValue& now) {
                        return Current(KindOf(Prefix(n)), a, now);
                      }};
    }
    m[k + ".realtime"] = {0, 1, [](std::string_view n, const Args& a, const DateTimeValue&) {
                            return Current(KindOf(Prefix(n)), a, CurrentInstant());
                          }};
    m[k + ".truncate"] = {2, 3, [](std::string_view n, const Args& a, const DateTimeValue&) {
                            return Truncate(KindOf(Prefix(n)), a);
                          }};
  }
  m["datetime.fromepoch"] = {2, 2, [](std::string_view, const Args& a, const DateTimeValue&) {
                               return FromEpoch(a, false);
                             }};
  m["datetime.fromepochmillis"] = {1, 1, [](std::string_view, const Args& a, const DateTimeValue&) {
                                     return FromEpoch(a, true);
                                   }};
  m["timestamp"] = {0, 0, [](std::string_view, const Args&, const DateTimeValue& now) {
                      return Result<Value>(Value::Int(now.seconds * 1000 + now.nanos / 1000000));
                    }};
  m["duration"] = {
      1, 1, [](std::string_view, const Args& a, const DateTimeValue&) { return MakeDuration(a); }};
  for (const char* between :
       {"duration.between", "duration.inmonths", "duration.indays", "duration.inseconds"}) {
    m[between] = {2, 2, [](std::string_view n, const Args& a, const DateTimeValue&) {
                    return DurationBetween(n.substr(9), a[0], a[1]);
                  }};
  }
  // duration.between and its kin take two instants.
  constexpr KindSet kInstant = KindBit(ValueKind::kDate) | KindBit(ValueKind::kDateTime) |
                               KindBit(ValueKind::kLocalTime) | KindBit(ValueKind::kTime) |
                               KindBit(ValueKind::kLocalDateTime);
  std::vector<ScalarFunction> out;
  for (const auto& [name, t] : m) {
    ScalarFunction f;
    f.name = name;
    f.min_args = t.min_args;
    f.max_args = t.max_args;
    if (name.starts_with("duration.")) f.takes = {kInstant};
    f.checks_kinds = false;  // each checks its own, for its own messages
    f.call = CallTemporal;
    f.temporal = t.call;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace namidb::query
