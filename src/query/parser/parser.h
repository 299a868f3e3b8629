// The Cypher parser: query text to a syntax tree (ast.h).
//
// A recursive-descent parser over the tokens of lexer.h, for openCypher 9
// (reading and updating clauses, UNION, CALL subqueries, EXISTS, pattern and
// list comprehensions) plus EXPLAIN and PROFILE. Keywords are matched without
// regard to case and remain usable as names where the grammar allows a name.
// Every error is a SyntaxError (query_error.h) with the line and column of
// the token it could not accept and the openCypher detail, usually
// UnexpectedSyntax; integer literals out of the 64-bit range are
// IntegerOverflow.
//
// Chains of one precedence level (`a AND b AND ...`, `1 + 2 - ...`, `a < b
// < ...`) are parsed into one flat node however long they are. Nesting
// (parentheses, lists, maps, CASE, calls, comprehensions, subqueries) is
// bounded: past kMaxNestingDepth levels the query is a SyntaxError
// (NestingTooDeep) at the token where it went too deep, because the parser,
// the planner and the evaluator each recurse once per level, and the wasm
// build's stack must hold them (docs/architecture.md, "Bounded recursion").
#pragma once

#include <string_view>

#include "core/status.h"
#include "query/parser/ast.h"

namespace namidb::query {

// The deepest nesting of expressions a query may have: levels of the syntax
// tree, and of the parser's own descent (parentheses included). The same
// number as the deepest value a query may build (kMaxBuiltValueDepth in
// evaluator.h) or be passed, so a list literal that parses never fails for
// its depth later.
constexpr int kMaxNestingDepth = 100;
// A subquery (CALL { ... }, EXISTS { ... }, a pattern comprehension) counts
// as this many levels: its pipeline of operators runs inside the
// expression or clause that holds it, a deeper recursion per level.
constexpr int kSubqueryNestingLevels = 8;

Result<Query> Parse(std::string_view query);

}  // namespace namidb::query
