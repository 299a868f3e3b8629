// When two expressions are the same expression, as openCypher decides it
// for a projection: an ORDER BY item or a WITH ... WHERE that repeats a
// projected expression reads the projected value, and after aggregation
// only grouping keys, the projection's aggregates and its aliases may be
// used. Sameness is of structure, not of text: whitespace, comments,
// parentheses and the case of function names do not matter.
#pragma once

#include <set>
#include <string>

#include "query/parser/ast.h"

namespace namidb::query {

// True when `a` and `b`, evaluated in the same scope, are the same
// expression: the same kind and operator, function names equal ignoring
// case, literals equal by value (1 and 1.0 differ), parameters, variables,
// property keys and labels by name (labels as a set, map entries in any
// order), children recursively. `a + b + c` and `(a + b) + c` are the
// same (one left-associative chain); `a + (b + c)` is not. A variable a
// comprehension, quantifier or reduce() binds is compared by name, which
// is exact when both sides are evaluated in the same scope. Conservative
// where sameness would need more: an EXISTS subquery equals nothing.
bool SameExpression(const Expr& a, const Expr& b);

// The names of the scope around `e` that it reads: its variables, less
// those its comprehensions, quantifiers and reduce() bind locally. Every
// variable of a pattern in it counts (whether the pattern binds it anew
// depends on the scope), so the set may say more than is read, never less;
// an EXISTS subquery's clauses are not walked, and `*has_subquery` (when
// given) says whether there is one, which may read any name.
std::set<std::string> ExpressionReads(const Expr& e, bool* has_subquery = nullptr);

}  // namespace namidb::query
