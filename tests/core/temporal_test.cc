// Calendar arithmetic and the ISO 8601 forms of DATE and DATETIME.
#include "core/temporal.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(DayOfWeek(0), 4);                          // 1970-01-01, a Thursday
  EXPECT_EQ(DayOfWeek(DaysFromCivil({2026, 11, 24})), 2);  // a Tuesday
  EXPECT_EQ(DayOfWeek(-4), 7);                         // 1969-12-28, a Sunday
}

TEST(TemporalTest, ParsesAndPrintsIso8601) {
  EXPECT_EQ(FormatDate(*ParseDate("2015-07-21")), "2015-07-21");
  EXPECT_FALSE(ParseDate("2015-02-30"));
  EXPECT_FALSE(ParseDate("2015-7-21"));
  EXPECT_FALSE(ParseDate("2015-07-21x"));
  auto t = ParseDateTime("2015-07-21T21:40:32.142+01:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->offset_seconds, 3600);
  EXPECT_EQ(t->nanos, 142000000);
  EXPECT_EQ(FormatDateTime(*t), "2015-07-21T21:40:32.142+01:00");
  EXPECT_EQ(t->seconds, DaysFromCivil({2015, 7, 21}) * 86400 + 20 * 3600 + 40 * 60 + 32);
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2015-07-21T21:40")), "2015-07-21T21:40Z");
  EXPECT_EQ(FormatDateTime(*ParseDateTime("1969-12-31T23:59:59.5-0230")), "1969-12-31T23:59:59.5-02:30");
  EXPECT_FALSE(ParseDateTime("2015-07-21T24:00"));
  EXPECT_FALSE(ParseDateTime("2015-07-21T21:40+25:00"));
  EXPECT_FALSE(ParseDateTime("2015-07-21 21:40"));
  EXPECT_EQ(ParseOffset("Z"), 0);
  EXPECT_EQ(ParseOffset("-05"), -5 * 3600);
  EXPECT_FALSE(ParseOffset("Europe/Rome"));
  LocalFields f = LocalFieldsOf(*ParseDateTime("2000-01-01T00:30+01:00"));
  EXPECT_EQ(f.date.year, 2000);
  EXPECT_EQ(f.hour, 0);
  EXPECT_EQ(f.minute, 30);
}

}  // namespace
}  // namespace namidb
