#include "query/execution/operators/node_index_seek.h"

#include <algorithm>
#include <map>
#include <memory>
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

namespace namidb::query {
namespace {

class NodeIndexSeek final : public RowMapper {
 public:
  NodeIndexSeek(OperatorPtr input, int slot, NodeFilter filter, IndexSeek seek,
                std::vector<std::string> properties)
      : RowMapper(std::move(input)),
        slot_(slot),
        filter_(std::move(filter)),
        seek_(std::move(seek)),
        properties_(std::move(properties)) {}
  std::string Describe() const override {
    return "NodeIndexSeek :" + seek_.label + "(" + seek_.property + ")";
  }

 protected:
  // The candidates of every row (every row's value in one batched index
  // read), then their records in one batched read.
  Status StartChunk(ExecContext& ctx, std::vector<Row>& in) override {
    std::vector<Value> values;
    for (size_t i = 0; i < in.size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*seek_.value, in[i], ctx.eval));
      values.push_back(std::move(v));
    }
    NAMIDB_ASSIGN_OR_RETURN(candidates_,
                            ctx.graph->NodesWithProperties(seek_.label, seek_.property, values));
    std::vector<Uuid> all;
    for (const auto& c : candidates_) all.insert(all.end(), c.begin(), c.end());
    NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, all.size() * 2 * sizeof(Uuid), "an index seek"));
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    NAMIDB_ASSIGN_OR_RETURN(auto records, ReadNodes(ctx, all, NodeFields::kAll, properties_));
    for (size_t i = 0; i < all.size(); ++i) {
      if (!records[i]) continue;
      auto n = nodes_.emplace(all[i], NodeToValue(all[i], std::move(*records[i]))).first;
      NAMIDB_RETURN_IF_ERROR(
          hold_.Add(ctx.memory, sizeof(*n) + 32 + ValueBytes(n->second), "an index seek"));
    }
    return Status::OK();
  }
  void EndChunk() override {
    candidates_.clear();
    nodes_.clear();
    hold_.Clear();
    next_ = 0;
  }
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    if (next_ == 0) row_bytes_ = RowCopyBytes(in[i]);
    for (; next_ < candidates_[i].size(); ++next_) {
      if (chunk.full()) return false;
      auto n = nodes_.find(candidates_[i][next_]);
      if (n == nodes_.end()) continue;
      NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(filter_, n->second.as_node(), in[i], ctx));
      if (!ok) continue;
      Row made = in[i];
      made[slot_] = n->second;
      chunk.Add(std::move(made), row_bytes_);
    }
    next_ = 0;
    return true;
  }

 private:
  int slot_;
  NodeFilter filter_;
  IndexSeek seek_;
  std::vector<std::string> properties_;        // read of the records; none: all
  std::vector<std::vector<Uuid>> candidates_;  // per input row
  std::map<Uuid, Value> nodes_;
  MemoryHold hold_;
  size_t next_ = 0;  // the next candidate of the row being mapped
  uint64_t row_bytes_ = 0;
};

}  // namespace

OperatorPtr MakeNodeIndexSeek(OperatorPtr input, int slot, NodeFilter filter, IndexSeek seek,
                              std::vector<std::string> properties) {
  return std::make_unique<NodeIndexSeek>(std::move(input), slot, std::move(filter), std::move(seek),
                                         std::move(properties));
}

}  // namespace namidb::query
