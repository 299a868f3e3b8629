// The planner: a parsed query to a pipeline of operators (execution/operator.h;
// each operator and its Make* factory in execution/operators/).
//
// It walks the clauses of each query part in order, keeping the variables in
// scope (name -> row slot): MATCH becomes a node scan (by label when the
// pattern has one, starting from an already bound node when there is one)
// and one Expand per relationship; WHERE a Filter; WITH and RETURN a
// projection (with an Aggregate when an item aggregates, then DISTINCT,
// ORDER BY, SKIP, LIMIT); OPTIONAL MATCH an Optional around the inner
// pipeline; UNWIND an Unwind. Binding a variable that is not in scope is a
// SyntaxError (UndefinedVariable) pointing at it. Each clause (and the
// pattern of a MERGE or a pattern predicate) becomes a logical plan over
// the operators so far (optimizer/logical_plan.h), which the optimizer's
// rules rewrite (optimizer/optimizer.h) before physical_plan.h makes
// operators of it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "query/execution/operator.h"
#include "query/execution/operators/argument.h"
#include "query/execution/update_context.h"
#include "query/functions/procedures.h"
#include "query/optimizer/optimizer.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct PartPlan {
  OperatorPtr root;
  std::vector<std::string> columns;
  std::vector<int> column_slots;
  size_t width = 0;
};

struct QueryPlan {
  std::vector<PartPlan> parts;  // joined by UNION
  std::vector<bool> union_all;
  // Expressions the planner made (RETURN * items); operators point into them.
  std::vector<ExprPtr> owned;
  // The sub-pipelines of pattern predicates, pattern comprehensions and
  // EXISTS (Expr::subplan), each starting from an Argument.
  struct Subplan {
    OperatorPtr root;
    ArgumentOperator* argument = nullptr;
  };
  std::vector<Subplan> subplans;
};

// Plans `query`, annotating its expressions with
// slots: the query must outlive the plan. Without `update` (a read-only
// query) an updating clause is an error; with it, updating clauses stage
// their changes through `update->writer`.
// `schema`: the indexes node patterns may be looked up by; `stats`: the
// counts per label that choose where a pattern starts (the smallest).
// `procedures`: what CALL may call (null: the built-ins). `optimizer`: the
// rules to leave out (tests compare plans with and without one).
Result<QueryPlan> PlanQuery(Query& query, UpdateContext* update = nullptr,
                            const std::vector<SchemaEntry>& schema = {},
                            const GraphStats* stats = nullptr,
                            const ProcedureRegistry* procedures = nullptr,
                            const OptimizerOptions& optimizer = {});

// The operator tree, one operator per line, children indented (EXPLAIN);
// with `profile`, each line also gives the rows the operator handed out and
// the time spent in it and below it (PROFILE, after running).
std::vector<std::string> DescribePlan(const QueryPlan& plan, bool profile = false);

}  // namespace namidb::query
