// Dynamic labels (`:$(expr)`, Neo4j 5): the labels, or a relationship's
// type, that an expression gives for one row.
#pragma once

#include <string>
#include <vector>

#include "query/execution/evaluator.h"
#include "query/parser/ast.h"

namespace namidb::query {

// `e`'s value for `row` as labels: a STRING is one, a LIST<STRING> each of
// its elements (repeats once). Null, another type, a null element or an
// empty string is an error: a dynamic label names labels.
Result<std::vector<std::string>> EvaluateDynamicLabels(const Expr& e, Row& row,
                                                       const EvalContext& ctx);

// The labels `fixed` and each of `dynamic` give for `row`, each once, in
// that order.
Result<std::vector<std::string>> LabelsForRow(const std::vector<std::string>& fixed,
                                              const std::vector<const Expr*>& dynamic, Row& row,
                                              const EvalContext& ctx);

}  // namespace namidb::query
