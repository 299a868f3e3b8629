#include "query/execution/operators/delete.h"

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "query/common/query_error.h"
#include "query/execution/eager_update.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/functions/value_ops.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class Delete final : public EagerUpdate {
 public:
  Delete(OperatorPtr input, UpdateContext* update, std::vector<const Expr*> targets, bool detach)
      : EagerUpdate(std::move(input), update), targets_(std::move(targets)), detach_(detach) {}
  std::string Describe() const override { return detach_ ? "DetachDelete" : "Delete"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    // Relationships first, then nodes: `DELETE n, r` may name a node's last
    // relationship after the node.
    std::set<Uuid> nodes, edges;
    for (Row& row : rows) {
      for (const Expr* t : targets_) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*t, row, ctx.eval));
        switch (v.kind()) {
          case ValueKind::kNull:
            break;
          case ValueKind::kNode:
            if (nodes.insert(v.as_node().id).second) {
              NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, kSetEntryBytes, "DELETE"));
            }
            break;
          case ValueKind::kRelationship:
            if (edges.insert(v.as_relationship().id).second) {
              NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, kSetEntryBytes, "DELETE"));
            }
            break;
          case ValueKind::kPath:
            for (const auto& n : v.as_path().nodes) nodes.insert(n.id);
            for (const auto& r : v.as_path().relationships) edges.insert(r.id);
            break;
          default:
            return RuntimeError("TypeError", "InvalidArgumentType",
                                "DELETE takes nodes, relationships or paths, not " + TypeName(v));
        }
      }
    }
    for (const Uuid& e : edges) {
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
      NAMIDB_ASSIGN_OR_RETURN(auto r, ctx.graph->LookupEdge(e));
      if (!r) continue;
      NAMIDB_RETURN_IF_ERROR(writer().TombstoneEdge(e));
      ++counters().relationships_deleted;
      Deleted(e);
    }
    for (const Uuid& n : nodes) {
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
      NAMIDB_ASSIGN_OR_RETURN(auto record, ctx.graph->LookupNode(n));
      if (!record) continue;  // deleted already
      size_t touching = 0;
      std::vector<Uuid> taken_along;
      for (Direction d : {Direction::kOut, Direction::kIn}) {
        NAMIDB_ASSIGN_OR_RETURN(auto adjacent, ctx.graph->Expand(n, d));
        for (const auto& a : adjacent) {
          if (d == Direction::kIn && a.node == n) continue;  // a self-loop, counted once
          ++touching;
          taken_along.push_back(a.edge);
        }
      }
      if (touching > 0 && !detach_) {
        return RuntimeError("ConstraintVerificationFailed", "DeleteConnectedNode",
                            "cannot delete a node that still has relationships; use DETACH DELETE");
      }
      NAMIDB_RETURN_IF_ERROR(writer().TombstoneNode(n));  // removes its relationships too
      ++counters().nodes_deleted;
      Deleted(n);
      for (const Uuid& e : taken_along) Deleted(e);
      counters().relationships_deleted += static_cast<int64_t>(touching);
    }
    return Status::OK();
  }

 private:
  // Notes `element` deleted by the statement (and by its transaction, which
  // may be rolled back).
  void Deleted(const Uuid& element) {
    if (update_->deleted.insert(element).second && update_->deleted_log) {
      update_->deleted_log->push_back(element);
    }
  }

  static constexpr uint64_t kSetEntryBytes = 48 + sizeof(Uuid);  // a std::set node

  std::vector<const Expr*> targets_;
  bool detach_;
};

}  // namespace

OperatorPtr MakeDelete(OperatorPtr input, UpdateContext* update, std::vector<const Expr*> targets,
                       bool detach) {
  return std::make_unique<Delete>(std::move(input), update, std::move(targets), detach);
}

}  // namespace namidb::query
