#include "query/execution/operators/hash_join.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/chunk.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

class HashJoin final : public RowMapper {
 public:
  HashJoin(OperatorPtr input, OperatorPtr build, HashJoinSpec spec)
      : RowMapper(std::move(input)), spec_(std::move(spec)) {
    children_.push_back(std::move(build));
  }
  std::string Describe() const override {
    return spec_.probe_key ? "HashJoin" : "CartesianProduct";
  }
  void Reset() override {
    RowMapper::Reset();
    built_ = false;
    table_.clear();
    hold_.Clear();
  }

 protected:
  Status StartChunk(ExecContext& ctx, std::vector<Row>&) override {
    if (built_) return Status::OK();
    const char* what = spec_.probe_key ? "a hash join's table" : "a cartesian product's rows";
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows, Drain(*children_[1], ctx, &hold_, what));
    for (Row& r : rows) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      Value key = Value::Bool(true);  // a cartesian product: one key for all
      if (spec_.build_key) {
        NAMIDB_ASSIGN_OR_RETURN(key, Evaluate(*spec_.build_key, r, ctx.eval));
      }
      if (key.is_null()) continue;
      std::vector<Value> k = {std::move(key)};
      auto [entry, fresh] = table_.try_emplace(std::move(k));
      if (fresh)
        NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, kEntryBytes + RowBytes(entry->first), what));
      entry->second.push_back(std::move(r));
    }
    built_ = true;
    return Status::OK();
  }
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    if (next_ == 0) {
      Value key = Value::Bool(true);
      if (spec_.probe_key) {
        NAMIDB_ASSIGN_OR_RETURN(key, Evaluate(*spec_.probe_key, row, ctx.eval));
      }
      if (key.is_null()) return true;
      auto hit = table_.find({std::move(key)});
      if (hit == table_.end()) return true;
      matches_ = &hit->second;
      row_bytes_ = RowCopyBytes(row);
    }
    for (; next_ < matches_->size(); ++next_) {
      if (chunk.full()) return false;
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      const Row& match = (*matches_)[next_];
      Row joined = row;
      if (joined.size() < ctx.width) joined.resize(ctx.width);
      uint64_t copied = row_bytes_;
      for (int slot : spec_.build_slots) {
        joined[slot] = match[slot];
        copied += ValueCopyBytes(match[slot]);
      }
      chunk.Add(std::move(joined), copied);
    }
    next_ = 0;
    return true;
  }
  void EndChunk() override { next_ = 0; }

 private:
  // A hash table entry beside its key and rows: the node, the bucket, the
  // vector of rows.
  static constexpr uint64_t kEntryBytes = 64;

  HashJoinSpec spec_;
  bool built_ = false;
  std::unordered_map<std::vector<Value>, std::vector<Row>, ValuesHash, ValuesEquivalent> table_;
  MemoryHold hold_;
  const std::vector<Row>* matches_ = nullptr;  // of the row being joined
  size_t next_ = 0;
  uint64_t row_bytes_ = 0;
};

}  // namespace

OperatorPtr MakeHashJoin(OperatorPtr input, OperatorPtr build, HashJoinSpec spec) {
  return std::make_unique<HashJoin>(std::move(input), std::move(build), std::move(spec));
}

}  // namespace namidb::query
