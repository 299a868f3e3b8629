// Label expressions (Neo4j 5): `|`, `&`, `!`, `%` and parentheses in node
// patterns of MATCH, OPTIONAL MATCH, pattern predicates, EXISTS { },
// COUNT { } and pattern comprehensions, and in `n:...` predicates of nodes
// and relationships; type expressions of relationships in patterns; plain
// conjunctions as before; a pattern to create takes none.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

class LabelExpressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(s_.Run("CREATE (:A {n: 1}), (:B {n: 2}), (:A:B {n: 3}), (:C {n: 4}), ({n: 5}), "
                     "(:A:C {n: 6})"),
              "");
  }
  std::string Ns(const std::string& match) {
    return s_.Run("MATCH " + match + " RETURN n.n AS n ORDER BY n");
  }
  Statements s_;
};

TEST_F(LabelExpressionTest, NodePatternsMatchTheExpression) {
  EXPECT_EQ(Ns("(n:A|B)"), "n|1|2|3|6");
  EXPECT_EQ(Ns("(n:A&B)"), "n|3");
  EXPECT_EQ(Ns("(n:A:B)"), "n|3");
  EXPECT_EQ(Ns("(n:!A)"), "n|2|4|5");
  EXPECT_EQ(Ns("(n:%)"), "n|1|2|3|4|6");
  EXPECT_EQ(Ns("(n:!%)"), "n|5");
  EXPECT_EQ(Ns("(n:A&!B)"), "n|1|6");
  EXPECT_EQ(Ns("(n:(A|B)&!C)"), "n|1|2|3");
  EXPECT_EQ(Ns("(n:A&(B|C))"), "n|3|6");
  EXPECT_EQ(Ns("(n:A|B {n: 3})"), "n|3");
  EXPECT_EQ(Ns("(n:A|B) WHERE n.n > 2"), "n|3|6");
  EXPECT_EQ(Ns("(n:(A|B)&!C)"), "n|1|2|3");
}

TEST_F(LabelExpressionTest, AlternativesScanTheirLabelsAlone) {
  // Each label once; a node of both (n: 3) comes once.
  EXPECT_EQ(s_.Run("EXPLAIN MATCH (n:A|B) RETURN n"),
            "plan|'Project'|'  Filter'|'    NodeScan :A|B'|'      Once'");
  EXPECT_EQ(s_.Run("EXPLAIN MATCH (n:(A|B)&!C) RETURN n"),
            "plan|'Project'|'  Filter'|'    NodeScan :A|B'|'      Once'");
  EXPECT_EQ(s_.Run("EXPLAIN MATCH (n:C&(A|B)) RETURN n"),
            "plan|'Project'|'  Filter'|'    NodeScan :C'|'      Once'");
  EXPECT_EQ(s_.Run("EXPLAIN MATCH (n:!A|B) RETURN n"),
            "plan|'Project'|'  Filter'|'    NodeScan (all nodes)'|'      Once'");
  EXPECT_EQ(s_.Run("MATCH (n:A|B|C) RETURN count(n) AS c"), "c|5");
  EXPECT_EQ(Ns("(n:B|C) WHERE n.n < 6"), "n|2|3|4");
}

TEST_F(LabelExpressionTest, PredicatesOfNodesAndRelationships) {
  EXPECT_EQ(Ns("(n) WHERE n:A|C"), "n|1|3|4|6");
  EXPECT_EQ(Ns("(n) WHERE n:A&!C"), "n|1|3");
  EXPECT_EQ(Ns("(n) WHERE NOT n:%"), "n|5");
  EXPECT_EQ(s_.Run("MATCH (n) RETURN n.n AS n, n:B|C AS bc ORDER BY n LIMIT 3"),
            "n,bc|1,false|2,true|3,true");
  ASSERT_EQ(s_.Run("MATCH (a {n: 1}), (b {n: 2}), (c {n: 3}) CREATE (a)-[:R]->(b), (a)-[:S]->(c), "
                   "(b)-[:T]->(c)"),
            "");
  EXPECT_EQ(s_.Run("MATCH ()-[r]->() WHERE r:R|S RETURN count(r) AS c"), "c|2");
  EXPECT_EQ(s_.Run("MATCH ()-[r]->() WHERE r:!R RETURN count(r) AS c"), "c|2");
  // A list comprehension's projection after a label predicate is still its
  // projection.
  EXPECT_EQ(s_.Run("MATCH (n) WITH collect(n) AS ns RETURN [x IN ns WHERE x:B | x.n] AS l"),
            "l|[2, 3]");
}

