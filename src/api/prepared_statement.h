// PreparedStatement: a Cypher statement parsed once and planned once per
// kind of run (read-only or a write), then run with new parameters without
// parsing or planning again (db.prepare() in docs/api.md).
//
// A plan is made on the first run of each kind and kept while it holds
// (query::PlanStillHolds): a change of the indexes or constraints, or a
// procedure registered since, makes the next run plan again, so a
// statement prepared before a CREATE INDEX uses the index afterwards. A
// plan does not depend on the snapshot otherwise: the graph, the
// parameters and the counts that CountFromStatistics reads are the run's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "core/value.h"
#include "query/query_runner.h"
#include "storage/graph_reader.h"
#include "storage/writer_session.h"

namespace namidb::api {

class PreparedStatement {
 public:
  // `text` parsed: a syntax error is returned here, as RunQuery gives it.
  static Result<std::unique_ptr<PreparedStatement>> Prepare(std::string text);
  // `text` not parsed yet: a syntax error is returned by its first run, as
  // RunQuery gives it (the plan cache, which would otherwise parse twice).
  static std::unique_ptr<PreparedStatement> Unparsed(std::string text);

  const std::string& text() const { return text_; }

  // As query::RunQuery on `graph`.
  Result<query::QueryResult> Query(GraphReader& graph, const ValueMap& params,
                                   const query::QueryLimits& limits = {},
                                   const query::QueryEnvironment& environment = {});
  // As query::RunWrite in `writer`: one transaction, committed on success.
  Result<query::WriteResult> Write(WriterSession& writer, const ValueMap& params,
                                   const query::QueryLimits& limits = {},
                                   const query::QueryEnvironment& environment = {});

  // How many times a plan was made (the first run of each kind, and again
  // after what the plan stood on changed).
  uint64_t plans() const { return plans_; }

 private:
  explicit PreparedStatement(std::string text) : text_(std::move(text)) {}

  // The kept plan of this kind, made again unless it still holds.
  Result<query::PlannedStatement*> PlanFor(bool write, const GraphReader& graph,
                                           const query::ProcedureRegistry* procedures);

  std::string text_;
  std::unique_ptr<query::PlannedStatement> read_;
  std::unique_ptr<query::PlannedStatement> write_;
  uint64_t plans_ = 0;
};

}  // namespace namidb::api
