// The binder (src/query/binder/): per clause, the variables it introduces
// and those of the scope before it that it reads, with Cypher's scoping.
#include "query/binder/binder.h"

#include <gtest/gtest.h>

#include "query/parser/ast_dump.h"
#include "query/parser/parser.h"

namespace namidb::query {
namespace {

using Names = std::set<std::string>;
using List = std::vector<std::string>;

class BinderTest : public ::testing::Test {
 protected:
  const BoundPart& Bind(const std::string& text, size_t part = 0) {
    auto q = Parse(text);
    EXPECT_TRUE(q.ok()) << text << ": " << q.status().ToString();
    query_ = q.ok() ? std::move(*q) : Query();
    bound_ = BindQuery(query_);
    if (part >= bound_.parts.size()) {
      ADD_FAILURE() << text << ": no part " << part;
      static const BoundPart kNone;
      return kNone;
    }
    return bound_.parts[part];
  }

  Query query_;
  BoundQuery bound_;
};

TEST_F(BinderTest, ProjectionsEndTheScopeBeforeThem) {
  // The text of the last clause says `b` twice, and reads neither `b` of
  // the MATCH (gone after WITH) nor any: `c.b` is a property key, AS b a
  // new variable.
  const BoundPart& p = Bind("MATCH (a)-->(b) WITH a, count(*) AS x MATCH (c) RETURN c.b AS b");
  ASSERT_EQ(p.clauses.size(), 4u);
  EXPECT_EQ(p.Introduced(0), List({"a", "b"}));
  EXPECT_EQ(p.clauses[0].reads, Names());
  EXPECT_EQ(p.ReadAfter(0), Names({"a"}));
  EXPECT_EQ(p.Introduced(1), List({"x"}));  // `a` keeps its binding
  EXPECT_EQ(p.clauses[1].reads, Names({"a"}));
  EXPECT_EQ(p.ReadAfter(1), Names());
  EXPECT_EQ(p.Introduced(2), List({"c"}));
  EXPECT_EQ(p.ReadAfter(2), Names({"c"}));
  EXPECT_EQ(p.clauses[3].reads, Names({"c"}));
  EXPECT_EQ(p.Introduced(3), List({"b"}));
  // After WITH only its names are in scope.
  auto scope = p.ScopeAfter(1);
  ASSERT_EQ(scope.size(), 2u);
  EXPECT_EQ(scope.at("a")->kind, VariableKind::kNode);
  EXPECT_EQ(scope.at("x")->kind, VariableKind::kValue);
}

TEST_F(BinderTest, StringsAndKeysAreNoReads) {
  const BoundPart& p = Bind("MATCH (a), (n) RETURN 'a' AS s, n.a AS t, {a: 1} AS m, n:a AS l");
  EXPECT_EQ(p.clauses[1].reads, Names({"n"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"n"}));
}

TEST_F(BinderTest, KindsOfVariables) {
  const BoundPart& p = Bind(
      "MATCH q = (a)-[r]->(b)-[rs*1..2]->(c) UNWIND [1] AS x WITH a AS n, x AS y, q "
      "RETURN n, y, q");
  auto scope = p.ScopeAfter(0);
  EXPECT_EQ(scope.at("a")->kind, VariableKind::kNode);
  EXPECT_EQ(scope.at("r")->kind, VariableKind::kRelationship);
  EXPECT_EQ(scope.at("rs")->kind, VariableKind::kRelationships);
  EXPECT_EQ(scope.at("q")->kind, VariableKind::kPath);
  EXPECT_EQ(p.ScopeAfter(1).at("x")->kind, VariableKind::kValue);
  auto projected = p.ScopeAfter(2);
  EXPECT_EQ(projected.size(), 3u);
  EXPECT_EQ(projected.at("n")->kind, VariableKind::kNode);  // a renamed keeps its kind
  EXPECT_EQ(projected.at("y")->kind, VariableKind::kValue);
  EXPECT_EQ(p.Introduced(2), List({"n", "y"}));
  EXPECT_EQ(p.clauses[2].reads, Names({"a", "x", "q"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"a", "q"}));
}

TEST_F(BinderTest, ComprehensionsBindTheirOwnVariables) {
  // x of the comprehension hides the MATCH's x; y is read.
  const BoundPart& p = Bind("MATCH (x), (y) RETURN [x IN y.l WHERE x > 0 | x * 2] AS l");
  EXPECT_EQ(p.clauses[1].reads, Names({"y"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"y"}));
  // Its variable is gone after it.
  const BoundPart& q = Bind("MATCH (x), (y) RETURN [x IN [1] | x] + x AS l");
  EXPECT_EQ(q.clauses[1].reads, Names({"x"}));
}

TEST_F(BinderTest, QuantifiersAndReduce) {
  const BoundPart& p = Bind(
      "MATCH (n), (x), (acc), (v) RETURN any(x IN n.l WHERE x > 1) AS q, "
      "reduce(acc = 0, v IN [1, 2] | acc + v) AS s");
  EXPECT_EQ(p.clauses[1].reads, Names({"n"}));
  // reduce's start and list are read outside it.
  const BoundPart& r = Bind("MATCH (acc), (v) RETURN reduce(s = acc.x, e IN [v] | s + e) AS s");
  EXPECT_EQ(r.clauses[1].reads, Names({"acc", "v"}));
}

TEST_F(BinderTest, CaseReadsEachBranch) {
  const BoundPart& p = Bind(
      "MATCH (a), (b), (c), (d) RETURN CASE a.x WHEN 1 THEN b.y ELSE 'c' END AS k, "
      "CASE WHEN d.z THEN 1 END AS w");
  EXPECT_EQ(p.clauses[1].reads, Names({"a", "b", "d"}));
}

TEST_F(BinderTest, PatternsInExpressions) {
  // A pattern predicate reads what it names of the scope; a pattern
  // comprehension's new variables are its own.
  const BoundPart& p = Bind(
      "MATCH (a), (b), (z) WITH a, b WHERE (a)-->(:L) "
      "RETURN [(b)-->(z) WHERE z.v > 0 | z.w] AS zs");
  EXPECT_EQ(p.clauses[1].reads, Names({"a", "b"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"a", "b"}));  // not the MATCH's z: WITH drops it
  EXPECT_EQ(p.clauses[2].reads, Names({"b"}));
  // A pattern naming a variable of the scope reads it.
  const BoundPart& q = Bind("MATCH (a), (m) RETURN [(a)-->(m) | m.x] AS ms");
  EXPECT_EQ(q.clauses[1].reads, Names({"a", "m"}));
}

TEST_F(BinderTest, ExistsSubqueries) {
  const BoundPart& p = Bind(
      "MATCH (a), (c), (d) RETURN EXISTS { MATCH (a)-->(d2) WITH d2 AS c RETURN c } AS e, "
      "EXISTS { (d)-->(x) WHERE x.v = 1 } AS f");
  // c inside is the subquery's own; the second EXISTS reads d.
  EXPECT_EQ(p.clauses[1].reads, Names({"a", "d"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"a", "d"}));
}

TEST_F(BinderTest, CallSubqueries) {
  // A leading WITH imports; what it returns joins the scope.
  const BoundPart& p =
      Bind("MATCH (a), (b) CALL { WITH a MATCH (a)-->(c) RETURN count(c) AS k } RETURN k");
  EXPECT_EQ(p.clauses[1].reads, Names({"a"}));
  EXPECT_EQ(p.Introduced(1), List({"k"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"a"}));
  EXPECT_EQ(p.ReadAfter(1), Names({"k"}));
  // Without one, its `a` is its own.
  const BoundPart& q = Bind("MATCH (a) CALL { MATCH (a) RETURN a.x AS k } RETURN k");
  EXPECT_EQ(q.clauses[1].reads, Names());
  EXPECT_EQ(q.ReadAfter(0), Names());
}

TEST_F(BinderTest, ProcedureCalls) {
  const BoundPart& p = Bind("MATCH (n) CALL db.labels() YIELD label AS l RETURN l, n");
  EXPECT_EQ(p.Introduced(1), List({"l"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"n"}));
  EXPECT_EQ(p.ReadAfter(1), Names({"l", "n"}));
  // YIELD's WHERE reads too.
  const BoundPart& q =
      Bind("MATCH (n), (m) CALL db.labels() YIELD label WHERE label = n.name RETURN label");
  EXPECT_EQ(q.clauses[1].reads, Names({"n"}));
  EXPECT_EQ(q.ReadAfter(0), Names({"n"}));
}

TEST_F(BinderTest, StarReadsTheWholeScope) {
  const BoundPart& p = Bind("MATCH (a), (b) WITH * RETURN a");
  EXPECT_TRUE(p.clauses[1].reads_whole_scope);
  EXPECT_EQ(p.clauses[1].reads, Names({"a", "b"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"a", "b"}));
  EXPECT_EQ(p.ReadAfter(1), Names({"a"}));
  const BoundPart& q = Bind("MATCH (a) UNWIND [1] AS x MATCH (b) RETURN *");
  EXPECT_EQ(q.ReadAfter(0), Names({"a"}));
  EXPECT_EQ(q.ReadAfter(2), Names({"a", "b", "x"}));
}

TEST_F(BinderTest, OrderByAndWhereSeeProjectedNamesFirst) {
  // ORDER BY a variable the projection drops reads it.
  const BoundPart& p = Bind("MATCH (a), (b) WITH a.x AS x ORDER BY b.y RETURN x");
  EXPECT_EQ(p.clauses[1].reads, Names({"a", "b"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"a", "b"}));
  // An alias hides the variable it is named like.
  const BoundPart& q = Bind("MATCH (a), (b) WITH a.x AS b ORDER BY b WHERE b > 1 RETURN b");
  EXPECT_EQ(q.clauses[1].reads, Names({"a"}));
  EXPECT_EQ(q.ReadAfter(0), Names({"a"}));
  EXPECT_EQ(q.Introduced(1), List({"b"}));
  EXPECT_EQ(q.ReadAfter(1), Names({"b"}));
}

TEST_F(BinderTest, ARenamedVariableIsANewOne) {
  // WITH b AS a: the `a` read after is the WITH's, not the MATCH's.
  const BoundPart& p = Bind("MATCH (a)-->(b) WITH b AS a RETURN a.name");
  EXPECT_EQ(p.ReadAfter(0), Names({"b"}));
  EXPECT_EQ(p.ReadAfter(1), Names({"a"}));
  EXPECT_EQ(p.ScopeAfter(1).at("a")->kind, VariableKind::kNode);
}

TEST_F(BinderTest, UpdatingClauses) {
  const BoundPart& p = Bind(
      "MATCH (a), (b), (d), (e) CREATE (a)-[:R]->(c {v: b.v}) SET c.w = 1, e:L "
      "MERGE (c)-[:S]->(m) ON CREATE SET m.v = d.v DELETE a");
  EXPECT_EQ(p.clauses[1].reads, Names({"a", "b"}));
  EXPECT_EQ(p.Introduced(1), List({"c"}));
  EXPECT_EQ(p.clauses[2].reads, Names({"c", "e"}));
  EXPECT_EQ(p.clauses[3].reads, Names({"c", "d"}));
  EXPECT_EQ(p.Introduced(3), List({"m"}));
  EXPECT_EQ(p.clauses[4].reads, Names({"a"}));
  EXPECT_EQ(p.ReadAfter(0), Names({"a", "b", "d", "e"}));
  EXPECT_EQ(p.ReadAfter(1), Names({"a", "c", "d", "e"}));
}

TEST_F(BinderTest, ForeachBody) {
  const BoundPart& p = Bind("MATCH (a), (b), (x) FOREACH (x IN [1] | CREATE (a)-[:R]->({v: x}))");
  EXPECT_EQ(p.clauses[1].reads, Names({"a"}));
  EXPECT_TRUE(p.clauses[1].introduced.empty());
}

TEST_F(BinderTest, UnionPartsAreBoundApart) {
  Bind("MATCH (a) RETURN a.x AS n UNION MATCH (b) RETURN b.y AS n");
  ASSERT_EQ(bound_.parts.size(), 2u);
  EXPECT_EQ(bound_.parts[0].Introduced(0), List({"a"}));
  EXPECT_EQ(bound_.parts[1].Introduced(0), List({"b"}));
  EXPECT_EQ(bound_.parts[1].clauses[1].reads, Names({"b"}));
}

TEST_F(BinderTest, TheTreeIsLeftAlone) {
  const std::string text =
      "MATCH (a)-->(b) WHERE EXISTS { (a)-->(c) } WITH a, [x IN a.l | x] AS l "
      "CALL { WITH a RETURN a.k AS k } RETURN a, l, k ORDER BY k";
  auto q = Parse(text);
  ASSERT_TRUE(q.ok());
  std::string before = Dump(*q);
  BindQuery(*q);
  EXPECT_EQ(Dump(*q), before);
}

}  // namespace
}  // namespace namidb::query
