// Property values as a statement stores them: what Cypher can store, and
// a pattern's or SET's property map evaluated for one row.
#pragma once

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

// A property value Cypher can store: null (meaning "remove"), booleans,
// numbers, strings, and lists of those.
Status CheckStorable(const Value& v);

// The entries of a map value (or of a node's or relationship's properties).
Result<ValueMap> MapOf(const Value& v);

// `for_merge`: MERGE cannot create what it could never match again, so a
// null property value is an error there.
Result<ValueMap> EvaluateProperties(const Expr* e, Row& row, ExecContext& ctx, bool for_merge);

}  // namespace namidb::query
