// What updating clauses accept, checked before anything runs: CREATE and
// MERGE bind new variables only and make relationships with exactly one
// type and a direction, never of variable length; DELETE takes nodes,
// relationships and paths (an expression certainly of another kind is a
// compile-time InvalidArgumentType, a value found while running a
// TypeError); MERGE refuses null property values at run time. Map and list
// access with a key of the wrong kind name what they expected.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(UpdateClauseChecks, CreateAndMergeBindNewVariablesOnly) {
  Statements s;
  for (const char* q :
       {"MATCH (a) CREATE (a)", "MATCH (a) CREATE (a:B)", "MATCH (a) CREATE (a {x: 1})",
        "MATCH ()-[r]->() CREATE ()-[r:T]->()", "CREATE (a)-[r:T]->(b), (b)-[r:T]->(a)",
        "WITH 1 AS x CREATE (x)", "MATCH (a) MERGE (a)", "MATCH (a) MERGE (a:B)",
        "MATCH ()-[r]->() MERGE ()-[r:T]->()",
        // Checked before the relationship's type: no type or shape makes a bound variable new.
        "MATCH ()-[r]->() CREATE ()-[r]->()", "MATCH (a)-[r]->(b) MERGE (a)-[r]->(b)",
        "MATCH ()-[r]->() CREATE ()-[r:A|B]->()", "MATCH ()-[r]->() MERGE ()-[r*2]->()",
        // A node the same CREATE made, alone again, would be made twice.
        "CREATE (a), (a)", "CREATE (a)-[:T]->(b), (a)"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.VariableAlreadyBound@compile") << q;
  }
}

TEST(UpdateClauseChecks, CreatedRelationshipsHaveOneTypeADirectionAndOneHop) {
  Statements s;
  EXPECT_EQ(s.Run("CREATE ()-[]->()"), "SyntaxError.NoSingleRelationshipType@compile");
  EXPECT_EQ(s.Run("CREATE ()-[:A|B]->()"), "SyntaxError.NoSingleRelationshipType@compile");
  EXPECT_EQ(s.Run("MERGE ()-[:A|B]->()"), "SyntaxError.NoSingleRelationshipType@compile");
  EXPECT_EQ(s.Run("CREATE ()-[:T]-()"), "SyntaxError.RequiresDirectedRelationship@compile");
  EXPECT_EQ(s.Run("CREATE ()<-[:T]->()"), "SyntaxError.RequiresDirectedRelationship@compile");
  EXPECT_EQ(s.Run("CREATE ()-[:T*2]->()"), "SyntaxError.CreatingVarLength@compile");
  EXPECT_EQ(s.Run("MERGE ()-[:T*2]->()"), "SyntaxError.CreatingVarLength@compile");
  EXPECT_EQ(s.Run("MERGE (a {num: null})"), "SemanticError.MergeReadOwnWrites@runtime");
  EXPECT_EQ(s.Run("MERGE ()-[:T {num: null}]->()"), "SemanticError.MergeReadOwnWrites@runtime");
}

TEST(UpdateClauseChecks, DeleteTakesElementsOnly) {
  Statements s;
  ASSERT_EQ(s.Run("CREATE (:U)-[:F]->(:U)"), "");
  for (const char* q :
       {"MATCH () DELETE 1 + 1", "MATCH (n) DELETE 'n'", "MATCH (n) DELETE [n]",
        "MATCH (n) DELETE {k: n}", "MATCH (n) DELETE n.x = 1", "WITH 1 AS x DELETE x"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.InvalidArgumentType@compile") << q;
  }
  EXPECT_EQ(s.Run("MATCH (n) DELETE n:U"), "SyntaxError.InvalidDelete@compile");
  EXPECT_EQ(s.Run("UNWIND [1, 'a'] AS x DELETE x"), "TypeError.InvalidArgumentType@runtime");
  EXPECT_EQ(s.Run("MATCH (a) DELETE x"), "SyntaxError.UndefinedVariable@compile");
  // Elements inside lists and maps are deleted through access.
  EXPECT_EQ(s.Run("MATCH p = (:U)-[r]->(:U) WITH {key: collect(p)} AS m DELETE m.key[0]"), "");
  EXPECT_EQ(s.Run("MATCH (n) RETURN count(n) AS n"), "n|0");
}

TEST(UpdateClauseChecks, AnExistsSubqueryOnlyReads) {
  Statements s;
  for (const char* q :
       {"MATCH (n) WHERE EXISTS { CREATE (m) } RETURN n",
        "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) SET m.x = 1 } RETURN n",
        "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) CALL { WITH m DELETE m } } RETURN n",
        "MATCH (n) RETURN EXISTS { MATCH (n)-->(m) FOREACH (x IN [1] | CREATE ()) } AS e"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.InvalidClauseComposition@compile") << q;
  }
  // Updates in a CALL subquery of a write are fine.
  EXPECT_EQ(s.Run("CALL { CREATE (:A) } RETURN 1 AS x"), "x|1");
}

TEST(UpdateClauseChecks, StoredListsHoldOneKindOfSimpleValue) {
  Statements s;
  EXPECT_EQ(s.Run("CREATE (n {a: [1, 2], b: ['x'], c: [date('2020-01-01')], d: []}) RETURN n.a AS "
                  "a, n.d AS d"),
            "a,d|[1, 2],[]");
  for (const char* q :
       {"CREATE ({x: [1, 'a']})", "CREATE ({x: [1, 2.5]})", "CREATE ({x: [1, null]})",
        "CREATE ({x: [{a: 1}]})", "CREATE ({x: [[1]]})", "CREATE ({x: {a: 1}})",
        "CREATE (n) SET n.x = [date('2020-01-01'), localtime('10:00')]",
        "MERGE (n {x: ['a', true]})"}) {
    EXPECT_EQ(s.Run(q), "TypeError.InvalidPropertyType@runtime") << q;
  }
}

TEST(UpdateClauseChecks, MapAndListAccessNameTheKeyKindTheyNeed) {
  Statements s;
  ValueMap params{{"m", Value::Map(ValueMap{{"a", Value::Int(1)}})},
                  {"i", Value::Int(0)},
                  {"l", Value::List({Value::Int(1)})},
                  {"k", Value::String("a")}};
  EXPECT_EQ(s.Run("WITH $m AS m, $i AS i RETURN m[i]", params),
            "TypeError.MapElementAccessByNonString@runtime");
  EXPECT_EQ(s.Run("WITH $l AS l, $k AS k RETURN l[k]", params),
            "TypeError.ListElementAccessByNonInteger@runtime");
  EXPECT_EQ(s.Run("WITH $m AS m, $k AS k RETURN m[k] AS v", params), "v|1");
  EXPECT_EQ(s.Run("WITH $i AS x RETURN x[0]", params), "TypeError.InvalidArgumentType@runtime");
}

}  // namespace
}  // namespace namidb::query
