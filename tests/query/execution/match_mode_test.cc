// Match modes (Neo4j 5, GQL): `MATCH DIFFERENT RELATIONSHIPS`, the default,
// binds each relationship once per match; `MATCH REPEATABLE ELEMENTS` lets
// a match walk a relationship again, so its variable-length parts need an
// upper bound.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

class MatchModes : public ::testing::Test {
 protected:
  void SetUp() override {
    // a -> b -> c, and b -> a back.
    ASSERT_EQ(s.Run("CREATE (a:N {n: 'a'})-[:R]->(b:N {n: 'b'})-[:R]->(:N {n: 'c'}), "
                    "(b)-[:R]->(a)"),
              "");
  }
  Statements s;
};

TEST_F(MatchModes, DifferentRelationshipsIsTheDefault) {
  const char* walks = " (x {n: 'a'})-[r1:R]-(y)-[r2:R]-(z) RETURN count(*) AS c";
  EXPECT_EQ(s.Run(std::string("MATCH") + walks), "c|4");
  EXPECT_EQ(s.Run(std::string("MATCH DIFFERENT RELATIONSHIPS") + walks), "c|4");
  EXPECT_EQ(s.Run(std::string("MATCH DIFFERENT RELATIONSHIP") + walks), "c|4");
}

TEST_F(MatchModes, RepeatableElementsWalksARelationshipAgain) {
  // From a, two undirected steps: with each relationship once, a-b (either
  // of its two relationships) then b-c or the other a-b; walks also go back
  // over the same one.
  EXPECT_EQ(s.Run("MATCH REPEATABLE ELEMENTS (x {n: 'a'})-[r1:R]-(y)-[r2:R]-(z) "
                  "RETURN count(*) AS c"),
            "c|6");
  EXPECT_EQ(s.Run("MATCH REPEATABLE ELEMENTS (x {n: 'a'})-[r1:R]-()-[r2:R]-(x) "
                  "WHERE r1 = r2 RETURN count(*) AS c"),
            "c|2");
  // Variable length: a->b->a->b is a walk of three, not a trail.
  EXPECT_EQ(s.Run("MATCH (x {n: 'a'})-[:R*3]->(z) RETURN count(*) AS c"), "c|0");
  EXPECT_EQ(s.Run("MATCH REPEATABLE ELEMENTS (x {n: 'a'})-[:R*3]->(z) RETURN z.n AS z ORDER BY z"),
            "z|'b'");
  EXPECT_EQ(
      s.Run("MATCH REPEATABLE ELEMENTS (x {n: 'a'})-[:R]->{4} (z) RETURN z.n AS z ORDER BY z"),
      "z|'a'|'c'");
  EXPECT_EQ(s.Run("MATCH REPEATABLE ELEMENTS (x {n: 'a'}) ((p)-[:R]->(q)){1,3} (z) "
                  "RETURN count(*) AS c"),
            "c|4");
  // Distinct ends are those of the walks.
  EXPECT_EQ(s.Run("MATCH REPEATABLE ELEMENTS (x {n: 'c'})-[:R*1..2]-(z) "
                  "RETURN DISTINCT z.n AS z ORDER BY z"),
            "z|'a'|'b'|'c'");
  EXPECT_EQ(s.Run("MATCH (x {n: 'c'})-[:R*1..2]-(z) RETURN DISTINCT z.n AS z ORDER BY z"),
            "z|'a'|'b'");
}

TEST_F(MatchModes, RepeatableElementsNeedsBoundedLengths) {
  for (const char* q : {"MATCH REPEATABLE ELEMENTS (a)-[:R*]->(b) RETURN b",
                        "MATCH REPEATABLE ELEMENTS (a)-[:R*2..]->(b) RETURN b",
                        "MATCH REPEATABLE ELEMENTS (a)-[:R]->+(b) RETURN b",
                        "MATCH REPEATABLE ELEMENTS (a) ((x)-->(y))* (b) RETURN b"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.UnboundedRepeatableElements@compile") << q;
  }
  // A shortest path repeats nothing: it needs no bound.
  EXPECT_EQ(s.Run("MATCH REPEATABLE ELEMENTS p = shortestPath((a {n: 'a'})-[:R*]->(b {n: 'c'})) "
                  "RETURN length(p) AS l"),
            "l|2");
}

TEST_F(MatchModes, TheWordsStayNames) {
  EXPECT_EQ(s.Run("MATCH repeatable = (x {n: 'c'}) RETURN length(repeatable) AS l"), "l|0");
  EXPECT_EQ(s.Run("MATCH different = (x {n: 'c'}) RETURN length(different) AS l"), "l|0");
  EXPECT_EQ(s.Run("MATCH REPEATABLE (x) RETURN x"), "SyntaxError.UnexpectedSyntax@compile");
}

}  // namespace
}  // namespace namidb::query
