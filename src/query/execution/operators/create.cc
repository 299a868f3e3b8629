#include "query/execution/operators/create.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/common/query_error.h"
#include "query/execution/dynamic_labels.h"
#include "query/execution/eager_update.h"
#include "query/execution/operator.h"
#include "query/execution/stored_properties.h"
#include "query/execution/update_context.h"
#include "storage/writer_session.h"

namespace namidb::query {
namespace {

class Create final : public EagerUpdate {
 public:
  Create(OperatorPtr input, UpdateContext* update, std::vector<CreateNode> nodes,
         std::vector<CreateRel> rels)
      : EagerUpdate(std::move(input), update), nodes_(std::move(nodes)), rels_(std::move(rels)) {}
  std::string Describe() const override { return "Create"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    for (Row& row : rows) {
      NAMIDB_RETURN_IF_ERROR(CreateInRow(ctx, update_, nodes_, rels_, false, row));
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
    }
    return Status::OK();
  }

 private:
  std::vector<CreateNode> nodes_;
  std::vector<CreateRel> rels_;
};

}  // namespace

// Creates the nodes and relationships of a pattern for one row, binding
// them into its slots.
Status CreateInRow(ExecContext& ctx, UpdateContext* update, const std::vector<CreateNode>& nodes,
                   const std::vector<CreateRel>& rels, bool for_merge, Row& row) {
  WriterSession& writer = *update->writer;
  UpdateCounters& counters = update->counters;
  for (const CreateNode& n : nodes) {
    if (n.bound) {
      if (row[n.slot].kind() != ValueKind::kNode) {
        return RuntimeError("SemanticError", "CreateNodeFromNull",
                            "cannot create a relationship from or to a null node");
      }
      continue;
    }
    NAMIDB_ASSIGN_OR_RETURN(std::vector<std::string> labels,
                            LabelsForRow(n.labels, n.dynamic_labels, row, ctx.eval));
    NAMIDB_ASSIGN_OR_RETURN(ValueMap props, EvaluateProperties(n.properties, row, ctx, for_merge));
    Uuid id = update->ids->Next();
    NAMIDB_RETURN_IF_ERROR(writer.UpsertNode(labels, id, props));
    ++counters.nodes_created;
    counters.labels_added += static_cast<int64_t>(labels.size());
    counters.properties_set += static_cast<int64_t>(props.size());
    row[n.slot] = Value::Node(NodeValue{id, std::move(labels), std::move(props)});
  }
  for (const CreateRel& r : rels) {
    std::string type = r.type;
    if (r.dynamic_type) {
      NAMIDB_ASSIGN_OR_RETURN(std::vector<std::string> types,
                              EvaluateDynamicLabels(*r.dynamic_type, row, ctx.eval));
      if (types.size() != 1) {
        return RuntimeError(
            "ArgumentError", "InvalidArgumentValue",
            "a relationship to create needs exactly one type, not " + std::to_string(types.size()));
      }
      type = std::move(types[0]);
    }
    NAMIDB_ASSIGN_OR_RETURN(ValueMap props, EvaluateProperties(r.properties, row, ctx, for_merge));
    NAMIDB_RETURN_IF_ERROR(
        CheckNotDeletedForWrite(*update, row[nodes[r.from].slot], "create a relationship from"));
    NAMIDB_RETURN_IF_ERROR(
        CheckNotDeletedForWrite(*update, row[nodes[r.to].slot], "create a relationship to"));
    const Uuid& src = row[nodes[r.from].slot].as_node().id;
    const Uuid& dst = row[nodes[r.to].slot].as_node().id;
    NAMIDB_ASSIGN_OR_RETURN(Uuid id, writer.UpsertEdge(type, src, dst, props, update->ids->Next()));
    ++counters.relationships_created;
    counters.properties_set += static_cast<int64_t>(props.size());
    row[r.slot] =
        Value::Relationship(RelationshipValue{id, std::move(type), src, dst, std::move(props)});
  }
  return Status::OK();
}

OperatorPtr MakeCreate(OperatorPtr input, UpdateContext* update, std::vector<CreateNode> nodes,
                       std::vector<CreateRel> rels) {
  return std::make_unique<Create>(std::move(input), update, std::move(nodes), std::move(rels));
}

}  // namespace namidb::query
