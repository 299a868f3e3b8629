// Quantified path patterns (Neo4j 5): a relationship repeated by a
// quantifier (`-[:L]->{1,3}`, `+`, `*`), and a group `((x)-[r]->(y) WHERE
// ...){m,n}` (of one relationship or more) whose nodes, relationships and
// condition hold at each repetition and whose names are lists outside it.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

class QuantifiedPathTest : public ::testing::Test {
 protected:
  // 1 -L-> 2 -L-> 3 -L-> 4 (an X, the others S), and 2 -M-> 5.
  void SetUp() override {
    ASSERT_EQ(s_.Run("CREATE (a:S {n: 1})-[:L {d: 1}]->(b:S {n: 2})-[:L {d: 2}]->(c:S {n: 3})"
                     "-[:L {d: 3}]->(:X {n: 4}), (b)-[:M {d: 5}]->(:S {n: 5})"),
              "");
  }
  // The `b.n` of each match of `pattern` from node 1, in order.
  std::string Ends(const std::string& pattern) {
    return s_.Run("MATCH (a {n: 1})" + pattern + "(b) RETURN b.n AS n ORDER BY n");
  }
  Statements s_;
};

TEST_F(QuantifiedPathTest, AQuantifiedRelationshipRepeatsIt) {
  EXPECT_EQ(Ends("-[:L]->{1,3}"), "n|2|3|4");
  EXPECT_EQ(Ends("-[:L]->{2}"), "n|3");
  EXPECT_EQ(Ends("-[:L]->{2,}"), "n|3|4");
  EXPECT_EQ(Ends("-->+"), "n|2|3|4|5");
  // Unlike `*..2`, `{,2}` and `*` start from no repetition at all.
  EXPECT_EQ(Ends("-[:L]->{,2}"), "n|1|2|3");
  EXPECT_EQ(Ends("-[:L]->*"), "n|1|2|3|4");
  EXPECT_EQ(Ends("<-[:L]-+"), "n");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1})-[r:L]->{1,2}(b) RETURN [x IN r | x.d] AS ds ORDER BY b.n"),
            "ds|[1]|[1, 2]");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1})-[:L {d: 2}]->+(b) RETURN count(*) AS c"), "c|0");
}

TEST_F(QuantifiedPathTest, AGroupHoldsAtEachRepetition) {
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[r:L]->(y) WHERE r.d < 3)+ (b) "
                   "RETURN b.n AS n, [v IN x | v.n] AS xs, [v IN y | v.n] AS ys, size(r) AS k "
                   "ORDER BY n"),
            "n,xs,ys,k|2,[1],[2],1|3,[1, 2],[2, 3],2");
  // Labels and property maps of the group's nodes, on every hop.
  EXPECT_EQ(Ends(" ((x:S)-->(y:S))+ "), "n|2|3|5");
  EXPECT_EQ(Ends(" ((x)-->(y:S|X))+ "), "n|2|3|4|5");
  EXPECT_EQ(Ends(" ((x)-[:L|M]->(y:!X))+ "), "n|2|3|5");
  EXPECT_EQ(Ends(" ((x {n: 1})-->(y))+ "), "n|2");
  // A condition over both ends of a hop, and one over a node outside.
  EXPECT_EQ(Ends(" ((x)-->(y) WHERE y.n = x.n + 1)+ "), "n|2|3|4");
  EXPECT_EQ(s_.Run("MATCH (top {n: 3}), (a {n: 1}) ((x)-->(y) WHERE y.n <= top.n)+ (b) "
                   "RETURN b.n AS n ORDER BY n"),
            "n|2|3");
  // The relationship's map, with the group's names in it.
  EXPECT_EQ(Ends(" ((x)-[r {d: x.n}]->(y)){1,3} "), "n|2|3|4");
}

