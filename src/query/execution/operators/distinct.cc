#include "query/execution/operators/distinct.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/chunk.h"
#include "query/execution/group_table.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

class Distinct final : public RowMapper {
 public:
  Distinct(OperatorPtr input, std::vector<int> slots)
      : RowMapper(std::move(input)), slots_(std::move(slots)), seen_(slots_.size()) {}
  std::string Describe() const override { return "Distinct"; }
  void Reset() override {
    RowMapper::Reset();
    seen_.Clear();
    hold_.Clear();
  }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    key_.resize(slots_.size());
    for (size_t k = 0; k < slots_.size(); ++k) key_[k] = row[slots_[k]];
    auto [group, fresh] = seen_.FindOrAdd(key_);
    if (fresh) {
      uint64_t bytes = kEntryBytes;
      for (const Value& v : seen_.key(group)) bytes += sizeof(Value) + ValueBytes(v);
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "DISTINCT"));
      chunk.Add(std::move(row));
    }
    return true;
  }

 private:
  static constexpr uint64_t kEntryBytes = 16;  // an index slot (two at most) and a hash

  std::vector<int> slots_;
  std::vector<Value> key_;  // the row's values at slots_, reused
  GroupTable seen_;
  MemoryHold hold_;
};

}  // namespace

OperatorPtr MakeDistinct(OperatorPtr input, std::vector<int> slots) {
  return std::make_unique<Distinct>(std::move(input), std::move(slots));
}

}  // namespace namidb::query
