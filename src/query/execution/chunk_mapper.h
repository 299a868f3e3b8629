// A RowMapper that works out every row of an input chunk at once (a walk
// level by level for the whole chunk), reserving them as it goes (Keep),
// and hands them out a Chunk at a time.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/chunk.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"

namespace namidb::query {

class ChunkMapper : public RowMapper {
 public:
  using RowMapper::RowMapper;

 protected:
  // All rows made of `in`, each passed through Keep into `out`.
  virtual Status MapChunk(ExecContext& ctx, std::vector<Row>& in, std::vector<Row>* out) = 0;
  // Reserves `row` (for `what`) and adds it to `out`.
  Status Keep(ExecContext& ctx, std::vector<Row>* out, Row row, std::string_view what) {
    NAMIDB_RETURN_IF_ERROR(rows_hold_.Add(ctx.memory, RowBytes(row), what));
    out->push_back(std::move(row));
    return Status::OK();
  }
  // For what MapChunk keeps while it works (walks, visited sets).
  MemoryHold work_hold_;

 private:
  Status StartChunk(ExecContext& ctx, std::vector<Row>& in) final {
    pending_.clear();
    next_ = 0;
    Status s = MapChunk(ctx, in, &pending_);
    work_hold_.Clear();
    return s;
  }
  void EndChunk() final {
    pending_ = {};
    next_ = 0;
    rows_hold_.Clear();
    work_hold_.Clear();
  }
  Result<bool> Fill(ExecContext&, std::vector<Row>&, Chunk& chunk) final {
    for (; next_ < pending_.size(); ++next_) {
      if (chunk.full()) return false;
      chunk.Add(std::move(pending_[next_]));
    }
    return true;
  }

  std::vector<Row> pending_;
  size_t next_ = 0;
  MemoryHold rows_hold_;
};

}  // namespace namidb::query
