// The functions and forms Neo4j 5 adds to openCypher 9's, against what
// Neo4j documents for each: conversions that give null instead of failing,
// valueType's names, isEmpty, nullIf, randomUUID, round() to a precision in
// java.math's rounding modes, split() at several delimiters, trimming a
// given character, the hyperbolic functions, and sum / avg of durations.
#include <gtest/gtest.h>

#include <cmath>

#include "query/functions/decimal_round.h"
#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(Neo4jFunctions, OrNullConversionsGiveNullWhereTheStrictOnesFail) {
  Statements s;
  EXPECT_EQ(
      s.Run("RETURN toIntegerOrNull('42') AS a, toIntegerOrNull('x') AS b, "
            "toIntegerOrNull([1]) AS c, toIntegerOrNull(2.9) AS d, toIntegerOrNull(null) AS e"),
      "a,b,c,d,e|42,null,null,2,null");
  EXPECT_EQ(s.Run("RETURN toFloatOrNull('1.5') AS a, toFloatOrNull(true) AS b, "
                  "toBooleanOrNull('TRUE') AS c, toBooleanOrNull(2.5) AS d, "
                  "toStringOrNull(1.5) AS e, toStringOrNull({k: 1}) AS f"),
            "a,b,c,d,e,f|1.5,null,true,null,'1.5',null");
  // The strict ones still refuse what does not convert.
  EXPECT_EQ(s.Run("RETURN toFloat(true)"), "SyntaxError.InvalidArgumentType@compile");
}

TEST(Neo4jFunctions, ListConversionsConvertEachElementOrGiveItNull) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN toIntegerList(['1', 2.5, 'x', null, true]) AS a, "
                  "toFloatList(['1.5', 2, [3]]) AS b, toBooleanList(['false', 0, 'yes']) AS c, "
                  "toStringList([1, 2.5, false, {}]) AS d, toIntegerList(null) AS e"),
            "a,b,c,d,e|[1, 2, null, null, 1],[1.5, 2.0, null],[false, false, null],"
            "['1', '2.5', 'false', null],null");
  EXPECT_EQ(s.Run("RETURN toIntegerList('12')"), "SyntaxError.InvalidArgumentType@compile");
  EXPECT_EQ(s.Run("UNWIND [[1], '12'] AS t RETURN toIntegerList(t)"),
            "TypeError.InvalidArgumentValue@runtime");
}

TEST(Neo4jFunctions, ValueTypeNamesTheTypeAsCypherWritesIt) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN valueType(1) AS a, valueType(1.5) AS b, valueType('x') AS c, "
                  "valueType(null) AS d, valueType(true) AS e, valueType({k: 1}) AS f"),
            "a,b,c,d,e,f|'INTEGER NOT NULL','FLOAT NOT NULL','STRING NOT NULL','NULL',"
            "'BOOLEAN NOT NULL','MAP NOT NULL'");
  EXPECT_EQ(s.Run("RETURN valueType(date('2020-01-01')) AS a, valueType(localtime('10:00')) AS b, "
                  "valueType(time('10:00Z')) AS c, valueType(localdatetime('2020-01-01T10:00')) "
                  "AS d, valueType(datetime('2020-01-01T10:00Z')) AS e, "
                  "valueType(duration('P1D')) AS f"),
            "a,b,c,d,e,f|'DATE NOT NULL','LOCAL TIME NOT NULL','ZONED TIME NOT NULL',"
            "'LOCAL DATETIME NOT NULL','ZONED DATETIME NOT NULL','DURATION NOT NULL'");
  // A list's element type: the union of its elements' types, in the order
  // of type names, nullable when the list holds a null.
  EXPECT_EQ(s.Run("RETURN valueType([1, 2]) AS a, valueType([1, null]) AS b, "
                  "valueType([2.5, 'x', 1, 'y']) AS c, valueType([]) AS d, valueType([null]) AS e, "
                  "valueType([[1], ['a']]) AS f"),
            "a,b,c,d,e,f|'LIST<INTEGER NOT NULL> NOT NULL','LIST<INTEGER> NOT NULL',"
            "'LIST<STRING NOT NULL | INTEGER NOT NULL | FLOAT NOT NULL> NOT NULL',"
            "'LIST<NOTHING> NOT NULL','LIST<NULL> NOT NULL',"
            "'LIST<LIST<INTEGER NOT NULL> NOT NULL | LIST<STRING NOT NULL> NOT NULL> NOT NULL'");
  EXPECT_EQ(s.Run("CREATE (n)-[r:R]->(m) RETURN valueType(n) AS a, valueType(r) AS b"),
            "a,b|'NODE NOT NULL','RELATIONSHIP NOT NULL'");
}

