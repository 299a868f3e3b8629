// The chunk an operator is filling: full at kChunkRows rows, or once the
// values copied or built into it come to kChunkBytes (a row is always
// let in when the chunk is empty, so every chunk makes progress).
#pragma once

#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/operator.h"

namespace namidb::query {

class Chunk {
 public:
  Chunk(ExecContext& ctx, std::vector<Row>* rows)
      : rows_(rows), memory_(ctx.memory), built_at_start_(ctx.memory->built()) {}
  std::vector<Row>& rows() { return *rows_; }
  // `copied`: what the row copied (RowCopyBytes of its source for a row
  // copied from another); values built on the way are counted already.
  void Add(Row row, uint64_t copied = 0) {
    rows_->push_back(std::move(row));
    copied_ += copied;
  }
  bool full() const {
    if (rows_->empty()) return false;
    return rows_->size() >= kChunkRows ||
           copied_ + (memory_->built() - built_at_start_) >= kChunkBytes;
  }

 private:
  std::vector<Row>* rows_;
  MemoryBudget* memory_;
  uint64_t built_at_start_;
  uint64_t copied_ = 0;
};

}  // namespace namidb::query
