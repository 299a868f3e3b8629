// The binder's checks (src/query/binder/check_bound.h): errors of names,
// of variables and of functions, found before planning, each with
// openCypher's code and where in the text.
#include "query/binder/check_bound.h"

#include <gtest/gtest.h>

#include "query/parser/parser.h"
#include "support/statements.h"

namespace namidb::query {
namespace {

// "Detail@line:column" for the error CheckBound finds in `text`, or "" for none.
std::string Check(const std::string& text) {
  auto q = Parse(text);
  EXPECT_TRUE(q.ok()) << text << ": " << q.status().ToString();
  if (!q.ok()) return "unparsed";
  Status s = CheckBound(*q);
  if (s.ok()) return "";
  const QueryErrorInfo* e = s.query_error();
  if (!e) return "status: " + s.ToString();
  EXPECT_EQ(e->type, "SyntaxError") << text;
  EXPECT_EQ(e->phase, "compile time") << text;
  return e->detail + "@" + std::to_string(e->line) + ":" + std::to_string(e->column);
}

TEST(CheckBound, ReturnStarNeedsVariablesInScope) {
  EXPECT_EQ(Check("RETURN *"), "NoVariablesInScope@1:1");
  EXPECT_EQ(Check("MATCH ()\nRETURN *"), "NoVariablesInScope@2:1");
  EXPECT_EQ(Check("MATCH ()-->() RETURN *"), "NoVariablesInScope@1:15");
  EXPECT_EQ(Check("CREATE () WITH * RETURN *"), "NoVariablesInScope@1:18");
  EXPECT_EQ(Check("RETURN 1 AS a UNION MATCH () RETURN *"), "NoVariablesInScope@1:30");
  EXPECT_EQ(Check("RETURN * UNION RETURN 1 AS a"), "NoVariablesInScope@1:1");
  // A CALL subquery without RETURN gives no columns.
  EXPECT_EQ(Check("CALL { CREATE () } RETURN *"), "NoVariablesInScope@1:20");
  // Any name in scope will do, whatever bound it; WITH * keeps the scope.
  for (const char* ok :
       {"MATCH (n) RETURN *", "MATCH ()-[r]->() RETURN *", "MATCH p = ()-->() RETURN *",
        "UNWIND [1] AS x RETURN *", "WITH 1 AS x WITH * RETURN *", "CREATE (a) RETURN *",
        "CALL { MATCH (n) RETURN n } RETURN *", "CALL { MATCH (n) RETURN * } RETURN *",
        "WITH 1 AS x RETURN *, 2 AS y", "MATCH () RETURN *, 1 AS x"}) {
    EXPECT_EQ(Check(ok), "") << ok;
  }
}

TEST(CheckBound, ASubqueryReturnStarSeesWhatItsScopeHolds) {
  // A CALL subquery sees the scope around only through a leading WITH of
  // plain variables.
  EXPECT_EQ(Check("MATCH (n) CALL { RETURN * } RETURN n"), "NoVariablesInScope@1:18");
  EXPECT_EQ(Check("MATCH (n) CALL { MATCH () RETURN * } RETURN n"), "NoVariablesInScope@1:27");
  EXPECT_EQ(Check("MATCH (n) CALL { WITH n AS m RETURN * } RETURN m"), "");
  EXPECT_EQ(Check("MATCH (n) CALL { WITH * WITH n AS m RETURN * } RETURN 1 AS x"), "");
  // (A leading WITH with LIMIT imports nothing: its n is undefined.)
  EXPECT_EQ(Check("MATCH (n) CALL { WITH n LIMIT 1 RETURN * } RETURN 1 AS x"),
            "UndefinedVariable@1:23");
  // Columns the scope around holds already are an error.
  EXPECT_EQ(Check("MATCH (n) CALL { WITH * RETURN * } RETURN 1 AS x"), "VariableAlreadyBound@1:11");
  EXPECT_EQ(Check("CALL { WITH * RETURN * } RETURN 1 AS x"), "NoVariablesInScope@1:15");
  // An EXISTS subquery starts from the scope of the expression it is in,
  // a comprehension's variable included.
  EXPECT_EQ(Check("MATCH () WHERE EXISTS { MATCH () RETURN * } RETURN 1 AS x"),
            "NoVariablesInScope@1:34");
  EXPECT_EQ(Check("RETURN EXISTS {\n  MATCH ()\n  RETURN * } AS e"), "NoVariablesInScope@3:3");
  EXPECT_EQ(Check("MATCH (n) WHERE EXISTS { MATCH () RETURN * } RETURN n"), "");
  EXPECT_EQ(Check("MATCH () WHERE EXISTS { MATCH (m) RETURN * } RETURN 1 AS x"), "");
  EXPECT_EQ(Check("RETURN [x IN [1] WHERE EXISTS { MATCH () RETURN * }] AS l"), "");
  // In a pattern, an element's properties see the names before it, not its own.
  EXPECT_EQ(Check("MATCH (n {x: EXISTS { MATCH () RETURN * }}) RETURN n"),
            "NoVariablesInScope@1:32");
  EXPECT_EQ(Check("MATCH (a)-->(n {x: EXISTS { MATCH () RETURN * }}) RETURN n"), "");
}

TEST(CheckBound, ACallNamesAFunctionTheRegistryHas) {
  EXPECT_EQ(Check("RETURN foo(1) AS x"), "UnknownFunction@1:8");
  EXPECT_EQ(Check("MATCH (n)\nWHERE n.x = bar()\nRETURN n"), "UnknownFunction@2:13");
  // The call before its arguments, as the planner binds it.
  EXPECT_EQ(Check("RETURN nope(undefined) AS x"), "UnknownFunction@1:8");
  EXPECT_EQ(Check("RETURN count(nope(1)) AS c"), "UnknownFunction@1:14");
  EXPECT_EQ(Check("RETURN [x IN [1] | nope(x)] AS l"), "UnknownFunction@1:20");
  EXPECT_EQ(Check("MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WHERE nope(m) } RETURN n"),
            "UnknownFunction@1:48");
  // After an aggregating projection too, where an ORDER BY that repeats
  // no projected expression binds only the call's arguments.
  EXPECT_EQ(Check("UNWIND [1] AS n WITH n, count(*) AS c ORDER BY nope(c) RETURN n"),
            "UnknownFunction@1:48");
  // Names in any case; LOAD CSV's linenumber() and file() without arguments.
  EXPECT_EQ(Check("RETURN ToUpper('a') AS u, Sum(1) AS s, date.truncate('day', date()) AS d"), "");
  EXPECT_EQ(Check("RETURN linenumber() AS l, FILE() AS f"), "");
  EXPECT_EQ(Check("RETURN linenumber(1) AS l"), "UnknownFunction@1:8");
}

TEST(CheckBound, ANameIsReadOnlyWhereItIsBound) {
  EXPECT_EQ(Check("RETURN x"), "UndefinedVariable@1:8");
  EXPECT_EQ(Check("MATCH (a)\nWITH a.x AS ax\nRETURN a"), "UndefinedVariable@3:8");
  EXPECT_EQ(Check("MATCH (a) SET zz.x = 1"), "UndefinedVariable@1:15");
  EXPECT_EQ(Check("MATCH (a) SET zz += {x: 1}"), "UndefinedVariable@1:15");
  EXPECT_EQ(Check("MATCH (a) REMOVE zz:L"), "UndefinedVariable@1:18");
  EXPECT_EQ(Check("MATCH (a) SET a.x = zz"), "UndefinedVariable@1:21");
  // In a pattern to match, any name of the clause's pattern: the join
  // order decides which are bound first, and the planner reports the rest.
  EXPECT_EQ(Check("MATCH (b {x: a.y})<-[:R]-(a) RETURN b"), "");
  EXPECT_EQ(Check("MATCH (a {x: b.y}), (b) RETURN a"), "");
  EXPECT_EQ(Check("MATCH (a)-[:R]->(b {x: a.y}) RETURN b"), "");
  EXPECT_EQ(Check("MATCH (a {x: zz.y})-->(b) RETURN b"), "UndefinedVariable@1:14");
  EXPECT_EQ(Check("MATCH (a)-[:R*1..2 {x: b.y}]->(b) RETURN a"), "");
  EXPECT_EQ(Check("MATCH (a) WHERE (a)-->({x: zz}) RETURN a"), "UndefinedVariable@1:28");
  // In a pattern to create, the names before it in the text.
  EXPECT_EQ(Check("CREATE (a {x: b.y})-[:R]->(b)"), "UndefinedVariable@1:15");
  // A relationship is created after every node of its pattern.
  EXPECT_EQ(Check("CREATE (a)-[:R {x: b.y}]->(b {y: 1})"), "");
  // A subquery sees the scope around only through its leading WITH.
  EXPECT_EQ(Check("UNWIND [1] AS x CALL { WITH x RETURN x + y AS z } RETURN z"),
            "UndefinedVariable@1:42");
  EXPECT_EQ(Check("UNWIND [1] AS x CALL { RETURN x AS z } RETURN z"), "UndefinedVariable@1:31");
  // Comprehensions, reduce() and quantifiers bind their own names.
  EXPECT_EQ(Check("RETURN [x IN [1] WHERE x > 0 | x + 1] AS l, reduce(s = 0, y IN [1] | s + y) "
                  "AS r, any(z IN [1] WHERE z = 1) AS q"),
            "");
  EXPECT_EQ(Check("RETURN [x IN [1] | x] AS l, x AS y"), "UndefinedVariable@1:29");
  EXPECT_EQ(Check("MATCH (a) RETURN [(a)-->(b) | b.x] AS l"), "");
  // An ORDER BY sees the names before a projection and after it.
  EXPECT_EQ(Check("MATCH (a) RETURN a.x AS ax ORDER BY a.y, ax"), "");
  EXPECT_EQ(Check("MATCH (a) WITH a.x AS ax WHERE ax > 0 AND a.y > 0 RETURN ax"), "");
  EXPECT_EQ(Check("MATCH (a) WITH a.x AS ax ORDER BY zz RETURN ax"), "UndefinedVariable@1:35");
  // A call before its arguments, as above.
  EXPECT_EQ(Check("RETURN nope(undefined) AS x"), "UnknownFunction@1:8");
}

TEST(CheckBound, ANameIsIntroducedOnce) {
  EXPECT_EQ(Check("WITH 1 AS x UNWIND [1] AS x RETURN x"), "VariableAlreadyBound@1:13");
  EXPECT_EQ(Check("WITH 1 AS x LOAD CSV FROM 'f' AS x RETURN x"), "VariableAlreadyBound@1:13");
  EXPECT_EQ(Check("WITH 1 AS z CALL { RETURN 2 AS z } RETURN z"), "VariableAlreadyBound@1:13");
  EXPECT_EQ(Check("WITH 1 AS z CALL { RETURN 2 AS y } RETURN z, y"), "");
  // A path's name is new, and none of its elements'.
  EXPECT_EQ(Check("MATCH p = (a)-->(p) RETURN p"), "VariableAlreadyBound@1:7");
  EXPECT_EQ(Check("WITH 1 AS p MATCH p = (a) RETURN p"), "VariableAlreadyBound@1:19");
  EXPECT_EQ(Check("CREATE p = (p)-[:R]->()"), "VariableAlreadyBound@1:8");
  EXPECT_EQ(Check("MATCH (a) RETURN [p = (a)-->() | p] AS l, [p = (a)-->() | p] AS m"), "");
}

TEST(CheckBound, APatternToCreateNamesItsElementsOnce) {
  // A node named before is a reference: no labels or properties, not alone.
  EXPECT_EQ(Check("MATCH (a) CREATE (a)"), "VariableAlreadyBound@1:18");
  EXPECT_EQ(Check("MATCH (a) CREATE (a:L)-[:R]->()"), "VariableAlreadyBound@1:18");
  EXPECT_EQ(Check("MATCH (a) CREATE (a)-[:R]->(b {x: 1})"), "");
  EXPECT_EQ(Check("CREATE (a {x: 1}), (a {x: 2})"), "VariableAlreadyBound@1:20");
  EXPECT_EQ(Check("CREATE (a)-[:R]->(a:X)"), "VariableAlreadyBound@1:18");
  EXPECT_EQ(Check("CREATE (a:X)-[:R]->(a)"), "");
  EXPECT_EQ(Check("MATCH (a) FOREACH (x IN [1] | CREATE (a {q: x}))"), "VariableAlreadyBound@1:38");
  // A relationship is always new.
  EXPECT_EQ(Check("MATCH (a)-[r]->(b) CREATE (a)-[r:R]->(b)"), "VariableAlreadyBound@1:30");
  EXPECT_EQ(Check("CREATE ()-[r:R]->()-[r:R]->()"), "VariableAlreadyBound@1:20");
  // MERGE the same, and a node it names again within its pattern too.
  EXPECT_EQ(Check("MATCH (a) MERGE (a)"), "VariableAlreadyBound@1:17");
  EXPECT_EQ(Check("MATCH (a) MERGE (a {x: 1})-[:R]->()"), "VariableAlreadyBound@1:17");
  EXPECT_EQ(Check("MATCH (a) MERGE (a)-[:R]->(b)"), "");
  EXPECT_EQ(Check("MERGE (b)-[:R]->(b {x: 1})"), "VariableAlreadyBound@1:17");
  EXPECT_EQ(Check("MERGE (b:X)-[:R]->(b)"), "");
  EXPECT_EQ(Check("MATCH (a)-[r]->() MERGE (a)-[r:X]->()"), "VariableAlreadyBound@1:28");
}

TEST(CheckBound, OnlyAStandaloneCallYieldsEveryOutput) {
  EXPECT_EQ(Check("CALL db.labels() YIELD *"), "");
  EXPECT_EQ(Check("CALL db.labels() YIELD * RETURN label"), "UnexpectedSyntax@1:1");
  EXPECT_EQ(Check("CALL db.labels() YIELD label RETURN label"), "");
}

TEST(CheckBound, ACallTakesTheNumberOfArgumentsItsFunctionDoes) {
  EXPECT_EQ(Check("RETURN toUpper() AS u"), "InvalidNumberOfArguments@1:8");
  EXPECT_EQ(Check("RETURN toUpper('a', 'b') AS u"), "InvalidNumberOfArguments@1:8");
  EXPECT_EQ(Check("RETURN substring('abc', 1) AS a, substring('abc', 1, 1) AS b"), "");
  EXPECT_EQ(Check("RETURN substring('abc') AS a"), "InvalidNumberOfArguments@1:8");
  EXPECT_EQ(Check("MATCH (n) RETURN count(n, n) AS c"), "InvalidNumberOfArguments@1:18");
  EXPECT_EQ(Check("MATCH (n) RETURN count(*) AS c, percentileCont(n.x, 0.5) AS p"), "");
  EXPECT_EQ(Check("MATCH (n) RETURN percentileCont(n.x) AS p"), "InvalidNumberOfArguments@1:18");
  EXPECT_EQ(Check("MATCH (n) WHERE exists(n.x, n.y) RETURN n"), "InvalidNumberOfArguments@1:17");
  // The arguments first, as the planner binds them.
  EXPECT_EQ(Check("RETURN toUpper(zz, 1) AS u"), "UndefinedVariable@1:16");
  // Also where no row would evaluate the call.
  EXPECT_EQ(Check("UNWIND [1] AS n WITH n, count(*) AS c ORDER BY toUpper() RETURN n"),
            "InvalidNumberOfArguments@1:48");
}

TEST(CheckBound, TheStatementGetsTheErrorBeforeItIsPlanned) {
  testing::Statements s;
  EXPECT_EQ(s.Run("MATCH () RETURN *"), "SyntaxError.NoVariablesInScope@compile");
  EXPECT_EQ(s.Run("MATCH (n) CALL { RETURN * } RETURN n"),
            "SyntaxError.NoVariablesInScope@compile");
  EXPECT_EQ(s.Run("UNWIND [1] AS x RETURN *"), "x|1");
  // Even where no row would evaluate the call.
  EXPECT_EQ(s.Run("MATCH (n) WITH n, count(*) AS c ORDER BY nope(c) RETURN n"),
            "SyntaxError.UnknownFunction@compile");
  EXPECT_EQ(s.Run("RETURN nope(1) AS x"), "SyntaxError.UnknownFunction@compile");
  EXPECT_EQ(s.Run("MATCH (n) SET zz.x = 1"), "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("WITH 1 AS x UNWIND [2] AS x RETURN x"),
            "SyntaxError.VariableAlreadyBound@compile");
  // A name of the pattern the plan binds after the element that reads it.
  EXPECT_EQ(s.Run("MATCH (b {x: a.y})<--(a) RETURN b"), "SyntaxError.UndefinedVariable@compile");
}

}  // namespace
}  // namespace namidb::query