TEST(Neo4jFunctions, IsEmptyNullIfAndRandomUuid) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN isEmpty([]) AS a, isEmpty([null]) AS b, isEmpty({}) AS c, "
                  "isEmpty('') AS d, isEmpty(' ') AS e, isEmpty(null) AS f"),
            "a,b,c,d,e,f|true,false,true,true,false,null");
  EXPECT_EQ(s.Run("RETURN isEmpty(1)"), "SyntaxError.InvalidArgumentType@compile");
  // nullIf(a, b): null where a = b holds, a otherwise (a null comparison included).
  EXPECT_EQ(s.Run("RETURN nullIf(1, 1.0) AS a, nullIf(1, 2) AS b, nullIf('x', null) AS c, "
                  "nullIf(null, 1) AS d, nullIf([1], [1]) AS e"),
            "a,b,c,d,e|null,1,'x',null,null");
  // A version-4 UUID per call, also per row of one statement.
  EXPECT_EQ(s.Run("UNWIND range(1, 100) AS i WITH randomUUID() AS u "
                  "RETURN count(DISTINCT u) AS n, "
                  "all(x IN collect(u) WHERE x =~ '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
                  "[89ab][0-9a-f]{3}-[0-9a-f]{12}') AS v4"),
            "n,v4|100,true");
}

TEST(Neo4jFunctions, RoundToAPrecisionRoundsTheShortestDecimalForm) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN round(3.141592, 3) AS a, round(2.675, 2) AS b, round(-2.5, 0) AS c, "
                  "round(1234.5, -2) AS d, round(7, 1) AS e, round(0.0004, 2) AS f"),
            "a,b,c,d,e,f|3.142,2.68,-3.0,1200.0,7.0,0.0");
  EXPECT_EQ(s.Run("RETURN round(2.5, 0, 'HALF_EVEN') AS a, round(3.5, 0, 'HALF_EVEN') AS b, "
                  "round(2.5, 0, 'HALF_DOWN') AS c, round(-1.21, 1, 'CEILING') AS d, "
                  "round(-1.21, 1, 'FLOOR') AS e, round(1.21, 1, 'UP') AS f, "
                  "round(1.29, 1, 'DOWN') AS g, round(9.99, 1, 'half_up') AS h"),
            "a,b,c,d,e,f,g,h|2.0,4.0,2.0,-1.2,-1.3,1.3,1.2,10.0");
  // round(x) alone: a tie goes towards +infinity.
  EXPECT_EQ(s.Run("RETURN round(2.5) AS a, round(-2.5) AS b, round(0.49999999999999994) AS c"),
            "a,b,c|3.0,-2.0,0.0");
  EXPECT_EQ(s.Run("RETURN round(1.5, 0, 'SIDEWAYS')"),
            "ArgumentError.InvalidArgumentValue@runtime");
  EXPECT_EQ(s.Run("RETURN round(1.25, 1, 'UNNECESSARY')"),
            "ArgumentError.InvalidArgumentValue@runtime");
  EXPECT_EQ(s.Run("RETURN round(1.2, 1, 'UNNECESSARY') AS a, round(null, 1) AS b, "
                  "round(1.5, null) AS c"),
            "a,b,c|1.2,null,null");
  EXPECT_EQ(s.Run("RETURN round(1.5, 1.5)"), "SyntaxError.InvalidArgumentType@compile");
}

