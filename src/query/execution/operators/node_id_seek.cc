#include "query/execution/operators/node_id_seek.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/chunk.h"
#include "query/execution/element_values.h"
#include "query/execution/evaluator.h"
#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class NodeIdSeek final : public RowMapper {
 public:
  NodeIdSeek(OperatorPtr input, int slot, NodeFilter filter, const Expr* id,
             std::vector<std::string> properties)
      : RowMapper(std::move(input)),
        slot_(slot),
        filter_(std::move(filter)),
        id_(id),
        properties_(std::move(properties)) {}
  std::string Describe() const override { return "NodeIdSeek"; }

 protected:
  // Every row's node in one batched point read. id() and elementId() are
  // the node's UUID as text: anything else names no node.
  Status StartChunk(ExecContext& ctx, std::vector<Row>& in) override {
    wanted_.assign(in.size(), std::nullopt);
    std::vector<Uuid> ids;
    for (size_t i = 0; i < in.size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*id_, in[i], ctx.eval));
      if (v.kind() != ValueKind::kString) continue;
      auto id = Uuid::Parse(v.as_string());
      if (!id.ok()) continue;
      wanted_[i] = *id;
      ids.push_back(*id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    NAMIDB_ASSIGN_OR_RETURN(auto records, ReadNodes(ctx, ids, NodeFields::kAll, properties_));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!records[i]) continue;
      auto n = nodes_.emplace(ids[i], NodeToValue(ids[i], std::move(*records[i]))).first;
      NAMIDB_RETURN_IF_ERROR(
          hold_.Add(ctx.memory, sizeof(*n) + 32 + ValueBytes(n->second), "an id seek"));
    }
    return Status::OK();
  }
  void EndChunk() override {
    wanted_.clear();
    nodes_.clear();
    hold_.Clear();
  }
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    if (!wanted_[i]) return true;
    auto n = nodes_.find(*wanted_[i]);
    if (n == nodes_.end()) return true;
    if (chunk.full()) return false;
    NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(filter_, n->second.as_node(), in[i], ctx));
    if (!ok) return true;
    Row made = in[i];
    made[slot_] = n->second;
    chunk.Add(std::move(made), RowCopyBytes(in[i]));
    return true;
  }

 private:
  int slot_;
  NodeFilter filter_;
  const Expr* id_;
  std::vector<std::string> properties_;      // read of the record; none: all
  std::vector<std::optional<Uuid>> wanted_;  // per input row
  std::map<Uuid, Value> nodes_;
  MemoryHold hold_;
};

}  // namespace

OperatorPtr MakeNodeIdSeek(OperatorPtr input, int slot, NodeFilter filter, const Expr* id,
                           std::vector<std::string> properties) {
  return std::make_unique<NodeIdSeek>(std::move(input), slot, std::move(filter), id,
                                      std::move(properties));
}

}  // namespace namidb::query
