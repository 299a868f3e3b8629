// Cypher's scalar functions (openCypher 9): string, list, numeric,
// mathematical and type-conversion functions, and those on nodes,
// relationships and paths. Names are matched without regard to case.
// Aggregates (count, sum, ...) are the planner's, not here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/common/memory_budget.h"

namespace namidb::query {

// ASCII lower case: function names are matched without regard to case
// (the registry keys them so), and toLower() lowers ASCII letters.
std::string AsciiLower(std::string_view text);

// Whether `name` is a scalar function this engine knows.
bool IsScalarFunction(std::string_view name);
// Whether `name` is an aggregating function (count, sum, avg, min, max,
// collect, stDev, stDevP, percentileCont, percentileDisc).
bool IsAggregateFunction(std::string_view name);

// Whether scalar function `name` may take a value of kind `kind` as
// argument `index` (0-based). Null is always taken (null in, null out).
// Every argument of every function of the registry has its kinds listed
// here; the planner makes a certain mismatch (a literal, a bound element) a
// compile-time SyntaxError (InvalidArgumentType) and CallScalarFunction a
// run-time TypeError (InvalidArgumentValue). Functions whose arguments take
// any kind (coalesce, the temporal constructors) take every kind here.
bool FunctionTakes(std::string_view name, size_t index, ValueKind kind);

// Calls a scalar function. A wrong number of arguments or an argument of the
// wrong type is an error with the openCypher classification.
// `statement_time` is the statement's instant for the temporal functions
// (null: the clock's). With `memory`, a function whose result may outgrow
// its arguments (range(), replace(), split()) is refused before it builds
// more than fits (ResourceExhausted).
Result<Value> CallScalarFunction(std::string_view name, const std::vector<Value>& args,
                                 const DateTimeValue* statement_time = nullptr,
                                 MemoryBudget* memory = nullptr);

}  // namespace namidb::query