TEST(Neo4jFunctions, DecimalRoundingCarriesAndKeepsNoNegativeZero) {
  EXPECT_EQ(*RoundDecimal(99.96, 1, RoundingMode::kHalfUp), 100.0);
  EXPECT_EQ(*RoundDecimal(0.05, 0, RoundingMode::kUp), 1.0);
  EXPECT_EQ(*RoundDecimal(-0.001, 1, RoundingMode::kHalfUp), 0.0);
  EXPECT_FALSE(std::signbit(*RoundDecimal(-0.001, 1, RoundingMode::kHalfUp)));
  EXPECT_EQ(*RoundDecimal(1e300, 2, RoundingMode::kHalfUp), 1e300);
  EXPECT_EQ(*RoundDecimal(5e-324, 2, RoundingMode::kCeiling), 0.01);
  EXPECT_TRUE(std::isnan(*RoundDecimal(std::nan(""), 2, RoundingMode::kHalfUp)));
}

TEST(Neo4jFunctions, StringFormsSplitAtAnyDelimiterAndTrimAGivenCharacter) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN split('a-b_c--d', ['-', '_']) AS a, split('a::b:c', ['::', ':']) AS b, "
                  "split('ab', ['']) AS c, split('a,b', [',', null]) AS d"),
            "a,b,c,d|['a', 'b', 'c', '', 'd'],['a', 'b', 'c'],['a', 'b'],null");
  EXPECT_EQ(s.Run("RETURN btrim('xxhixx', 'x') AS a, lTrim('xxhixx', 'x') AS b, "
                  "rTrim('xxhixx', 'x') AS c, btrim('  hi  ') AS d, btrim('ééhié', 'é') AS e, "
                  "btrim('hi', null) AS f"),
            "a,b,c,d,e,f|'hi','hixx','xxhi','hi','hi',null");
  EXPECT_EQ(s.Run("RETURN btrim('xhix', 'xy')"), "ArgumentError.InvalidArgumentValue@runtime");
  EXPECT_EQ(s.Run("RETURN upper('aB') AS a, lower('aB') AS b, char_length('héllo') AS c, "
                  "character_length('') AS d, char_length(null) AS e"),
            "a,b,c,d,e|'AB','ab',5,0,null");
}

TEST(Neo4jFunctions, HyperbolicFunctionsAndIsNaN) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN sinh(0) AS a, cosh(0) AS b, tanh(0) AS c, round(coth(1), 6) AS d"),
            "a,b,c,d|0.0,1.0,0.0,1.313035");
  EXPECT_EQ(s.Run("RETURN isNaN(0.0 / 0.0) AS a, isNaN(1) AS b, isNaN(1.0 / 0.0) AS c, "
                  "isNaN(null) AS d"),
            "a,b,c,d|true,false,false,null");
  EXPECT_EQ(s.Run("RETURN isNaN('x')"), "SyntaxError.InvalidArgumentType@compile");
}

TEST(Neo4jFunctions, SumAndAvgAddDurations) {
  Statements s;
  EXPECT_EQ(s.Run("UNWIND [duration('P1D'), duration('PT12H'), null, duration('P1M')] AS d "
                  "RETURN sum(d) AS s"),
            "s|duration('P1M1DT12H')");
  EXPECT_EQ(s.Run("UNWIND [duration('P1D'), duration('PT12H'), null] AS d RETURN avg(d) AS a"),
            "a|duration('PT18H')");
  EXPECT_EQ(s.Run("UNWIND [duration('P1D'), 1] AS d RETURN sum(d)"),
            "TypeError.InvalidArgumentType@runtime");
  EXPECT_EQ(s.Run("UNWIND [1, duration('P1D')] AS d RETURN avg(d)"),
            "TypeError.InvalidArgumentType@runtime");
}

// Case beyond ASCII, the same in every build (Java's mappings with
// Locale.ROOT, which Neo4j uses).
TEST(Neo4jFunctions, CaseMapsEveryScript) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN toUpper('jos\u00e9') AS a, toLower('\u00c9COLE') AS b, "
                  "upper('stra\u00dfe') AS c, lower('\u0391\u0392') AS d, toUpper(null) AS e"),
            "a,b,c,d,e|'JOS\u00c9','\u00e9cole','STRASSE','\u03b1\u03b2',null");
  // A capital sigma ending a word: ς.
  EXPECT_EQ(s.Run("RETURN toLower('\u039f\u0394\u039f\u03a3 \u03a3\u0391') AS a"),
            "a|'\u03bf\u03b4\u03bf\u03c2 \u03c3\u03b1'");
}

