// Procedures: signatures parsed from text, CALL standalone and inside a
// query (arguments explicit or implicit, YIELD of some, renamed or all
// outputs), argument types checked at compile time where the query text
// fixes them and at run time otherwise, and the built-ins over the catalogue.
#include <gtest/gtest.h>

#include "query/functions/procedures.h"
#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb::query {
namespace {

TEST(ProcedureSignature, ParsesInputsOutputsAndVoid) {
  auto s = ParseProcedureSignature(
      "test.my.proc(name :: STRING?, in :: INTEGER?) :: (out :: LIST? OF FLOAT)");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->name, "test.my.proc");
  ASSERT_EQ(s->inputs.size(), 2u);
  EXPECT_EQ(s->inputs[1].name, "in");
  EXPECT_EQ(s->inputs[1].type.name, "INTEGER");
  EXPECT_TRUE(s->inputs[1].type.nullable);
  ASSERT_EQ(s->outputs.size(), 1u);
  EXPECT_EQ(s->outputs[0].type.ToString(), "LIST? OF FLOAT");
  EXPECT_EQ(s->ToString(),
            "test.my.proc(name :: STRING?, in :: INTEGER?) :: (out :: LIST? OF FLOAT)");
  EXPECT_TRUE(ParseProcedureSignature("test.doNothing() :: ()")->outputs.empty());
  EXPECT_TRUE(ParseProcedureSignature("test.doNothing() :: VOID")->outputs.empty());
}

TEST(ProcedureSignature, RefusesMalformedTextSayingWhere) {
  for (const char* bad : {"", "p(", "p() ::", "p(x INTEGER) :: ()", "p(x :: WHATEVER) :: ()",
                          "p() :: () trailing", "p(x :: INTEGER, x :: STRING) :: ()"}) {
    auto s = ParseProcedureSignature(bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.status().message().find("expected"), std::string::npos) << s.status().ToString();
  }
}

TEST(ProcedureTypes, IntegerIsAssignableToFloatAndNumber) {
  auto type = [](const char* text) {
    return ParseProcedureSignature(std::string("p(x :: ") + text + ") :: ()")->inputs[0].type;
  };
  EXPECT_TRUE(TypeAccepts(type("NUMBER?"), ValueKind::kInt));
  EXPECT_TRUE(TypeAccepts(type("NUMBER?"), ValueKind::kFloat));
  EXPECT_TRUE(TypeAccepts(type("FLOAT?"), ValueKind::kInt));
  EXPECT_FALSE(TypeAccepts(type("INTEGER?"), ValueKind::kFloat));
  EXPECT_FALSE(TypeAccepts(type("INTEGER?"), ValueKind::kBool));
  EXPECT_TRUE(TypeAccepts(type("INTEGER?"), ValueKind::kNull));
  EXPECT_TRUE(TypeAccepts(type("ANY?"), ValueKind::kMap));
  EXPECT_EQ(*CoerceArgument(type("FLOAT?"), Value::Int(42), "x"), Value::Float(42.0));
  EXPECT_EQ(*CoerceArgument(type("LIST? OF FLOAT?"), Value::List({Value::Int(1)}), "x"),
            Value::List({Value::Float(1.0)}));
  auto wrong = CoerceArgument(type("INTEGER?"), Value::String("1"), "argument 'x'");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().query_error()->type, "TypeError");
  EXPECT_EQ(wrong.status().query_error()->detail, "InvalidArgumentType");
}

class ProcedureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "p")).value();
    // test.my.proc(name, id) -> (city, country_code): the rows whose inputs equal the arguments.
    Register(
        "test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?, country_code :: "
        "INTEGER?)",
        [](const ValueList& args, ProcedureContext&) -> Result<std::vector<ValueList>> {
          if (args[0] == Value::String("Stefan") && args[1] == Value::Int(1)) {
            return std::vector<ValueList>{{Value::String("Berlin"), Value::Int(49)}};
          }
          return std::vector<ValueList>{};
        });
    Register("test.echo(in :: FLOAT?) :: (out :: ANY?)",
             [](const ValueList& args, ProcedureContext&) -> Result<std::vector<ValueList>> {
               return std::vector<ValueList>{{args[0]}};
             });
    Register("test.two() :: (a :: INTEGER?, b :: INTEGER?)",
             [](const ValueList&, ProcedureContext&) -> Result<std::vector<ValueList>> {
               return std::vector<ValueList>{{Value::Int(1), Value::Int(2)}};
             });
    Register("test.doNothing() :: ()",
             [this](const ValueList&, ProcedureContext&) -> Result<std::vector<ValueList>> {
               ++void_calls_;
               return std::vector<ValueList>{{Value::Int(7)}, {Value::Int(8)}};  // ignored: VOID
             });
  }

  void Register(const char* signature, ProcedureBody body) {
    auto s = ParseProcedureSignature(signature);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_TRUE(registry_.Register({*s, std::move(body), ""}).ok());
  }

  Result<WriteResult> Try(std::string_view text, const ValueMap& params = {}) {
    return RunWrite(*writer_, text, params, {}, QueryEnvironment{&registry_, {}});
  }
  // "col1,col2|v,v|v,v": columns, then rows as Cypher literals.
  std::string Run(std::string_view text, const ValueMap& params = {}) {
    auto r = Try(text, params);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    if (!r.ok()) return "";
    std::string out;
    for (size_t i = 0; i < r->result.columns.size(); ++i)
      out += (i ? "," : "") + r->result.columns[i];
    for (const auto& row : r->result.rows) {
      out += "|";
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + row[i].ToString();
    }
    return out;
  }
  std::string Error(std::string_view text, const ValueMap& params = {}) {
    auto r = Try(text, params);
    EXPECT_FALSE(r.ok()) << text;
    if (r.ok() || !r.status().query_error()) return r.ok() ? "ok" : r.status().ToString();
    const QueryErrorInfo& e = *r.status().query_error();
    return e.type + "." + e.detail + "@" + e.phase;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
  ProcedureRegistry registry_;
  int void_calls_ = 0;
};

TEST_F(ProcedureTest, StandaloneCallReturnsEveryOutputOrTheYieldedOnes) {
  EXPECT_EQ(Run("CALL test.my.proc('Stefan', 1)"), "city,country_code|'Berlin',49");
  EXPECT_EQ(Run("CALL test.my.proc('Stefan', 1) YIELD *"), "city,country_code|'Berlin',49");
  EXPECT_EQ(Run("CALL test.my.proc('Stefan', 1) YIELD country_code AS cc"), "cc|49");
  EXPECT_EQ(Run("CALL test.my.proc('Stefan', 2)"), "city,country_code");
  EXPECT_EQ(Run("CALL test.doNothing()"), "");
  EXPECT_EQ(Run("CALL test.doNothing"), "");
}

TEST_F(ProcedureTest, StandaloneCallTakesImplicitArgumentsFromParameters) {
  ValueMap params{{"name", Value::String("Stefan")}, {"id", Value::Int(1)}};
  EXPECT_EQ(Run("CALL test.my.proc", params), "city,country_code|'Berlin',49");
  EXPECT_EQ(Error("CALL test.my.proc", ValueMap{{"name", Value::String("Stefan")}}),
            "ParameterMissing.MissingParameter@compile time");
}

TEST_F(ProcedureTest, InQueryCallJoinsRowsAndBindsOnlyWhatItYields) {
  EXPECT_EQ(Run("UNWIND [1, 2, 1] AS i CALL test.my.proc('Stefan', i) YIELD city RETURN i, city"),
            "i,city|1,'Berlin'|1,'Berlin'");
  EXPECT_EQ(Run("CALL test.two() YIELD b, a RETURN a, b"), "a,b|1,2");
  EXPECT_EQ(Run("CALL test.two() YIELD a AS x, b AS y RETURN x, y"), "x,y|1,2");
  EXPECT_EQ(Run("CALL test.two() YIELD a WHERE a > 1 RETURN a"), "a");
  EXPECT_EQ(Run("CALL test.two() YIELD a RETURN *"), "a|1");
  EXPECT_EQ(Error("CALL test.two() RETURN a"), "SyntaxError.UndefinedVariable@compile time");
  EXPECT_EQ(Error("CALL test.two() YIELD c RETURN c"),
            "SyntaxError.UndefinedVariable@compile time");
}