TEST_F(QuantifiedPathTest, RepetitionCountsAndWhatSurroundsAGroup) {
  // No repetition: the nodes either side are one, and the lists are empty.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-->(y)){0,1} (b) RETURN b.n AS n, size(x) AS k "
                   "ORDER BY n"),
            "n,k|1,0|2,1");
  // A group then a relationship, two groups side by side, a group alone.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[:L]->(y)){1} -[:M]->(e) RETURN e.n AS n"), "n|5");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[:L]->(y)){1} ((u)-[:M]->(v)){1} (e) RETURN e.n AS n"),
            "n|5");
  EXPECT_EQ(s_.Run("MATCH ((x)-[:M]->(y)){1} RETURN x[0].n AS x, y[0].n AS y"), "x,y|2,5");
  EXPECT_EQ(s_.Run("MATCH p = (a {n: 1}) ((x)-[:L]->(y)){2} RETURN length(p) AS l, "
                   "[m IN nodes(p) | m.n] AS ns"),
            "l,ns|2,[1, 2, 3]");
  // The group's names are lists in the clause's WHERE and after it.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-->(y))+ (b) WHERE size(y) = 2 RETURN b.n AS n "
                   "ORDER BY n"),
            "n|3|5");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[:L]->(y)){3} (b) WITH y UNWIND y AS m "
                   "RETURN collect(m.n) AS ns"),
            "ns|[2, 3, 4]");
}

TEST_F(QuantifiedPathTest, AHopThatFailsEndsTheWalk) {
  // Every way between 12 nodes: the trails of any length number in the
  // billions, but those rising in `n` from the first are 2^11.
  ASSERT_EQ(s_.Run("UNWIND range(1, 12) AS i CREATE (:Q {n: i})"), "");
  ASSERT_EQ(s_.Run("MATCH (a:Q), (b:Q) WHERE a <> b CREATE (a)-[:K]->(b)"), "");
  EXPECT_EQ(s_.Run("MATCH (a:Q {n: 1}) ((x)-[:K]->(y) WHERE y.n > x.n)+ (b) "
                   "RETURN count(*) AS c, max(size(x)) AS longest"),
            "c,longest|2047,11");
}

TEST_F(QuantifiedPathTest, RelationshipsStayUniqueAcrossTheMatch) {
  // From 2 along L either way, never back over the relationship 1 -> 2.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1})-[:L]->(b) ((x)-[:L]-(y))+ (c) RETURN c.n AS n ORDER BY n"),
            "n|3|4");
}

TEST_F(QuantifiedPathTest, WalkedFromItsEndTheListsKeepPatternOrder) {
  // The end is bound first, so the walk starts there.
  EXPECT_EQ(s_.Run("MATCH (d:X) MATCH (a:S) ((x)-[r]->(y))+ (d) "
                   "RETURN a.n AS a, [v IN x | v.n] AS xs, [v IN y | v.n] AS ys, "
                   "[e IN r | e.d] AS ds ORDER BY a"),
            "a,xs,ys,ds|1,[1, 2, 3],[2, 3, 4],[1, 2, 3]|2,[2, 3],[3, 4],[2, 3]|3,[3],[4],[3]");
  // Both ends bound, the far one checked again for its label.
  EXPECT_EQ(s_.Run("MATCH (a:S), (d:X) MATCH (a:S) ((x)-->(y))+ (d:X) "
                   "RETURN a.n AS a, [v IN y | v.n] AS ys ORDER BY a"),
            "a,ys|1,[2, 3, 4]|2,[3, 4]|3,[4]");
}

TEST_F(QuantifiedPathTest, AGroupWhoseEndsShareANameIsALoop) {
  ASSERT_EQ(s_.Run("CREATE (l {n: 9})-[:SELF]->(l)"), "");
  EXPECT_EQ(s_.Run("MATCH (s) ((x)-[:SELF]->(x))+ (t) RETURN s.n AS s, t.n AS t, size(x) AS k"),
            "s,t,k|9,9,1");
  EXPECT_EQ(s_.Run("MATCH (s {n: 1}) ((x)-->(x))+ (t) RETURN count(*) AS c"), "c|0");
}