// normalize(text[, form]) with the form a keyword, and the predicate
// IS [NOT] [form] NORMALIZED.
TEST(Neo4jFunctions, NormalizeAndIsNormalized) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN normalize('e\u0301') = '\u00e9' AS a, "
                  "normalize('\u00e9', NFD) = 'e\u0301' AS b, normalize('\ufb01', NFKC) AS c, "
                  "normalize('\ufb01', nfkd) AS d, normalize('\ufb01', NFC) AS e, "
                  "normalize(null) AS f, normalize('x', null) AS g"),
            "a,b,c,d,e,f,g|true,true,'fi','fi','\ufb01',null,null");
  // A variable of a form's name is still a variable in the first place.
  EXPECT_EQ(s.Run("WITH 'e\u0301' AS nfc RETURN size(normalize(nfc)) AS n"), "n|1");
  EXPECT_EQ(s.Run("RETURN 'e\u0301' IS NORMALIZED AS a, '\u00e9' IS NFC NORMALIZED AS b, "
                  "'\u00e9' IS NFD NORMALIZED AS c, 'e\u0301' IS NOT NFD NORMALIZED AS d, "
                  "'\ufb01' IS NOT NFKC NORMALIZED AS e, null IS NORMALIZED AS f, "
                  "1 IS NORMALIZED AS g"),
            "a,b,c,d,e,f,g|false,true,false,false,true,null,null");
  EXPECT_EQ(s.Run("UNWIND ['a', 'e\u0301', '\u00e9'] AS t WITH t WHERE t IS NORMALIZED "
                  "RETURN count(*) AS n"),
            "n|2");
  EXPECT_EQ(s.Run("RETURN normalize('a', 'NFX')"), "ArgumentError.InvalidArgumentValue@runtime");
  EXPECT_EQ(s.Run("RETURN normalize(1)"), "SyntaxError.InvalidArgumentType@compile");
  EXPECT_EQ(s.Run("RETURN 'a' IS NFX NORMALIZED"), "SyntaxError.UnexpectedSyntax@compile");
}

// `||` joins two strings or two lists (null if either is null), as + does
// for them; a number is no text to it and an element no list.
TEST(Neo4jFunctions, ConcatenationJoinsStringsOrLists) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN 'a' || 'b' || 'c' AS s, [1] || [2, 3] AS l, 'a' || null AS n, "
                  "'x' + 'y' || 'z' AS m"),
            "s,l,n,m|'abc',[1, 2, 3],null,'xyz'");
  EXPECT_EQ(s.Run("WITH 1 AS one RETURN 'a' || one"), "TypeError.InvalidArgumentType@runtime");
  EXPECT_EQ(s.Run("WITH [1] AS l RETURN l || 2"), "TypeError.InvalidArgumentType@runtime");
  EXPECT_EQ(s.Run("UNWIND [3, 1, 2] AS x RETURN x ORDER BY x OFFSET 1"), "x|2|3");
}

