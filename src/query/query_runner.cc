#include "query/query_runner.h"

#include <atomic>
#include <memory>
#include <optional>
#include <unordered_set>

#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/interrupts.h"
#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/functions/temporal_functions.h"
#include "query/functions/value_ops.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"
#include "query/schema_commands.h"

namespace namidb::query {
namespace {

class Subplans final : public SubplanRunner {
 public:
  Subplans(QueryPlan& plan, ExecContext& ctx) : plan_(plan), ctx_(ctx) {}
  Result<std::vector<Row>> Run(int subplan, const Row& row, bool first_only) override {
    QueryPlan::Subplan& sub = plan_.subplans[static_cast<size_t>(subplan)];
    sub.root->Reset();
    Row argument = row;
    if (argument.size() < ctx_.width) argument.resize(ctx_.width);
    sub.argument->Feed({std::move(argument)});
    // The rows are the caller's to use and drop at once (a pattern
    // comprehension's list is checked as a value): reserved while they
    // come in, so that a runaway subquery is stopped.
    MemoryHold hold;
    std::vector<Row> out, chunk;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, sub.root->Next(ctx_, &chunk));
      if (!more) break;
      for (Row& r : chunk) {
        NAMIDB_RETURN_IF_ERROR(hold.Add(ctx_.memory, RowBytes(r), "a subquery's rows"));
        out.push_back(std::move(r));
      }
      if (first_only && !out.empty()) break;
    }
    sub.argument->Feed({});
    return out;
  }

 private:
  QueryPlan& plan_;
  ExecContext& ctx_;
};

}  // namespace

