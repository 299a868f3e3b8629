// Structural sameness of expressions (src/query/binder/same_expression.h):
// how it is written does not matter, what it computes from which names does.
#include "query/binder/same_expression.h"

#include <gtest/gtest.h>

#include "query/parser/parser.h"

namespace namidb::query {
namespace {

using Names = std::set<std::string>;

class SameExpressionTest : public ::testing::Test {
 protected:
  // The expression `text`, parsed as a RETURN item.
  const Expr& Parsed(const std::string& text) {
    auto q = Parse("RETURN " + text + " AS item");
    EXPECT_TRUE(q.ok()) << text << ": " << q.status().ToString();
    if (!q.ok()) {
      static const Expr kNone;
      return kNone;
    }
    queries_.push_back(std::make_unique<Query>(std::move(*q)));
    return *queries_.back()->parts[0].clauses[0].projection.items[0].expr;
  }

  bool Same(const std::string& a, const std::string& b) {
    return SameExpression(Parsed(a), Parsed(b));
  }

  std::vector<std::unique_ptr<Query>> queries_;
};

TEST_F(SameExpressionTest, SpellingDoesNotMatter) {
  EXPECT_TRUE(Same("count(m)", "count( m )"));
  EXPECT_TRUE(Same("count(m)", "COUNT(m)"));
  EXPECT_TRUE(Same("count(*)", "Count( * )"));
  EXPECT_TRUE(Same("n.x+1", "n.x + 1"));
  EXPECT_TRUE(Same("n.x + 1", "(n.x) + (1)"));
  EXPECT_TRUE(Same("n.x + 1", "n.x /* one more */ +\n  1"));
  EXPECT_TRUE(Same("toUpper(n.name)", "TOUPPER(n.name)"));
  EXPECT_TRUE(Same("sum(DISTINCT n.x)", "SUM(distinct n.x)"));
  EXPECT_TRUE(Same("n:A:B", "n:B:A"));
  EXPECT_TRUE(Same("{a: 1, b: n.x}", "{b: n.x, a: 1}"));
  EXPECT_TRUE(Same("$p + 1", "$p+1"));
  EXPECT_TRUE(Same("'abc'", "\"abc\""));
  EXPECT_TRUE(
      Same("CASE WHEN n.x > 1 THEN 'a' ELSE 'b' END", "case when n.x>1 then 'a' else 'b' end"));
  EXPECT_TRUE(Same("[x IN n.list WHERE x > 1 | x * 2]", "[x IN n.list WHERE x>1 | x*2]"));
  EXPECT_TRUE(Same("all(x IN n.list WHERE x > 1)", "ALL(x IN n.list WHERE x > 1)"));
  EXPECT_TRUE(Same("reduce(s = 0, v IN n.list | s + v)", "reduce(s=0, v IN n.list | s+v)"));
  EXPECT_TRUE(Same("[(n)-[:KNOWS]->(m:Person) | m.name]", "[ (n)-[:KNOWS]->(m:Person) | m.name ]"));
  EXPECT_TRUE(Same("n.list[1..2]", "n.list[1 .. 2]"));
  EXPECT_TRUE(Same("n.x IS NULL", "n.x is null"));
  // A left-associative chain, however it is parenthesized from the left.
  EXPECT_TRUE(Same("a + b + c", "(a + b) + c"));
  EXPECT_TRUE(Same("a - b + c", "((a - b)) + c"));
  EXPECT_TRUE(Same("a AND b AND c", "(a AND b) AND c"));
  EXPECT_TRUE(Same("a * b / c", "(a * b) / c"));
}

TEST_F(SameExpressionTest, WhatIsComputedMatters) {
  EXPECT_FALSE(Same("count(m)", "count(n)"));
  EXPECT_FALSE(Same("count(m)", "count(DISTINCT m)"));
  EXPECT_FALSE(Same("count(m)", "sum(m)"));
  EXPECT_FALSE(Same("count(*)", "count(m)"));
  EXPECT_FALSE(Same("n.x + 1", "n.y + 1"));
  EXPECT_FALSE(Same("n.x + 1", "n.X + 1"));  // property keys are case-sensitive
  EXPECT_FALSE(Same("n.x", "N.x"));          // and so are variables
  EXPECT_FALSE(Same("n.x + 1", "n.x - 1"));
  EXPECT_FALSE(Same("n.x + 1", "1 + n.x"));  // sameness, not algebra
  EXPECT_FALSE(Same("1", "1.0"));
  EXPECT_FALSE(Same("'1'", "1"));
  EXPECT_FALSE(Same("$p", "$q"));
  EXPECT_FALSE(Same("$p", "p"));
  EXPECT_FALSE(Same("-n.x", "+n.x"));
  EXPECT_FALSE(Same("n:A", "n:A:B"));
  EXPECT_FALSE(Same("{a: 1}", "{a: 2}"));
  EXPECT_FALSE(Same("{a: 1}", "{b: 1}"));
  EXPECT_FALSE(Same("[1, 2]", "[2, 1]"));
  EXPECT_FALSE(Same("n.x IS NULL", "n.x IS NOT NULL"));
  EXPECT_FALSE(Same("n.list[1..]", "n.list[..1]"));
  EXPECT_FALSE(Same("CASE n.x WHEN 1 THEN 2 END", "CASE WHEN n.x THEN 2 END"));
  // Grouped to the right is another computation.
  EXPECT_FALSE(Same("a - b - c", "a - (b - c)"));
  EXPECT_FALSE(Same("a + b * c", "(a + b) * c"));
  // A comprehension's variable by name: conservative, never wrong.
  EXPECT_FALSE(Same("[x IN l | x]", "[y IN l | y]"));
  EXPECT_FALSE(Same("any(x IN l WHERE x)", "all(x IN l WHERE x)"));
  EXPECT_FALSE(Same("[(n)-[:KNOWS]->(m) | m]", "[(n)<-[:KNOWS]-(m) | m]"));
  EXPECT_FALSE(Same("[(n)-[:KNOWS]->(m) | m]", "[(n)-[:KNOWS*]->(m) | m]"));
  // A subquery is never taken for another.
  EXPECT_FALSE(Same("EXISTS { MATCH (n)-->() RETURN 1 }", "EXISTS { MATCH (n)-->() RETURN 1 }"));
}

TEST_F(SameExpressionTest, ReadsAreTheNamesOfTheScopeAround) {
  EXPECT_EQ(ExpressionReads(Parsed("n.x + m")), (Names{"m", "n"}));
  EXPECT_EQ(ExpressionReads(Parsed("count(*)")), (Names{}));
  EXPECT_EQ(ExpressionReads(Parsed("[x IN xs WHERE x > y | x + z]")), (Names{"xs", "y", "z"}));
  EXPECT_EQ(ExpressionReads(Parsed("[x IN x | x]")), (Names{"x"}));  // the list is outside
  EXPECT_EQ(ExpressionReads(Parsed("reduce(s = a, v IN l | s + v + w)")), (Names{"a", "l", "w"}));
  // A pattern's variables all count: whether one is new depends on the scope.
  EXPECT_EQ(ExpressionReads(Parsed("[(n)-[r]->(m {k: $p, j: o}) | m.x]")),
            (Names{"m", "n", "o", "r"}));
  // A subquery's clauses are not walked; it is said to be there.
  bool subquery = false;
  EXPECT_EQ(ExpressionReads(Parsed("a AND EXISTS { MATCH (n)-->(m) RETURN m }"), &subquery),
            (Names{"a"}));
  EXPECT_TRUE(subquery);
  EXPECT_EQ(ExpressionReads(Parsed("EXISTS { (n)-->(m) WHERE m.k = a }"), &subquery),
            (Names{"a", "m", "n"}));
  EXPECT_FALSE(subquery);
}

}  // namespace
}  // namespace namidb::query
