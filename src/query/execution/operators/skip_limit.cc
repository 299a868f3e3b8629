#include "query/execution/operators/skip_limit.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "query/execution/count_of.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class SkipLimit final : public Operator {
 public:
  SkipLimit(OperatorPtr input, const Expr* count, bool is_limit, bool drain = false)
      : count_(count), limit_(is_limit), drain_(drain) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override { return limit_ ? "Limit" : "Skip"; }
  void Reset() override {
    Operator::Reset();
    n_.reset();
    seen_ = 0;
  }
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    if (!n_) {
      NAMIDB_ASSIGN_OR_RETURN(int64_t n, CountOf(count_, ctx, limit_ ? "LIMIT" : "SKIP"));
      n_ = n;
    }
    while (true) {
      if (limit_ && seen_ >= *n_) {
        if (drain_) {
          std::vector<Row> discard;
          while (true) {
            NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &discard));
            if (!more) break;
          }
        }
        return false;
      }
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, out));
      if (!more) return false;
      std::vector<Row> kept;
      for (Row& row : *out) {
        int64_t i = seen_++;
        if (limit_ ? i < *n_ : i >= *n_) kept.push_back(std::move(row));
      }
      if (!kept.empty()) {
        *out = std::move(kept);
        return true;
      }
    }
  }

 private:
  const Expr* count_;
  bool limit_;
  bool drain_;
  std::optional<int64_t> n_;
  int64_t seen_ = 0;
};

}  // namespace

OperatorPtr MakeSkip(OperatorPtr input, const Expr* count) {
  return std::make_unique<SkipLimit>(std::move(input), count, false);
}
OperatorPtr MakeLimit(OperatorPtr input, const Expr* count, bool drain) {
  return std::make_unique<SkipLimit>(std::move(input), count, true, drain);
}

}  // namespace namidb::query
