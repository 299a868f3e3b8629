// Physical operators: a pull-based, vectorized pipeline. This is the
// contract every operator keeps; each operator is in a file of its own
// under operators/ with its Make* factory, and what several share beside
// it (chunk.h, row_mapper.h, chunk_mapper.h, materialized.h, node_filter.h,
// step_neighbors.h, element_values.h).
//
// Each operator hands out rows in chunks of up to kChunkRows; a row is a
// vector of slots the planner assigned (evaluator.h). Operators that read
// the graph do it once per chunk: an Expand asks the GraphReader for the
// edges of every node in the chunk, then for every neighbour and edge
// record, in batched calls, never one row at a time.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "query/execution/csv_source.h"
#include "query/execution/evaluator.h"
#include "query/parser/ast.h"
#include "storage/graph_reader.h"

namespace namidb::query {

// A chunk holds at most kChunkRows rows, and an operator stops filling one
// once the values it copied or built into it come to kChunkBytes (a row
// holding a long list, copied for each element UNWIND makes of it): what
// is in flight between operators stays small, whatever the rows hold.
constexpr size_t kChunkRows = 1024;
constexpr uint64_t kChunkBytes = uint64_t{8} << 20;

// Operators pull from the operators below them by recursion, sub-pipelines
// (EXISTS, CALL { }, pattern comprehensions) inside the operators that run
// them: at most this many nested at once, which the wasm build's stack holds
// with room to spare (docs/architecture.md, "Bounded recursion"). The
// planner refuses a longer pipeline at the clause that makes it; nesting
// past it at run time is NestingTooDeep too.
constexpr size_t kMaxPipelineDepth = 1000;

struct ExecContext {
  GraphReader* graph = nullptr;
  EvalContext eval;
  size_t width = 0;  // slots per row, fixed once the plan is built
  // Bumped by updating operators whenever they change the graph, so that
  // operators caching what they read know to read again.
  uint64_t graph_version = 0;
  // Limits (QueryLimits): rows all operators may hand out in total (0: no
  // limit).
  uint64_t max_intermediate_rows = 0;
  uint64_t rows_handed_out = 0;
  size_t depth = 0;  // operators in Next() now, nested (kMaxPipelineDepth)
  // PROFILE: each operator adds up the time its Next() calls take. Off,
  // Next() reads no clock: in wasm a clock read is a call into the host.
  bool timed = false;
  // The statement's memory (what operators hold is reserved from it) and
  // its deadline, cancellation and yielding: the same for every part of a
  // statement, never null while it runs.
  MemoryBudget* memory = nullptr;
  Interrupts* interrupts = nullptr;
  // Where LOAD CSV reads (null: nowhere; it fails saying so), and what it
  // read, for the result.
  const CsvSources* csv = nullptr;
  CsvLoadStats* csv_stats = nullptr;
};

class Operator {
 public:
  virtual ~Operator() = default;
  // Replaces `out` with the next rows (at least one) and returns true, or
  // returns false when there are no more. Counts rows and time (PROFILE).
  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out);
  // Starts over (for the inner side of OPTIONAL MATCH).
  virtual void Reset() {
    for (auto& c : children_) c->Reset();
  }
  // Starts over for another statement (a plan kept by a prepared
  // statement): Reset, and every operator below also lets go of what it
  // keeps across Resets (a scanned label, a label's members), and of its
  // PROFILE counts.
  void Release() {
    Reset();
    ReleaseTree();
  }
  virtual std::string Describe() const = 0;
  const std::vector<std::unique_ptr<Operator>>& children() const { return children_; }
  // Slots nothing after this operator reads (the optimizer's rule
  // liveness): set to null in every row it hands out, so the operators
  // above copy less.
  void ClearAfter(std::vector<int> slots) { dead_after_ = std::move(slots); }
  const std::vector<int>& dead_after() const { return dead_after_; }
  uint64_t rows_out() const { return rows_out_; }
  double seconds() const { return seconds_; }  // including the operators below

 protected:
  virtual Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) = 0;
  // What Reset keeps for the next run within one statement, let go.
  virtual void DropCaches() {}
  std::vector<std::unique_ptr<Operator>> children_;

 private:
  void ReleaseTree() {
    rows_out_ = 0;
    seconds_ = 0;
    DropCaches();
    for (auto& c : children_) c->ReleaseTree();
  }
  uint64_t rows_out_ = 0;
  double seconds_ = 0;
  std::vector<int> dead_after_;
};

using OperatorPtr = std::unique_ptr<Operator>;

// Pulls `op` to its end, every row in one vector, each reserved in `hold`
// for `what` as it comes (ResourceExhausted past the statement's memory).
Result<std::vector<Row>> Drain(Operator& op, ExecContext& ctx, MemoryHold* hold,
                               std::string_view what);

}  // namespace namidb::query
