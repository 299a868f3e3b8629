#include "core/temporal.h"

#include <cmath>
#include <cstdio>

#include "core/time_zone.h"

namespace namidb {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;  // not a - FloorDiv(a, b) * b, which overflows near the ends
  return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const CivilDate& date) {
  int64_t y = date.year - (date.month <= 2);
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t mp = (date.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  int64_t era = FloorDiv(days, 146097);
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2), month, day};
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool IsValidCivil(const CivilDate& d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= DaysInMonth(d.year, d.month);
}

int DayOfWeek(int64_t days) {
  return static_cast<int>(FloorMod(days + 3, 7)) + 1;  // 1970-01-01 was a Thursday
}

int64_t FirstDayOfWeekYear(int64_t week_year) {
  int64_t jan4 = DaysFromCivil({week_year, 1, 4});
  return jan4 - (DayOfWeek(jan4) - 1);
}

int WeeksInWeekYear(int64_t week_year) {
  return static_cast<int>((FirstDayOfWeekYear(week_year + 1) - FirstDayOfWeekYear(week_year)) / 7);
}

WeekDate WeekDateFromDays(int64_t days) {
  int64_t year = CivilFromDays(days).year;
  int64_t week_year = year + 1;
  if (days < FirstDayOfWeekYear(week_year)) week_year = year;
  if (days < FirstDayOfWeekYear(week_year)) week_year = year - 1;
  int week = static_cast<int>((days - FirstDayOfWeekYear(week_year)) / 7) + 1;
  return {week_year, week, DayOfWeek(days)};
}

int DayOfYear(int64_t days) {
  return static_cast<int>(days - DaysFromCivil({CivilFromDays(days).year, 1, 1})) + 1;
}

int DayOfQuarter(int64_t days) {
  CivilDate c = CivilFromDays(days);
  int first_month = (c.month - 1) / 3 * 3 + 1;
  return static_cast<int>(days - DaysFromCivil({c.year, first_month, 1})) + 1;
}

int64_t AddMonths(int64_t days, int64_t months) {
  CivilDate c = CivilFromDays(days);
  int64_t index = c.year * 12 + (c.month - 1) + months;
  int64_t year = FloorDiv(index, 12);
  int month = static_cast<int>(FloorMod(index, 12)) + 1;
  int day = std::min(c.day, DaysInMonth(year, month));
  return DaysFromCivil({year, month, day});
}

bool NormalizeDuration(int64_t months, int64_t days, int64_t seconds, int64_t nanos,
                       DurationValue* out) {
  int64_t carry = FloorDiv(nanos, kNanosPerSecond);
  if (__builtin_add_overflow(seconds, carry, &seconds)) return false;
  *out =
      DurationValue{months, days, seconds, static_cast<int32_t>(FloorMod(nanos, kNanosPerSecond))};
  return true;
}

namespace {

// Whole part of a double as an integer, false when it does not fit.
bool Whole(double v, int64_t* out) {
  if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) return false;
  *out = static_cast<int64_t>(v);  // toward zero
  return true;
}

// A fraction of a unit in nanoseconds; values within a thousandth of a
// nanosecond of a whole number are that number (0.2184375 days is 18,873 s,
// not 18,872.999999 s), the rest truncate toward zero.
int64_t FractionNanos(double nanos) {
  double nearest = std::nearbyint(nanos);
  return static_cast<int64_t>(std::fabs(nanos - nearest) < 1e-3 ? nearest : std::trunc(nanos));
}

}  // namespace

bool ApproximateDuration(double months, double days, double seconds, double nanos,
                         DurationValue* out) {
  constexpr double kDaysPerMonth = 30.436875;  // 365.2425 / 12
  int64_t m, d, s, n;
  if (!Whole(months, &m)) return false;
  days += (months - static_cast<double>(m)) * kDaysPerMonth;
  if (!Whole(days, &d)) return false;
  double day_fraction_nanos = (days - static_cast<double>(d)) * static_cast<double>(kNanosPerDay);
  if (!Whole(seconds, &s)) return false;
  double rest = day_fraction_nanos + (seconds - static_cast<double>(s)) * 1e9 + nanos;
  if (!std::isfinite(rest) || std::fabs(rest) >= 9.2e18) return false;
  n = FractionNanos(rest);
  return NormalizeDuration(m, d, s, n, out);
}

bool DurationSum::Build(DurationValue* out) const {
  DurationValue fraction;
  if (overflow_ || !ApproximateDuration(fraction_[kMonths], fraction_[kDays], fraction_[kSeconds],
                                        fraction_[kNanos], &fraction)) {
    return false;
  }
  int64_t months, days, seconds, nanos;
  if (__builtin_add_overflow(whole_[kMonths], fraction.months, &months) ||
      __builtin_add_overflow(whole_[kDays], fraction.days, &days) ||
      __builtin_add_overflow(whole_[kSeconds], fraction.seconds, &seconds) ||
      __builtin_add_overflow(whole_[kNanos], fraction.nanos, &nanos)) {
    return false;
  }
  return NormalizeDuration(months, days, seconds, nanos, out);
}

