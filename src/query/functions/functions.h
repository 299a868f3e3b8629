// Cypher's scalar functions (openCypher 9): string, list, numeric,
// mathematical and type-conversion functions, and those on nodes,
// relationships and paths, as entries of the function registry
// (function_registry.h). Names are matched without regard to case.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "query/functions/function_registry.h"

namespace namidb::query {

// ASCII lower case: function names are matched without regard to case
// (the registry keys them so), and toLower() lowers ASCII letters.
std::string AsciiLower(std::string_view text);

// The entries above, for the registry: each with its argument counts, the
// kinds each argument takes (a function listed without kinds takes any)
// and its call. startNode, endNode and exists() are listed for their
// arguments; the evaluator answers them (FunctionId).
std::vector<ScalarFunction> ScalarFunctionEntries();

}  // namespace namidb::query
