// Cypher's scalar functions (openCypher 9): string, list, numeric,
// mathematical and type-conversion functions, and those on nodes,
// relationships and paths, as entries of the function registry
// (function_registry.h), with the forms Neo4j 5 adds to them (round()
// to a precision, split() at any of several delimiters, trimming a given
// character, lower / upper, the hyperbolic functions, isNaN,
// char_length). Names are matched without regard to case.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "query/functions/function_registry.h"

namespace namidb::query {

// ASCII lower case: function names are matched without regard to case
// (the registry keys them so), and toLower() lowers ASCII letters.
std::string AsciiLower(std::string_view text);

// toInteger(), toFloat(), toBoolean(), toString() of one value: null for
// null and for text that does not convert, a TypeError for a kind the
// function does not take.
Result<Value> ConvertToInteger(const Value& v);
Result<Value> ConvertToFloat(const Value& v);
Result<Value> ConvertToBoolean(const Value& v);
Result<Value> ConvertToString(const Value& v);

// The entries above, for the registry: each with its argument counts, the
// kinds each argument takes (a function listed without kinds takes any)
// and its call. startNode, endNode and exists() are listed for their
// arguments; the evaluator answers them (FunctionId).
std::vector<ScalarFunction> ScalarFunctionEntries();

}  // namespace namidb::query
