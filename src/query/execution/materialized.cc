#include "query/execution/materialized.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "query/execution/operator.h"

namespace namidb::query {

Result<bool> Materialized::DoNext(ExecContext& ctx, std::vector<Row>* out) {
  if (!computed_) {
    NAMIDB_ASSIGN_OR_RETURN(rows_, Compute(ctx));
    computed_ = true;
  }
  if (at_ >= rows_.size()) {
    // All handed out: what the rows held has moved on (or been freed).
    rows_ = {};
    hold_.Clear();
    return false;
  }
  size_t n = std::min(kChunkRows, rows_.size() - at_);
  out->assign(std::make_move_iterator(rows_.begin() + at_),
              std::make_move_iterator(rows_.begin() + at_ + n));
  at_ += n;
  return true;
}

void Materialized::Reset() {
  Operator::Reset();
  computed_ = false;
  rows_.clear();
  at_ = 0;
  hold_.Clear();
}

}  // namespace namidb::query
