// The duration between two temporal values in named zones, across
// daylight-saving changes (Europe/Stockholm: clocks back from 03:00 to
// 02:00 on 2017-10-29, forward from 02:00 to 03:00 on 2017-03-26). The
// rule (duration_between.h): parts a value lacks come from the other one —
// a local time lands in the other value's zone at the offset in force then
// — months and days count on the first value's wall clock, the rest is
// elapsed time.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

constexpr const char* kBeforeFallBack =
    "datetime({year: 2017, month: 10, day: 29, hour: 0, timezone: 'Europe/Stockholm'})";

std::string Seconds(Statements& s, const std::string& a, const std::string& b) {
  return s.Run("RETURN toString(duration.inSeconds(" + a + ", " + b + ")) AS d");
}

TEST(DurationBetween, ALocalValueTakesTheZonedOnesZoneAtItsOwnMoment) {
  Statements s;
  std::string zoned4 =
      "datetime({year: 2017, month: 10, day: 29, hour: 4, timezone: 'Europe/Stockholm'})";
  EXPECT_EQ(Seconds(s, kBeforeFallBack, "localdatetime({year: 2017, month: 10, day: 29, hour: 4})"),
            "d|'PT5H'");
  EXPECT_EQ(Seconds(s, kBeforeFallBack, "localtime({hour: 4})"), "d|'PT5H'");
  EXPECT_EQ(Seconds(s, "localdatetime({year: 2017, month: 10, day: 29, hour: 0})", zoned4),
            "d|'PT5H'");
  EXPECT_EQ(Seconds(s, "localtime({hour: 0})", zoned4), "d|'PT5H'");
  EXPECT_EQ(Seconds(s, "date({year: 2017, month: 10, day: 29})", zoned4), "d|'PT5H'");
  EXPECT_EQ(Seconds(s, kBeforeFallBack, "date({year: 2017, month: 10, day: 30})"), "d|'PT25H'");
  EXPECT_EQ(Seconds(s, "datetime('2017-03-26T00:00[Europe/Stockholm]')", "localtime('04:00')"),
            "d|'PT3H'");
}

TEST(DurationBetween, DaysCountOnTheWallClockAndTheRestIsElapsedTime) {
  Statements s;
  std::string next_midnight = "datetime('2017-10-30T00:00[Europe/Stockholm]')";
  EXPECT_EQ(s.Run("RETURN toString(duration.between(" + std::string(kBeforeFallBack) + ", " +
                  next_midnight + ")) AS b, toString(duration.inDays(" + kBeforeFallBack + ", " +
                  next_midnight + ")) AS d, toString(duration.inSeconds(" + kBeforeFallBack + ", " +
                  next_midnight + ")) AS s"),
            "b,d,s|'P1D','P1D','PT25H'");
  // 12:00 to 11:00 the next day is not a day on the wall clock: 24 hours elapsed.
  EXPECT_EQ(
      s.Run("RETURN toString(duration.between(datetime('2017-10-28T12:00[Europe/Stockholm]'), "
            "datetime('2017-10-29T11:00[Europe/Stockholm]'))) AS b"),
      "b|'PT24H'");
  EXPECT_EQ(
      s.Run("RETURN toString(duration.between(datetime('2017-03-25T12:00[Europe/Stockholm]'), "
            "datetime('2017-04-26T12:30[Europe/Stockholm]'))) AS b"),
      "b|'P1M1DT30M'");
  // The second value is seen on the first one's wall clock.
  EXPECT_EQ(
      s.Run("RETURN toString(duration.between(datetime('2017-10-29T00:00[Europe/Stockholm]'), "
            "datetime('2017-10-29T23:30Z'))) AS b"),
      "b|'P1DT30M'");
  EXPECT_EQ(
      s.Run("RETURN toString(duration.inMonths(date('2017-01-31'), date('2017-02-28'))) AS m, "
            "toString(duration.inMonths(date('2017-02-28'), date('2017-01-31'))) AS n"),
      "m,n|'PT0S','PT0S'");
  EXPECT_EQ(s.Run("RETURN toString(duration.between(localtime('12:00'), localtime('10:30'))) AS t, "
                  "toString(duration.inDays(localtime('12:00'), localtime('10:30'))) AS d"),
            "t,d|'PT-1H-30M','PT0S'");
}

TEST(DurationBetween, AddingADurationMovesDaysOnTheClockAndSecondsOnTheTimeline) {
  Statements s;
  EXPECT_EQ(s.Run("WITH " + std::string(kBeforeFallBack) +
                  " AS t RETURN toString(t + duration('P1D')) AS day, toString(t + "
                  "duration('PT24H')) AS hours"),
            "day,hours|'2017-10-30T00:00+01:00[Europe/Stockholm]','2017-10-29T23:00+01:00[Europe/"
            "Stockholm]'");
  EXPECT_EQ(s.Run("RETURN duration.between(1, date()) AS d"),
            "SyntaxError.InvalidArgumentType@compile");
  EXPECT_EQ(s.Run("UNWIND [1, date()] AS x RETURN duration.between(x, date()) AS d"),
            "TypeError.InvalidArgumentValue@runtime");
}

TEST(DurationBetween, TheWholeRangeOfYearsFitsInSeconds) {
  Statements s;
  // A local datetime's time part is optional, as a datetime's: a date alone is midnight.
  EXPECT_EQ(s.Run("RETURN localdatetime('2015-07-21') AS a, localdatetime('-0001-01-01') AS b"),
            "a,b|localdatetime('2015-07-21T00:00'),localdatetime('-0001-01-01T00:00')");
  EXPECT_EQ(
      Seconds(s, "localdatetime('-999999999-01-01')", "localdatetime('+999999999-12-31T23:59:59')"),
      "d|'PT17531639991215H59M59S'");
}

}  // namespace
}  // namespace namidb::query
