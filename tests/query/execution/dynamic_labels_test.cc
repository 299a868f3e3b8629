// Dynamic labels and types (Neo4j 5): `:$(expr)`, `:$all(expr)` and
// `:$any(expr)` name the labels (or a relationship's type) an expression
// gives per row, a STRING or a LIST<STRING>: in patterns to match, label
// predicates, CREATE, MERGE, SET and REMOVE.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

ValueMap Params(std::initializer_list<std::pair<std::string, Value>> entries) {
  ValueMap m;
  for (const auto& [k, v] : entries) m.Set(k, v);
  return m;
}

Value Strings(std::initializer_list<const char*> list) {
  ValueList out;
  for (const char* s : list) out.push_back(Value::String(s));
  return Value::List(std::move(out));
}

class DynamicLabels : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(s.Run("CREATE (:Person:Admin {name: 'ann'}), (:Person {name: 'bob'}), "
                    "(:Robot {name: 'r2'})"),
              "");
    ASSERT_EQ(s.Run("MATCH (a {name: 'ann'}), (b {name: 'bob'}), (r {name: 'r2'}) "
                    "CREATE (a)-[:KNOWS]->(b), (a)-[:OWNS]->(r), (b)-[:LIKES]->(r)"),
              "");
  }
  Statements s;
};

TEST_F(DynamicLabels, MatchTakesTheLabelsAnExpressionGives) {
  EXPECT_EQ(s.Run("MATCH (n:$($l)) RETURN n.name AS name ORDER BY name",
                  Params({{"l", Value::String("Person")}})),
            "name|'ann'|'bob'");
  // A list: every label, as $all does.
  EXPECT_EQ(
      s.Run("MATCH (n:$($l)) RETURN n.name AS name", Params({{"l", Strings({"Person", "Admin"})}})),
      "name|'ann'");
  EXPECT_EQ(s.Run("MATCH (n:$all($l)) RETURN n.name AS name",
                  Params({{"l", Strings({"Person", "Admin"})}})),
            "name|'ann'");
  // $any: one of them.
  EXPECT_EQ(s.Run("MATCH (n:$any($l)) RETURN n.name AS name ORDER BY name",
                  Params({{"l", Strings({"Admin", "Robot"})}})),
            "name|'ann'|'r2'");
  EXPECT_EQ(s.Run("MATCH (n:$any($l)) RETURN count(n) AS c", Params({{"l", Strings({})}})), "c|0");
  // Beside static labels and in expressions of them.
  EXPECT_EQ(s.Run("MATCH (n:Person&!$($l)) RETURN n.name AS name",
                  Params({{"l", Value::String("Admin")}})),
            "name|'bob'");
  // Per row, from a variable.
  EXPECT_EQ(s.Run("UNWIND ['Robot', 'Admin'] AS l MATCH (n:$(l)) RETURN l, n.name AS name "
                  "ORDER BY l"),
            "l,name|'Admin','ann'|'Robot','r2'");
  // In a predicate.
  EXPECT_EQ(s.Run("MATCH (n) WHERE n:$($l) RETURN n.name AS name",
                  Params({{"l", Value::String("Robot")}})),
            "name|'r2'");
  EXPECT_EQ(s.Run("MATCH (n {name: 'ann'}) RETURN n:$('Admin') AS a, n:$any(['X', 'Y']) AS b, "
                  "n:$(['Person', 'X']) AS c"),
            "a,b,c|true,false,false");
}

TEST_F(DynamicLabels, AScanReadsTheLabelsAParameterGives) {
  // Labels from parameters or literals are known once per statement: the
  // scan reads their nodes, not every node.
  EXPECT_EQ(s.Run("EXPLAIN MATCH (n:$($l)) RETURN n"),
            "plan|'Project'|'  Filter'|'    NodeScan :$(…)'|'      Once'");
  EXPECT_EQ(s.Run("EXPLAIN MATCH (n:$any(['A', 'B'])) RETURN n"),
            "plan|'Project'|'  Filter'|'    NodeScan :$any(…)'|'      Once'");
  // A variable's change per row: every node, then the predicate.
  EXPECT_EQ(s.Run("EXPLAIN UNWIND ['A'] AS l MATCH (n:$(l)) RETURN n"),
            "plan|'Project'|'  Filter'|'    CartesianProduct'|'      Unwind'|'        Once'|"
            "'      NodeScan (all nodes)'|'        Once'");
  // The same statement with other labels reads other nodes.
  for (const char* label : {"Robot", "Admin", "Person", "Nobody"}) {
    EXPECT_EQ(s.Run("MATCH (n:$($l)) RETURN count(n) AS c", Params({{"l", Value::String(label)}})),
              std::string("c|") + (std::string(label) == "Person"   ? "2"
                                   : std::string(label) == "Nobody" ? "0"
                                                                    : "1"));
  }
  EXPECT_EQ(s.Run("MATCH (n:$any($l)) RETURN count(n) AS c",
                  Params({{"l", Strings({"Admin", "Person", "Robot"})}})),
            "c|3");
}

