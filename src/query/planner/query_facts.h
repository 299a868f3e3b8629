// What the planner asks of expressions and clauses as written: the
// aggregates in a projection item, whether
// an expression reads a variable or a parameter, whether a MATCH's rows
// may come in copies.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "query/parser/ast.h"

namespace namidb::query {

// Whether `e` itself is an aggregate call.
bool IsAggregate(const Expr& e);

// Every aggregate in `e`, outermost first (an aggregate's arguments are not
// searched: a nested aggregate is an error the binder reports).
void FindAggregates(Expr& e, std::vector<Expr*>* out);

// "EXISTS", "COUNT" or "COLLECT": a subquery expression's keyword.
std::string SubqueryName(const Expr& e);

// A call of rand() in `e`, or null.
const Expr* FindRandom(const Expr& e);

// Whether the rows reaching clause `at` (a MATCH) may come in any number
// of copies without changing the result: up to the next WITH / RETURN only
// MATCH and UNWIND follow, and that projection is DISTINCT or aggregates
// with DISTINCT aggregates (or min / max) only.
bool OnlyDistinctRowsMatter(std::vector<Clause>& clauses, size_t at);

// Whether `clauses` may read the graph: anything but UNWIND, LOAD CSV and
// projections, or an expression with a pattern or a subquery. Without a
// MATCH nothing gives them a node to read from.
bool ReadsGraph(std::span<const Clause> clauses);

bool ContainsVariable(const Expr& e);

bool ContainsParameter(const Expr& e);

}  // namespace namidb::query
