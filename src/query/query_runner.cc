#include "query/query_runner.h"

#include <chrono>
#include <unordered_set>

#include "query/parser.h"
#include "query/planner.h"
#include "query/query_error.h"
#include "query/schema_commands.h"
#include "query/temporal_functions.h"
#include "query/value_ops.h"

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
    std::vector<Row> out, chunk;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, sub.root->Next(ctx_, &chunk));
      if (!more) return out;
      for (Row& r : chunk) out.push_back(std::move(r));
      if (first_only && !out.empty()) return out;
    }
  }

 private:
  QueryPlan& plan_;
  ExecContext& ctx_;
};

}  // namespace

namespace {

Result<QueryResult> Execute(GraphReader& graph, std::string_view text, const ValueMap& params,
                            UpdateContext* update, const QueryLimits& limits) {
  auto started = std::chrono::steady_clock::now();
  const DateTimeValue statement_time = CurrentInstant();
  NAMIDB_ASSIGN_OR_RETURN(Query query, Parse(text));
  const SchemaCommand& schema = query.schema;
  if (schema.kind == SchemaCommandKind::kShowIndexes || schema.kind == SchemaCommandKind::kShowConstraints) {
    return ShowSchema(graph, schema);
  }
  if (schema.kind != SchemaCommandKind::kNone) {
    if (!update) {
      return CompileError("SemanticError", "WriteInReadQuery", schema.pos,
                          "a read-only query cannot change the schema; run it with write()");
    }
    NAMIDB_RETURN_IF_ERROR(ChangeSchema(*update->writer, schema));
    return QueryResult{};
  }
  NAMIDB_ASSIGN_OR_RETURN(QueryPlan plan, PlanQuery(query, text, update, graph.schema(), &graph.stats()));
  QueryResult result;
  if (query.mode == QueryMode::kExplain) {
    result.columns = {"plan"};
    for (auto& line : DescribePlan(plan)) result.rows.push_back({Value::String(std::move(line))});
    return result;
  }
  result.columns = plan.parts[0].columns;
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen;
  bool distinct = false;
  for (size_t p = 0; p < plan.parts.size(); ++p) {
    // UNION (without ALL) anywhere makes the whole result distinct.
    if (p > 0 && !plan.union_all[p - 1]) distinct = true;
  }
  for (auto& part : plan.parts) {
    ExecContext ctx;
    ctx.graph = &graph;
    ctx.eval.params = &params;
    ctx.eval.graph = &graph;
    ctx.eval.statement_time = statement_time;
    ctx.width = part.width;
    ctx.max_intermediate_rows = limits.max_intermediate_rows;
    if (limits.timeout_ms > 0) {
      ctx.timeout_ms = limits.timeout_ms;
      ctx.deadline = started + std::chrono::microseconds(static_cast<int64_t>(limits.timeout_ms * 1000));
    }
    Subplans subplans(plan, ctx);
    ctx.eval.subplans = &subplans;
    std::vector<Row> chunk;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, part.root->Next(ctx, &chunk));
      if (!more) break;
      // A statement ending in an updating clause returns no rows: run it
      // to the end all the same.
      if (part.columns.empty()) continue;
      for (Row& row : chunk) {
        std::vector<Value> out;
        out.reserve(part.column_slots.size());
        for (int slot : part.column_slots) out.push_back(std::move(row[slot]));
        if (distinct && !seen.insert(out).second) continue;
        result.rows.push_back(std::move(out));
        if (limits.max_rows > 0 && result.rows.size() > limits.max_rows) {
          return Status::ResourceExhausted("the result has more than " + std::to_string(limits.max_rows) +
                                           " rows (the maxRows limit); add a LIMIT or raise the limit");
        }
      }
    }
  }
  if (query.mode == QueryMode::kProfile) result.profile = DescribePlan(plan, /*profile=*/true);
  return result;
}

}  // namespace

Result<QueryResult> RunQuery(GraphReader& graph, std::string_view text, const ValueMap& params,
                             const QueryLimits& limits) {
  return Execute(graph, text, params, nullptr, limits);
}

Result<WriteResult> RunWrite(WriterSession& writer, std::string_view text, const ValueMap& params,
                             const QueryLimits& limits) {
  if (writer.staged() > 0) {
    return Status::InvalidArgument("commit or discard the staged changes before running a statement");
  }
  UuidV7Generator ids;
  UpdateContext update;
  update.writer = &writer;
  update.ids = &ids;
  Result<QueryResult> result = Execute(writer.view(), text, params, &update, limits);
  if (!result.ok()) {
    writer.DiscardBatch();  // a failed statement leaves no trace
    return result.status();
  }
  Status committed = writer.CommitBatch().status();
  if (!committed.ok()) {
    writer.DiscardBatch();  // e.g. a uniqueness constraint refused it: no trace either
    return committed;
  }
  return WriteResult{std::move(*result), update.counters};
}

}  // namespace namidb::query
