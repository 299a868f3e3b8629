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
  EXPECT_EQ(Check("MATCH (n) CALL { WITH * RETURN * } RETURN 1 AS x"), "");
  EXPECT_EQ(Check("MATCH (n) CALL { WITH n LIMIT 1 RETURN * } RETURN 1 AS x"), "");
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
}

}  // namespace
}  // namespace namidb::query
