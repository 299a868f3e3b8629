// Schema commands: CREATE / DROP INDEX and CONSTRAINT, SHOW INDEXES and
// SHOW CONSTRAINTS. They change the namespace's schema (a manifest swap
// through the writer) rather than the graph, so they are not planned.
#pragma once

#include "query/parser/ast.h"
#include "query/query_runner.h"
#include "storage/graph_reader.h"
#include "storage/writer_session.h"

namespace namidb::query {

// SHOW INDEXES: name, type ("INDEX" or "UNIQUE": a constraint's index too),
// label, property. SHOW CONSTRAINTS: the uniqueness constraints alike.
QueryResult ShowSchema(const GraphReader& graph, const SchemaCommand& command);

// CREATE / DROP: a new schema committed by `writer`. Creating what exists
// is AlreadyExists (unless IF NOT EXISTS), dropping what does not exist
// NotFound (unless IF EXISTS); a constraint the data already breaks is
// refused.
Status ChangeSchema(WriterSession& writer, const SchemaCommand& command);

}  // namespace namidb::query
