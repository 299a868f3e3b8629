// Updating operators: CREATE, MERGE, SET, REMOVE, DELETE and FOREACH, applied through the
// writer's staging API so that later clauses of the same statement read
// their effects (the writer's view overlays its staged batch).
//
// Each is eager: it reads all of its input before changing anything, so a
// clause never sees its own writes half-done (Cypher's clause-at-a-time
// semantics). Afterwards the node and relationship values in its rows are
// re-read, so `SET n.x = 1 RETURN n` returns the new n.
#pragma once

#include <unordered_set>
#include <vector>

#include "core/uuid.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"
#include "storage/writer_session.h"

namespace namidb::query {

// What a statement changed, as the openCypher TCK counts side effects.
struct UpdateCounters {
  int64_t nodes_created = 0;
  int64_t nodes_deleted = 0;
  int64_t relationships_created = 0;
  int64_t relationships_deleted = 0;
  int64_t properties_set = 0;
  int64_t labels_added = 0;
  int64_t labels_removed = 0;
};

struct UpdateContext {
  WriterSession* writer = nullptr;
  UuidV7Generator* ids = nullptr;
  UpdateCounters counters;
  // The statement's staged changes, reserved from its memory as they grow
  // (StagedMemory in update_operators.cc).
  MemoryHold staged;
  // What DELETE removed, relationships a DETACH DELETE took along included
  // (EvalContext::deleted points here).
  std::unordered_set<Uuid, UuidHash> deleted;
};

// Memory a staged change holds per byte of its WAL encoding: the encoded
// record, the memtable's decoded copy and indexes, and what undoes it
// (measured: docs/architecture.md, "Memory of a statement").
constexpr uint64_t kStagedBytesFactor = 4;

// The pattern part of a CREATE, planned: node patterns with their slots
// (`bound` nodes exist already) and relationships between them.
struct CreateNode {
  int slot;
  bool bound;
  std::vector<std::string> labels;
  const Expr* properties;  // a map expression, or null
};
struct CreateRel {
  int slot;
  int from;  // indices into the CreateNode list, in the relationship's direction
  int to;
  std::string type;
  const Expr* properties;
};

// MERGE of one pattern part: `match_subplan` (QueryPlan::subplans) finds the
// pattern for a row; `nodes` / `rels` create it into the same slots when it
// finds nothing, and `path` (if named) is evaluated into `path_slot` then.
struct MergeSpec {
  int match_subplan = -1;
  std::vector<CreateNode> nodes;
  std::vector<CreateRel> rels;
  const Expr* path = nullptr;
  int path_slot = -1;
  const std::vector<SetItem>* on_create = nullptr;
  std::vector<int> on_create_slots;
  const std::vector<SetItem>* on_match = nullptr;
  std::vector<int> on_match_slots;
};

OperatorPtr MakeCreate(OperatorPtr input, UpdateContext* update, std::vector<CreateNode> nodes,
                       std::vector<CreateRel> rels);
OperatorPtr MakeSetItems(OperatorPtr input, UpdateContext* update,
                         const std::vector<SetItem>* items, std::vector<int> variable_slots,
                         bool remove);
OperatorPtr MakeMerge(OperatorPtr input, UpdateContext* update, MergeSpec spec);
// FOREACH: runs sub-pipeline `body` (QueryPlan::subplans) for each element
// of `list`, bound at `slot`, of each row.
OperatorPtr MakeForeach(OperatorPtr input, UpdateContext* update, const Expr* list, int slot,
                        int body);
OperatorPtr MakeDelete(OperatorPtr input, UpdateContext* update, std::vector<const Expr*> targets,
                       bool detach);

}  // namespace namidb::query
