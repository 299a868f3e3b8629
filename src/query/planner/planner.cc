#include "query/planner/planner.h"

#include <cstdio>

#include "query/binder/binder.h"
#include "query/binder/check_bound.h"
#include "query/common/query_error.h"
#include "query/planner/node_reads.h"
#include "query/planner/part_planner.h"

namespace namidb::query {
namespace {

void Describe(const Operator& op, int depth, bool profile, std::vector<std::string>* out) {
  std::string line = std::string(depth * 2, ' ') + op.Describe();
  if (profile) {
    char figures[96];
    std::snprintf(figures, sizeof figures, "  (rows %llu, %.3f ms)",
                  static_cast<unsigned long long>(op.rows_out()), op.seconds() * 1000);
    line += figures;
  }
  out->push_back(std::move(line));
  for (const auto& c : op.children()) Describe(*c, depth + 1, profile, out);
}

}  // namespace

Result<QueryPlan> PlanQuery(Query& query, UpdateContext* update,
                            const std::vector<SchemaEntry>& schema, const GraphStats* stats,
                            const ProcedureRegistry* procedures,
                            const OptimizerOptions& optimizer) {
  for (size_t i = 1; i < query.union_all.size(); ++i) {
    if (query.union_all[i] != query.union_all[0]) {
      return SyntaxError("InvalidClauseComposition", query.parts[i + 1].clauses.front().pos,
                         "UNION and UNION ALL cannot be mixed in one query");
    }
  }
  QueryPlan plan;
  NodeReads node_reads(query);
  PartPlanner planner(&plan, update, schema, stats, &node_reads);
  if (procedures) planner.set_procedures(procedures);
  planner.set_optimizer(&optimizer);
  if (query.parts.size() == 1 && query.parts[0].clauses.size() == 1 &&
      query.parts[0].clauses[0].kind == ClauseKind::kCallProcedure) {
    planner.set_standalone_call(&query.parts[0].clauses[0]);
  }
  // Bound and checked before planning: the planner rewrites expressions as
  // it binds them, and takes the statement's names as the binder checked
  // them.
  NAMIDB_RETURN_IF_ERROR(CheckBound(query));
  BoundQuery bound = BindQuery(query);
  for (size_t i = 0; i < query.parts.size(); ++i) {
    NAMIDB_ASSIGN_OR_RETURN(PartPlan p, planner.PlanPart(query.parts[i], bound.parts[i]));
    plan.parts.push_back(std::move(p));
  }
  plan.union_all = query.union_all;
  for (size_t i = 1; i < plan.parts.size(); ++i) {
    if (plan.parts[i].columns != plan.parts[0].columns) {
      return SyntaxError("DifferentColumnsInUnion", query.parts[i].clauses.front().pos,
                         "all parts of a UNION must return the same columns");
    }
  }
  return plan;
}

std::vector<std::string> DescribePlan(const QueryPlan& plan, bool profile) {
  std::vector<std::string> out;
  for (size_t i = 0; i < plan.parts.size(); ++i) {
    if (i > 0) out.push_back(plan.union_all[i - 1] ? "UNION ALL" : "UNION");
    Describe(*plan.parts[i].root, 0, profile, &out);
  }
  return out;
}

}  // namespace namidb::query
