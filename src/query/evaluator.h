// Expression evaluation over one row.
//
// The planner has bound every variable to a row slot (Expr::slot), every
// comprehension, quantifier and reduce variable to a scratch slot past the
// row's own (Expr::local_slot), and every aggregate to the slot its result
// is in; evaluation is then a walk of the tree with Cypher's semantics
// (value_ops.h, functions.h).
#pragma once

#include <optional>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/ast.h"
#include "storage/graph_reader.h"

namespace namidb::query {

using Row = std::vector<Value>;

// Runs the sub-pipeline the planner made for a pattern predicate, pattern
// comprehension or EXISTS (Expr::subplan), with `row` as its argument.
class SubplanRunner {
 public:
  virtual ~SubplanRunner() = default;
  // The rows the sub-pipeline produces (only the first if `first_only`).
  virtual Result<std::vector<Row>> Run(int subplan, const Row& row, bool first_only) = 0;
};

struct EvalContext {
  const ValueMap* params = nullptr;
  SubplanRunner* subplans = nullptr;
  GraphReader* graph = nullptr;  // for functions that read records (startNode, endNode)
  // The statement's instant: date(), datetime(), timestamp() ... read it.
  std::optional<DateTimeValue> statement_time;
};

// `row` may grow: scratch slots for local variables live at its end.
Result<Value> Evaluate(const Expr& e, Row& row, const EvalContext& ctx);

}  // namespace namidb::query
