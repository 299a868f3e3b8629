#include "query/execution/operators/node_check.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/execution/chunk.h"
#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"

namespace namidb::query {
namespace {

class NodeCheck final : public RowMapper {
 public:
  NodeCheck(OperatorPtr input, int slot, NodeFilter filter)
      : RowMapper(std::move(input)), slot_(slot), filter_(std::move(filter)) {}
  std::string Describe() const override { return "NodeCheck"; }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    const Value& v = row[slot_];
    if (v.kind() != ValueKind::kNode) return true;
    NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(filter_, v.as_node(), row, ctx));
    if (ok) chunk.Add(std::move(row));
    return true;
  }

 private:
  int slot_;
  NodeFilter filter_;
};

}  // namespace

OperatorPtr MakeNodeCheck(OperatorPtr input, int slot, NodeFilter filter) {
  return std::make_unique<NodeCheck>(std::move(input), slot, std::move(filter));
}

}  // namespace namidb::query
