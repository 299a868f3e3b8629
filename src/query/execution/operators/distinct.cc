#include "query/execution/operators/distinct.h"

#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/chunk.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

class Distinct final : public RowMapper {
 public:
  Distinct(OperatorPtr input, std::vector<int> slots)
      : RowMapper(std::move(input)), slots_(std::move(slots)) {}
  std::string Describe() const override { return "Distinct"; }
  void Reset() override {
    RowMapper::Reset();
    seen_.clear();
    hold_.Clear();
  }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    std::vector<Value> key;
    for (int s : slots_) key.push_back(row[s]);
    uint64_t bytes = kEntryBytes + RowBytes(key);
    if (seen_.insert(std::move(key)).second) {
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "DISTINCT"));
      chunk.Add(std::move(row));
    }
    return true;
  }

 private:
  static constexpr uint64_t kEntryBytes = 32;  // a hash set node beside its key

  std::vector<int> slots_;
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen_;
  MemoryHold hold_;
};

}  // namespace

OperatorPtr MakeDistinct(OperatorPtr input, std::vector<int> slots) {
  return std::make_unique<Distinct>(std::move(input), std::move(slots));
}

}  // namespace namidb::query
