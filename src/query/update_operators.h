// Updating operators: CREATE, SET, REMOVE and DELETE, applied through the
// writer's staging API so that later clauses of the same statement read
// their effects (the writer's view overlays its staged batch).
//
// Each is eager: it reads all of its input before changing anything, so a
// clause never sees its own writes half-done (Cypher's clause-at-a-time
// semantics). Afterwards the node and relationship values in its rows are
// re-read, so `SET n.x = 1 RETURN n` returns the new n.
#pragma once

#include <vector>

#include "core/uuid.h"
#include "query/ast.h"
#include "query/operators.h"
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
};

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

OperatorPtr MakeCreate(OperatorPtr input, UpdateContext* update, std::vector<CreateNode> nodes,
                       std::vector<CreateRel> rels);
OperatorPtr MakeSetItems(OperatorPtr input, UpdateContext* update, const std::vector<SetItem>* items,
                         std::vector<int> variable_slots, bool remove);
OperatorPtr MakeDelete(OperatorPtr input, UpdateContext* update, std::vector<const Expr*> targets,
                       bool detach);

}  // namespace namidb::query
