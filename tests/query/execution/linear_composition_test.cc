// GQL's linear statements as Cypher 25 takes them: `LET x = expr` (a
// WITH *, expr AS x), `FILTER [WHERE] condition` (a WITH * WHERE) and
// `RETURN ... NEXT ...` (what follows starts from the RETURN's rows).
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

}  // namespace
}  // namespace namidb::query
