#include "query/execution/element_values.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "query/execution/operator.h"

namespace namidb::query {

Value NodeToValue(const Uuid& id, NodeRecord r) {
  return Value::Node(NodeValue{id, std::move(r.labels), std::move(r.properties)});
}

Value EdgeToValue(const Uuid& id, EdgeRecord r) {
  return Value::Relationship(
      RelationshipValue{id, std::move(r.type), r.src, r.dst, std::move(r.properties)});
}

Result<std::vector<std::optional<NodeRecord>>> ReadNodes(ExecContext& ctx,
                                                         std::span<const Uuid> ids,
                                                         NodeFields fields,
                                                         std::span<const std::string> properties) {
  if (fields == NodeFields::kAll && !properties.empty()) {
    return ctx.graph->LookupNodesNamed(ids, properties);
  }
  return ctx.graph->LookupNodes(ids, fields);
}

Result<ElementValues> LoadElements(ExecContext& ctx, std::vector<Uuid> edge_ids,
                                   std::vector<Uuid> node_ids, NodeFields node_fields,
                                   std::span<const std::string> node_properties) {
  for (auto* ids : {&edge_ids, &node_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  NAMIDB_ASSIGN_OR_RETURN(auto edges, ctx.graph->LookupEdges(edge_ids));
  NAMIDB_ASSIGN_OR_RETURN(auto nodes, ReadNodes(ctx, node_ids, node_fields, node_properties));
  ElementValues out;
  out.edges.reserve(edge_ids.size());
  out.nodes.reserve(node_ids.size());
  for (size_t i = 0; i < edge_ids.size(); ++i) {
    if (edges[i]) out.edges.emplace(edge_ids[i], EdgeToValue(edge_ids[i], std::move(*edges[i])));
  }
  for (size_t i = 0; i < node_ids.size(); ++i) {
    if (nodes[i]) out.nodes.emplace(node_ids[i], NodeToValue(node_ids[i], std::move(*nodes[i])));
  }
  return out;
}

}  // namespace namidb::query
