// The function registry (query/functions/function_registry.h): every entry
// resolves by its name in any case, argument counts and kinds are checked
// from the entry, and the aggregates run init / update / finalize over a
// state per group with nulls and DISTINCT handled once for all of them.
#include "query/functions/function_registry.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "query/functions/functions.h"
#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

TEST(FunctionRegistry, EveryScalarEntryResolvesByItsNameInAnyCase) {
  auto all = AllScalarFunctions();
  ASSERT_GT(all.size(), 80u);  // string, list, numeric, graph and temporal functions
  for (const ScalarFunction* f : all) {
    EXPECT_EQ(FindScalarFunction(f->name), f) << f->name;
    EXPECT_EQ(FindScalarFunction(Upper(f->name)), f) << f->name;
    EXPECT_EQ(f->name, AsciiLower(f->name));
    EXPECT_LE(f->min_args, f->max_args) << f->name;
    EXPECT_NE(f->call, nullptr) << f->name;
    EXPECT_EQ(FindAggregateFunction(f->name), nullptr) << f->name << " is both";
  }
  // Temporal functions register into the same registry.
  for (const char* name : {"date", "datetime.fromEpochMillis", "duration.between", "timestamp",
                           "localtime.truncate", "time.statement"}) {
    EXPECT_NE(FindScalarFunction(name), nullptr) << name;
  }
  EXPECT_EQ(FindScalarFunction("noSuchFunction"), nullptr);
  EXPECT_EQ(FindScalarFunction("count"), nullptr);
}

TEST(FunctionRegistry, EveryAggregateEntryResolvesAndHasItsThreeParts) {
  std::map<std::string, AggregateId> expected = {{"count", AggregateId::kCount},
                                                 {"sum", AggregateId::kSum},
                                                 {"avg", AggregateId::kAvg},
                                                 {"min", AggregateId::kMin},
                                                 {"max", AggregateId::kMax},
                                                 {"collect", AggregateId::kCollect},
                                                 {"stDev", AggregateId::kStDev},
                                                 {"stDevP", AggregateId::kStDevP},
                                                 {"percentileCont", AggregateId::kPercentileCont},
                                                 {"percentileDisc", AggregateId::kPercentileDisc}};
  for (const auto& [name, id] : expected) {
    const AggregateFunction* f = FindAggregateFunction(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->id, id) << name;
    EXPECT_EQ(FindAggregateFunction(Upper(name)), f) << name;
    EXPECT_EQ(&AggregateById(id), f) << name;
    EXPECT_EQ(FindScalarFunction(name), nullptr) << name << " is both";
  }
  // count(*) is an entry no call names.
  EXPECT_EQ(FindAggregateFunction("count(*)"), nullptr);
  EXPECT_EQ(CountStarAggregate().id, AggregateId::kCountStar);
  EXPECT_EQ(&AggregateById(AggregateId::kCountStar), &CountStarAggregate());
  auto all = AllAggregateFunctions();
  EXPECT_EQ(all.size(), expected.size() + 1);
  for (const AggregateFunction* f : all) {
    EXPECT_NE(f->init, nullptr) << f->name;
    EXPECT_NE(f->update, nullptr) << f->name;
    EXPECT_NE(f->finalize, nullptr) << f->name;
  }
}

TEST(FunctionRegistry, ArgumentCountsAreTheEntrysOwn) {
  const ScalarFunction& substring = *FindScalarFunction("substring");
  EXPECT_EQ(substring.ArgumentCountProblem("substring", 2), std::nullopt);
  EXPECT_EQ(substring.ArgumentCountProblem("substring", 3), std::nullopt);
  EXPECT_EQ(substring.ArgumentCountProblem("subString", 4),
            "subString() takes 2 to 3 argument(s), got 4");
  EXPECT_EQ(FindScalarFunction("pi")->ArgumentCountProblem("pi", 1),
            "pi() takes 0 argument(s), got 1");
  EXPECT_EQ(FindScalarFunction("coalesce")->ArgumentCountProblem("coalesce", 7), std::nullopt);
}

