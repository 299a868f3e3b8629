// What an expression after a projection (ORDER BY, WITH ... WHERE) reads:
// one that is the same expression as a projected one, however spelled,
// reads the projected value; after aggregation anything else must be a
// grouping key, an aggregate of the projection or an alias, else the
// statement does not compile. Sameness is structural (SameExpression), not
// the source text.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

constexpr const char* kSpellings[] = {"count(m)", "count( m )", "COUNT(m)", "Count(/* m */ m)",
                                      "count(\n  m\n)"};

TEST(ProjectionRules, AnAggregateSpelledAnotherWayReadsTheProjectedOne) {
  Statements s;
  for (const char* order : kSpellings) {
    EXPECT_EQ(s.Run("UNWIND [1, 2, 1, 1] AS m RETURN m AS k, count(m) AS c ORDER BY " +
                    std::string(order) + " DESC"),
              "k,c|1,3|2,1")
        << order;
    EXPECT_EQ(s.Run("UNWIND [1, 2, 1, 1] AS m WITH m AS k, count(m) AS c ORDER BY " +
                    std::string(order) + " LIMIT 1 RETURN k, c"),
              "k,c|2,1")
        << order;
    EXPECT_EQ(s.Run("UNWIND [1, 2, 1, 1] AS m RETURN DISTINCT m AS k, count(m) AS c ORDER BY " +
                    std::string(order) + " DESC"),
              "k,c|1,3|2,1")
        << order;
  }
  // Inside a larger sort key, and in WITH ... WHERE.
  EXPECT_EQ(s.Run("UNWIND [1, 2, 1, 1] AS m RETURN m AS k, count(m) AS c ORDER BY -1 * COUNT( m )"),
            "k,c|1,3|2,1");
  EXPECT_EQ(s.Run("UNWIND [1, 2, 1, 1] AS m WITH m AS k, count(m) AS c WHERE COUNT(m) > 1 "
                  "RETURN k, c"),
            "k,c|1,3");
}

TEST(ProjectionRules, AnExpressionSpelledAnotherWayReadsTheProjectedOne) {
  Statements s;
  const std::string list = "UNWIND [{x: 2}, {x: 1}, {x: 2}, {x: 3}] AS n ";
  // Without DISTINCT or aggregation the sort key could be recomputed; with
  // them, `n` is gone and only the projected value is there to read.
  for (const char* order : {"n.x + 1", "n.x+1", "(n.x) + 1", "n.x /* plus */ +\n 1"}) {
    EXPECT_EQ(s.Run(list + "RETURN DISTINCT n.x + 1 AS y ORDER BY " + std::string(order) + " DESC"),
              "y|4|3|2")
        << order;
    EXPECT_EQ(s.Run(list + "WITH DISTINCT n.x + 1 AS y ORDER BY " + std::string(order) +
                    " LIMIT 2 RETURN y"),
              "y|2|3")
        << order;
    EXPECT_EQ(s.Run(list + "RETURN n.x + 1 AS y, count(*) AS c ORDER BY " + std::string(order)),
              "y,c|2,1|3,2|4,1")
        << order;
    EXPECT_EQ(s.Run(list + "WITH n.x + 1 AS y, count(*) AS c ORDER BY " + std::string(order) +
                    " DESC LIMIT 1 RETURN y, c"),
              "y,c|4,1")
        << order;
    EXPECT_EQ(s.Run(list + "RETURN n.x + 1 AS y ORDER BY " + std::string(order)), "y|2|3|3|4")
        << order;
  }
  // A function's name in any case.
  EXPECT_EQ(
      s.Run("UNWIND ['b', 'a', 'b'] AS w RETURN DISTINCT toUpper(w) AS u ORDER BY TOUPPER(w)"),
      "u|'A'|'B'");
}

TEST(ProjectionRules, AnAliasHidingAVariableMakesAnotherExpression) {
  Statements s;
  // In ORDER BY `x` is the alias: -x is -(-x), which is no projected value.
  EXPECT_EQ(s.Run("UNWIND [1, 3, 2] AS x RETURN -x AS x ORDER BY -x"), "x|-1|-2|-3");
  EXPECT_EQ(s.Run("UNWIND [1, 3, 2] AS x WITH -x AS x ORDER BY -x RETURN x"), "x|-1|-2|-3");
  // An alias of the variable itself hides nothing.
  EXPECT_EQ(s.Run("UNWIND [1, 3, 2] AS x WITH DISTINCT x, -x AS y ORDER BY -x RETURN x"),
            "x|3|2|1");
}

TEST(ProjectionRules, AfterAggregationOnlyKeysAggregatesAndAliasesCompile) {
  Statements s;
  const std::string list = "UNWIND [{x: 2, g: 'a'}, {x: 1, g: 'b'}] AS n ";
  // A variable neither projected nor grouped by.
  EXPECT_EQ(s.Run(list + "RETURN count(n) AS c ORDER BY n.x"),
            "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run(list + "WITH n.g AS g, count(*) AS c ORDER BY n.x RETURN g"),
            "SyntaxError.UndefinedVariable@compile");
  // An aggregate the projection does not compute (another function, or
  // DISTINCT where it counts all).
  EXPECT_EQ(s.Run(list + "RETURN n AS k, count(n) AS c ORDER BY count(DISTINCT n)"),
            "SyntaxError.InvalidAggregation@compile");
  EXPECT_EQ(s.Run(list + "RETURN n.g AS g, count(n) AS c ORDER BY sum(n.x)"),
            "SyntaxError.UndefinedVariable@compile");
  // Around an aggregate only a key that is a variable or a property reads
  // the projected value; a larger one is ambiguous, however parenthesized.
  EXPECT_EQ(s.Run(list + "RETURN n.g AS g, count(*) AS c ORDER BY n.g + count(*)"),
            "g,c|'a',1|'b',1");
  EXPECT_EQ(s.Run(list + "WITH n.x + 1 AS y, count(*) AS c ORDER BY (n.x + 1) * count(*) "
                         "RETURN y"),
            "SyntaxError.AmbiguousAggregationExpression@compile");
  EXPECT_EQ(s.Run(list + "WITH n.x + 1 AS y, count(*) AS c ORDER BY (n.x + 1) + count(*) "
                         "RETURN y"),
            "SyntaxError.AmbiguousAggregationExpression@compile");
  // An aggregate where nothing aggregates.
  EXPECT_EQ(s.Run(list + "RETURN n.x AS x ORDER BY count( n )"),
            "SyntaxError.InvalidAggregation@compile");
}

}  // namespace
}  // namespace namidb::query