namespace {

// A statement stopped by its time limit or its caller says how far it got.
Status SayHowFar(const Status& s, uint64_t rows) {
  if (!s.Is(StatusCode::kCancelled)) return s;
  std::string digits = std::to_string(rows), grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return Status::Cancelled(s.message() + " (after " + grouped + " rows handed between operators)");
}

// A schema command's result, or nothing when `query` is no schema command.
Result<std::optional<QueryResult>> RunSchemaCommand(GraphReader& graph, const Query& query,
                                                    UpdateContext* update) {
  const SchemaCommand& schema = query.schema;
  if (schema.kind == SchemaCommandKind::kShowIndexes ||
      schema.kind == SchemaCommandKind::kShowConstraints) {
    return std::optional<QueryResult>(ShowSchema(graph, schema));
  }
  if (schema.kind == SchemaCommandKind::kNone) return std::optional<QueryResult>();
  if (!update) {
    return CompileError("SemanticError", "WriteInReadQuery", schema.pos,
                        "a read-only query cannot change the schema; run it with write()");
  }
  NAMIDB_RETURN_IF_ERROR(ChangeSchema(*update->writer, schema));
  return std::optional<QueryResult>(QueryResult{});
}

// A result made whole (a schema command's, EXPLAIN's plan), its rows
// handed to the environment's sink if it has one.
Result<QueryResult> Deliver(QueryResult result, const QueryEnvironment& environment) {
  if (!environment.rows) return result;
  for (auto& row : result.rows) NAMIDB_RETURN_IF_ERROR(environment.rows->Take(std::move(row)));
  result.rows.clear();
  return result;
}

// Runs a plan of `query` to the end. The statement's memory budget and
// interrupts belong to the caller, so that what outlives it (a writer's
// staged changes) is given back before they go.
Result<QueryResult> RunPlan(GraphReader& graph, const Query& query, QueryPlan& plan,
                            const ValueMap& params, UpdateContext* update,
                            const QueryLimits& limits, const QueryEnvironment& environment,
                            MemoryBudget& memory, Interrupts& interrupts) {
  const DateTimeValue statement_time = CurrentInstant();
  // Every run counts graph versions from a number of its own, so that an
  // operator of a plan run before (a prepared statement's) never takes
  // what it cached then for the graph of now.
  static std::atomic<uint64_t> runs{0};
  const uint64_t first_version = ++runs << 32;
  QueryResult result;
  // Rows go to the environment's sink as they are made, or are held to
  // the end in the result. Either way the result counts against the
  // statement's memory: a sink's caller holds it too (in JavaScript, once
  // the rows left the engine), and a runaway result must stop.
  MemoryHold result_hold;
  uint64_t rows_out = 0;
  auto emit = [&](std::vector<Value>&& row, uint64_t bytes) -> Status {
    if (limits.max_rows > 0 && ++rows_out > limits.max_rows) {
      return Status::ResourceExhausted("the result has more than " +
                                       std::to_string(limits.max_rows) +
                                       " rows (the maxRows limit); add a LIMIT or raise the limit");
    }
    NAMIDB_RETURN_IF_ERROR(result_hold.Add(&memory, bytes, "the result"));
    if (environment.rows) return environment.rows->Take(std::move(row));
    result.rows.push_back(std::move(row));
    return Status::OK();
  };
  if (query.mode == QueryMode::kExplain) {
    result.columns = {"plan"};
    for (auto& line : DescribePlan(plan)) result.rows.push_back({Value::String(std::move(line))});
    return Deliver(std::move(result), environment);
  }
  result.columns = plan.parts[0].columns;
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen;
  bool distinct = false;
  for (size_t p = 0; p < plan.parts.size(); ++p) {
    // UNION (without ALL) anywhere makes the whole result distinct.
    if (p > 0 && !plan.union_all[p - 1]) distinct = true;
  }
  // Under UNION the rows seen so far are held to the end too.
  MemoryHold seen_hold;
  uint64_t rows_handed_out = 0;
  for (auto& part : plan.parts) {
    ExecContext ctx;
    ctx.graph = &graph;
    ctx.graph_version = first_version;
    ctx.eval.params = &params;
    ctx.eval.graph = &graph;
    ctx.eval.statement_time = statement_time;
    ctx.eval.memory = &memory;
    ctx.eval.interrupts = &interrupts;
    ctx.memory = &memory;
    ctx.interrupts = &interrupts;
    ctx.csv = environment.csv;
    ctx.csv_stats = &result.csv;
    ctx.timed = query.mode == QueryMode::kProfile;
    if (update) ctx.eval.deleted = &update->deleted;
    ctx.width = part.width;
    ctx.max_intermediate_rows = limits.max_intermediate_rows;
    ctx.rows_handed_out = rows_handed_out;
    Subplans subplans(plan, ctx);
    ctx.eval.subplans = &subplans;
    std::vector<Row> chunk;
    while (true) {
      Result<bool> more = part.root->Next(ctx, &chunk);
      if (!more.ok()) return SayHowFar(more.status(), ctx.rows_handed_out);
      if (!*more) break;
      // A statement ending in an updating clause returns no rows: run it
      // to the end all the same.
      if (part.columns.empty()) continue;
      for (Row& row : chunk) {
        std::vector<Value> out;
        out.reserve(part.column_slots.size());
        for (int slot : part.column_slots) out.push_back(std::move(row[slot]));
        const uint64_t bytes = RowBytes(out);
        if (distinct) {
          if (!seen.insert(out).second) continue;
          NAMIDB_RETURN_IF_ERROR(seen_hold.Add(&memory, bytes, "the result"));
        }
        NAMIDB_RETURN_IF_ERROR(emit(std::move(out), bytes));
      }
    }
    rows_handed_out = ctx.rows_handed_out;
  }
  if (query.mode == QueryMode::kProfile) result.profile = DescribePlan(plan, /*profile=*/true);
  return result;
}

Result<QueryResult> Execute(GraphReader& graph, std::string_view text, const ValueMap& params,
                            UpdateContext* update, const QueryLimits& limits,
                            const QueryEnvironment& environment, MemoryBudget& memory,
                            Interrupts& interrupts) {
  NAMIDB_ASSIGN_OR_RETURN(Query query, Parse(text));
  NAMIDB_ASSIGN_OR_RETURN(std::optional<QueryResult> schema_result,
                          RunSchemaCommand(graph, query, update));
  if (schema_result) return Deliver(std::move(*schema_result), environment);
  NAMIDB_ASSIGN_OR_RETURN(QueryPlan plan, PlanQuery(query, update, graph.schema(), &graph.stats(),
                                                    environment.procedures));
  return RunPlan(graph, query, plan, params, update, limits, environment, memory, interrupts);
}

// Commits what a write statement staged, or leaves no trace of it.
// Commits what the statement staged, or on failure discards it (what its
// transactions committed already, CALL { } IN TRANSACTIONS, stays).
Result<WriteResult> Finish(WriterSession& writer, Result<QueryResult> result,
                           const UpdateContext& update) {
  Status committed = result.status();
  if (committed.ok()) committed = writer.CommitBatch().status();
  // A failed statement leaves no trace, nor one whose commit was refused
  // (by a uniqueness constraint, say).
  if (!committed.ok()) writer.DiscardBatch();
  // The flush its transactions' commits left for the end.
  if (update.committed_inside) (void)writer.FlushIfDue();
  if (!committed.ok()) return committed;
  return WriteResult{std::move(*result), update.counters};
}

Status CheckNothingStaged(const WriterSession& writer) {
  if (writer.staged() > 0) {
    return Status::InvalidArgument(
        "commit or discard the staged changes before running a statement");
  }
  return Status::OK();
}

}  // namespace