namespace {

// hh:mm[:ss[.fff|.ffffff|.fffffffff]], as java.time prints a time.
std::string FormatNanosOfDay(int64_t nanos) {
  int64_t seconds = nanos / kNanosPerSecond;
  int64_t fraction = nanos % kNanosPerSecond;
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(seconds / 3600),
                        static_cast<int>(seconds / 60 % 60));
  if (seconds % 60 != 0 || fraction != 0) {
    n += std::snprintf(buf + n, sizeof buf - n, ":%02d", static_cast<int>(seconds % 60));
  }
  if (fraction != 0) {
    if (fraction % 1000000 == 0) {
      std::snprintf(buf + n, sizeof buf - n, ".%03d", static_cast<int>(fraction / 1000000));
    } else if (fraction % 1000 == 0) {
      std::snprintf(buf + n, sizeof buf - n, ".%06d", static_cast<int>(fraction / 1000));
    } else {
      std::snprintf(buf + n, sizeof buf - n, ".%09d", static_cast<int>(fraction));
    }
  }
  return buf;
}

}  // namespace

std::string FormatDate(const DateValue& date) {
  CivilDate c = CivilFromDays(date.days);
  char buf[48];
  if (c.year > 9999) {
    std::snprintf(buf, sizeof buf, "+%lld-%02d-%02d", static_cast<long long>(c.year), c.month,
                  c.day);
  } else if (c.year < 0) {
    std::snprintf(buf, sizeof buf, "-%04lld-%02d-%02d", static_cast<long long>(-c.year), c.month,
                  c.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month,
                  c.day);
  }
  return buf;
}

std::string FormatOffset(int32_t offset) {
  if (offset == 0) return "Z";
  int32_t o = offset < 0 ? -offset : offset;
  char buf[16];
  int n =
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+', o / 3600, o / 60 % 60);
  if (o % 60 != 0) std::snprintf(buf + n, sizeof buf - n, ":%02d", o % 60);
  return buf;
}

std::string FormatLocalTime(const LocalTimeValue& time) { return FormatNanosOfDay(time.nanos); }

std::string FormatTime(const TimeValue& time) {
  return FormatNanosOfDay(time.nanos) + FormatOffset(time.offset_seconds);
}

std::string FormatLocalDateTime(const LocalDateTimeValue& t) {
  int64_t days = FloorDiv(t.seconds, kSecondsPerDay);
  int64_t of_day = t.seconds - days * kSecondsPerDay;
  return FormatDate(DateValue{days}) + "T" + FormatNanosOfDay(of_day * kNanosPerSecond + t.nanos);
}

LocalDateTimeValue LocalOf(const DateTimeValue& value) {
  return LocalDateTimeValue{value.seconds + value.offset_seconds, value.nanos};
}

std::string FormatDateTime(const DateTimeValue& value) {
  std::string out = FormatLocalDateTime(LocalOf(value)) + FormatOffset(value.offset_seconds);
  if (value.zone != 0) out += "[" + ZoneName(value.zone) + "]";
  return out;
}

std::string FormatDuration(const DurationValue& d) {
  std::string out = "P";
  if (int64_t years = d.months / 12) out += std::to_string(years) + "Y";
  if (int64_t months = d.months % 12) out += std::to_string(months) + "M";
  if (d.days != 0) out += std::to_string(d.days) + "D";
  if (d.seconds != 0 || d.nanos != 0) {
    out += "T";
    // The time part as a signed count of nanoseconds split into units that
    // each carry the sign: -60.001 s is "-1M-0.001S".
    bool negative = d.seconds < 0;
    int64_t seconds = d.seconds;
    int64_t nanos = d.nanos;
    if (negative && nanos > 0) {
      seconds += 1;
      nanos = kNanosPerSecond - nanos;
    }
    uint64_t abs_seconds =
        negative ? -static_cast<uint64_t>(seconds) : static_cast<uint64_t>(seconds);
    std::string sign = negative ? "-" : "";
    if (uint64_t hours = abs_seconds / 3600) out += sign + std::to_string(hours) + "H";
    if (uint64_t minutes = abs_seconds / 60 % 60) out += sign + std::to_string(minutes) + "M";
    uint64_t secs = abs_seconds % 60;
    if (secs != 0 || nanos != 0) {
      out += sign + std::to_string(secs);
      if (nanos != 0) {
        char buf[16];
        std::snprintf(buf, sizeof buf, ".%09d", static_cast<int>(nanos));
        std::string fraction = buf;
        while (fraction.back() == '0') fraction.pop_back();
        out += fraction;
      }
      out += "S";
    }
  }
  if (out == "P") out = "PT0S";
  return out;
}

}  // namespace namidb