TEST_F(QuantifiedPathTest, InPatternsOfExpressions) {
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) RETURN EXISTS { (a) ((x)-[:L]->(y)){3} (:X) } AS e, "
                   "COUNT { (a)-[:L]->{1,2}() } AS c"),
            "e,c|true,2");
  // Two parentheses in an expression are still a parenthesised pattern.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) WHERE ((a)-->()) RETURN a.n AS n"), "n|1");
  // A pattern comprehension's pattern may hold a group, with its lists.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) RETURN [(a) ((x)-[r:L]->(y) WHERE r.d < 3)+ (b) "
                   "WHERE b.n > 2 | [b.n, size(r)]] AS l"),
            "l|[[3, 2]]");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) RETURN [p = (a) ((x)-[:L]->(y)-->(z)){1,2} (b) "
                   "WHERE b.n > 4 | [b.n, length(p)]] AS l, "
                   "size([(a) ((x)-[:L]->(y)-->(z)){1,2} (b) | b]) AS all"),
            "l,all|[[5, 2]],2");
  // And a list's first element stays an expression in parentheses.
  EXPECT_EQ(s_.Run("RETURN [(1), ((2))] AS l"), "l|[1, 2]");
}

TEST_F(QuantifiedPathTest, WhatAGroupCannotBe) {
  EXPECT_EQ(s_.Run("MATCH ((a)-->(b)) RETURN a"),
            "SyntaxError.InvalidQuantifiedPathPattern@compile");
  EXPECT_EQ(s_.Run("MATCH (((a)-->(b))+)+ RETURN a"),
            "SyntaxError.InvalidQuantifiedPathPattern@compile");
  EXPECT_EQ(s_.Run("MATCH ((a)-[*1..2]->(b))+ RETURN a"),
            "SyntaxError.InvalidQuantifiedPathPattern@compile");
  EXPECT_EQ(s_.Run("MATCH ((a))+ RETURN a"), "SyntaxError.InvalidQuantifiedPathPattern@compile");
  EXPECT_EQ(s_.Run("MATCH ((a)-->(b)-[*2]->(c))+ RETURN a"),
            "SyntaxError.InvalidQuantifiedPathPattern@compile");
  // One relationship cannot be two of a repetition.
  EXPECT_EQ(s_.Run("MATCH ((a)-[r]->(b)-[r]->(c))+ RETURN a"),
            "SyntaxError.VariableAlreadyBound@compile");
  EXPECT_EQ(s_.Run("MATCH (a)-->{3,1}(b) RETURN a"), "SyntaxError.InvalidQuantifier@compile");
  EXPECT_EQ(s_.Run("MATCH (a)-[*1..2]->{2}(b) RETURN a"), "SyntaxError.InvalidQuantifier@compile");
  EXPECT_EQ(s_.Run("MATCH (a)-->{}(b) RETURN a"), "SyntaxError.UnexpectedSyntax@compile");
  // Its names are its own: not bound before, not elsewhere in the pattern.
  EXPECT_EQ(s_.Run("MATCH (x) MATCH (a) ((x)-->(y))+ (b) RETURN a"),
            "SyntaxError.VariableAlreadyBound@compile");
  EXPECT_EQ(s_.Run("MATCH (a) ((x)-->(y))+ (x) RETURN a"),
            "SyntaxError.VariableAlreadyBound@compile");
  EXPECT_EQ(s_.Run("MATCH (a) ((x)-->(y))+ (b) RETURN z"), "SyntaxError.UndefinedVariable@compile");
  // Nothing to create.
  EXPECT_EQ(s_.Run("CREATE (a)-[:L]->{2}(b)"), "SyntaxError.CreatingVarLength@compile");
  EXPECT_EQ(s_.Run("CREATE (a) ((x)-[:L]->(y)){2} (b)"), "SyntaxError.CreatingVarLength@compile");
}