Result<QueryResult> RunQuery(GraphReader& graph, std::string_view text, const ValueMap& params,
                             const QueryLimits& limits, const QueryEnvironment& environment) {
  MemoryBudget memory(limits.max_memory_bytes);
  Interrupts interrupts(limits.timeout_ms, environment.yield);
  return Execute(graph, text, params, nullptr, limits, environment, memory, interrupts);
}

Result<WriteResult> RunWrite(WriterSession& writer, std::string_view text, const ValueMap& params,
                             const QueryLimits& limits, const QueryEnvironment& environment) {
  NAMIDB_RETURN_IF_ERROR(CheckNothingStaged(writer));
  MemoryBudget memory(limits.max_memory_bytes);
  Interrupts interrupts(limits.timeout_ms, environment.yield);
  UuidV7Generator ids;
  UpdateContext update;
  update.writer = &writer;
  update.ids = &ids;
  Result<QueryResult> result =
      Execute(writer.view(), text, params, &update, limits, environment, memory, interrupts);
  return Finish(writer, std::move(result), update);
}

// ---------------------------------------------------------------------------
// Statements planned once

Result<std::unique_ptr<PlannedStatement>> PlanStatement(std::string_view text, bool write,
                                                        const GraphReader& graph,
                                                        const ProcedureRegistry* procedures) {
  auto planned = std::make_unique<PlannedStatement>();
  planned->text = std::string(text);
  planned->write = write;
  NAMIDB_ASSIGN_OR_RETURN(planned->query, Parse(planned->text));
  planned->schema = graph.schema();
  planned->procedures = procedures;
  planned->procedures_generation = procedures ? procedures->generation() : 0;
  if (planned->query.schema.kind != SchemaCommandKind::kNone) return planned;
  NAMIDB_ASSIGN_OR_RETURN(
      planned->plan, PlanQuery(planned->query, write ? &planned->update : nullptr, planned->schema,
                               &graph.stats(), procedures));
  return planned;
}

bool PlanStillHolds(const PlannedStatement& planned, const GraphReader& graph,
                    const ProcedureRegistry* procedures) {
  return planned.schema == graph.schema() && planned.procedures == procedures &&
         (!procedures || procedures->generation() == planned.procedures_generation);
}

namespace {

// Lets go of what a run left in the plan's operators, before the run's
// memory budget goes.
void ReleasePlan(PlannedStatement& planned) {
  for (auto& part : planned.plan.parts) part.root->Release();
  for (auto& sub : planned.plan.subplans) {
    sub.root->Release();
    sub.argument->Feed({});
  }
}

Result<QueryResult> RunPlannedIn(PlannedStatement& planned, GraphReader& graph,
                                 const ValueMap& params, UpdateContext* update,
                                 const QueryLimits& limits, const QueryEnvironment& environment,
                                 MemoryBudget& memory, Interrupts& interrupts) {
  NAMIDB_ASSIGN_OR_RETURN(std::optional<QueryResult> schema_result,
                          RunSchemaCommand(graph, planned.query, update));
  if (schema_result) return Deliver(std::move(*schema_result), environment);
  Result<QueryResult> result = RunPlan(graph, planned.query, planned.plan, params, update, limits,
                                       environment, memory, interrupts);
  ReleasePlan(planned);
  return result;
}

}  // namespace

Result<QueryResult> RunPlanned(PlannedStatement& planned, GraphReader& graph,
                               const ValueMap& params, const QueryLimits& limits,
                               const QueryEnvironment& environment) {
  if (planned.write) return Status::Internal("a write plan run as a read-only query");
  MemoryBudget memory(limits.max_memory_bytes);
  Interrupts interrupts(limits.timeout_ms, environment.yield);
  return RunPlannedIn(planned, graph, params, nullptr, limits, environment, memory, interrupts);
}

Result<WriteResult> RunPlannedWrite(PlannedStatement& planned, WriterSession& writer,
                                    const ValueMap& params, const QueryLimits& limits,
                                    const QueryEnvironment& environment) {
  if (!planned.write) return Status::Internal("a read-only plan run as a write");
  NAMIDB_RETURN_IF_ERROR(CheckNothingStaged(writer));
  MemoryBudget memory(limits.max_memory_bytes);
  Interrupts interrupts(limits.timeout_ms, environment.yield);
  UuidV7Generator ids;
  UpdateContext& update = planned.update;  // the plan's operators point at it
  update.writer = &writer;
  update.ids = &ids;
  update.counters = {};
  update.deleted.clear();
  update.deleted_log = nullptr;
  update.committed_inside = false;
  Result<QueryResult> result = RunPlannedIn(planned, writer.view(), params, &update, limits,
                                            environment, memory, interrupts);
  update.staged.Clear();
  update.writer = nullptr;
  update.ids = nullptr;
  return Finish(writer, std::move(result), update);
}

}  // namespace namidb::query
