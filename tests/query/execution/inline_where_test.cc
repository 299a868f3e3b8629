// Neo4j 5's conditions inside node and relationship patterns,
// `(n:L WHERE p)` and `-[r:T WHERE p]->`: each the same as the condition
// in the clause's WHERE (a MATCH's, an OPTIONAL MATCH's, a pattern
// expression's or a quantified group's, per hop), and refused where a
// pattern makes rather than matches.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

class InlineWhere : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(s.Run("CREATE (a:P {name: 'a', age: 40}), (b:P {name: 'b', age: 20}), "
                    "(c:P {name: 'c', age: 35}), (a)-[:K {since: 2001}]->(b), "
                    "(a)-[:K {since: 1999}]->(c), (b)-[:K {since: 2010}]->(c)"),
              "");
  }
  Statements s;
};

TEST_F(InlineWhere, ANodesConditionIsTheClausesCondition) {
  EXPECT_EQ(s.Run("MATCH (n:P WHERE n.age > 30) RETURN n.name AS n ORDER BY n"), "n|'a'|'c'");
  // Beside a map and the clause's own WHERE, and reading other names of
  // the pattern.
  EXPECT_EQ(s.Run("MATCH (a:P {name: 'a'})-->(b:P WHERE b.age < a.age) WHERE b.name <> 'c' "
                  "RETURN b.name AS b"),
            "b|'b'");
  EXPECT_EQ(s.Run("MATCH (n WHERE n.age = 20) RETURN n.name AS n"), "n|'b'");
  // OPTIONAL MATCH: the condition is part of what may match.
  EXPECT_EQ(s.Run("MATCH (a:P {name: 'c'}) OPTIONAL MATCH (a)-->(x WHERE x.age > 0) "
                  "RETURN a.name AS a, x"),
            "a,x|'c',null");
  EXPECT_EQ(s.Run("MATCH (n:P WHERE n.age > 100) RETURN count(n) AS c"), "c|0");
}

TEST_F(InlineWhere, ARelationshipsConditionIsTheClausesCondition) {
  EXPECT_EQ(s.Run("MATCH (x)-[r:K WHERE r.since > 2000]->(y) RETURN x.name AS x, y.name AS y "
                  "ORDER BY x, y"),
            "x,y|'a','b'|'b','c'");
  // Quantified, it holds for every hop.
  EXPECT_EQ(s.Run("MATCH (x {name: 'a'})-[r:K WHERE r.since > 2000]->+(y) RETURN y.name AS y "
                  "ORDER BY y"),
            "y|'b'|'c'");
  EXPECT_EQ(s.Run("MATCH (x {name: 'a'}) ((p)-[:K]->(q WHERE q.age > 30)){1,2} (y) "
                  "RETURN y.name AS y"),
            "y|'c'");
  // Of '*' it could not say which hop: refused.
  EXPECT_EQ(s.Run("MATCH (x)-[r:K* WHERE r.since > 2000]->(y) RETURN y"),
            "SyntaxError.InvalidRelationshipPattern@compile");
}

TEST_F(InlineWhere, InPatternExpressions) {
  EXPECT_EQ(s.Run("MATCH (a:P {name: 'a'}) RETURN [(a)-->(f WHERE f.age > 30) | f.name] AS f"),
            "f|['c']");
  EXPECT_EQ(s.Run("MATCH (n:P) WHERE EXISTS { (n)-[r WHERE r.since > 2005]->() } "
                  "RETURN n.name AS n"),
            "n|'b'");
  EXPECT_EQ(s.Run("MATCH (n:P) RETURN n.name AS n, COUNT { (n)-->(m WHERE m.age > 30) } AS c "
                  "ORDER BY n"),
            "n,c|'a',1|'b',1|'c',0");
  EXPECT_EQ(s.Run("MATCH (n:P) WHERE (n)-->(:P WHERE true) RETURN count(n) AS c"), "c|2");
}

TEST_F(InlineWhere, NotWherePatternsMake) {
  EXPECT_EQ(s.Run("CREATE (n:P WHERE n.age > 1)"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("MATCH (a {name: 'a'}) CREATE (a)-[:K WHERE true]->(:Q)"),
            "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("MERGE (n:P {name: 'z'} WHERE n.age > 1)"),
            "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("MATCH (n) RETURN count(n) AS c"), "c|3");
  // The condition's names are checked as the clause's would be.
  EXPECT_EQ(s.Run("MATCH (n:P WHERE m.age > 1) RETURN n"), "SyntaxError.UndefinedVariable@compile");
}

}  // namespace
}  // namespace namidb::query
