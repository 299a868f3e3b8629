// Temporal values as Cypher defines them, in the proleptic Gregorian
// calendar: DATE, LOCAL TIME, ZONED TIME (TIME), LOCAL DATETIME, ZONED
// DATETIME (DATETIME) and DURATION, with their calendar arithmetic and ISO 8601
// text (temporal_text.h parses it). Zone names live in time_zone.h.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace namidb {

constexpr int64_t kNanosPerSecond = 1000000000;
constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

struct DateValue {
  int64_t days = 0;  // since 1970-01-01
  friend auto operator<=>(const DateValue&, const DateValue&) = default;
};

struct LocalTimeValue {
  int64_t nanos = 0;  // since midnight, 0 .. kNanosPerDay - 1
  friend auto operator<=>(const LocalTimeValue&, const LocalTimeValue&) = default;
};

struct TimeValue {
  int64_t nanos = 0;           // local time of day
  int32_t offset_seconds = 0;  // east of UTC
  friend bool operator==(const TimeValue&, const TimeValue&) = default;
};

struct LocalDateTimeValue {
  int64_t seconds = 0;  // local wall-clock seconds since 1970-01-01T00:00
  int32_t nanos = 0;    // 0 .. 999,999,999
  friend auto operator<=>(const LocalDateTimeValue&, const LocalDateTimeValue&) = default;
};

struct DateTimeValue {
  int64_t seconds = 0;         // since 1970-01-01T00:00Z
  int32_t nanos = 0;           // 0 .. 999,999,999
  int32_t offset_seconds = 0;  // the offset it is shown in
  int32_t zone = 0;            // a named zone (time_zone.h), or 0 for a fixed offset
  friend bool operator==(const DateTimeValue&, const DateTimeValue&) = default;
};

// Months, days and seconds are kept apart because their lengths vary: a
// month added to Jan 31 lands on Feb 28/29, a day across a DST change is 23
// or 25 hours. `nanos` is 0..999,999,999; the sign of a sub-second amount
// lives in `seconds` (-0.5 s is seconds -1, nanos 500,000,000).
struct DurationValue {
  int64_t months = 0;
  int64_t days = 0;
  int64_t seconds = 0;
  int32_t nanos = 0;
  friend bool operator==(const DurationValue&, const DurationValue&) = default;
};

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// Days since 1970-01-01 of a valid civil date, and back.
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);
bool IsValidCivil(const CivilDate& date);
int DaysInMonth(int64_t year, int month);
// 1 (Monday) .. 7 (Sunday).
int DayOfWeek(int64_t days);

// ISO 8601 week dates: weeks start on Monday, week 1 holds the year's first
// Thursday, so its week-based year can differ from the calendar year.
struct WeekDate {
  int64_t week_year;
  int week;         // 1..53
  int day_of_week;  // 1..7
};
WeekDate WeekDateFromDays(int64_t days);
int WeeksInWeekYear(int64_t week_year);
// Monday of week 1 of a week-based year.
int64_t FirstDayOfWeekYear(int64_t week_year);

int DayOfYear(int64_t days);     // 1..366
int DayOfQuarter(int64_t days);  // 1..92
// `months` added to a date, clamping the day to the end of the month.
int64_t AddMonths(int64_t days, int64_t months);

int64_t FloorDiv(int64_t a, int64_t b);
int64_t FloorMod(int64_t a, int64_t b);

// The duration of months, days, seconds and nanoseconds, each possibly
// fractional: fractions cascade down (a month is 30.436875 days on average,
// a day 86,400 s), then seconds and nanoseconds are normalized. False if
// a part overflows.
bool ApproximateDuration(double months, double days, double seconds, double nanos,
                         DurationValue* out);
// seconds + nanos with nanos brought into 0..999,999,999; false on overflow.
bool NormalizeDuration(int64_t months, int64_t days, int64_t seconds, int64_t nanos,
                       DurationValue* out);

// Sums duration components given in any unit, each an integer or a
// fraction (`{weeks: 2.5}`, `P0.75M`): integers are added exactly, fractions
// cascade down through ApproximateDuration.
class DurationSum {
 public:
  enum Part { kMonths, kDays, kSeconds, kNanos };
  // `count` units of `per` of a part: a year is 12 kMonths, a week 7 kDays,
  // an hour 3600 kSeconds, a millisecond 1,000,000 kNanos.
  void Add(Part part, int64_t count, int64_t per) {
    int64_t v;
    overflow_ |= __builtin_mul_overflow(count, per, &v) ||
                 __builtin_add_overflow(whole_[part], v, &whole_[part]);
  }
  void Add(Part part, double count, double per) { fraction_[part] += count * per; }
  // False when a part overflows 64 bits.
  bool Build(DurationValue* out) const;

 private:
  int64_t whole_[4] = {};
  double fraction_[4] = {};
  bool overflow_ = false;
};

// ISO 8601 text as Cypher prints it.
std::string FormatDate(const DateValue& date);                 // 2015-07-21
std::string FormatLocalTime(const LocalTimeValue& time);       // 21:40:32.142
std::string FormatTime(const TimeValue& time);                 // 21:40:32.142+01:00
std::string FormatLocalDateTime(const LocalDateTimeValue& t);  // 2015-07-21T21:40:32.142
// 2015-07-21T21:40:32.142+02:00[Europe/Stockholm], or ...Z / ...+01:00
std::string FormatDateTime(const DateTimeValue& value);
std::string FormatDuration(const DurationValue& d);  // P1Y2M3DT4H5M6.7S, PT0S
// Z, +01:00, +00:53:28.
std::string FormatOffset(int32_t offset_seconds);

// The wall-clock fields of a datetime in its own offset.
LocalDateTimeValue LocalOf(const DateTimeValue& value);

}  // namespace namidb
