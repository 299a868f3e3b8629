// The one registry of Cypher's built-in functions, as data: each scalar
// function an entry (its name, how many arguments it takes, the kinds each
// argument takes, the call), each aggregate an entry (init / update /
// finalize over a state per group). functions.cc, temporal_functions.cc and
// aggregate_functions.cc define the entries; the registry keys them by
// lower-case name once.
//
// The binder refuses a call of an unknown name before planning
// (binder/check_bound.h); the planner resolves every call once
// (Expr::function, Expr::aggregate): a wrong number of arguments is a
// compile-time SyntaxError there, a kind of argument the query text makes
// certain and the entry does not take too; the evaluator and the Aggregate
// operator then call through the entry, with no lookup by name per row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/common/memory_budget.h"
#include "query/common/query_error.h"
#include "query/functions/value_ops.h"

namespace namidb::query {

// A set of value kinds, one bit per ValueKind.
using KindSet = uint32_t;
constexpr KindSet KindBit(ValueKind k) { return KindSet{1} << static_cast<unsigned>(k); }
constexpr KindSet kAnyKind = ~KindSet{0};

// The functions the planner or the evaluator treat apart from their call;
// every other is kOther.
enum class FunctionId : uint8_t {
  kOther,
  kExists,     // exists(pattern) and exists(n.prop): the evaluator answers it
  kStartNode,  // startNode / endNode read the graph: the evaluator answers them
  kEndNode,
  kId,  // id / elementId / labels need no more of a node than that
  kElementId,
  kLabels,
  kKeys,  // keys / properties / labels read what a deleted element lost
  kProperties,
  kRandom,  // rand(): a value per call, never aggregated
};

struct ScalarFunction;
using ScalarCall = Result<Value> (*)(const ScalarFunction& self, const std::vector<Value>& args,
                                     const DateTimeValue* statement_time);

struct ScalarFunction {
  std::string name;  // lower case: what calls are matched against, without regard to case
  FunctionId id = FunctionId::kOther;
  size_t min_args = 0;
  size_t max_args = 0;
  // The kinds argument i takes, the last entry standing for any further
  // arguments; empty: any kind. Null is always taken (null in, null out).
  std::vector<KindSet> takes;
  // Whether a call checks `takes` before running (the temporal functions
  // check their own arguments, for their own messages).
  bool checks_kinds = true;
  ScalarCall call = nullptr;
  // What `call` runs, by family: most functions map their arguments; the
  // mathematical ones a double, the string ones a string; the temporal ones
  // take their own name (date.truncate is time.truncate with another kind).
  Result<Value> (*of_args)(const std::vector<Value>& args) = nullptr;
  double (*of_double)(double) = nullptr;
  std::string (*of_text)(const std::string&) = nullptr;
  Result<Value> (*temporal)(std::string_view name, const std::vector<Value>& args,
                            const DateTimeValue& now) = nullptr;
  // What a call could build at most (range(), replace(), split()), checked
  // against the statement's memory before it builds; null: nothing beyond
  // its arguments.
  uint64_t (*result_bytes)(const std::vector<Value>& args) = nullptr;
  // As messages name it ("toUpper"); the name when empty.
  std::string display;

  // Whether argument `index` (0-based) may be of kind `kind`.
  bool Takes(size_t index, ValueKind kind) const;
  // What is wrong with a call of `count` arguments ("f() takes 1
  // argument(s), got 2"), or nothing when they fit; `written` is the name as
  // the query wrote it. Callers raise it as SyntaxError
  // (InvalidNumberOfArguments), at the call's place where they know it.
  std::optional<std::string> ArgumentCountProblem(std::string_view written, size_t count) const;
};

// The state of one aggregate in one group.
struct AggregateState {
  int64_t count = 0;
  bool integral = true;
  int64_t int_sum = 0;
  double float_sum = 0;
  bool overflowed = false;
  std::optional<Value> best;  // min / max; sum / avg of durations: their sum so far
  ValueList values;           // collect, stDev, percentiles
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen;  // DISTINCT
};

// What an update may need besides the value: the statement's memory, and a
// hold for what the state keeps (collected values, DISTINCT sets).
struct AggregateContext {
  MemoryBudget* memory = nullptr;
  MemoryHold* hold = nullptr;
  SourcePos argument_pos;  // where the argument is written, for errors naming it
};

enum class AggregateId : uint8_t {
  kCountStar,
  kCount,
  kSum,
  kAvg,
  kMin,
  kMax,
  kCollect,
  kStDev,
  kStDevP,
  kPercentileCont,
  kPercentileDisc,
};

struct AggregateFunction {
  std::string name;  // lower case; "count(*)" for count(*), which no call names
  AggregateId id = AggregateId::kCount;
  size_t arguments = 1;  // 2: percentiles, whose second is a parameter evaluated per group
  // Whether null arguments reach update (count(*) counts rows); the others
  // skip nulls.
  bool takes_nulls = false;
  // Whether the same value twice may change the result: false for min and
  // max, where DISTINCT changes nothing and rows may repeat freely.
  bool duplicates_matter = true;
  void (*init)(AggregateState& state) = nullptr;
  Status (*update)(const AggregateFunction& self, AggregateState& state, const Value& v,
                   AggregateContext& ctx) = nullptr;
  // `parameter`: the percentile (null for the others).
  Result<Value> (*finalize)(const AggregateFunction& self, AggregateState& state,
                            const Value* parameter) = nullptr;
};

// The scalar function named `name` (any case), or null.
const ScalarFunction* FindScalarFunction(std::string_view name);

// What a scalar function raises for an argument of a kind it does not take
// when that is found while running: TypeError (InvalidArgumentValue),
// "f() does not take STRING".
Status WrongArgumentType(std::string_view fn, const Value& v);
// The aggregate named `name` (any case), or null.
const AggregateFunction* FindAggregateFunction(std::string_view name);
// count(*).
const AggregateFunction& CountStarAggregate();
// The aggregate `id` (the planner's rewrites make some: a sum of counts).
const AggregateFunction& AggregateById(AggregateId id);
// Every entry, in name order (tests walk them).
std::vector<const ScalarFunction*> AllScalarFunctions();
std::vector<const AggregateFunction*> AllAggregateFunctions();

// Calls a resolved scalar function with arguments whose number the planner
// checked. An argument of a kind the entry does not take is a TypeError
// (InvalidArgumentValue) naming the function as `written`. `statement_time`
// is the statement's instant for the temporal functions (null: the
// clock's); with `memory`, a function whose result may outgrow its
// arguments is refused before it builds more than fits (ResourceExhausted).
Result<Value> CallScalar(const ScalarFunction& f, std::string_view written,
                         const std::vector<Value>& args, const DateTimeValue* statement_time,
                         MemoryBudget* memory);

// Adds `v` to `state` for aggregate `f`: nulls skipped unless the
// aggregate takes them; with `distinct` (where duplicates matter), a value
// seen before in the group is skipped and a new one held in ctx.hold.
Status Accumulate(const AggregateFunction& f, bool distinct, AggregateState& state, const Value& v,
                  AggregateContext& ctx);

// By name, for callers without a plan: whether scalar function `name` may
// take a value of kind `kind` as argument `index` (any kind for a name not
// registered), and a call that resolves `name` and checks the argument
// count first (SyntaxError: UnknownFunction, InvalidNumberOfArguments).
bool FunctionTakes(std::string_view name, size_t index, ValueKind kind);
Result<Value> CallScalarFunction(std::string_view name, const std::vector<Value>& args,
                                 const DateTimeValue* statement_time = nullptr,
                                 MemoryBudget* memory = nullptr);

}  // namespace namidb::query