TEST_F(DynamicLabels, MatchTakesTheTypeAnExpressionGives) {
  EXPECT_EQ(s.Run("MATCH (a)-[r:$($t)]->(b) RETURN a.name AS a, b.name AS b",
                  Params({{"t", Value::String("KNOWS")}})),
            "a,b|'ann','bob'");
  EXPECT_EQ(s.Run("MATCH ()-[r:$any($t)]->() RETURN type(r) AS t ORDER BY t",
                  Params({{"t", Strings({"KNOWS", "LIKES"})}})),
            "t|'KNOWS'|'LIKES'");
  // All of two types: a relationship has one.
  EXPECT_EQ(s.Run("MATCH ()-[r:$($t)]->() RETURN count(r) AS c",
                  Params({{"t", Strings({"KNOWS", "LIKES"})}})),
            "c|0");
  EXPECT_EQ(s.Run("MATCH (a {name: 'ann'})-[:$('KNOWS')|OWNS]->(x) RETURN x.name AS x ORDER BY x"),
            "x|'bob'|'r2'");
  // Each hop of a variable-length relationship.
  EXPECT_EQ(s.Run("MATCH (a {name: 'ann'})-[:$any($t)*2]->(x) RETURN x.name AS x",
                  Params({{"t", Strings({"KNOWS", "LIKES"})}})),
            "x|'r2'");
}

TEST_F(DynamicLabels, AnExpansionReadsTheTypesAParameterGives) {
  EXPECT_EQ(s.Run("EXPLAIN MATCH (a {name: 'ann'})-[r:$($t)]->(b) RETURN b"),
            "plan|'Project'|'  Filter'|'    Expand -> :$(…)'|'      NodeScan (all nodes)'|"
            "'        Once'");
  // The same statement with other types reads other relationships.
  const std::string from_ann = "MATCH (a {name: 'ann'})-[r:$($t)]->(b) RETURN b.name AS b";
  EXPECT_EQ(s.Run(from_ann, Params({{"t", Value::String("OWNS")}})), "b|'r2'");
  EXPECT_EQ(s.Run(from_ann, Params({{"t", Value::String("KNOWS")}})), "b|'bob'");
  EXPECT_EQ(s.Run(from_ann, Params({{"t", Strings({"KNOWS", "OWNS"})}})), "b");
  EXPECT_EQ(s.Run(from_ann, Params({{"t", Strings({})}})), "b|'bob'|'r2'");
  const std::string any = "MATCH (a {name: 'ann'})-[r:$any($t)]->(b) RETURN b.name AS b ORDER BY b";
  EXPECT_EQ(s.Run(any, Params({{"t", Strings({"KNOWS", "OWNS"})}})), "b|'bob'|'r2'");
  EXPECT_EQ(s.Run(any, Params({{"t", Strings({})}})), "b");
  EXPECT_EQ(s.Run(any, Params({{"t", Value::Int(1)}})), "TypeError.InvalidArgumentType@runtime");
}

