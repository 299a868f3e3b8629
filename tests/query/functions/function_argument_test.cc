// The rule for a built-in function's arguments: every argument of every
// function has the kinds it takes listed once, in its registry entry
// (function_registry.h ScalarFunction::takes).
// A kind the query text makes certain (a literal, an operator's result, a
// variable bound to an element) that the function does not take is a
// compile-time SyntaxError (InvalidArgumentType); a value found to be of
// such a kind while running is a TypeError (InvalidArgumentValue); a value
// of the right kind outside the function's domain is an ArgumentError.
#include <gtest/gtest.h>

#include "query/functions/functions.h"
#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(FunctionArguments, EveryRegistryFunctionListsItsKinds) {
  // A function that takes no listed kind for an argument would take anything.
  for (const char* fn :
       {"toInteger", "toFloat",  "toBoolean", "toString",  "abs",     "ceil",          "floor",
        "round",     "sign",     "sqrt",      "exp",       "log",     "log10",         "sin",
        "cos",       "tan",      "cot",       "asin",      "acos",    "atan",          "degrees",
        "radians",   "haversin", "atan2",     "toUpper",   "toLower", "trim",          "lTrim",
        "rTrim",     "replace",  "split",     "substring", "left",    "right",         "reverse",
        "size",      "head",     "last",      "tail",      "range",   "keys",          "properties",
        "id",        "labels",   "type",      "length",    "nodes",   "relationships", "startNode",
        "endNode"}) {
    EXPECT_FALSE(FunctionTakes(fn, 0, ValueKind::kBytes)) << fn;
    EXPECT_TRUE(FunctionTakes(fn, 0, ValueKind::kNull)) << fn;
  }
  // Neo4j 5's (neo4j_functions.h and the new forms in functions.h).
  for (const char* fn : {"isNaN", "upper", "lower", "btrim", "char_length", "character_length",
                         "sinh", "cosh", "tanh", "coth", "isEmpty", "toIntegerList", "toFloatList",
                         "toBooleanList", "toStringList"}) {
    EXPECT_FALSE(FunctionTakes(fn, 0, ValueKind::kBytes)) << fn;
    EXPECT_TRUE(FunctionTakes(fn, 0, ValueKind::kNull)) << fn;
  }
  EXPECT_TRUE(FunctionTakes("coalesce", 3, ValueKind::kMap));
  EXPECT_TRUE(FunctionTakes("substring", 2, ValueKind::kInt));
  EXPECT_FALSE(FunctionTakes("substring", 2, ValueKind::kFloat));
}

TEST(FunctionArguments, AKindTheTextMakesCertainIsACompileTimeError) {
  Statements s;
  for (const char* q : {"RETURN abs('x')",
                        "RETURN toUpper(1)",
                        "RETURN size(1)",
                        "RETURN range(1, 10, 1.0)",
                        "RETURN range(1, 'a')",
                        "RETURN substring('abc', '1')",
                        "RETURN left('abc', 1.5)",
                        "RETURN toInteger([1])",
                        "RETURN toString({a: 1})",
                        "RETURN toBoolean(1.5)",
                        "RETURN sqrt(1 < 2)",
                        "RETURN split('a,b', 1 + 1)",
                        "RETURN head('abc')",
                        "RETURN keys(1)",
                        "MATCH (n) RETURN type(n)",
                        "MATCH ()-[r]->() RETURN labels(r)",
                        "MATCH (n) RETURN nodes(n)",
                        "MATCH (n) RETURN length(n)",
                        "MATCH ()-[r]->() RETURN relationships(r)",
                        "MATCH (n) RETURN startNode(n)",
                        "WITH 'a' AS s RETURN abs(s)",
                        "RETURN [x IN [1, 2] | toUpper(x)]"}) {
    EXPECT_EQ(s.Run(q), "SyntaxError.InvalidArgumentType@compile") << q;
  }
}

TEST(FunctionArguments, AKindFoundWhileRunningIsATypeError) {
  Statements s;
  s.Run("CREATE ()-[:T]->()");
  for (const char* q :
       {"UNWIND [1, 'x'] AS v RETURN abs(v)", "UNWIND ['a', 1] AS v RETURN toUpper(v)",
        "MATCH p = (n)-[r]->() RETURN [x IN [n, r, p, 1] | labels(x)]",
        "MATCH p = (n)-[r]->() RETURN [x IN [r, n] | type(x)]",
        "MATCH p = (n)-[r]->() RETURN [x IN [1, p, r] | length(x)]",
        "MATCH p = (n)-[r]->() RETURN [x IN [p, n] | nodes(x)]",
        "MATCH (n)-[r]->() RETURN [x IN [r, n] | startNode(x)]",
        "UNWIND [[1], {a: 1}] AS v RETURN toInteger(v)", "UNWIND [3, 1.5] AS v RETURN range(1, v)",
        "WITH [1, 'x'] AS l RETURN left('abc', l[1])"}) {
    EXPECT_EQ(s.Run(q), "TypeError.InvalidArgumentValue@runtime") << q;
  }
}

TEST(FunctionArguments, AValueOutsideTheDomainIsAnArgumentError) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN range(2, 8, 0)"), "ArgumentError.NumberOutOfRange@runtime");
  EXPECT_EQ(s.Run("RETURN substring('abc', -1)"), "ArgumentError.NegativeIntegerArgument@runtime");
  EXPECT_EQ(s.Run("RETURN left('abc', -1)"), "ArgumentError.NegativeIntegerArgument@runtime");
  EXPECT_EQ(s.Run("RETURN right('abc', -2)"), "ArgumentError.NegativeIntegerArgument@runtime");
  // Null in, null out, whatever the function.
  EXPECT_EQ(
      s.Run("RETURN abs(null) AS a, toUpper(null) AS b, labels(null) AS c, length(null) AS d"),
      "a,b,c,d|null,null,null,null");
  // The kinds that are taken still work.
  EXPECT_EQ(s.Run("RETURN abs(-1.5) AS a, size('ab') AS b, size([1]) AS c, reverse('ab') AS d"),
            "a,b,c,d|1.5,2,1,'ba'");
}

}  // namespace
}  // namespace namidb::query
