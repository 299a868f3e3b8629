// The binder's checks: the errors of names a statement has, found before
// anything is planned, so that the planner may take the statement as well
// bound. Each is reported with the code and source position the planner
// gave it before (openCypher's), and the first in the order the planner
// walks the statement: clause after clause, a clause's expressions in the
// order they are bound.
//
// Checked here:
// - NoVariablesInScope: a RETURN * with nothing in scope, a subquery's
//   included;
// - UnknownFunction: a call of a name the function registry does not have;
// - UndefinedVariable: a name read outside the scope that binds it;
// - VariableAlreadyBound: a name UNWIND, LOAD CSV, a path, a CALL
//   subquery's columns or a pattern to create introduces again, or a node
//   of a pattern to create named again with labels or properties (or
//   alone);
// - InvalidNumberOfArguments: a function called with a number of arguments
//   it does not take;
// - UnexpectedSyntax: YIELD * in a call that is not the whole statement.
// Still the planner's: the names an ORDER BY or WHERE after an aggregating
// or DISTINCT projection may not read (which depends on the expressions it
// repeats), a procedure's outputs and arguments (which its signature
// holds), the new names of a pattern predicate, VariableTypeConflict and
// the kinds of a call's arguments.
#pragma once

#include <vector>

#include "core/status.h"
#include "query/parser/ast.h"

namespace namidb::query {

// Whether a CALL subquery's part sees the scope around it: only through a
// leading WITH of plain variables (or *), with no DISTINCT, ORDER BY, SKIP,
// LIMIT or WHERE. Any other part starts from an empty scope.
bool ImportsScope(const std::vector<Clause>& part);

// OK, or the first error of names in `query`. Never modifies it.
Status CheckBound(const Query& query);

// The first clause that changes the graph in `c` (itself, or one inside its
// CALL { } subquery) or in `q`, or null.
const Clause* FindUpdatingClause(const Clause& c);
const Clause* FindUpdatingClause(const Query& q);

}  // namespace namidb::query
