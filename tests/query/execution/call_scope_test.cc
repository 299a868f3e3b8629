// Neo4j 5's forms of CALL: a variable scope clause (`CALL (a, b) { }`,
// `CALL (*) { }`, `CALL () { }`) saying what a subquery sees of the scope
// around, and OPTIONAL CALL keeping a row whose call gives nothing, its
// outputs null.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

class CallScope : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(s.Run("CREATE (a:P {name: 'a'}), (b:P {name: 'b'}), (c:P {name: 'c'}), "
                    "(a)-[:K]->(b), (a)-[:K]->(c), (b)-[:K]->(c)"),
              "");
  }
  Statements s;
};

TEST_F(CallScope, TheSubquerySeesWhatTheScopeClauseNames) {
  EXPECT_EQ(s.Run("UNWIND [1, 2] AS x CALL (x) { RETURN x * 10 AS y } RETURN x, y"),
            "x,y|1,10|2,20");
  EXPECT_EQ(s.Run("MATCH (p:P) CALL (p) { MATCH (p)-[:K]->(q) RETURN count(q) AS c } "
                  "RETURN p.name AS n, c ORDER BY n"),
            "n,c|'a',2|'b',1|'c',0");
  EXPECT_EQ(s.Run("WITH 1 AS a, 2 AS b CALL (*) { RETURN a + b AS c } RETURN c"), "c|3");
  EXPECT_EQ(s.Run("WITH 1 AS a, 2 AS b CALL (a, b) { RETURN a + b AS c } RETURN c"), "c|3");
  // A leading WITH is then a projection like any other.
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { WITH x * 2 AS y RETURN y } RETURN y"), "y|2");
  // Each part of a union sees the same names.
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { RETURN x AS y UNION RETURN x + 1 AS y } RETURN y "
                  "ORDER BY y"),
            "y|1|2");
}

TEST_F(CallScope, NothingElseOfTheScopeAround) {
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL () { RETURN x AS y } RETURN y"),
            "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("WITH 1 AS a, 2 AS b CALL (a) { RETURN a + b AS c } RETURN c"),
            "SyntaxError.UndefinedVariable@compile");
  // Not even through a leading WITH, which imports in a CALL without one.
  EXPECT_EQ(s.Run("WITH 1 AS a CALL () { WITH a RETURN a AS c } RETURN c"),
            "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("CALL (z) { RETURN 1 AS one } RETURN one"),
            "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("WITH 1 AS a CALL (a, a) { RETURN 1 AS one } RETURN one"),
            "SyntaxError.VariableAlreadyBound@compile");
  // What it returns may not hide a name around it, imported or not.
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) { RETURN x } RETURN x"),
            "SyntaxError.VariableAlreadyBound@compile");
  EXPECT_EQ(s.Run("UNWIND [1] AS x CALL (x) RETURN x"), "SyntaxError.UnexpectedSyntax@compile");
  // A procedure takes arguments, not a scope.
  EXPECT_EQ(s.Run("CALL () db.labels()"), "SyntaxError.UnexpectedSyntax@compile");
}

TEST_F(CallScope, AScopedSubqueryMayUpdate) {
  EXPECT_EQ(s.Run("UNWIND [1, 2] AS x CALL (x) { CREATE (:N {v: x}) } RETURN count(*) AS c"),
            "c|2");
  EXPECT_EQ(s.Run("MATCH (n:N) RETURN n.v AS v ORDER BY v"), "v|1|2");
}

TEST_F(CallScope, OptionalCallKeepsARowItsCallGivesNothingFor) {
  EXPECT_EQ(s.Run("MATCH (p:P) OPTIONAL CALL (p) { MATCH (p)-[:K]->(q) RETURN q.name AS m } "
                  "RETURN p.name AS n, m ORDER BY n, m"),
            "n,m|'a','b'|'a','c'|'b','c'|'c',null");
  // Without OPTIONAL the row is gone.
  EXPECT_EQ(s.Run("MATCH (p:P) CALL (p) { MATCH (p)-[:K]->(q) RETURN q.name AS m } "
                  "RETURN p.name AS n, m ORDER BY n, m"),
            "n,m|'a','b'|'a','c'|'b','c'");
  // The old form and a union too.
  EXPECT_EQ(s.Run("MATCH (p:P {name: 'c'}) OPTIONAL CALL { WITH p MATCH (p)-->(q) RETURN q } "
                  "RETURN p.name AS n, q"),
            "n,q|'c',null");
  EXPECT_EQ(s.Run("MATCH (p:P {name: 'c'}) OPTIONAL CALL (p) { MATCH (p)-->(q) RETURN q UNION "
                  "MATCH (q) WHERE q.name = 'z' RETURN q } RETURN p.name AS n, q"),
            "n,q|'c',null");
  // A subquery that only updates keeps every row in either form.
  EXPECT_EQ(s.Run("UNWIND [1, 2] AS x OPTIONAL CALL (x) { MATCH (n:Nope) SET n.x = x } "
                  "RETURN count(*) AS c"),
            "c|2");
}

TEST_F(CallScope, OptionalCallOfAProcedure) {
  // YIELD's WHERE belongs to the call: a row it rejects is no match.
  EXPECT_EQ(s.Run("UNWIND ['P', 'Q'] AS l OPTIONAL CALL db.labels() YIELD label WHERE label = l "
                  "RETURN l, label ORDER BY l"),
            "l,label|'P','P'|'Q',null");
  EXPECT_EQ(s.Run("UNWIND ['P', 'Q'] AS l CALL db.labels() YIELD label WHERE label = l "
                  "RETURN l, label ORDER BY l"),
            "l,label|'P','P'");
}

}  // namespace
}  // namespace namidb::query
