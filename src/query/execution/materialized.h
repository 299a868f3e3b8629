// An operator that computes all of its rows at once (sorting, grouping,
// updating), then hands them out chunk by chunk. What it holds is reserved
// in `hold_` while it computes, and given back once every row is handed
// out.
#pragma once

#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/operator.h"

namespace namidb::query {

class Materialized : public Operator {
 public:
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override;
  void Reset() override;

 protected:
  virtual Result<std::vector<Row>> Compute(ExecContext& ctx) = 0;
  MemoryHold hold_;

 private:
  bool computed_ = false;
  std::vector<Row> rows_;
  size_t at_ = 0;
};

}  // namespace namidb::query
