// The rows an enclosing operator puts in: the start of the inner side of an
// OPTIONAL MATCH, or of a pattern predicate's sub-pipeline.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "query/execution/operator.h"

namespace namidb::query {

class ArgumentOperator final : public Operator {
 public:
  void Feed(std::vector<Row> rows) {
    rows_ = std::move(rows);
    done_ = false;
  }
  Result<bool> DoNext(ExecContext&, std::vector<Row>* out) override {
    if (done_ || rows_.empty()) return false;
    *out = rows_;
    done_ = true;
    return true;
  }
  void Reset() override { done_ = false; }
  std::string Describe() const override { return "Argument"; }

 private:
  std::vector<Row> rows_;
  bool done_ = false;
};

OperatorPtr MakeArgument(ArgumentOperator** handle);

}  // namespace namidb::query