// A group of several relationships: each repetition takes them in turn,
// its nodes, relationships, maps and condition hold as a whole, and each
// of its names is the list of what it bound in each repetition.
class ChainGroupTest : public ::testing::Test {
 protected:
  // 1 -R-> 2 -S-> 3 -R-> 4 -S-> 5 (P, Q alternating), 3 -R-> 6 (an X),
  // and 5 -S-> 7 (a Q): no R after it.
  void SetUp() override {
    ASSERT_EQ(s_.Run("CREATE (a:P {n: 1})-[:R {w: 1}]->(:Q {n: 2})-[:S {w: 2}]->(c:P {n: 3})"
                     "-[:R {w: 3}]->(:Q {n: 4})-[:S {w: 4}]->(e:P {n: 5}), "
                     "(c)-[:R {w: 9}]->(:X {n: 6}), (e)-[:S {w: 5}]->(:Q {n: 7})"),
              "");
  }
  Statements s_;
};

TEST_F(ChainGroupTest, EachRepetitionTakesEveryRelationshipInTurn) {
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x:P)-[r:R]->(y:Q)-[s:S]->(z:P)){1,3} (b) "
                   "RETURN [v IN x | v.n] AS xs, [v IN y | v.n] AS ys, [v IN z | v.n] AS zs, "
                   "[v IN r | v.w] AS rs, [v IN s | v.w] AS ss, b.n AS b ORDER BY b"),
            "xs,ys,zs,rs,ss,b|[1],[2],[3],[1],[2],3|[1, 3],[2, 4],[3, 5],[1, 3],[2, 4],5");
  // Only whole repetitions: 5 -S-> 7 starts none.
  EXPECT_EQ(s_.Run("MATCH (a) ((x)-[:R]->(y)-[:S]->(z))+ (b) RETURN a.n AS a, b.n AS b "
                   "ORDER BY a, b"),
            "a,b|1,3|1,5|3,5");
  EXPECT_EQ(s_.Run("MATCH p = (a {n: 1}) ((x)-[:R]->(y)-[:S]->(z)){0,2} (b) "
                   "RETURN length(p) AS l, b.n AS b ORDER BY l"),
            "l,b|0,1|2,3|4,5");
  // No repetition: the group's names are empty lists, its ends one node.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[r:R]->(y)-[:S]->(z)){0} (b) "
                   "RETURN b.n AS b, x, r, size(z) AS z"),
            "b,x,r,z|1,[],[],0");
  // Relationships the other way in the group.
  EXPECT_EQ(s_.Run("MATCH (e {n: 5}) ((x)<-[:S]-(y)<-[:R]-(z)){2} (a) RETURN a.n AS a"), "a|1");
}

TEST_F(ChainGroupTest, ARepetitionIsCheckedAsAWhole) {
  // A condition over both relationships of a repetition.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[r:R]->(y)-[s:S]->(z) WHERE r.w + s.w > 4){1,2} (b) "
                   "RETURN count(*) AS c"),
            "c|0");  // the first repetition's 1 + 2 fails: no walk goes on
  EXPECT_EQ(s_.Run("MATCH (a {n: 3}) ((x)-[r:R]->(y)-[s:S]->(z) WHERE r.w + s.w > 4)+ (b) "
                   "RETURN b.n AS b"),
            "b|5");
  // A map of a middle node naming another element of the repetition.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[:R]->(y {n: x.n + 1})-[:S]->(z))+ (b) "
                   "RETURN b.n AS b ORDER BY b"),
            "b|3|5");
  // Labels of the middle node: 3 -R-> 6 is an X.
  EXPECT_EQ(s_.Run("MATCH (a {n: 3}) ((x)-[:R]->(y:X)-[:S]->(z))+ (b) RETURN count(*) AS c"),
            "c|0");
  // A relationship's map.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[:R]->(y)-[:S {w: 4}]->(z))+ (b) RETURN count(*) AS c"),
            "c|0");
  // A name twice in the group: that node both times (no cycle here).
  EXPECT_EQ(s_.Run("MATCH ((x)-[:R]->(y)-[:S]->(x))+ RETURN count(*) AS c"), "c|0");
}