// Type predicates: `x IS [NOT] :: T`, every type taking null unless NOT
// NULL (NOTHING takes nothing), lists by their elements, closed unions,
// and Neo4j's synonyms.
TEST(Neo4jFunctions, TypePredicatesTestAValueAgainstAType) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN 1 IS :: INTEGER AS a, 'x' IS :: INTEGER AS b, null IS :: INTEGER AS c, "
                  "null IS :: INTEGER NOT NULL AS d, 1.5 IS NOT :: FLOAT AS e, "
                  "null IS :: NOTHING AS f, null IS :: NULL AS g, 1 IS :: NULL AS h"),
            "a,b,c,d,e,f,g,h|true,false,true,false,false,false,true,false");
  EXPECT_EQ(
      s.Run("RETURN [1, 2] IS :: LIST<INTEGER> AS a, [1, 'x'] IS :: LIST<INTEGER> AS b, "
            "[1, 'x'] IS :: LIST<INTEGER | STRING> AS c, [1, null] IS :: LIST<INT NOT NULL> AS "
            "d, [] IS :: LIST<NOTHING> AS e, 'x' IS :: STRING | LIST<STRING> AS f, "
            "{k: 1} IS :: ANY<MAP | NODE> AS g"),
      "a,b,c,d,e,f,g|true,false,true,false,true,true,true");
  EXPECT_EQ(s.Run("RETURN date() IS :: DATE AS a, datetime() IS :: ZONED DATETIME AS b, "
                  "localdatetime() IS :: TIMESTAMP WITHOUT TIME ZONE AS c, "
                  "duration('P1D') IS TYPED DURATION AS d, true IS :: BOOL AS e, "
                  "[1, 2] IS :: PROPERTY VALUE AS f, [1, 'x'] IS :: PROPERTY VALUE AS g, "
                  "{} IS :: ANY AS h"),
            "a,b,c,d,e,f,g,h|true,true,true,true,true,true,false,true");
  EXPECT_EQ(s.Run("CREATE (n)-[r:R]->(m) RETURN n IS :: NODE AS a, r IS :: RELATIONSHIP AS b, "
                  "n IS :: MAP AS c"),
            "a,b,c|true,true,false");
  EXPECT_EQ(s.Run("UNWIND [1, 'a', 2.5, null] AS x WITH x WHERE x IS :: INTEGER | FLOAT "
                  "RETURN collect(x) AS c"),
            "c|[1, 2.5]");
  EXPECT_EQ(s.Run("RETURN 1 IS :: WIDGET"), "SyntaxError.UnexpectedSyntax@compile");
  // The short form, x :: T.
  EXPECT_EQ(s.Run("RETURN 1 :: INTEGER AS a, 1 + 1.5 :: FLOAT AS b, 'x' :: INTEGER NOT NULL AS c, "
                  "NOT [1] :: LIST<STRING> AS d"),
            "a,b,c,d|true,true,false,true");
  std::string deep;
  for (int i = 0; i < 50000; ++i) deep += "LIST<";
  EXPECT_EQ(s.Run("RETURN 1 IS :: " + deep + "INTEGER"), "SyntaxError.NestingTooDeep@compile");
}

// The extended simple CASE: a WHEN may list values (any of them matches)
// or start with an operator the subject is the left operand of.
TEST(Neo4jFunctions, ExtendedSimpleCaseTestsTheSubject) {
  Statements s;
  EXPECT_EQ(
      s.Run("UNWIND [5, 1, 2, null, 0, 'abc'] AS x RETURN CASE x WHEN > 3 THEN 'big' "
            "WHEN 1, 2 THEN 'small' WHEN IS NULL THEN 'none' WHEN STARTS WITH 'a' THEN 'text' "
            "ELSE 'other' END AS c"),
      "c|'big'|'small'|'small'|'none'|'other'|'text'");
  EXPECT_EQ(s.Run("UNWIND [1, 'x', [2]] AS x RETURN CASE x WHEN IS :: INTEGER THEN 'int' "
                  "WHEN IN ['x', 'y'] THEN 'xy' END AS c"),
            "c|'int'|'xy'|null");
  // Each test holds a copy of the subject, within a bound.
  std::string values = "0";
  for (int i = 1; i < 20000; ++i) values += ", " + std::to_string(i);
  EXPECT_EQ(s.Run("WITH 5 AS x RETURN CASE x WHEN " + values + " THEN 1 END AS c"), "c|1");
  EXPECT_EQ(s.Run("WITH 5 AS x RETURN CASE x + x + x + x + x + x WHEN " + values + " THEN 1 END"),
            "SyntaxError.UnexpectedSyntax@compile");
  // Without an extended WHEN, as before: equality, which null never has.
  EXPECT_EQ(s.Run("UNWIND [1, null] AS x RETURN CASE x WHEN 1 THEN 'one' WHEN null THEN 'null' "
                  "ELSE 'else' END AS c"),
            "c|'one'|'else'");
}

}  // namespace
}  // namespace namidb::query
