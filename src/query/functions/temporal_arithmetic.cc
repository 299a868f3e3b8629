#include "query/functions/temporal_arithmetic.h"

#include "core/temporal.h"
#include "core/time_zone.h"
#include "query/common/query_error.h"
#include "query/functions/temporal_parts.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

// Local datetimes in nanoseconds: years far from 1970 overflow 64 bits.
__extension__ typedef __int128 Wide;

Status Overflow() {
  return RuntimeError("ArithmeticError", "IntegerOverflow", "the temporal arithmetic overflows");
}

bool IsNumber(const Value& v) {
  return v.kind() == ValueKind::kInt || v.kind() == ValueKind::kFloat;
}
double AsDouble(const Value& v) {
  return v.kind() == ValueKind::kInt ? static_cast<double>(v.as_int()) : v.as_float();
}

// Results keep to the years constructors accept (±999,999,999); checked
// before calendar arithmetic so that nothing on the way overflows.
constexpr int64_t kMaxMonths = int64_t{12} * 1000000000;
constexpr int64_t kMaxDays = int64_t{366} * 1000000000;

Status CheckCalendarParts(const DurationValue& d) {
  if (d.months > kMaxMonths || d.months < -kMaxMonths || d.days > kMaxDays || d.days < -kMaxDays ||
      d.seconds > kMaxDays * kSecondsPerDay || d.seconds < -kMaxDays * kSecondsPerDay) {
    return Overflow();
  }
  return Status::OK();
}

Status CheckYear(int64_t days) {
  int64_t year = CivilFromDays(days).year;
  if (year > 999999999 || year < -999999999) return Overflow();
  return Status::OK();
}

Result<DurationValue> Negate(const DurationValue& d) {
  DurationValue out;
  int64_t seconds;
  if (__builtin_sub_overflow(int64_t{0}, d.seconds, &seconds) || d.months == INT64_MIN ||
      d.days == INT64_MIN ||
      !NormalizeDuration(-d.months, -d.days, seconds, -static_cast<int64_t>(d.nanos), &out)) {
    return Overflow();
  }
  return out;
}

// Seconds and nanoseconds (local or UTC) moved by a duration's seconds and
// nanoseconds.
Status AddClock(const DurationValue& d, int64_t* seconds, int32_t* nanos) {
  int64_t sum = static_cast<int64_t>(*nanos) + d.nanos;
  if (__builtin_add_overflow(*seconds, d.seconds + FloorDiv(sum, kNanosPerSecond), seconds)) {
    return Overflow();
  }
  *nanos = static_cast<int32_t>(FloorMod(sum, kNanosPerSecond));
  return CheckYear(FloorDiv(*seconds, kSecondsPerDay));
}

// Local seconds + nanos moved by a duration's months and days (calendar),
// then by its seconds and nanos.
Result<LocalDateTimeValue> ShiftLocal(const LocalDateTimeValue& t, const DurationValue& d,
                                      bool clock) {
  NAMIDB_RETURN_IF_ERROR(CheckCalendarParts(d));
  int64_t days = FloorDiv(t.seconds, kSecondsPerDay);
  int64_t of_day = t.seconds - days * kSecondsPerDay;
  days = AddMonths(days, d.months) + d.days;
  NAMIDB_RETURN_IF_ERROR(CheckYear(days));
  LocalDateTimeValue out{days * kSecondsPerDay + of_day, t.nanos};
  if (clock) NAMIDB_RETURN_IF_ERROR(AddClock(d, &out.seconds, &out.nanos));
  return out;
}

