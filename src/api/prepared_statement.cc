#include "api/prepared_statement.h"

#include <utility>

#include "query/parser/parser.h"

namespace namidb::api {

Result<std::unique_ptr<PreparedStatement>> PreparedStatement::Prepare(std::string text) {
  NAMIDB_RETURN_IF_ERROR(query::Parse(text).status());
  return std::unique_ptr<PreparedStatement>(new PreparedStatement(std::move(text)));
}

std::unique_ptr<PreparedStatement> PreparedStatement::Unparsed(std::string text) {
  return std::unique_ptr<PreparedStatement>(new PreparedStatement(std::move(text)));
}

Result<query::PlannedStatement*> PreparedStatement::PlanFor(
    bool write, const GraphReader& graph, const query::ProcedureRegistry* procedures) {
  std::unique_ptr<query::PlannedStatement>& kept = write ? write_ : read_;
  if (kept && query::PlanStillHolds(*kept, graph, procedures)) return kept.get();
  kept.reset();  // a plan that failed to be made again is not kept either
  NAMIDB_ASSIGN_OR_RETURN(kept, query::PlanStatement(text_, write, graph, procedures));
  ++plans_;
  return kept.get();
}

Result<query::QueryResult> PreparedStatement::Query(GraphReader& graph, const ValueMap& params,
                                                    const query::QueryLimits& limits,
                                                    const query::QueryEnvironment& environment) {
  NAMIDB_ASSIGN_OR_RETURN(query::PlannedStatement * planned,
                          PlanFor(/*write=*/false, graph, environment.procedures));
  return query::RunPlanned(*planned, graph, params, limits, environment);
}

Result<query::WriteResult> PreparedStatement::Write(WriterSession& writer, const ValueMap& params,
                                                    const query::QueryLimits& limits,
                                                    const query::QueryEnvironment& environment) {
  NAMIDB_ASSIGN_OR_RETURN(query::PlannedStatement * planned,
                          PlanFor(/*write=*/true, writer.view(), environment.procedures));
  return query::RunPlannedWrite(*planned, writer, params, limits, environment);
}

}  // namespace namidb::api