TEST(FunctionRegistry, ArgumentKindsAreCheckedPerPositionFromTheEntry) {
  const ScalarFunction& left = *FindScalarFunction("left");
  EXPECT_TRUE(left.Takes(0, ValueKind::kString));
  EXPECT_FALSE(left.Takes(0, ValueKind::kInt));
  EXPECT_TRUE(left.Takes(1, ValueKind::kInt));
  EXPECT_FALSE(left.Takes(1, ValueKind::kFloat));
  EXPECT_TRUE(left.Takes(1, ValueKind::kNull));
  // The last listed kinds stand for further arguments.
  EXPECT_TRUE(FindScalarFunction("coalesce")->Takes(5, ValueKind::kMap));
  EXPECT_FALSE(FindScalarFunction("duration.between")->Takes(1, ValueKind::kDuration));
  // At run time: a kind the entry does not take is a TypeError naming the
  // function as written.
  auto wrong = CallScalar(left, "LEFT", {Value::Int(1), Value::Int(1)}, nullptr, nullptr);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().query_error()->type, "TypeError");
  EXPECT_EQ(wrong.status().query_error()->detail, "InvalidArgumentValue");
  EXPECT_NE(wrong.status().message().find("LEFT() does not take"), std::string::npos);
  auto ok = CallScalar(left, "left", {Value::String("abc"), Value::Int(2)}, nullptr, nullptr);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, Value::String("ab"));
  // A function whose result may outgrow its arguments is refused first.
  MemoryBudget small(1000);
  auto big = CallScalar(*FindScalarFunction("range"), "range", {Value::Int(1), Value::Int(100000)},
                        nullptr, &small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), StatusCode::kResourceExhausted);
}

TEST(FunctionRegistry, CallsByNameCheckTheNameAndTheCount) {
  auto unknown = CallScalarFunction("nope", {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().query_error()->detail, "UnknownFunction");
  auto count = CallScalarFunction("toUpper", {Value::String("a"), Value::String("b")});
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.status().query_error()->detail, "InvalidNumberOfArguments");
  auto upper = CallScalarFunction("TOUPPER", {Value::String("ab")});
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, Value::String("AB"));
}

