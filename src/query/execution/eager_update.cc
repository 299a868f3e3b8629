#include "query/execution/eager_update.h"

#include "query/execution/operator.h"
#include "query/execution/update_context.h"

namespace namidb::query {

// After each row an update applies: the deadline, and the statement's
// staged changes reserved as they grew.
Status Progress(ExecContext& ctx, UpdateContext* update) {
  NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
  uint64_t staged = update->writer->staged_bytes() * kStagedBytesFactor;
  if (staged <= update->staged.bytes()) return Status::OK();
  return update->staged.Add(ctx.memory, staged - update->staged.bytes(),
                            "the statement's staged changes");
}

}  // namespace namidb::query