TEST_F(DynamicLabels, CreateMakesTheLabelsAndTypeOfEachRow) {
  EXPECT_EQ(s.Run("UNWIND [['A'], ['B', 'C']] AS ls CREATE (n:New:$(ls) {k: size(ls)}) "
                  "RETURN labels(n) AS l ORDER BY n.k"),
            "l|['New', 'A']|['New', 'B', 'C']");
  EXPECT_EQ(s.Run("MATCH (n:New) RETURN count(n) AS c"), "c|2");
  EXPECT_EQ(s.Run("MATCH (a {name: 'ann'}), (b {name: 'bob'}) CREATE (a)-[r:$($t)]->(b) "
                  "RETURN type(r) AS t",
                  Params({{"t", Value::String("TRUSTS")}})),
            "t|'TRUSTS'");
  EXPECT_EQ(s.Run("MATCH ()-[r:TRUSTS]->() RETURN count(r) AS c"), "c|1");
  // One type, not several nor one of several.
  EXPECT_EQ(s.Run("CREATE ()-[:$(['X', 'Y'])]->()"), "ArgumentError.InvalidArgumentValue@runtime");
  EXPECT_EQ(s.Run("CREATE ()-[:$any(['X'])]->()"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("CREATE (:A|$('B'))"), "SyntaxError.UnexpectedSyntax@compile");
}

TEST_F(DynamicLabels, MergeMatchesAndCreatesWithThem) {
  const ValueMap robot = Params({{"l", Value::String("Robot")}});
  EXPECT_EQ(s.Run("MERGE (n:$($l) {name: 'r2'}) RETURN labels(n) AS l", robot), "l|['Robot']");
  EXPECT_EQ(s.Run("MATCH (n:Robot) RETURN count(n) AS c"), "c|1");  // found, not made
  EXPECT_EQ(s.Run("MERGE (n:$($l) {name: 'c3po'}) RETURN labels(n) AS l", robot), "l|['Robot']");
  EXPECT_EQ(s.Run("MATCH (n:Robot) RETURN count(n) AS c"), "c|2");
  const ValueMap likes = Params({{"t", Value::String("LIKES")}});
  EXPECT_EQ(s.Run("MATCH (b {name: 'bob'}), (r {name: 'r2'}) MERGE (b)-[x:$($t)]->(r) "
                  "RETURN type(x) AS t",
                  likes),
            "t|'LIKES'");
  EXPECT_EQ(s.Run("MATCH ()-[x:LIKES]->() RETURN count(x) AS c"), "c|1");
  EXPECT_EQ(s.Run("MATCH (a {name: 'ann'}), (r {name: 'r2'}) MERGE (a)-[x:$($t)]->(r) "
                  "RETURN type(x) AS t",
                  likes),
            "t|'LIKES'");
  EXPECT_EQ(s.Run("MATCH ()-[x:LIKES]->() RETURN count(x) AS c"), "c|2");
}

TEST_F(DynamicLabels, SetAndRemoveChangeTheLabelsOfEachRow) {
  EXPECT_EQ(s.Run("MATCH (n {name: 'bob'}) SET n:$($l) RETURN labels(n) AS l",
                  Params({{"l", Strings({"Admin", "Staff"})}})),
            "l|['Person', 'Admin', 'Staff']");
  EXPECT_EQ(s.Run("MATCH (n {name: 'bob'}) REMOVE n:$($l):Staff RETURN labels(n) AS l",
                  Params({{"l", Value::String("Admin")}})),
            "l|['Person']");
  EXPECT_EQ(s.Run("MATCH (n {name: 'ann'}) SET n:$any(['X'])"),
            "SyntaxError.UnexpectedSyntax@compile");
}

TEST_F(DynamicLabels, WhatIsNoLabelIsAnErrorAndChangesNothing) {
  for (const char* q :
       {"MATCH (n:$($l)) RETURN n", "MATCH (n {name: 'ann'}) SET n:$($l)", "CREATE (:$($l))"}) {
    EXPECT_EQ(s.Run(q, Params({{"l", Value()}})), "TypeError.InvalidArgumentType@runtime") << q;
    EXPECT_EQ(s.Run(q, Params({{"l", Value::Int(1)}})), "TypeError.InvalidArgumentType@runtime")
        << q;
    EXPECT_EQ(s.Run(q, Params({{"l", Value::List({Value::String("A"), Value()})}})),
              "TypeError.InvalidArgumentType@runtime")
        << q;
    EXPECT_EQ(s.Run(q, Params({{"l", Value::String("")}})),
              "ArgumentError.InvalidArgumentValue@runtime")
        << q;
  }
  EXPECT_EQ(s.Run("MATCH (n) RETURN count(n) AS c, sum(size(labels(n))) AS l"), "c,l|3,4");
}

TEST_F(DynamicLabels, TheirNamesAreCheckedAsAnyExpression) {
  EXPECT_EQ(s.Run("MATCH (n:$(x)) RETURN n"), "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("CREATE (:$(x))"), "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("MATCH (n) SET n:$(x)"), "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("MERGE ()-[:$(x)]->()"), "SyntaxError.UndefinedVariable@compile");
  EXPECT_EQ(s.Run("RETURN $(1)"), "SyntaxError.UnexpectedSyntax@compile");
  // `$any` stays a parameter's name elsewhere.
  EXPECT_EQ(s.Run("RETURN $any AS a", Params({{"any", Value::Int(3)}})), "a|3");
}

}  // namespace
}  // namespace namidb::query
