// Running a read query against a pinned graph version: parse, plan,
// execute, and collect the rows in projection order.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/common/memory_budget.h"
#include "query/execution/csv_source.h"
#include "query/execution/interrupts.h"
#include "query/execution/update_context.h"
#include "query/functions/procedures.h"
#include "query/planner/planner.h"
#include "storage/graph_reader.h"
#include "storage/writer_session.h"

namespace namidb::query {

struct QueryResult {
  std::vector<std::string> columns;      // in RETURN order
  std::vector<std::vector<Value>> rows;  // one value per column
  std::vector<std::string> profile;      // PROFILE: the plan with rows and time per operator
  CsvLoadStats csv;                      // what LOAD CSV read
};

// Bounds on one statement; 0 means none. Past `max_rows` result rows,
// `max_intermediate_rows` rows handed between operators (a bound on work:
// a streaming count over more rows needs no memory) or `max_memory_bytes`
// bytes held (memory_budget.h) it fails with ResourceExhausted; past
// `timeout_ms` with Cancelled. Nothing of a failed statement is kept, and
// the engine stays as it was.
struct QueryLimits {
  uint64_t max_rows = 0;
  uint64_t max_intermediate_rows = 0;
  uint64_t max_memory_bytes = kDefaultMaxMemoryBytes;
  double timeout_ms = 0;
};

// Where a statement's result rows go as they are made, in place of
// QueryResult::rows: a row handed over is the sink's, and the statement no
// longer holds it, though it still counts it against its memory (the
// caller holds the result somewhere). An error the sink returns stops the
// statement. A write's rows are handed over before it
// commits: a caller keeps them only once the statement succeeded.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual Status Take(std::vector<Value>&& row) = 0;
};

// What a statement may use beyond the graph: the procedures CALL may call
// (null: the built-ins), `yield`, which lets the host in while the
// statement computes (interrupts.h), where LOAD CSV reads (null: it may
// read nothing), and where its rows go (null: into QueryResult::rows).
struct QueryEnvironment {
  const ProcedureRegistry* procedures = nullptr;
  StatementYield yield;
  const CsvSources* csv = nullptr;
  RowSink* rows = nullptr;
};

// EXPLAIN returns the plan (one column "plan", one row per operator)
// without running it; PROFILE runs the query and fills `profile`. Errors carry the openCypher
// classification (Status::query_error()).
Result<QueryResult> RunQuery(GraphReader& graph, std::string_view text, const ValueMap& params,
                             const QueryLimits& limits = {},
                             const QueryEnvironment& environment = {});

struct WriteResult {
  QueryResult result;
  UpdateCounters counters;
};

// Runs any statement as one transaction: its changes are staged in
// `writer` (later clauses read them), then committed; on any error they
// are discarded and nothing is left behind. Nothing may be staged before.
Result<WriteResult> RunWrite(WriterSession& writer, std::string_view text, const ValueMap& params,
                             const QueryLimits& limits = {},
                             const QueryEnvironment& environment = {});

// A statement parsed and planned once, to be run many times
// (src/api/prepared_statement.h): read-only, or (`write`) run as a
// transaction of its own. The plan points into `query` and, for a write,
// at `update`: it is only ever used through the pointer PlanStatement
// returns, never moved.
struct PlannedStatement {
  std::string text;
  bool write = false;
  Query query;
  QueryPlan plan;  // none for a schema command, which runs from `query`
  UpdateContext update;
  // What the plan was made against (PlanStillHolds).
  std::vector<SchemaEntry> schema;
  const ProcedureRegistry* procedures = nullptr;
  uint64_t procedures_generation = 0;
};

// Parses and plans `text` against `graph`'s indexes and counts (errors as
// RunQuery / RunWrite give them).
Result<std::unique_ptr<PlannedStatement>> PlanStatement(std::string_view text, bool write,
                                                        const GraphReader& graph,
                                                        const ProcedureRegistry* procedures);

// Whether `planned` may run on `graph` with `procedures`: the same indexes
// and constraints (an index seek needs its index) and no procedure
// registered since (CALL points at the procedure it found). Counts that
// changed since only make the plan's choice of where to start less apt.
bool PlanStillHolds(const PlannedStatement& planned, const GraphReader& graph,
                    const ProcedureRegistry* procedures);

// RunQuery / RunWrite of a planned statement (planned for the same kind of
// run); the plan's operators keep nothing of one run for the next.
Result<QueryResult> RunPlanned(PlannedStatement& planned, GraphReader& graph,
                               const ValueMap& params, const QueryLimits& limits = {},
                               const QueryEnvironment& environment = {});
Result<WriteResult> RunPlannedWrite(PlannedStatement& planned, WriterSession& writer,
                                    const ValueMap& params, const QueryLimits& limits = {},
                                    const QueryEnvironment& environment = {});

}  // namespace namidb::query
