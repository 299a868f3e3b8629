// What the updating operators (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH;
// execution/operators/) share for a statement: its writer, the ids it
// makes, what it changed and what it staged.
//
// What a statement changed, as the openCypher TCK counts side effects.
#pragma once

#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "core/uuid.h"
#include "core/value.h"
#include "query/common/memory_budget.h"
#include "storage/writer_session.h"

namespace namidb::query {

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
  // (Progress in eager_update.cc).
  MemoryHold staged;
  // What DELETE removed, relationships a DETACH DELETE took along included
  // (EvalContext::deleted points here).
  std::unordered_set<Uuid, UuidHash> deleted;
  // CALL { } IN TRANSACTIONS: while a transaction that may be rolled back
  // runs, what it adds to `deleted` (DELETE logs it here), to take out again.
  std::vector<Uuid>* deleted_log = nullptr;
  // Whether the statement committed part of its changes already: then the
  // flush their size may call for is still to run at its end.
  bool committed_inside = false;
};

// EntityNotFound (DeletedEntityAccess) if `element` is a node or
// relationship the statement deleted: writing to it is an error, as reading
// its properties is. `what` says what the write would do ("set a property
// of", "create a relationship from").
Status CheckNotDeletedForWrite(const UpdateContext& update, const Value& element,
                               std::string_view what);

// Memory a staged change holds per byte of its WAL encoding: the encoded
// record, the memtable's decoded copy and indexes, and what undoes it
// (measured: docs/architecture.md, "Memory of a statement").
constexpr uint64_t kStagedBytesFactor = 4;

}  // namespace namidb::query
