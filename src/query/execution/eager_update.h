// The base of the updating operators: eager, as Cypher's clause-at-a-time
// semantics asks. Each reads all of its input before changing anything, so
// a clause never sees its own writes half-done; afterwards the node and
// relationship values in its rows are re-read, so `SET n.x = 1 RETURN n`
// returns the new n. Changes go through the writer's staging API, so later
// clauses of the same statement read them (its view overlays the batch).
//
// After each row an update applies: the deadline, and the statement's
// staged changes reserved as they grew.
#pragma once

#include <utility>
#include <vector>

#include "query/execution/element_values.h"
#include "query/execution/materialized.h"
#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "storage/writer_session.h"

namespace namidb::query {

Status Progress(ExecContext& ctx, UpdateContext* update);

// Reads all input first, applies the update row by row, then refreshes the
// graph values in the rows and hands them out.
class EagerUpdate : public Materialized {
 public:
  EagerUpdate(OperatorPtr input, UpdateContext* update) : update_(update) {
    children_.push_back(std::move(input));
  }

 protected:
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows,
                            Drain(*children_[0], ctx, &hold_, "an update's rows"));
    NAMIDB_RETURN_IF_ERROR(Apply(ctx, rows));
    NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
    ++ctx.graph_version;
    NAMIDB_RETURN_IF_ERROR(Refresh(ctx, rows));
    return rows;
  }
  virtual Status Apply(ExecContext& ctx, std::vector<Row>& rows) = 0;
  WriterSession& writer() { return *update_->writer; }
  UpdateCounters& counters() { return update_->counters; }
  UpdateContext* update_;

 private:
  // Every node and relationship value in the rows, re-read.
  static Status Refresh(ExecContext& ctx, std::vector<Row>& rows) {
    std::vector<Uuid> nodes, edges;
    for (const Row& row : rows) {
      for (const Value& v : row) {
        if (v.kind() == ValueKind::kNode) nodes.push_back(v.as_node().id);
        if (v.kind() == ValueKind::kRelationship) edges.push_back(v.as_relationship().id);
      }
    }
    if (nodes.empty() && edges.empty()) return Status::OK();
    NAMIDB_ASSIGN_OR_RETURN(ElementValues loaded,
                            LoadElements(ctx, std::move(edges), std::move(nodes)));
    for (Row& row : rows) {
      for (Value& v : row) {
        if (v.kind() == ValueKind::kNode) {
          auto it = loaded.nodes.find(v.as_node().id);
          if (it != loaded.nodes.end()) v = it->second;
        } else if (v.kind() == ValueKind::kRelationship) {
          auto it = loaded.edges.find(v.as_relationship().id);
          if (it != loaded.edges.end()) v = it->second;
        }
      }
    }
    return Status::OK();
  }
};

}  // namespace namidb::query
