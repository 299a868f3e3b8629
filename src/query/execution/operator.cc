#include "query/execution/operator.h"

#include <chrono>
#include <string>

#include "query/common/query_error.h"

namespace namidb::query {

Result<bool> Operator::Next(ExecContext& ctx, std::vector<Row>* out) {
  std::chrono::steady_clock::time_point started;
  if (ctx.timed) {
    started = std::chrono::steady_clock::now();
    NAMIDB_RETURN_IF_ERROR(ctx.interrupts->CheckAt(started));
  } else {
    NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());  // the clock every kPollStride calls
  }
  if (ctx.depth >= kMaxPipelineDepth) {
    return RuntimeError("SyntaxError", "NestingTooDeep",
                        "the statement nests subqueries in pipelines of more than " +
                            std::to_string(kMaxPipelineDepth) +
                            " operators in all; split it into several");
  }
  ++ctx.depth;
  Result<bool> more = DoNext(ctx, out);
  --ctx.depth;
  if (ctx.timed) {
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  if (more.ok() && *more) {
    for (int slot : dead_after_) {
      for (Row& row : *out) {
        if (static_cast<size_t>(slot) < row.size()) row[slot] = Value();
      }
    }
    rows_out_ += out->size();
    ctx.rows_handed_out += out->size();
    if (ctx.max_intermediate_rows > 0 && ctx.rows_handed_out > ctx.max_intermediate_rows) {
      return Status::ResourceExhausted(
          "the query's operators produced more than " + std::to_string(ctx.max_intermediate_rows) +
          " rows (the maxIntermediateRows limit); narrow it or raise the limit");
    }
  }
  return more;
}

Result<std::vector<Row>> Drain(Operator& op, ExecContext& ctx, MemoryHold* hold,
                               std::string_view what) {
  std::vector<Row> all, chunk;
  while (true) {
    NAMIDB_ASSIGN_OR_RETURN(bool more, op.Next(ctx, &chunk));
    if (!more) return all;
    uint64_t bytes = 0;
    for (const Row& r : chunk) bytes += RowBytes(r);
    NAMIDB_RETURN_IF_ERROR(hold->Add(ctx.memory, bytes, what));
    for (auto& r : chunk) all.push_back(std::move(r));
  }
}

}  // namespace namidb::query
