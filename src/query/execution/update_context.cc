#include "query/execution/update_context.h"

#include "query/execution/evaluator.h"

namespace namidb::query {

Status CheckNotDeletedForWrite(const UpdateContext& update, const Value& element,
                               std::string_view what) {
  if (!DeletedByStatement(element, &update.deleted)) return Status::OK();
  return DeletedEntityError(element, what);
}

}  // namespace namidb::query
