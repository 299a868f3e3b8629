// Calendar arithmetic, durations, and the ISO 8601 forms of every temporal
// kind (temporal.h, temporal_text.h).
#include "core/temporal.h"

#include <gtest/gtest.h>

#include "core/temporal_text.h"

namespace namidb {
namespace {

TEST(TemporalTest, DaysRoundTripThroughTheCivilCalendar) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  for (int64_t d = -800000; d <= 800000; d += 997) {
    CivilDate c = CivilFromDays(d);
    ASSERT_TRUE(IsValidCivil(c)) << d;
    ASSERT_EQ(DaysFromCivil(c), d);
  }
  EXPECT_FALSE(IsValidCivil({2023, 2, 29}));
  EXPECT_TRUE(IsValidCivil({2024, 2, 29}));
  EXPECT_FALSE(IsValidCivil({1900, 2, 29}));
  EXPECT_EQ(DayOfWeek(0), 4);                              // 1970-01-01, a Thursday
  EXPECT_EQ(DayOfWeek(DaysFromCivil({2026, 11, 24})), 2);  // a Tuesday
  EXPECT_EQ(DayOfWeek(-4), 7);                             // 1969-12-28, a Sunday
}

TEST(TemporalTest, WeekDatesFollowIso8601) {
  // 1984-01-01 is a Sunday in the last week of 1983.
  WeekDate w = WeekDateFromDays(DaysFromCivil({1984, 1, 1}));
  EXPECT_EQ(w.week_year, 1983);
  EXPECT_EQ(w.week, 52);
  EXPECT_EQ(w.day_of_week, 7);
  EXPECT_EQ(FirstDayOfWeekYear(1817), DaysFromCivil({1816, 12, 30}));
  EXPECT_EQ(WeeksInWeekYear(2015), 53);
  EXPECT_EQ(WeeksInWeekYear(2016), 52);
  for (int64_t d = -100000; d <= 100000; d += 13) {  // every day maps back to itself
    WeekDate wd = WeekDateFromDays(d);
    ASSERT_EQ(FirstDayOfWeekYear(wd.week_year) + (wd.week - 1) * 7 + wd.day_of_week - 1, d);
  }
  EXPECT_EQ(DayOfQuarter(DaysFromCivil({1984, 11, 11})), 42);
  EXPECT_EQ(DayOfYear(DaysFromCivil({1984, 7, 20})), 202);
  EXPECT_EQ(AddMonths(DaysFromCivil({2024, 1, 31}), 1), DaysFromCivil({2024, 2, 29}));
  EXPECT_EQ(AddMonths(DaysFromCivil({2024, 3, 31}), -13), DaysFromCivil({2023, 2, 28}));
}

TEST(TemporalTest, ParsesEveryDateForm) {
  int64_t jul21 = DaysFromCivil({2015, 7, 21});
  for (const char* text :
       {"2015-07-21", "20150721", "2015-W30-2", "2015W302", "2015-202", "2015202"}) {
    auto d = ParseDate(text);
    ASSERT_TRUE(d) << text;
    EXPECT_EQ(d->days, jul21) << text;
  }
  EXPECT_EQ(ParseDate("2015-07")->days, DaysFromCivil({2015, 7, 1}));
  EXPECT_EQ(ParseDate("2015W30")->days, jul21 - 1);
  EXPECT_EQ(ParseDate("2015")->days, DaysFromCivil({2015, 1, 1}));
  EXPECT_EQ(ParseDate("+12345-01-01")->days, DaysFromCivil({12345, 1, 1}));
  for (const char* bad :
       {"2015-02-30", "2015-7-21", "2015-07-21x", "2015-W54", "2015-366", "15-07-21", ""}) {
    EXPECT_FALSE(ParseDate(bad)) << bad;
  }
  EXPECT_EQ(FormatDate(DateValue{DaysFromCivil({28, 11, 11})}), "0028-11-11");
  EXPECT_EQ(FormatDate(DateValue{DaysFromCivil({12345, 1, 1})}), "+12345-01-01");
  EXPECT_EQ(FormatDate(DateValue{DaysFromCivil({-1, 1, 1})}), "-0001-01-01");
}

TEST(TemporalTest, ParsesAndPrintsTimesInThreeDigitGroups) {
  EXPECT_EQ(FormatLocalTime(*ParseLocalTime("214032.142")), "21:40:32.142");
  EXPECT_EQ(FormatLocalTime(*ParseLocalTime("21:40:32,5")), "21:40:32.500");
  EXPECT_EQ(FormatLocalTime(*ParseLocalTime("21")), "21:00");
  EXPECT_EQ(FormatLocalTime(LocalTimeValue{1}), "00:00:00.000000001");
  EXPECT_EQ(FormatLocalTime(LocalTimeValue{645876000}), "00:00:00.645876");
  EXPECT_EQ(FormatTime(*ParseTime("2140-02")), "21:40-02:00");
  EXPECT_EQ(FormatTime(*ParseTime("2140-00:00")), "21:40Z");
  EXPECT_EQ(FormatTime(*ParseTime("12:34:56+02:05:59")), "12:34:56+02:05:59");
  for (const char* bad :
       {"24:00", "21:60", "21:40:32.", "21:40:32.1234567890", "21:40+19:00", "2:40"}) {
    EXPECT_FALSE(ParseTime(bad)) << bad;
  }
}

TEST(TemporalTest, ParsesDateTimesWithOffsetsAndZones) {
  auto t = ParseDateTime("2015-07-21T21:40:32.142+01:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->offset_seconds, 3600);
  EXPECT_EQ(t->nanos, 142000000);
  EXPECT_EQ(t->seconds, DaysFromCivil({2015, 7, 21}) * 86400 + 20 * 3600 + 40 * 60 + 32);
  EXPECT_EQ(FormatDateTime(*t), "2015-07-21T21:40:32.142+01:00");
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2015-W30T2140-02")), "2015-07-20T21:40-02:00");
  EXPECT_EQ(FormatDateTime(*ParseDateTime("1969-12-31T23:59:59.5-0230")),
            "1969-12-31T23:59:59.500-02:30");
  EXPECT_EQ(FormatLocalDateTime(*ParseLocalDateTime("2015202T21")), "2015-07-21T21:00");
  // Named zones: the zone's offset at that wall-clock time, then and now.
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2015-07-21T21:40:32.142[Europe/London]")),
            "2015-07-21T21:40:32.142+01:00[Europe/London]");
  EXPECT_EQ(FormatDateTime(*ParseDateTime("1818-07-21T21:40:32.142[Europe/Berlin]")),
            "1818-07-21T21:40:32.142+00:53:28[Europe/Berlin]");  // local mean time
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2015-01-21T21:40[Europe/Stockholm]")),
            "2015-01-21T21:40+01:00[Europe/Stockholm]");
  EXPECT_FALSE(ParseDateTime("2015-07-21T21:40[Nowhere/Special]"));
  EXPECT_FALSE(ParseDateTime("2015-07-21T21:40[../../etc/passwd]"));
  // A folder of the zone database is no zone (reading it failed with an
  // exception the engine did not catch).
  EXPECT_FALSE(ParseDateTime("2015-07-21T21:40[America]"));
  EXPECT_FALSE(ParseDateTime("2015-07-21T21:40[Etc/]"));
  EXPECT_FALSE(ParseDateTime("2015-07-21 21:40"));
  EXPECT_EQ(ParseOffset("Z"), 0);
  EXPECT_EQ(ParseOffset("-05"), -5 * 3600);
  EXPECT_FALSE(ParseOffset("Europe/Rome"));
}

