#include "query/parser/parser.h"

#include <gtest/gtest.h>

#include "query/parser/ast_dump.h"

namespace namidb::query {
namespace {

std::string P(std::string_view text) {
  auto q = Parse(text);
  EXPECT_TRUE(q.ok()) << text << ": " << q.status().ToString();
  return q.ok() ? Dump(*q) : "";
}

// The expression of `RETURN <text>`.
std::string E(std::string_view text) {
  auto q = Parse("RETURN " + std::string(text));
  EXPECT_TRUE(q.ok()) << text << ": " << q.status().ToString();
  if (!q.ok()) return "";
  return Dump(*q->parts[0].clauses[0].projection.items[0].expr);
}

QueryErrorInfo Error(std::string_view text) {
  auto q = Parse(text);
  EXPECT_FALSE(q.ok()) << text << " parsed as " << (q.ok() ? Dump(*q) : "");
  if (q.ok() || !q.status().query_error()) return {};
  return *q.status().query_error();
}

TEST(Parser, ReadingClauses) {
  EXPECT_EQ(P("MATCH (n:Person {name: 'Ann'}) WHERE n.age > 30 RETURN n.name"),
            "(query (match (path (node n :Person (map name 'Ann'))) where (> (. n age) 30)) "
            "(return (. n name)))");
  EXPECT_EQ(
      P("OPTIONAL MATCH (a)-[r:KNOWS|LIKES]->(b), (c) RETURN *"),
      "(query (optional-match (path (node a) (rel r :KNOWS|LIKES ->) (node b)) (path (node c))) "
      "(return *))");
  EXPECT_EQ(P("UNWIND [1, 2] AS x WITH DISTINCT x ORDER BY x DESC SKIP 1 LIMIT $n WHERE x > 0 "
              "RETURN x AS y"),
            "(query (unwind (list 1 2) as x) (with distinct x order x desc skip 1 limit $n where "
            "(> x 0)) (return x as y))");
  EXPECT_EQ(
      P("match (n) return n union all match (m) return m union match (k) return k"),
      "(query (match (path (node n))) (return n) union-all (match (path (node m))) (return m) "
      "union (match (path (node k))) (return k))");
  EXPECT_EQ(P("EXPLAIN RETURN 1"), "(explain (return 1))");
  EXPECT_EQ(P("PROFILE RETURN 1;"), "(profile (return 1))");
  EXPECT_EQ(P("CALL { MATCH (n) RETURN n } RETURN n"),
            "(query (call (query (match (path (node n))) (return n))) (return n))");
  EXPECT_EQ(P("CALL db.labels() YIELD label RETURN label"),
            "(query (call-procedure db.labels yield label) (return label))");
  EXPECT_EQ(P("WITH 1 AS a, 2 AS b CALL (a, b) { RETURN a + b AS c } RETURN c"),
            "(query (with 1 as a 2 as b) (call (a b) (query (return (+ a b) as c))) (return c))");
  EXPECT_EQ(P("CALL (*) { RETURN 1 AS c } OPTIONAL CALL () { RETURN 2 AS d } RETURN c, d"),
            "(query (call (*) (query (return 1 as c))) (optional-call () (query (return 2 as d))) "
            "(return c d))");
  EXPECT_EQ(P("OPTIONAL CALL db.labels() YIELD label RETURN label"),
            "(query (optional-call-procedure db.labels yield label) (return label))");
  EXPECT_EQ(P("RETURN 1 AS a UNION DISTINCT RETURN 2 AS a"),
            "(query (return 1 as a) union (return 2 as a))");
  EXPECT_EQ(P("INSERT (a:A&B {x: 1})-[:R]->(:C) INSERT (:D)"),
            P("CREATE (a:A&B {x: 1})-[:R]->(:C) CREATE (:D)"));
  EXPECT_EQ(P("CALL { CREATE (:N) } IN TRANSACTIONS"),
            "(query (call (query (create (path (node :N)))) in-transactions))");
  EXPECT_EQ(P("CALL (x) { CREATE (:N) } in 4 concurrent transactions of $n rows on error "
              "continue report status as s RETURN s"),
            "(query (call (x) (query (create (path (node :N)))) in-transactions of $n "
            "on-error-continue report-status s) (return s))");
  EXPECT_EQ(P("CALL { CREATE (:N) } IN TRANSACTIONS OF 1 ROW ON ERROR BREAK"),
            "(query (call (query (create (path (node :N)))) in-transactions of 1 "
            "on-error-break))");
  EXPECT_EQ(P("CALL { CREATE (:N) } IN TRANSACTIONS OF 1 ROW ON ERROR FAIL"),
            "(query (call (query (create (path (node :N)))) in-transactions of 1))");
}

TEST(Parser, UpdatingClauses) {
  EXPECT_EQ(P("CREATE (a:A:B {x: 1})-[:T]->(b)"),
            "(query (create (path (node a :A :B (map x 1)) (rel :T ->) (node b))))");
  EXPECT_EQ(P("MERGE (n:A) ON CREATE SET n.c = 1 ON MATCH SET n.m = 2"),
            "(query (merge (path (node n :A)) on-create on-match))");
  EXPECT_EQ(
      P("MATCH (n) SET n.x = 1, n = {a: 1}, n += $m, n:L:M"),
      "(query (match (path (node n))) (set (= (. n x) 1) (= n (map a 1)) (+= n $m) (n :L :M)))");
  EXPECT_EQ(P("MATCH (n) REMOVE n.x, n:L DETACH DELETE n"),
            "(query (match (path (node n))) (remove (= (. n x)) (n :L)) (detach-delete n))");
  EXPECT_EQ(P("FOREACH (x IN [1] | CREATE (:N {v: x}))"),
            "(query (foreach x (list 1) (create (path (node :N (map v x))))))");
}

TEST(Parser, Patterns) {
  EXPECT_EQ(P("MATCH p = (a)<-[*]-(b)-[r*2]-(c)-[*1..3]->(d)-[*..4]-(e)-[*2..]-(f) RETURN p"),
            "(query (match (path p = (node a) (rel * <-) (node b) (rel r *2 --) (node c) "
            "(rel *1..3 ->) (node d) (rel *..4 --) (node e) (rel *2.. --) (node f))) (return p))");
  EXPECT_EQ(P("MATCH p = shortestPath((a)-[*]->(b)) RETURN p"),
            "(query (match (path p = shortest (node a) (rel * ->) (node b))) (return p))");
  EXPECT_EQ(P("MATCH (a)<-->(b) RETURN a"),
            "(query (match (path (node a) (rel --) (node b))) (return a))");
  EXPECT_EQ(P("MATCH (`the node`:`A B` $props) RETURN 1"),
            "(query (match (path (node the node :A B $props))) (return 1))");
}

// A label expression: `|` loosest, then `&` (or `:`), then `!`. In a node
// pattern to match it becomes a predicate of the clause's WHERE, naming an
// anonymous node; a plain conjunction stays the node's labels.
TEST(Parser, LabelExpressions) {
  EXPECT_EQ(P("MATCH (n:A|B&!C), (:%), (m:D&E) RETURN n"),
            "(query (match (path (node n)) (path (node  node 1)) (path (node m :D :E)) "
            "where (AND (labels n :A|(B&!C)) (labels  node 1 :%))) (return n))");
  EXPECT_EQ(P("MATCH (n:(A|B)&C) WHERE n.x = 1 RETURN n"),
            "(query (match (path (node n :C)) where (AND (= (. n x) 1) (labels n :(A|B)&C))) "
            "(return n))");
  EXPECT_EQ(E("n:A|B"), "(labels n :A|B)");
  EXPECT_EQ(E("n:A:B"), "(labels n :A :B)");
  EXPECT_EQ(E("[x IN l WHERE x:A | x.name]"), "(list-comprehension x l (labels x :A) (. x name))");
}

TEST(Parser, OperatorPrecedence) {
  EXPECT_EQ(E("1 + 2 * 3 ^ 2"), "(+ 1 (* 2 (^ 3 2)))");
  EXPECT_EQ(E("-2 ^ 2"), "(^ -2 2)");
  EXPECT_EQ(E("- a ^ 2"), "(^ (- a) 2)");
  EXPECT_EQ(E("2 ^ 3 ^ 2"), "(^ (^ 2 3) 2)");
  EXPECT_EQ(E("a OR b XOR c AND NOT d"), "(OR a (XOR b (AND c (NOT d))))");
  EXPECT_EQ(E("NOT a = b"), "(NOT (= a b))");
  EXPECT_EQ(E("a < b <= c"), "(AND (< a b) (<= b c))");
  EXPECT_EQ(E("a != b"), "(<> a b)");
  EXPECT_EQ(E("a + 1 IN [2] AND s STARTS WITH 'x'"),
            "(AND (IN (+ a 1) (list 2)) (STARTS WITH s 'x'))");
  EXPECT_EQ(E("x IS NOT NULL = true"), "(= (is-not-null x) true)");
  EXPECT_EQ(E("n.a.b[0][1..][..2][1..2]"),
            "(slice (slice (slice (index (. (. n a) b) 0) 1 _) _ 2) 1 2)");
  EXPECT_EQ(E("n:A:B"), "(labels n :A :B)");
  EXPECT_EQ(E("s =~ 'a.*' ENDS WITH 'x' CONTAINS 'y'"),
            "(CONTAINS (ENDS WITH (=~ s 'a.*') 'x') 'y')");
}

TEST(Parser, LiteralsAndTheirLimits) {
  EXPECT_EQ(E("9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(E("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(E("0x7FFFFFFFFFFFFFFF"), "9223372036854775807");
  EXPECT_EQ(E("-0x8000000000000000"), "-9223372036854775808");
  EXPECT_EQ(E("0o777"), "511");
  EXPECT_EQ(E("1e2"), "100.0");
  EXPECT_EQ(E("[true, FALSE, null, 'x', {k: [1]}]"), "(list true false null 'x' (map k (list 1)))");
  EXPECT_EQ(Error("RETURN 9223372036854775808").detail, "IntegerOverflow");
  EXPECT_EQ(Error("RETURN -9223372036854775809").detail, "IntegerOverflow");
  EXPECT_EQ(Error("RETURN 0x10000000000000000").detail, "IntegerOverflow");
  EXPECT_EQ(Error("RETURN 1e400").detail, "FloatingPointOverflow");
}

TEST(Parser, FunctionsAndSpecialForms) {
  EXPECT_EQ(E("count(*)"), "(count *)");
  EXPECT_EQ(E("COLLECT { MATCH (n) RETURN n.x }"),
            "(collect-subquery (query (match (path (node n))) (return (. n x))))");
  EXPECT_EQ(E("count(DISTINCT n.x)"), "(count distinct (. n x))");
  EXPECT_EQ(E("toUpper(trim(s))"), "(toUpper (trim s))");
  EXPECT_EQ(E("my.ns.fn(1, 2)"), "(my.ns.fn 1 2)");
  EXPECT_EQ(E("CASE WHEN a THEN 1 ELSE 2 END"), "(case else a 1 2)");
  EXPECT_EQ(E("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' END"), "(case subject x 1 'a' 2 'b')");
  EXPECT_EQ(E("[x IN list WHERE x > 1 | x * 2]"), "(list-comprehension x list (> x 1) (* x 2))");
  EXPECT_EQ(E("[x IN list | x]"), "(list-comprehension x list _ x)");
  EXPECT_EQ(E("all(x IN l WHERE x > 0)"), "(ALL x l (> x 0))");
  EXPECT_EQ(E("reduce(s = 0, x IN l | s + x)"), "(reduce s x 0 l (+ s x))");
  EXPECT_EQ(E("[(a)-->(b) WHERE b.x | b.y]"),
            "(pattern-comprehension (path (node a) (rel ->) (node b)) (. b x) (. b y))");
  EXPECT_EQ(E("[p = (a)-[:T]-() | p]"),
            "(pattern-comprehension (path p = (node a) (rel :T --) (node)) _ p)");
  EXPECT_EQ(E("EXISTS { (n)-->(m) WHERE m.x = 1 }"),
            "(exists (path (node n) (rel ->) (node m)) (= (. m x) 1))");
  EXPECT_EQ(E("EXISTS { MATCH (n) RETURN n }"),
            "(exists (query (match (path (node n))) (return n)))");
  EXPECT_EQ(E("exists(n.x)"), "(exists (. n x))");
  EXPECT_EQ(E("COUNT { (n)-->(m) WHERE m.x = 1 }"),
            "(count-subquery (path (node n) (rel ->) (node m)) (= (. m x) 1))");
  EXPECT_EQ(E("count { MATCH (n) RETURN n }"),
            "(count-subquery (query (match (path (node n))) (return n)))");
  // A variable named count keeps its map projection.
  EXPECT_EQ(E("count {.name, k: 1}"), "(project count name (. count name) k 1)");
  EXPECT_EQ(E("count(*)"), "(count *)");
  EXPECT_EQ(E("COLLECT { MATCH (n) RETURN n.x }"),
            "(collect-subquery (query (match (path (node n))) (return (. n x))))");
}

TEST(Parser, MapProjectionsReadTheirSubjectPerEntry) {
  // `.key` and `.*` read the subject through expressions of their own; a
  // bare name is a variable under its own name.
  EXPECT_EQ(E("n {.name, .*, age: 1, x}"),
            "(project n name (. n name) * (properties n) age 1 x x)");
  EXPECT_EQ(E("`my n` {}"), "(project my n)");
  EXPECT_EQ(E("[n {.a}, 2]"), "(list (project n a (. n a)) 2)");
  EXPECT_EQ(Error("RETURN n {.a b}").detail, "UnexpectedSyntax");
  EXPECT_EQ(Error("RETURN n {.}").detail, "UnexpectedSyntax");
  EXPECT_EQ(Error("RETURN n {1}").detail, "UnexpectedSyntax");
}

TEST(Parser, PatternsAndParenthesesAsExpressions) {
  EXPECT_EQ(P("MATCH (n) WHERE (n)-[:T]->(:L) AND NOT (n)<--() RETURN n"),
            "(query (match (path (node n)) where (AND (path (node n) (rel :T ->) (node :L)) "
            "(NOT (path (node n) (rel <-) (node))))) (return n))");
  EXPECT_EQ(E("(a) - 1"), "(- a 1)");
  EXPECT_EQ(E("(a)--1"), "(- a -1)");
  EXPECT_EQ(E("(n:A)"), "(labels n :A)");
  EXPECT_EQ(E("[(1 + 2), a = 1]"), "(list (+ 1 2) (= a 1))");
}

TEST(Parser, UnaliasedColumnsAreNamedByTheirTextAsWritten) {
  auto q = Parse("RETURN  n.name , count( * ),(1 + 2) ,  -1, `x y` AS z");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  const auto& items = q->parts[0].clauses[0].projection.items;
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].alias, "n.name");
  EXPECT_EQ(items[1].alias, "count( * )");
  EXPECT_EQ(items[2].alias, "(1 + 2)");
  EXPECT_EQ(items[3].alias, "-1");
  EXPECT_EQ(items[4].alias, "z");
  EXPECT_TRUE(items[4].aliased);
}

TEST(Parser, ErrorsPointAtTheTokenTheyCouldNotAccept) {
  QueryErrorInfo e = Error("MATCH (n\nRETURN n");
  EXPECT_EQ(e.type, "SyntaxError");
  EXPECT_EQ(e.phase, "compile time");
  EXPECT_EQ(e.detail, "UnexpectedSyntax");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 1);
  e = Error("RETURN 1 +");
  EXPECT_EQ(e.column, 11);
  for (const char* bad :
       {"", ";", "RETURN", "MATCH (n) RETURN n,", "MATCH (n)-[r->(m) RETURN r",
        "CREATE (a)-[:T]-(b", "RETURN [1, 2", "RETURN {a 1}", "RETURN CASE END",
        "MATCH (n) RETURN n ORDER n", "UNWIND [1] x RETURN x", "RETURN a.", "MATCH (n) SET 1 = 2",
        "WITH 1 AS x UNION", "RETURN 1 RETURN (", "RETURN count(* )x"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Error(bad).detail, "UnexpectedSyntax");
  }
}

}  // namespace
}  // namespace namidb::query
