// GQL's linear statements as Cypher 25 takes them: `LET x = expr` (a
// WITH *, expr AS x), `FILTER [WHERE] condition` (a WITH * WHERE) and
// `RETURN ... NEXT ...` (what follows starts from the RETURN's rows),
// `ORDER BY`, `OFFSET` / `SKIP` and `LIMIT` as clauses (a WITH * with that
// ending), and `FINISH` (the part runs and returns nothing).
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(LinearComposition, LetBindsEachNameInTurn) {
  Statements s;
  EXPECT_EQ(s.Run("LET x = 1, y = x + 1 RETURN x, y"), "x,y|1,2");
  EXPECT_EQ(s.Run("UNWIND [1, 2] AS n LET sq = n * n RETURN n, sq"), "n,sq|1,1|2,4");
  // A name in scope is not bound again.
  EXPECT_EQ(s.Run("UNWIND [1] AS n LET n = 2 RETURN n"),
            "SyntaxError.VariableAlreadyBound@compile");
  EXPECT_EQ(s.Run("LET x = 1, x = 2 RETURN x"), "SyntaxError.VariableAlreadyBound@compile");
  // A name `let` is still a name.
  EXPECT_EQ(s.Run("WITH 1 AS let RETURN let"), "let|1");
}

TEST(LinearComposition, FilterKeepsTheRowsItsConditionHoldsFor) {
  Statements s;
  EXPECT_EQ(s.Run("UNWIND range(1, 5) AS n FILTER n % 2 = 1 RETURN collect(n) AS odd"),
            "odd|[1, 3, 5]");
  EXPECT_EQ(s.Run("UNWIND range(1, 5) AS n FILTER WHERE n > 3 LET m = n * 10 RETURN m"), "m|40|50");
  EXPECT_EQ(s.Run("UNWIND [1] AS n FILTER n RETURN n"), "SyntaxError.InvalidArgumentType@compile");
}

TEST(LinearComposition, NextStartsFromTheRowsOfTheReturnBefore) {
  Statements s;
  ASSERT_EQ(s.Run("CREATE (:P {name: 'a', age: 30}), (:P {name: 'b', age: 40})"), "");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p.name AS name, p.age AS age "
                  "NEXT FILTER age > 35 RETURN name"),
            "name|'b'");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN count(p) AS c NEXT RETURN c * 2 AS d"), "d|4");
  // A column without an alias is a variable of its text's name.
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN max(p.age) NEXT RETURN `max(p.age)` AS m"), "m|40");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p NEXT MATCH (p) RETURN p.name AS n ORDER BY n"),
            "n|'a'|'b'");
  // Only the RETURN's columns go on.
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p.age AS age NEXT RETURN p"),
            "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) WITH p NEXT RETURN p"),
            "SyntaxError.InvalidClauseComposition@compile");
  EXPECT_EQ(s.Run("RETURN 1 AS x NEXT"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("RETURN 1 AS x UNION RETURN 2 AS x NEXT RETURN x"),
            "SyntaxError.UnsupportedFeature@compile");
}

TEST(LinearComposition, OrderByOffsetAndLimitAreClausesOfTheirOwn) {
  Statements s;
  EXPECT_EQ(s.Run("UNWIND [3, 1, 2] AS x ORDER BY x RETURN x"), "x|1|2|3");
  EXPECT_EQ(s.Run("UNWIND [3, 1, 2] AS x ORDER BY x DESC LIMIT 2 RETURN collect(x) AS l"),
            "l|[3, 2]");
  EXPECT_EQ(s.Run("UNWIND [3, 1, 2] AS x ORDER BY x OFFSET 1 RETURN x"), "x|2|3");
  EXPECT_EQ(s.Run("UNWIND range(1, 5) AS x SKIP 3 RETURN x"), "x|4|5");
  EXPECT_EQ(s.Run("UNWIND range(1, 5) AS x LIMIT 1 RETURN x"), "x|1");
  // After a projection's own ending, a new clause: sorted again.
  EXPECT_EQ(s.Run("UNWIND [3, 1, 2] AS x WITH x LIMIT 2 ORDER BY x RETURN x"), "x|1|3");
  EXPECT_EQ(s.Run("UNWIND [1] AS x LIMIT -1 RETURN x"),
            "SyntaxError.NegativeIntegerArgument@compile");
  // `order` alone is still a name.
  EXPECT_EQ(s.Run("WITH 1 AS order RETURN order"), "order|1");
}

TEST(LinearComposition, FinishRunsThePartAndReturnsNothing) {
  Statements s;
  EXPECT_EQ(s.Run("UNWIND [1, 2] AS x CREATE (:F {x: x}) FINISH"), "");
  EXPECT_EQ(s.Run("MATCH (n:F) FINISH"), "");
  EXPECT_EQ(s.Run("MATCH (n:F) RETURN count(n) AS c"), "c|2");
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { CREATE (:G) FINISH } RETURN x"), "x|1");
  EXPECT_EQ(s.Run("MATCH (n:G) RETURN count(n) AS c"), "c|1");
  EXPECT_EQ(s.Run("MATCH (n) FINISH RETURN n"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("FINISH"), "SyntaxError.UnexpectedSyntax@compile");
}

}  // namespace
}  // namespace namidb::query
