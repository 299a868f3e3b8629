// The binder's checks: the errors of names a statement has, found before
// anything is planned, so that the planner may take the statement as well
// bound. Each is reported with the code and source position the planner
// gave it before (openCypher's), and the first in the order the planner
// walks the statement: clause after clause, a clause's expressions in the
// order they are bound.
//
// Checked so far: NoVariablesInScope (a RETURN * with nothing in scope,
// a subquery's included) and UnknownFunction (a call of a name the
// function registry does not have). UndefinedVariable,
// VariableAlreadyBound, VariableTypeConflict and the number of a call's
// arguments are still the planner's.
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

}  // namespace namidb::query