TEST_F(LabelExpressionTest, PatternsInsideExpressionsAndOptionalMatch) {
  ASSERT_EQ(s_.Run("MATCH (a {n: 1}), (b {n: 2}), (c {n: 4}) CREATE (a)-[:R]->(b), (a)-[:R]->(c)"),
            "");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) RETURN exists((a)-->(:B|D)) AS p, "
                   "EXISTS { (a)-->(:!A&!B) } AS e, COUNT { (a)-->(:B|C) } AS c, "
                   "[(a)-->(m:C|B) | m.n] AS l"),
            "p,e,c,l|true,true,2,[2, 4]");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) RETURN exists((a)-->(:!%)) AS p"), "p|false");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) WHERE (a)-->(:C) RETURN a.n AS n"), "n|1");
  EXPECT_EQ(s_.Run("MATCH (a {n: 2}) OPTIONAL MATCH (a)-->(m:B|C) RETURN a.n AS a, m AS m"),
            "a,m|2,null");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) OPTIONAL MATCH (a)-->(m:B|C) RETURN m.n AS m ORDER BY m"),
            "m|2|4");
}

TEST_F(LabelExpressionTest, TheNodesItNamesStayHidden) {
  // An anonymous node with a label expression gets a name no query can
  // write: RETURN * leaves it out, and alone it is no variable in scope.
  EXPECT_EQ(s_.Run("MATCH (x {n: 1}), (:B|C {n: 4}) RETURN *"), "x|(:A {n: 1})");
  EXPECT_EQ(s_.Run("MATCH (:A|B) RETURN *"), "SyntaxError.NoVariablesInScope@compile");
  EXPECT_EQ(s_.Run("MATCH (:A|B), (:A|C) RETURN count(*) AS c"), "c|16");
}

TEST_F(LabelExpressionTest, RelationshipTypesInPatterns) {
  // 1 -R-> 2 -S-> 3 -T-> 4, and 1 -T-> 3.
  ASSERT_EQ(s_.Run("MATCH (a {n: 1}), (b {n: 2}), (c {n: 3}), (d {n: 4}) "
                   "CREATE (a)-[:R]->(b), (b)-[:S]->(c), (c)-[:T]->(d), (a)-[:T]->(c)"),
            "");
  auto ends = [&](const std::string& rel) {
    return s_.Run("MATCH ({n: 1})" + rel + "(m) RETURN m.n AS m ORDER BY m");
  };
  EXPECT_EQ(ends("-[:R|T]->"), "m|2|3");
  EXPECT_EQ(ends("-[:(R|T)]->"), "m|2|3");
  EXPECT_EQ(ends("-[:!R]->"), "m|3");
  EXPECT_EQ(ends("-[r:!R&!S]->"), "m|3");
  EXPECT_EQ(ends("-[:%]->"), "m|2|3");
  EXPECT_EQ(ends("-[:R&T]->"), "m");
  EXPECT_EQ(ends("-[:!%]->"), "m");
  // Of a variable length, the expression holds for each relationship.
  EXPECT_EQ(ends("-[:!T*]->"), "m|2|3");
  EXPECT_EQ(ends("-[r:!S*2]->"), "m|4");
  EXPECT_EQ(ends("-[:!R]->+"), "m|3|4");
  EXPECT_EQ(s_.Run("MATCH ({n: 1})-[r:!S*2]->() RETURN [x IN r | type(x)] AS ts"), "ts|['T', 'T']");
  // In a group, with its own condition; in expressions.
  EXPECT_EQ(ends(" ((x)-[e:!R]->(y) WHERE y.n > 2)+ "), "m|3|4");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) RETURN exists((a)-[:!R&!T]->()) AS p, "
                   "COUNT { (a)-[:!R]->() } AS c, [(a)-[:%]->(m) | m.n] AS l"),
            "p,c,l|false,1,[2, 3]");
  // A relationship has one type: `:R:T` is no conjunction.
  EXPECT_EQ(s_.Run("MATCH ()-[:R:T]->() RETURN 1"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}), (b {n: 2}) CREATE (a)-[:!R]->(b)"),
            "SyntaxError.UnexpectedSyntax@compile");
}

TEST_F(LabelExpressionTest, APatternToCreateTakesOnlyLabels) {
  EXPECT_EQ(s_.Run("CREATE (n:A|B)"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s_.Run("MERGE (n:!A)"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s_.Run("CREATE (n:D&E) RETURN labels(n) AS l"), "l|['D', 'E']");
  EXPECT_EQ(s_.Run("MATCH (n:A|) RETURN n"), "SyntaxError.UnexpectedSyntax@compile");
  // Nesting is bounded as for expressions: no stack runs out.
  EXPECT_EQ(s_.Run("MATCH (n:" + std::string(100000, '!') + "A) RETURN n"),
            "SyntaxError.NestingTooDeep@compile");
  EXPECT_EQ(s_.Run("MATCH (n:" + std::string(100000, '(') + "A) RETURN n"),
            "SyntaxError.NestingTooDeep@compile");
}

}  // namespace
}  // namespace namidb::query