Result<Value> Plus(const Value& t, const DurationValue& d) {
  switch (t.kind()) {
    case ValueKind::kDate: {
      // Whole days of the seconds count too; hours and less do not.
      NAMIDB_RETURN_IF_ERROR(CheckCalendarParts(d));
      int64_t days = AddMonths(t.as_date().days, d.months) + d.days + d.seconds / kSecondsPerDay;
      NAMIDB_RETURN_IF_ERROR(CheckYear(days));
      return Value::Date(DateValue{days});
    }
    case ValueKind::kLocalTime:
    case ValueKind::kTime: {
      int64_t base = t.kind() == ValueKind::kTime ? t.as_time().nanos : t.as_localtime().nanos;
      int64_t nanos = FloorMod(
          base + FloorMod(d.seconds, kSecondsPerDay) * kNanosPerSecond + d.nanos, kNanosPerDay);
      if (t.kind() == ValueKind::kLocalTime) return Value::LocalTime(LocalTimeValue{nanos});
      return Value::Time(TimeValue{nanos, t.as_time().offset_seconds});
    }
    case ValueKind::kLocalDateTime: {
      NAMIDB_ASSIGN_OR_RETURN(LocalDateTimeValue out, ShiftLocal(t.as_localdatetime(), d, true));
      return Value::LocalDateTime(out);
    }
    case ValueKind::kDateTime: {
      // Months and days on the wall clock (kept in the zone), the rest on
      // the timeline: a day across a DST change stays 00:00 to 00:00.
      const DateTimeValue& v = t.as_datetime();
      NAMIDB_ASSIGN_OR_RETURN(LocalDateTimeValue local, ShiftLocal(LocalOf(v), d, false));
      DateTimeValue out = v.zone != 0 ? AtZone(local, v.zone)
                                      : DateTimeValue{local.seconds - v.offset_seconds, local.nanos,
                                                      v.offset_seconds, 0};
      NAMIDB_RETURN_IF_ERROR(AddClock(d, &out.seconds, &out.nanos));
      if (out.zone != 0)
        out.offset_seconds = ZoneOffsetAt(out.zone, out.seconds).value_or(out.offset_seconds);
      return Value::DateTime(out);
    }
    default:
      return RuntimeError("TypeError", "InvalidArgumentType",
                          "cannot add a duration to " + TypeName(t));
  }
}

Result<Value> Combine(const DurationValue& a, const DurationValue& b, int sign) {
  int64_t months, days, seconds;
  DurationValue out;
  bool overflow = sign > 0 ? __builtin_add_overflow(a.months, b.months, &months) ||
                                 __builtin_add_overflow(a.days, b.days, &days) ||
                                 __builtin_add_overflow(a.seconds, b.seconds, &seconds)
                           : __builtin_sub_overflow(a.months, b.months, &months) ||
                                 __builtin_sub_overflow(a.days, b.days, &days) ||
                                 __builtin_sub_overflow(a.seconds, b.seconds, &seconds);
  if (overflow || !NormalizeDuration(months, days, seconds,
                                     static_cast<int64_t>(a.nanos) + sign * b.nanos, &out)) {
    return Overflow();
  }
  return Value::Duration(out);
}

Result<Value> Scale(const DurationValue& d, const Value& factor, bool divide) {
  if (!divide && factor.kind() == ValueKind::kInt) {
    int64_t f = factor.as_int(), months, days, seconds, nanos;
    DurationValue out;
    if (__builtin_mul_overflow(d.months, f, &months) || __builtin_mul_overflow(d.days, f, &days) ||
        __builtin_mul_overflow(d.seconds, f, &seconds) ||
        __builtin_mul_overflow(int64_t{d.nanos}, f, &nanos) ||
        !NormalizeDuration(months, days, seconds, nanos, &out)) {
      return Overflow();
    }
    return Value::Duration(out);
  }
  double f = AsDouble(factor);
  if (divide) {
    if (f == 0)
      return RuntimeError("ArithmeticError", "DivisionByZero", "a duration divided by zero");
    f = 1 / f;
  }
  DurationValue out;
  if (!ApproximateDuration(static_cast<double>(d.months) * f, static_cast<double>(d.days) * f,
                           static_cast<double>(d.seconds) * f, static_cast<double>(d.nanos) * f,
                           &out)) {
    return Overflow();
  }
  return Value::Duration(out);
}

}  // namespace

std::optional<Result<Value>> TemporalArithmetic(char op, const Value& a, const Value& b) {
  bool da = a.kind() == ValueKind::kDuration, db = b.kind() == ValueKind::kDuration;
  bool ta = a.is_temporal() && !da, tb = b.is_temporal() && !db;
  switch (op) {
    case '+':
      if (da && db) return Combine(a.as_duration(), b.as_duration(), 1);
      if (ta && db) return Plus(a, b.as_duration());
      if (da && tb) return Plus(b, a.as_duration());
      break;
    case '-':
      if (da && db) return Combine(a.as_duration(), b.as_duration(), -1);
      if (ta && db) {
        auto negated = Negate(b.as_duration());
        if (!negated.ok()) return Result<Value>(negated.status());
        return Plus(a, *negated);
      }
      break;
    case '*':
      if (da && IsNumber(b)) return Scale(a.as_duration(), b, false);
      if (IsNumber(a) && db) return Scale(b.as_duration(), a, false);
      break;
    case '/':
      if (da && IsNumber(b)) return Scale(a.as_duration(), b, true);
      break;
  }
  return std::nullopt;
}

}  // namespace namidb::query