TEST_F(ChainGroupTest, WalkedFromItsEndTheListsKeepPatternOrder) {
  EXPECT_EQ(s_.Run("MATCH (e {n: 5}) WITH e MATCH (a) ((x)-[r:R]->(y)-[s:S]->(z)){2} (e) "
                   "RETURN a.n AS a, [v IN x | v.n] AS xs, [v IN z | v.n] AS zs, "
                   "[v IN s | v.w] AS ss"),
            "a,xs,zs,ss|1,[1, 3],[3, 5],[2, 4]");
  EXPECT_EQ(s_.Run("EXPLAIN MATCH (e {n: 5}) WITH e MATCH (a) ((x)-[:R]->(y)-[:S]->(z)){2} (e) "
                   "RETURN a.n AS a"),
            "plan|'Project'|'  VarLengthExpand'|'    Retain'|'      Project'|"
            "'        NodeScan (all nodes)'|'          Once'");
}

TEST_F(ChainGroupTest, PathSelectorsSearchRepetitions) {
  const std::string lists =
      " RETURN [v IN nodes(p) | v.n] AS ns, [v IN x | v.n] AS xs, [v IN s | v.w] AS ss";
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 (a {n: 1}) ((x:P)-[r:R]->(y:Q)-[s:S]->(z:P))+ (b {n: 5})" +
                   lists),
            "ns,xs,ss|[1, 2, 3, 4, 5],[1, 3],[2, 4]");
  EXPECT_EQ(s_.Run("MATCH p = shortestPath((a {n: 1}) ((x)-[r:R]->(y)-[s:S]->(z)){1,1} (b))" +
                   lists + " ORDER BY ns"),
            "ns,xs,ss|[1, 2, 3],[1],[2]");
  // A repetition that fails its condition ends the search there; a length
  // that is no whole number of repetitions is no path.
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 (a {n: 1}) ((x)-[r:R]->(y)-[s:S]->(z) WHERE r.w < 3)+ "
                   "(b {n: 5}) RETURN p"),
            "p");
  EXPECT_EQ(s_.Run("MATCH p = ANY (a {n: 1}) ((x)-->(y)-->(z))+ (b {n: 6}) RETURN p"), "p");
  // Against the relationships, the repetitions in pattern order.
  EXPECT_EQ(
      s_.Run("MATCH p = SHORTEST 1 (a {n: 5}) ((z)<-[s:S]-(y)<-[r:R]-(x))+ (b {n: 1}) "
             "RETURN [v IN nodes(p) | v.n] AS ns, [v IN x | v.n] AS xs, [v IN r | v.w] AS rs"),
      "ns,xs,rs|[5, 4, 3, 2, 1],[3, 1],[3, 1]");
  // A path takes each relationship once, across its repetitions too: back
  // to 1 over the way it came is no path.
  const std::string back_to_1 =
      "MATCH p = SHORTEST 1 (a {n: 1}) ((x)-[r]-(y)-[s]-(z))+ (b {n: 1}) "
      "RETURN length(p) AS l, [v IN nodes(p) | v.n][3] AS fourth";
  EXPECT_EQ(s_.Run(back_to_1), "l,fourth");
  // The k shortest, and every one of the shortest length: 3 -R-> 6 adds
  // no path of whole repetitions to 5.
  ASSERT_EQ(s_.Run("MATCH (a {n: 1}), (e {n: 5}) CREATE (a)-[:R {w: 8}]->(:Q {n: 8})"
                   "-[:S {w: 8}]->(e)"),
            "");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 (a {n: 1}) ((x)-[r:R]->(y)-[s:S]->(z))+ (b {n: 5}) "
                   "RETURN [v IN nodes(p) | v.n] AS ns ORDER BY size(ns), ns"),
            "ns|[1, 8, 5]|[1, 2, 3, 4, 5]");
  EXPECT_EQ(s_.Run("MATCH p = ALL SHORTEST (a {n: 1}) ((x)-[r:R]->(y)-[s:S]->(z) WHERE s.w < 8)+ "
                   "(b {n: 5}) RETURN [v IN nodes(p) | v.n] AS ns"),
            "ns|[1, 2, 3, 4, 5]");
  // 1 -R-> 8 -S-> 5 closes a cycle of three repetitions (4 is halfway
  // either way round).
  EXPECT_EQ(s_.Run(back_to_1), "l,fourth|6,4");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 (a {n: 1}) ((x)-[r]-(y)-[s]-(z)){2,} (b {n: 5}) "
                   "RETURN [v IN nodes(p) | v.n] AS ns"),
            "ns|[1, 2, 3, 4, 5]");
}

