// Comparisons, equality, ordering, grouping and membership with null, NaN,
// ±Infinity and integers against floats. The rules: `=` is null when a
// null decides it, numbers compare across integer and float exactly, NaN
// equals nothing and no order (<, <=, >, >=) holds for it against a
// number; values of kinds that do not compare give null. ORDER BY, min and
// max use the total order (NaN after +Infinity, null last); DISTINCT and
// grouping treat NaN as NaN, null as null and 1 as 1.0.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(ComparisonRules, NaNHasNoOrderAgainstNumbersAndEqualsNothing) {
  Statements s;
  EXPECT_EQ(s.Run("WITH 0.0 / 0.0 AS nan RETURN nan < 1 AS a, nan > 1 AS b, nan <= nan AS c, nan "
                  ">= 1.0 AS d, "
                  "1 < nan AS e"),
            "a,b,c,d,e|false,false,false,false,false");
  EXPECT_EQ(s.Run("WITH 0.0 / 0.0 AS nan RETURN nan = nan AS a, nan <> nan AS b, nan = 1 AS c, nan "
                  "IN [nan] AS d"),
            "a,b,c,d|false,true,false,false");
  // Against a kind that does not compare with numbers: null, as for any number.
  EXPECT_EQ(s.Run("WITH 0.0 / 0.0 AS nan RETURN nan < 'a' AS a, 1 < 'a' AS b, nan < null AS c"),
            "a,b,c|null,null,null");
  // Inside lists the first unordered element decides.
  EXPECT_EQ(s.Run("RETURN [0.0 / 0.0, 1] < [1, 2] AS a, [1, 0.0 / 0.0] > [1, 2] AS b"),
            "a,b|false,false");
}

TEST(ComparisonRules, IntegersAndFloatsCompareExactly) {
  Statements s;
  EXPECT_EQ(
      s.Run("RETURN 1 = 1.0 AS a, 9007199254740993 = 9007199254740992.0 AS b, "
            "9007199254740993 > 9007199254740992.0 AS c, 1.0 / 0.0 > 9223372036854775807 AS d, "
            "-1.0 / 0.0 < -9223372036854775808 AS e"),
      "a,b,c,d,e|true,false,true,true,true");
}

TEST(ComparisonRules, NullMakesTheResultUnknownUnlessSomethingElseDecides) {
  Statements s;
  EXPECT_EQ(
      s.Run(
          "RETURN null = null AS a, [1, null] = [1, null] AS b, [1, null] = [2, null] AS c, "
          "{k: null} = {k: null} AS d, 1 IN [null, 2] AS e, 2 IN [null, 2] AS f, null IN [] AS g"),
      "a,b,c,d,e,f,g|null,null,false,null,null,true,false");
}

TEST(ComparisonRules, OrderingGroupingAndExtremesUseTheTotalOrder) {
  Statements s;
  EXPECT_EQ(
      s.Run("UNWIND [2, 0.0 / 0.0, null, 1.0 / 0.0, -1.0 / 0.0, 1.5] AS x RETURN x ORDER BY x"),
      "x|-Infinity|1.5|2|Infinity|NaN|null");
  EXPECT_EQ(
      s.Run("UNWIND [1, 1.0, 0.0 / 0.0, 0.0 / 0.0, null, null] AS x RETURN count(DISTINCT x) AS n"),
      "n|2");
  EXPECT_EQ(
      s.Run(
          "UNWIND [1, 1.0, 0.0 / 0.0, 0.0 / 0.0, null] AS x RETURN x, count(*) AS n ORDER BY n, x"),
      "x,n|null,1|1,2|NaN,2");
  EXPECT_EQ(s.Run("UNWIND [3, -1.0 / 0.0, 2.5, null] AS x RETURN min(x) AS lo, max(x) AS hi"),
            "lo,hi|-Infinity,3");
}

}  // namespace
}  // namespace namidb::query