TEST(TemporalTest, DaylightSavingGapsAndOverlapsResolveAsJavaTime) {
  // 2015-03-29 02:30 does not exist in Stockholm (clocks jump 02:00 -> 03:00):
  // it moves forward by the gap. 2015-10-25 02:30 happens twice: the first.
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2015-03-29T02:30[Europe/Stockholm]")),
            "2015-03-29T03:30+02:00[Europe/Stockholm]");
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2015-10-25T02:30[Europe/Stockholm]")),
            "2015-10-25T02:30+02:00[Europe/Stockholm]");
  // Far past the last listed transition the zone's rule applies.
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2300-07-01T12:00[America/New_York]")),
            "2300-07-01T12:00-04:00[America/New_York]");
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2300-01-01T12:00[Australia/Sydney]")),
            "2300-01-01T12:00+11:00[Australia/Sydney]");
}

TEST(TemporalTest, DurationsNormalizeAndPrint) {
  auto text = [](const char* in) { return FormatDuration(*ParseDuration(in)); };
  EXPECT_EQ(text("P14DT16H12M"), "P14DT16H12M");
  EXPECT_EQ(text("P5M1.5D"), "P5M1DT12H");
  EXPECT_EQ(text("P0.75M"), "P22DT19H51M49.5S");
  EXPECT_EQ(text("PT0.75M"), "PT45S");
  EXPECT_EQ(text("P2.5W"), "P17DT12H");
  EXPECT_EQ(text("P12Y5M14DT16H12M70S"), "P12Y5M14DT16H13M10S");
  EXPECT_EQ(text("P2012-02-02T14:37:21.545"), "P2012Y2M2DT14H37M21.545S");
  EXPECT_EQ(text("PT-1.999S"), "PT-1.999S");
  EXPECT_EQ(text("-P1D"), "P-1D");
  EXPECT_EQ(text("PT0S"), "PT0S");
  DurationValue d;
  ASSERT_TRUE(NormalizeDuration(0, 0, -60, -1000000, &d));
  EXPECT_EQ(d.seconds, -61);
  EXPECT_EQ(d.nanos, 999000000);
  EXPECT_EQ(FormatDuration(d), "PT-1M-0.001S");
  for (const char* bad : {"P", "PT", "P1S", "PT1D", "P1M1Y", "1D", "P1.2.3D", "PxD"}) {
    EXPECT_FALSE(ParseDuration(bad)) << bad;
  }
  DurationSum overflow;
  overflow.Add(DurationSum::kMonths, INT64_MAX / 2, 12);
  EXPECT_FALSE(overflow.Build(&d));
}

}  // namespace
}  // namespace namidb
