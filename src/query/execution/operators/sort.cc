#include "query/execution/operators/sort.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/count_of.h"
#include "query/execution/evaluator.h"
#include "query/execution/materialized.h"
#include "query/execution/operator.h"
#include "query/functions/value_ops.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class Sort final : public Materialized {
 public:
  Sort(OperatorPtr input, std::vector<SortKey> keys, const Expr* skip, const Expr* limit)
      : keys_(std::move(keys)), skip_(skip), limit_(limit) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override { return limit_ ? "Sort (top SKIP + LIMIT)" : "Sort"; }

 protected:
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows, Drain(*children_[0], ctx, &hold_, "sorting"));
    std::vector<std::pair<std::vector<Value>, size_t>> keyed;
    for (size_t i = 0; i < rows.size(); ++i) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      std::vector<Value> key;
      for (const auto& k : keys_) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, rows[i], ctx.eval));
        key.push_back(std::move(v));
      }
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, sizeof(keyed[0]) + RowBytes(key), "sorting"));
      keyed.emplace_back(std::move(key), i);
    }
    // The input position breaks ties, so a partial sort is as stable as a
    // whole one.
    auto before = [&](const auto& a, const auto& b) {
      for (size_t k = 0; k < keys_.size(); ++k) {
        int c = OrderValues(a.first[k], b.first[k]);
        if (c != 0) return keys_[k].descending ? c > 0 : c < 0;
      }
      return a.second < b.second;
    };
    size_t keep = Kept(ctx, keyed.size());
    if (keep < keyed.size()) {
      std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(keep),
                        keyed.end(), before);
      keyed.resize(keep);
    } else {
      NAMIDB_RETURN_IF_ERROR(SortInRuns(ctx, keyed, before));
    }
    std::vector<Row> out;
    out.reserve(keyed.size());
    for (auto& [key, i] : keyed) out.push_back(std::move(rows[i]));
    return out;
  }

 private:
  // std::sort cannot be stopped midway: sorts runs of kSortRun rows, then
  // merges them pairwise, checking the deadline (and yielding) between
  // steps, so a long sort still ends at its time limit.
  template <typename Keyed, typename Before>
  static Status SortInRuns(ExecContext& ctx, Keyed& keyed, Before before) {
    constexpr size_t kSortRun = 16384;
    const size_t n = keyed.size();
    for (size_t at = 0; at < n; at += kSortRun) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Check());
      std::sort(keyed.begin() + static_cast<std::ptrdiff_t>(at),
                keyed.begin() + static_cast<std::ptrdiff_t>(std::min(n, at + kSortRun)), before);
    }
    for (size_t width = kSortRun; width < n; width *= 2) {
      for (size_t at = 0; at + width < n; at += 2 * width) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Check());
        auto first = keyed.begin() + static_cast<std::ptrdiff_t>(at);
        std::inplace_merge(first, first + static_cast<std::ptrdiff_t>(width),
                           keyed.begin() + static_cast<std::ptrdiff_t>(std::min(n, at + 2 * width)),
                           before);
      }
    }
    return Status::OK();
  }

  // How many of `count` rows SKIP and LIMIT can pass on: all of them when
  // there is no LIMIT or its bounds do not evaluate (SKIP / LIMIT above
  // report that).
  size_t Kept(ExecContext& ctx, size_t count) const {
    if (!limit_ || count == 0) return count;
    Result<int64_t> limit = CountOf(limit_, ctx, "LIMIT");
    Result<int64_t> skip = skip_ ? CountOf(skip_, ctx, "SKIP") : Result<int64_t>(int64_t{0});
    if (!limit.ok() || !skip.ok()) return count;
    uint64_t keep = static_cast<uint64_t>(*limit) + static_cast<uint64_t>(*skip);
    return keep < count ? static_cast<size_t>(keep) : count;
  }

  std::vector<SortKey> keys_;
  const Expr* skip_;
  const Expr* limit_;
};

}  // namespace

OperatorPtr MakeSort(OperatorPtr input, std::vector<SortKey> keys, const Expr* skip,
                     const Expr* limit) {
  return std::make_unique<Sort>(std::move(input), std::move(keys), skip, limit);
}

}  // namespace namidb::query
