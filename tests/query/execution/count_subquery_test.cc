// COUNT { ... } and COLLECT { ... } (Neo4j 5): the number of matches of a
// pattern (with an optional WHERE) or of rows of a subquery, and the list
// of a subquery's one column, for each row of the outer query, whose
// variables they see; their own variables stay inside them.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

class CountSubquery : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(s.Run("CREATE (a:P {name: 'a'}), (b:P {name: 'b'}), (c:P {name: 'c'}), "
                    "(a)-[:K {w: 1}]->(b), (a)-[:K {w: 2}]->(c), (b)-[:K {w: 3}]->(c)"),
              "");
  }
  Statements s;
};

TEST_F(CountSubquery, CountsThePatternsMatchesPerRow) {
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p.name AS n, COUNT { (p)-[:K]->() } AS out ORDER BY n"),
            "n,out|'a',2|'b',1|'c',0");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p.name AS n, COUNT { (p)-[r:K]-(q) WHERE r.w > 1 } AS c "
                  "ORDER BY n"),
            "n,c|'a',1|'b',1|'c',2");
  // In WHERE, as a number.
  EXPECT_EQ(s.Run("MATCH (p:P) WHERE COUNT { (p)--() } >= 2 RETURN p.name AS n ORDER BY n"),
            "n|'a'|'b'|'c'");
}

TEST_F(CountSubquery, CountsTheRowsOfASubquery) {
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p.name AS n, "
                  "count { MATCH (p)-[:K]->(q) WHERE q.name <> 'c' RETURN q } AS c ORDER BY n"),
            "n,c|'a',1|'b',0|'c',0");
  // The subquery's own projection decides its rows: DISTINCT counts once.
  EXPECT_EQ(s.Run("MATCH (p:P {name: 'a'}) RETURN COUNT { MATCH (p)-->()-->(x) RETURN DISTINCT "
                  "x UNION ALL MATCH (x) RETURN x } AS c"),
            "c|4");  // c once, then the three nodes
  EXPECT_EQ(s.Run("MATCH (p:P {name: 'a'}) RETURN COUNT { MATCH (p)-->(x) RETURN DISTINCT "
                  "1 AS one } AS c"),
            "c|1");
}

TEST_F(CountSubquery, ReadsOnlyAndKeepsItsVariablesInside) {
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COUNT { MATCH (p)-->(q) SET q.x = 1 RETURN q } AS c"),
            "SyntaxError.InvalidClauseComposition@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) WITH COUNT { (p)-->(q) } AS c RETURN q"),
            "SyntaxError.UndefinedVariable@compile");
}

TEST_F(CountSubquery, CollectListsTheSubquerysOneColumnInItsOrder) {
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p.name AS n, COLLECT { MATCH (p)-[r:K]->(q) RETURN q.name "
                  "ORDER BY r.w DESC } AS c ORDER BY n"),
            "n,c|'a',['c', 'b']|'b',['c']|'c',[]");
  EXPECT_EQ(s.Run("MATCH (p:P {name: 'c'}) RETURN collect { MATCH (x)-->(p) RETURN DISTINCT "
                  "count(*) AS k } AS c"),
            "c|[2]");
  // Exactly one column, and RETURN last.
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COLLECT { MATCH (p)-->(q) RETURN q, p }"),
            "SyntaxError.InvalidClauseComposition@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COLLECT { MATCH (p)-->(q) }"),
            "SyntaxError.InvalidClauseComposition@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COLLECT { MATCH (p)-->(q) SET q.x = 1 RETURN q }"),
            "SyntaxError.InvalidClauseComposition@compile");
  // collect(...) stays the aggregate.
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN size(collect(p)) AS c"), "c|3");
}

// A UNION of parts, each ending with RETURN and seeing the outer row: the
// rows are the union's, distinct under UNION, all under UNION ALL.
TEST_F(CountSubquery, SubqueriesTakeAUnionOfParts) {
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p.name AS n, COLLECT { MATCH (p)-->(q) RETURN q.name AS x "
                  "UNION MATCH (p)<--(q) RETURN q.name AS x } AS c ORDER BY n"),
            "n,c|'a',['b', 'c']|'b',['c', 'a']|'c',['a', 'b']");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN p.name AS n, COUNT { MATCH (p)-->(q) RETURN 1 AS x UNION "
                  "MATCH (p)<--(q) RETURN 1 AS x } AS u, COUNT { MATCH (p)-->(q) RETURN 1 AS x "
                  "UNION ALL MATCH (p)<--(q) RETURN 1 AS x } AS a ORDER BY n"),
            "n,u,a|'a',1,2|'b',1,2|'c',1,2");
  EXPECT_EQ(s.Run("MATCH (p:P) WHERE EXISTS { MATCH (p)-[:K {w: 1}]->() RETURN p AS x UNION "
                  "MATCH (p)<-[:K {w: 3}]-() RETURN p AS x } RETURN p.name AS n ORDER BY n"),
            "n|'a'|'c'");
  // The union's rules hold inside too.
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COUNT { MATCH (p)-->(q) RETURN q UNION MATCH (p)<--(r) "
                  "RETURN r }"),
            "SyntaxError.DifferentColumnsInUnion@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COUNT { RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN "
                  "3 AS x }"),
            "SyntaxError.InvalidClauseComposition@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COUNT { MATCH (p)-->(q) UNION MATCH (p)<--(q) RETURN q }"),
            "SyntaxError.InvalidClauseComposition@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COLLECT { RETURN 1 AS x, 2 AS y UNION RETURN 3 AS x, 4 AS y "
                  "}"),
            "SyntaxError.InvalidClauseComposition@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COUNT { RETURN 1 AS x UNION MATCH (q) SET q.y = 1 RETURN "
                  "1 AS x }"),
            "SyntaxError.InvalidClauseComposition@compile");
  EXPECT_EQ(s.Run("MATCH (p:P) RETURN COUNT { RETURN 1 AS x UNION RETURN q AS x }"),
            "SyntaxError.UndefinedVariable@compile");
}

}  // namespace
}  // namespace namidb::query