TEST_F(ChainGroupTest, RelationshipsStayUniqueAcrossTheMatch) {
  // Another relationship of the MATCH cannot be one of the group's: every
  // walk from 1 takes 1 -R-> 2, which q is.
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[:R]->(y)-[:S]->(z))+ (b), (c {n: 1})-[q:R]->(d) "
                   "RETURN count(*) AS c"),
            "c|0");
  EXPECT_EQ(s_.Run("MATCH (a {n: 1}) ((x)-[:R]->(y)-[:S]->(z))+ (b), (c {n: 3})-[q:R]->(d) "
                   "RETURN count(*) AS c"),
            "c|3");  // b = 3 with either q; b = 5 only with q to 6
}

TEST_F(QuantifiedPathTest, PathSelectorsPickShortestPaths) {
  // A second way from 1 to 3, as short as 1 -> 2 -> 3.
  ASSERT_EQ(s_.Run("MATCH (a {n: 1}), (c {n: 3}) CREATE (a)-[:K]->(:S {n: 6})-[:K]->(c)"), "");
  const std::string ends = "(a {n: 1})-->+(c {n: 3}) RETURN length(p) AS l";
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 " + ends), "l|2");
  EXPECT_EQ(s_.Run("MATCH p = ANY SHORTEST " + ends), "l|2");
  EXPECT_EQ(s_.Run("MATCH p = ANY " + ends), "l|2");
  EXPECT_EQ(s_.Run("MATCH p = ALL SHORTEST " + ends), "l|2|2");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 GROUPS " + ends), "l|2|2");
  EXPECT_EQ(s_.Run("MATCH p = ALL " + ends), "l|2|2");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 (a {n: 1})-[:L]-{1,5}(d:X) RETURN length(p) AS l"), "l|3");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 0 " + ends), "SyntaxError.InvalidArgumentValue@compile");
  // `all` and `any` stay names where a selector cannot be.
  EXPECT_EQ(s_.Run("MATCH (any {n: 1}) RETURN any.n AS n"), "n|1");
}

// A selector over a group searches the graph of the hops that meet it: the
// group's labels, maps and condition (over the hop and the row), from either
// side; its names are the lists of the path's hops.
TEST_F(QuantifiedPathTest, PathSelectorsOverAGroupTakeOnlyHopsThatMeetIt) {
  // From 1 to 3: 1 -L-> 2 -L-> 3 (d 1, 2), and 1 -K-> 6 -K-> 3 (d 7, 8);
  // 1 -J-> 3 (d 9) is the shortest of all.
  ASSERT_EQ(s_.Run("MATCH (a {n: 1}), (c {n: 3}) CREATE (a)-[:K {d: 7}]->(:S {n: 6})"
                   "-[:K {d: 8}]->(c), (a)-[:J {d: 9}]->(c)"),
            "");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 (a {n: 1}) (()-->())+ (c {n: 3}) RETURN length(p) AS l"),
            "l|1");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 (a {n: 1}) ((x)-[r]->(y) WHERE r.d < 5)+ (c {n: 3}) "
                   "RETURN [v IN x | v.n] AS xs, [v IN y | v.n] AS ys, [v IN r | v.d] AS ds"),
            "xs,ys,ds|[1, 2],[2, 3],[1, 2]");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 (a {n: 1}) ((x)-[r {d: r.d}]->(y) WHERE r.d <> 9)+ "
                   "(c {n: 3}) RETURN [v IN r | v.d] AS ds ORDER BY ds"),
            "ds|[1, 2]|[7, 8]");
  EXPECT_EQ(s_.Run("MATCH p = ALL SHORTEST (a {n: 1}) ((x)-[:L|K]->(y:S))+ (c {n: 3}) "
                   "RETURN length(p) AS l"),
            "l|2|2");
  // The group's nodes: y must be an S, and 4 is an X.
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 (a {n: 1}) ((x)-->(y:S))+ (d {n: 4}) RETURN p"), "p");
  // A condition naming a variable of the row.
  EXPECT_EQ(s_.Run("MATCH (m {n: 6}) MATCH p = SHORTEST 1 (a {n: 1}) "
                   "((x)-[r]->(y) WHERE y <> m AND r.d < 9)+ (c {n: 3}) RETURN length(p) AS l"),
            "l|2");
  // Against the relationships' direction, searched from the other end too.
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 (c {n: 3}) ((x)<-[r]-(y) WHERE r.d > 1)+ (a {n: 1}) "
                   "RETURN [v IN x | v.n] AS xs ORDER BY xs"),
            "xs|[3]|[3, 6]");
  EXPECT_EQ(s_.Run("MATCH p = shortestPath((a {n: 1}) ((x)-[r]->(y) WHERE r.d < 5)+ (c {n: 3})) "
                   "RETURN length(p) AS l"),
            "l|2");
}

