// Node and relationship values, as rows hold them.
// Records are taken by value: callers move decoded records in.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "query/execution/operator.h"

namespace namidb::query {

Value NodeToValue(const Uuid& id, NodeRecord r);
Value EdgeToValue(const Uuid& id, EdgeRecord r);

// The live records of some edges and nodes as values, keyed by id: two
// batched reads however many ids (duplicates welcome). Absent ids are absent.
struct ElementValues {
  std::unordered_map<Uuid, Value, UuidHash> edges;
  std::unordered_map<Uuid, Value, UuidHash> nodes;
};
// With `node_properties` (ascending), the nodes carry only those
// properties: all the statement reads of them (NodeReads::ColumnsOf).
Result<ElementValues> LoadElements(ExecContext& ctx, std::vector<Uuid> edge_ids,
                                   std::vector<Uuid> node_ids,
                                   NodeFields node_fields = NodeFields::kAll,
                                   std::span<const std::string> node_properties = {});

// The live records of `ids` (in order, nullopt where absent): whole, their
// labels alone (`fields`), or with only `properties` when there are any.
Result<std::vector<std::optional<NodeRecord>>> ReadNodes(ExecContext& ctx,
                                                         std::span<const Uuid> ids,
                                                         NodeFields fields,
                                                         std::span<const std::string> properties);

}  // namespace namidb::query
