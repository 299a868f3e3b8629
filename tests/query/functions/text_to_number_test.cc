// toFloat() and toInteger() of text read as Neo4j reads it, Java's grammars
// (query/functions/text_to_number.h), and replace() with an empty search
// text as Java's String.replace.
#include "query/functions/text_to_number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "support/statements.h"

namespace namidb::query {
namespace {

TEST(TextToNumber, FloatsAsDoubleParseDouble) {
  struct Case {
    const char* text;
    double value;
  };
  const Case read[] = {
      {"4.2", 4.2},
      {" 4.2 ", 4.2},
      {"\t4.2\n", 4.2},
      {"+3", 3},
      {"-3", -3},
      {".5", 0.5},
      {"5.", 5},
      {"4.2e1", 42},
      {"4.2E+1", 42},
      {"42e-1", 4.2},
      {"1d", 1},
      {"1.5F", 1.5},
      {"0x10p0", 16},
      {"0X1.8P1", 3},
      {"0x.8p1", 1},
      {"1e400", std::numeric_limits<double>::infinity()},
      {"1e-400", 0},
      {"Infinity", std::numeric_limits<double>::infinity()},
      {"-Infinity", -std::numeric_limits<double>::infinity()},
  };
  for (const Case& c : read) {
    auto v = ParseJavaDouble(c.text);
    ASSERT_TRUE(v.has_value()) << c.text;
    EXPECT_EQ(*v, c.value) << c.text;
  }
  auto nan = ParseJavaDouble(" NaN ");
  ASSERT_TRUE(nan.has_value());
  EXPECT_TRUE(std::isnan(*nan));
  for (const char* bad : {"",      " ",   ".",   "e1",       "1e",   "1e+",       "0x10",  "0x",
                          "0xp1",  "inf", "nan", "INFINITY", "NaNd", "Infinityd", "1_000", "1,5",
                          "1.2.3", "1 2", "--1", "1dd",      "0x1p", "4.2 x"}) {
    EXPECT_FALSE(ParseJavaDouble(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(TextToNumber, IntegersAsParseLongThenBigDecimal) {
  struct Case {
    const char* text;
    int64_t value;
  };
  const Case read[] = {
      {"42", 42},
      {"+7", 7},
      {"-42", -42},
      {"42.9", 42},
      {"-42.9", -42},
      {".5", 0},
      {"5.", 5},
      {"1e3", 1000},
      {"1.5E2", 150},
      {"12345e-2", 123},
      {"-0", 0},
      {"0001", 1},
      {"9223372036854775807", INT64_MAX},
      {"-9223372036854775808", INT64_MIN},
      {"9223372036854775807.99", INT64_MAX},
      {"922337203685477580.7e1", INT64_MAX},
      // Exact, where a double would round: 2^53 + 1.
      {"9007199254740993.5", 9007199254740993},
      {"1e-999999999999", 0},
  };
  for (const Case& c : read) {
    auto v = ParseJavaInteger(c.text);
    ASSERT_TRUE(v.has_value()) << c.text;
    EXPECT_EQ(*v, c.value) << c.text;
  }
  for (const char* bad :
       {"", " 42", "42 ", " 42 ", ".", "-", "e3", "1e", "0x1F", "1_000", "1d", "NaN", "Infinity",
        "9223372036854775808", "-9223372036854775809", "1e19", "1e999999999999", "4 2"}) {
    EXPECT_FALSE(ParseJavaInteger(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(TextToNumber, TheFunctionsApplyTheGrammars) {
  testing::Statements s;
  EXPECT_EQ(s.Run("RETURN toFloat(' 4.2 ') AS a, toFloat('0x10') AS b, toFloat('1d') AS c, "
                  "toFloat('inf') AS d"),
            "a,b,c,d|4.2,null,1.0,null");
  EXPECT_EQ(s.Run("RETURN toInteger(' 42') AS a, toInteger('42 ') AS b, toInteger('0x1F') AS c, "
                  "toInteger('42.9') AS d, toInteger('1e3') AS e"),
            "a,b,c,d,e|null,null,null,42,1000");
  EXPECT_EQ(s.Run("RETURN toIntegerOrNull(' 7') AS a, toFloatOrNull(' 7 ') AS b, "
                  "toIntegerList(['1', ' 1']) AS c"),
            "a,b,c|null,7.0,[1, null]");
}

TEST(TextToNumber, ReplaceFindsTheEmptyTextBeforeEachCharacterAndAtTheEnd) {
  testing::Statements s;
  EXPECT_EQ(s.Run("RETURN replace('abc', '', '-') AS a, replace('', '', '-') AS b, "
                  "replace('é日', '', '.') AS c, replace('abc', 'b', '') AS d"),
            "a,b,c,d|'-a-b-c-','-','.é.日.','ac'");
}

}  // namespace
}  // namespace namidb::query
