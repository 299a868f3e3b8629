#include "query/execution/update_context.h"

#include <string>

#include "query/common/query_error.h"

namespace namidb::query {

Status CheckNotDeletedForWrite(const UpdateContext& update, const Value& element,
                               std::string_view what) {
  if (update.deleted.empty()) return Status::OK();
  bool node = element.kind() == ValueKind::kNode;
  if (!node && element.kind() != ValueKind::kRelationship) return Status::OK();
  const Uuid& id = node ? element.as_node().id : element.as_relationship().id;
  if (!update.deleted.count(id)) return Status::OK();
  return RuntimeError("EntityNotFound", "DeletedEntityAccess",
                      "cannot " + std::string(what) + (node ? " node " : " relationship ") +
                          id.ToString() + ": this statement deleted it");
}

}  // namespace namidb::query
