// Literals at their edges: the largest and smallest integers in every base,
// floats too large (an error) or too small (zero), map keys that are names
// (escaped with backticks when they are not), and what a malformed number
// is: an InvalidNumberLiteral where a value is expected, unexpected syntax
// where a name is (a map key).
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(LiteralRules, IntegersAtTheEdgesOfSixtyFourBits) {
  Statements s;
  EXPECT_EQ(
      s.Run("RETURN 9223372036854775807 AS a, -9223372036854775808 AS b, -0x8000000000000000 AS c, "
            "0o777777777777777777777 AS d, -0 AS e"),
      "a,b,c,d,e|9223372036854775807,-9223372036854775808,-9223372036854775808,9223372036854775807,"
      "0");
  for (const char* q : {"RETURN 9223372036854775808", "RETURN -9223372036854775809",
                        "RETURN 0x8000000000000000", "RETURN -0o1000000000000000000001"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.IntegerOverflow@compile") << q;
  }
}

TEST(LiteralRules, FloatsTooLargeFailTooSmallAreZero) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN .5 AS a, -.1e-5 AS b, 1E9 AS c, 1e-400 AS d, -0.0 AS e"),
            "a,b,c,d,e|0.5,-1.0E-6,1.0E9,0.0,-0.0");
  EXPECT_EQ(s.Run("RETURN 1.34E999"), "SyntaxError.FloatingPointOverflow@compile");
}

TEST(LiteralRules, AMalformedNumberIsJudgedByWhereItStands) {
  Statements s;
  for (const char* q : {"RETURN 9223372h54775808", "RETURN 0x1A2b3j4D5E6f7", "RETURN 0x",
                        "RETURN -0o8", "RETURN [1, 2abc]"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.InvalidNumberLiteral@compile") << q;
  }
  EXPECT_EQ(s.Run("RETURN {1B2c3e67: 1}"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("RETURN 9223372#54775808"), "SyntaxError.UnexpectedSyntax@compile");
}

TEST(LiteralRules, MapKeysAreNamesOrEscapedNames) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN {abc: 1, ABC: 2, _a: 3, i1I2: 4, `k!@#`: 5, `a``b`: 6, `1x`: 7} AS m"),
            "m|{`1x`: 7, ABC: 2, _a: 3, `a``b`: 6, abc: 1, i1I2: 4, `k!@#`: 5}");  // keys in order
  for (const char* q : {"RETURN {k1#k: 1}", "RETURN {k1.k: 1}", "RETURN {, }", "RETURN {1}",
                        "RETURN {[1]}", "RETURN {{a: 1}}", "RETURN {abc: {def: 1}"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.UnexpectedSyntax@compile") << q;
  }
  EXPECT_EQ(s.Run("RETURN {abc: def}"), "SyntaxError.UndefinedVariable@compile");
}

TEST(LiteralRules, ListsAndMapsSeparateItemsWithCommasAndEndWithoutOne) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN [] AS a, [1] AS b, [1, 2] AS c, {} AS d, {k: 1, l: [2, 3]} AS e"),
            "a,b,c,d,e|[],[1],[1, 2],{},{k: 1, l: [2, 3]}");
  for (const char* q :
       {"RETURN [1, 2,] AS a", "RETURN [1,] AS a", "RETURN [,] AS a", "RETURN [, 1] AS a",
        "RETURN [1 2] AS a", "RETURN {k: 1,} AS a", "RETURN {,} AS a", "RETURN {k: 1 l: 2} AS a",
        "MATCH (a) RETURN [(a)-->(), ] AS a", "CREATE ({k: 1,})"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.UnexpectedSyntax@compile") << q;
  }
}

}  // namespace
}  // namespace namidb::query
