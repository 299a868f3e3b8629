// Expression evaluation over one row.
//
// The planner has bound every variable to a row slot (Expr::slot), every
// comprehension, quantifier and reduce variable to a scratch slot past the
// row's own (Expr::local_slot), and every aggregate to the slot its result
// is in, and every function call to its registry entry (Expr::function);
// evaluation is then a walk of the tree with Cypher's semantics
// (value_ops.h, function_registry.h).
#pragma once

#include <optional>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/common/memory_budget.h"
#include "query/execution/interrupts.h"
#include "query/parser/ast.h"
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
  // The statement's memory and its deadline (null: unbounded): values the
  // evaluator builds must fit (MemoryBudget::CheckFits), and loops over
  // list elements poll (Interrupts::Poll).
  MemoryBudget* memory = nullptr;
  Interrupts* interrupts = nullptr;
  // Nodes and relationships the statement deleted so far: reading their
  // properties or labels is an EntityNotFound error (DeletedEntityAccess);
  // their identity (id, type, endpoints) stays readable.
  const std::unordered_set<Uuid, UuidHash>* deleted = nullptr;
};

// ResourceExhausted naming `what` and where (`at`) if `depth` (ValueSize)
// passes kMaxBuiltValueDepth (common/memory_budget.h, CheckBuiltDepth).
Status CheckValueDepth(int depth, const Expr& at, std::string_view what);

// Whether `v` is a node or relationship in `deleted` (what the statement
// deleted so far; null: nothing).
bool DeletedByStatement(const Value& v, const std::unordered_set<Uuid, UuidHash>* deleted);

// The EntityNotFound (DeletedEntityAccess) error of an `action` on the
// deleted node or relationship `v` ("read property 'num' of", "set a
// property of"), for reads and writes alike.
Status DeletedEntityError(const Value& v, std::string_view action);

// EntityNotFound (DeletedEntityAccess) if `v` is a node or relationship the
// statement deleted; `what` names the read ("property 'num'", "labels").
Status CheckNotDeleted(const Value& v, const EvalContext& ctx, std::string_view what);

// `row` may grow: scratch slots for local variables live at its end.
Result<Value> Evaluate(const Expr& e, Row& row, const EvalContext& ctx);

// `e`'s value where it is, with no copy, when it is a variable, a literal
// or a given parameter; else evaluated into `*held`. A pointer into `row`
// lasts until the row grows (evaluating anything else may grow it).
Result<const Value*> EvaluateOperand(const Expr& e, Row& row, const EvalContext& ctx, Value* held);

}  // namespace namidb::query
