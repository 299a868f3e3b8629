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
#pragma once

#include <string_view>

#include "core/status.h"
#include "query/ast.h"

namespace namidb::query {

Result<Query> Parse(std::string_view query);

}  // namespace namidb::query