TEST_F(ProcedureTest, VoidCallPassesEachRowOnOnce) {
  EXPECT_EQ(Run("UNWIND [1, 2, 3] AS i CALL test.doNothing() RETURN i"), "i|1|2|3");
  EXPECT_EQ(void_calls_, 3);
  EXPECT_EQ(Run("UNWIND [1, 2] AS i CALL test.doNothing()"), "");
}

TEST_F(ProcedureTest, ArgumentsAreCheckedAgainstTheSignature) {
  EXPECT_EQ(Error("CALL test.my.proc('Dobby')"),
            "SyntaxError.InvalidNumberOfArguments@compile time");
  EXPECT_EQ(Error("CALL test.my.proc('a', 1, 2) YIELD city RETURN city"),
            "SyntaxError.InvalidNumberOfArguments@compile time");
  // A literal's type is known when the query is compiled; a value's only when it runs.
  EXPECT_EQ(Error("CALL test.my.proc('a', true)"), "SyntaxError.InvalidArgumentType@compile time");
  EXPECT_EQ(Error("CALL test.my.proc('a', 1.5) YIELD city RETURN city"),
            "SyntaxError.InvalidArgumentType@compile time");
  EXPECT_EQ(Error("UNWIND [1, 'x'] AS v CALL test.my.proc('a', v) YIELD city RETURN city"),
            "TypeError.InvalidArgumentType@runtime");
  // INTEGER is assignable to FLOAT (converted) and null to anything.
  EXPECT_EQ(Run("CALL test.echo(42)"), "out|42.0");
  EXPECT_EQ(Run("CALL test.echo(null) YIELD out RETURN out"), "out|null");
  EXPECT_EQ(Error("MATCH (n) CALL test.echo(count(n)) YIELD out RETURN out"),
            "SyntaxError.InvalidAggregation@compile time");
}

TEST_F(ProcedureTest, YieldRulesFollowTheCallsPlace) {
  EXPECT_EQ(Error("CALL test.my.proc YIELD city RETURN city"),
            "SyntaxError.InvalidArgumentPassingMode@compile time");
  EXPECT_EQ(Error("CALL test.two() YIELD * RETURN a"), "SyntaxError.UnexpectedSyntax@compile time");
  EXPECT_EQ(Error("WITH 1 AS a CALL test.two() YIELD a RETURN a"),
            "SyntaxError.VariableAlreadyBound@compile time");
  EXPECT_EQ(Error("CALL test.two() YIELD a, b AS a RETURN a"),
            "SyntaxError.VariableAlreadyBound@compile time");
  EXPECT_EQ(Error("CALL test.two() YIELD a AS c, b AS c RETURN c"),
            "SyntaxError.VariableAlreadyBound@compile time");
  EXPECT_EQ(Error("CALL test.nothing()"), "ProcedureError.ProcedureNotFound@compile time");
  EXPECT_EQ(Error("UNWIND [1] AS i CALL test.two() YIELD a"),
            "SyntaxError.InvalidClauseComposition@compile time")
      << "a call inside a query that yields must be followed by more";
}

TEST_F(ProcedureTest, BuiltInsListTheCatalogue) {
  ASSERT_TRUE(Try("CREATE (:B {x: 1})-[:R {w: 2}]->(:A), (:A)").ok());
  ASSERT_TRUE(Try("CREATE INDEX people FOR (n:A) ON (n.name)").ok());
  EXPECT_EQ(Run("CALL db.labels()"), "label|'A'|'B'");
  EXPECT_EQ(Run("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType"),
            "relationshipType|'R'");
  EXPECT_EQ(Run("CALL db.propertyKeys() YIELD propertyKey AS k RETURN collect(k) AS keys"),
            "keys|['w', 'x']");
  EXPECT_EQ(Run("CALL db.indexes() YIELD name, labelsOrTypes, properties"),
            "name,labelsOrTypes,properties|'people',['A'],['name']");
  // Without a registry of its own a statement still has the built-ins.
  auto plain = RunWrite(*writer_, "CALL db.labels() YIELD label RETURN count(*) AS n", {});
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->result.rows[0][0], Value::Int(2));
  // A label whose last node went is gone.
  ASSERT_TRUE(Try("MATCH (b:B) DETACH DELETE b").ok());
  EXPECT_EQ(Run("CALL db.labels()"), "label|'A'");
}

}  // namespace
}  // namespace namidb::query