TEST_F(QuantifiedPathTest, PathSelectorsPickTheKShortestPaths) {
  // From 1 to 3: 1 -L-> 2 -L-> 3 and 1 -K-> 6 -K-> 3 (two of length 2),
  // 1 -J-> 7 -J-> 8 -J-> 3 (one of 3).
  ASSERT_EQ(s_.Run("MATCH (a {n: 1}), (c {n: 3}) CREATE (a)-[:K]->(:S {n: 6})-[:K]->(c), "
                   "(a)-[:J]->(:S {n: 7})-[:J]->(:S {n: 8})-[:J]->(c)"),
            "");
  const std::string ends = "(a {n: 1})-->+(c {n: 3}) RETURN length(p) AS l ORDER BY l";
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 " + ends), "l|2|2");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 3 " + ends), "l|2|2|3");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 4 " + ends), "l|2|2|3");  // only three
  EXPECT_EQ(s_.Run("MATCH p = ANY 2 " + ends), "l|2|2");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 GROUPS " + ends), "l|2|2|3");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 3 GROUPS " + ends), "l|2|2|3");
  // Within the pattern's bound.
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 3 (a {n: 1})-->{1,2}(c {n: 3}) RETURN length(p) AS l"),
            "l|2|2");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 (a {n: 3})-->+(c {n: 1}) RETURN length(p) AS l"), "l");
  // The k shortest for each pair of ends.
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 (a {n: 1})-->+(c:S) RETURN c.n AS c, length(p) AS l "
                   "ORDER BY c, l"),
            "c,l|2,1|3,2|3,2|5,2|6,1|7,1|8,2");
  // From a node to itself: the path of no relationship first.
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 (a {n: 1})-->*(b {n: 1}) RETURN length(p) AS l"), "l|0");
  // The relationships of each path, in order.
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 3 (a {n: 1})-[r]->+(c {n: 3}) "
                   "RETURN [x IN r | type(x)] AS ts ORDER BY size(ts), ts"),
            "ts|['K', 'K']|['L', 'L']|['J', 'J', 'J']");
  // A lower bound: the shortest paths of at least that length.
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 1 (a {n: 1})-[*3..]->(c {n: 3}) RETURN length(p) AS l"),
            "l|3");
  EXPECT_EQ(s_.Run("MATCH p = SHORTEST 2 (a {n: 1})-[*$m..]->(c {n: 3}) RETURN length(p) AS l",
                   {{"m", Value::Int(2)}}),
            "l|2|2");
  EXPECT_EQ(s_.Run("MATCH p = ALL SHORTEST (a {n: 1})-->{3,}(c {n: 3}) RETURN length(p) AS l"),
            "l|3");
  EXPECT_EQ(s_.Run("MATCH p = shortestPath((a {n: 1})-[*4..]->(c {n: 3})) RETURN p"), "p");
  EXPECT_EQ(s_.Run("EXPLAIN MATCH p = SHORTEST 2 GROUPS (a)-->+(c) RETURN p"),
            "plan|'Project'|'  AllShortestPaths (2 groups)'|'    NodeScan (all nodes)'|"
            "'      NodeScan (all nodes)'|'        Once'");
}

}  // namespace
}  // namespace namidb::query