// Runs aggregate `name` over groups of values, each group in a state of its
// own, and returns each group's result as text.
std::vector<std::string> Aggregate(const AggregateFunction& f, bool distinct,
                                   const std::vector<std::vector<Value>>& groups,
                                   const Value* parameter = nullptr) {
  MemoryBudget budget;
  MemoryHold hold;
  AggregateContext ctx{&budget, &hold, SourcePos()};
  std::vector<AggregateState> states(groups.size());
  for (AggregateState& s : states) f.init(s);
  // Interleaved, as rows of different groups arrive.
  size_t longest = 0;
  for (const auto& g : groups) longest = std::max(longest, g.size());
  for (size_t i = 0; i < longest; ++i) {
    for (size_t g = 0; g < groups.size(); ++g) {
      if (i >= groups[g].size()) continue;
      Status s = Accumulate(f, distinct, states[g], groups[g][i], ctx);
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
  }
  std::vector<std::string> out;
  for (AggregateState& s : states) {
    auto r = f.finalize(f, s, parameter);
    out.push_back(r.ok() ? r->ToString() : r.status().query_error()->detail);
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(FunctionRegistry, AggregatesKeepAStatePerGroupAndSkipNulls) {
  const Value n = Value();
  auto I = [](int64_t i) { return Value::Int(i); };
  std::vector<std::vector<Value>> groups = {
      {I(1), n, I(3), I(3)}, {n, n}, {}, {I(5), Value::Float(0.5)}};
  EXPECT_EQ(Aggregate(*FindAggregateFunction("count"), false, groups),
            (Strings{"3", "0", "0", "2"}));
  EXPECT_EQ(Aggregate(CountStarAggregate(), false, groups), (Strings{"4", "2", "0", "2"}));
  EXPECT_EQ(Aggregate(*FindAggregateFunction("sum"), false, groups),
            (Strings{"7", "0", "0", "5.5"}));
  EXPECT_EQ(Aggregate(*FindAggregateFunction("avg"), false, groups),
            (Strings{Value::Float(7.0 / 3).ToString(), "null", "null", "2.75"}));
  EXPECT_EQ(Aggregate(*FindAggregateFunction("min"), false, groups),
            (Strings{"1", "null", "null", "0.5"}));
  EXPECT_EQ(Aggregate(*FindAggregateFunction("max"), false, groups),
            (Strings{"3", "null", "null", "5"}));
  EXPECT_EQ(Aggregate(*FindAggregateFunction("collect"), false, groups),
            (Strings{"[1, 3, 3]", "[]", "[]", "[5, 0.5]"}));
  EXPECT_EQ(Aggregate(*FindAggregateFunction("stDevP"), false, {{I(2), I(4), n}}),
            (Strings{"1.0"}));
  const Value half = Value::Float(0.5);
  EXPECT_EQ(
      Aggregate(*FindAggregateFunction("percentileDisc"), false, {{I(3), I(1), I(2)}, {}}, &half),
      (Strings{"2", "null"}));
  const Value out_of_range = Value::Float(1.5);
  EXPECT_EQ(Aggregate(*FindAggregateFunction("percentileCont"), false, {{I(1)}}, &out_of_range),
            (Strings{"NumberOutOfRange"}));
}

TEST(FunctionRegistry, DistinctCountsEachValueOncePerGroup) {
  auto I = [](int64_t i) { return Value::Int(i); };
  std::vector<std::vector<Value>> groups = {{I(1), I(1), I(2), Value(), I(2)}, {I(1), I(1)}};
  EXPECT_EQ(Aggregate(*FindAggregateFunction("count"), true, groups), (Strings{"2", "1"}));
  EXPECT_EQ(Aggregate(*FindAggregateFunction("sum"), true, groups), (Strings{"3", "1"}));
  EXPECT_EQ(Aggregate(*FindAggregateFunction("collect"), true, groups), (Strings{"[1, 2]", "[1]"}));
  // 1 and 1.0 are the same value to DISTINCT.
  EXPECT_EQ(Aggregate(*FindAggregateFunction("count"), true, {{I(1), Value::Float(1.0)}}),
            (Strings{"1"}));
  // Where duplicates change nothing, DISTINCT keeps no set.
  EXPECT_FALSE(FindAggregateFunction("max")->duplicates_matter);
  EXPECT_TRUE(FindAggregateFunction("count")->duplicates_matter);
  EXPECT_EQ(Aggregate(*FindAggregateFunction("max"), true, groups), (Strings{"2", "1"}));
}

TEST(FunctionRegistry, AnAggregateOfTheWrongKindIsATypeError) {
  const AggregateFunction& sum = *FindAggregateFunction("sum");
  MemoryBudget budget;
  MemoryHold hold;
  AggregateContext ctx{&budget, &hold, SourcePos()};
  AggregateState state;
  sum.init(state);
  Status s = Accumulate(sum, false, state, Value::String("x"), ctx);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.query_error()->type, "TypeError");
  EXPECT_EQ(s.query_error()->detail, "InvalidArgumentType");
}

TEST(FunctionRegistry, QueriesResolveCallsAtPlanTime) {
  Statements s;
  // Unknown names and wrong counts are compile-time errors, even where no
  // row would reach the call.
  EXPECT_EQ(s.Run("MATCH (n) RETURN noSuchFunction(n)"), "SyntaxError.UnknownFunction@compile");
  EXPECT_EQ(s.Run("MATCH (n) RETURN toUpper(n.name, n.other)"),
            "SyntaxError.InvalidNumberOfArguments@compile");
  EXPECT_EQ(s.Run("MATCH (n) RETURN substring(n.name)"),
            "SyntaxError.InvalidNumberOfArguments@compile");
  EXPECT_EQ(s.Run("RETURN percentileCont(1)"), "SyntaxError.InvalidNumberOfArguments@compile");
  EXPECT_EQ(s.Run("UNWIND [1, 2, 2, null] AS x RETURN ToUpper('a') AS u, COUNT(DISTINCT x) AS c, "
                  "Sum(x) AS s, count(*) AS n"),
            "u,c,s,n|'A',2,5,4");
  EXPECT_EQ(s.Run("UNWIND [1, 2, 3, 4] AS x RETURN x % 2 AS g, collect(x) AS l ORDER BY g"),
            "g,l|0,[2, 4]|1,[1, 3]");
}

}  // namespace
}  // namespace namidb::query
