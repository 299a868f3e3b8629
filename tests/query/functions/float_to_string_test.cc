// The rule for a float turned into text: toString() and string
// concatenation print it as Java's Double.toString does, which is what
// Neo4j gives (core/float_text.h): plain from 10^-3 up to 10^7, else with
// an exponent.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(FloatToString, ToStringAndConcatenationPrintAsJavaDoes) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN toString(1.0) AS a, toString(0.001) AS b, toString(1234567.5) AS c, "
                  "toString(-0.0) AS d"),
            "a,b,c,d|'1.0','0.001','1234567.5','-0.0'");
  EXPECT_EQ(s.Run("RETURN toString(1e7) AS a, toString(12345678.9) AS b, toString(1e-7) AS c, "
                  "toString(-2.5e20) AS d"),
            "a,b,c,d|'1.0E7','1.23456789E7','1.0E-7','-2.5E20'");
  EXPECT_EQ(s.Run("RETURN 'x' + 1e20 AS a, 0.0001 + 'y' AS b, 'z' + 0.5 AS c"),
            "a,b,c|'x1.0E20','1.0E-4y','z0.5'");
  EXPECT_EQ(s.Run("RETURN toString(0.0 / 0.0) AS a, toString(1.0 / 0.0) AS b"),
            "a,b|'NaN','Infinity'");
  // What it prints reads back as the same float.
  EXPECT_EQ(s.Run("RETURN toFloat(toString(12345678.9)) = 12345678.9 AS a, "
                  "toFloat(toString(1e-7)) = 1e-7 AS b"),
            "a,b|true,true");
}

}  // namespace
}  // namespace namidb::query
