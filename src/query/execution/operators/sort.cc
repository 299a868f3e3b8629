#include "query/execution/operators/sort.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
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
    std::optional<size_t> kept = Kept(ctx);
    if (kept && *kept <= kSortRun) return TopRows(ctx, *kept);
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows, Drain(*children_[0], ctx, &hold_, "sorting"));
    std::vector<Keyed> keyed;
    for (size_t i = 0; i < rows.size(); ++i) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      NAMIDB_ASSIGN_OR_RETURN(std::vector<Value> key, KeyOf(ctx, rows[i]));
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, sizeof(Keyed) + RowBytes(key), "sorting"));
      keyed.push_back({std::move(key), i});
    }
    NAMIDB_RETURN_IF_ERROR(
        SortInRuns(ctx, keyed, [this](const Keyed& a, const Keyed& b) { return Precedes(a, b); }));
    if (kept && *kept < keyed.size()) keyed.resize(*kept);
    std::vector<Row> out;
    out.reserve(keyed.size());
    for (auto& [key, i] : keyed) out.push_back(std::move(rows[i]));
    return out;
  }

 private:
  // Rows std::sort orders at once between checks of the deadline; a top-k
  // heap holds no more than this (its final sort is one such run).
  static constexpr size_t kSortRun = 16384;

  // A row's sort key and its input position, which breaks ties: a partial
  // sort is then as stable as a whole one.
  struct Keyed {
    std::vector<Value> key;
    size_t at;
  };
  bool Precedes(const Keyed& a, const Keyed& b) const {
    for (size_t k = 0; k < keys_.size(); ++k) {
      const bool a_null = a.key[k].is_null(), b_null = b.key[k].is_null();
      if (a_null != b_null) return a_null == keys_[k].nulls_first;
      int c = OrderValues(a.key[k], b.key[k]);
      if (c != 0) return keys_[k].descending ? c > 0 : c < 0;
    }
    return a.at < b.at;
  }

  Result<std::vector<Value>> KeyOf(ExecContext& ctx, Row& row) const {
    std::vector<Value> key;
    key.reserve(keys_.size());
    NAMIDB_RETURN_IF_ERROR(KeyInto(ctx, row, &key));
    return key;
  }
  // The row's sort key into `key`, whose room is kept.
  Status KeyInto(ExecContext& ctx, Row& row, std::vector<Value>* key) const {
    key->clear();
    for (const auto& k : keys_) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, row, ctx.eval));
      key->push_back(std::move(v));
    }
    return Status::OK();
  }

  // ORDER BY with LIMIT: only the first `kept` rows in order are held, in a
  // heap whose top is the last of them; a row that comes after it is let
  // go as it arrives. Memory is bounded by what is kept, not by the input,
  // and only kept rows are counted. Every row's key is still evaluated, so
  // a key that fails fails as it would in a whole sort.
  Result<std::vector<Row>> TopRows(ExecContext& ctx, size_t kept) {
    struct Held {
      Keyed keyed;
      Row row;
      uint64_t bytes;
    };
    auto heap_order = [this](const Held& a, const Held& b) { return Precedes(a.keyed, b.keyed); };
    std::vector<Held> heap;
    std::vector<Row> chunk;
    size_t at = 0;
    // Each row's key goes here first: a row let go (most of them, over a
    // whole label) allocates nothing.
    Keyed keyed;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &chunk));
      if (!more) break;
      for (Row& row : chunk) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
        NAMIDB_RETURN_IF_ERROR(KeyInto(ctx, row, &keyed.key));
        keyed.at = at++;
        if (heap.size() == kept) {
          if (kept == 0 || !Precedes(keyed, heap.front().keyed)) continue;
          std::pop_heap(heap.begin(), heap.end(), heap_order);
          hold_.Remove(heap.back().bytes);
          heap.pop_back();
        }
        uint64_t bytes = sizeof(Held) + RowBytes(keyed.key) + RowBytes(row);
        NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "sorting"));
        heap.push_back({std::exchange(keyed, Keyed{}), std::move(row), bytes});
        std::push_heap(heap.begin(), heap.end(), heap_order);
      }
    }
    std::sort_heap(heap.begin(), heap.end(), heap_order);
    std::vector<Row> out;
    out.reserve(heap.size());
    for (Held& h : heap) out.push_back(std::move(h.row));
    return out;
  }

  // std::sort cannot be stopped midway: sorts runs of kSortRun rows, then
  // merges them pairwise, checking the deadline (and yielding) between
  // steps, so a long sort still ends at its time limit.
  template <typename Before>
  static Status SortInRuns(ExecContext& ctx, std::vector<Keyed>& keyed, Before before) {
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

  // How many rows SKIP and LIMIT can pass on, or nullopt when there is no
  // LIMIT or its bounds do not evaluate (SKIP / LIMIT above report that).
  // They name no variable, so they evaluate before any row comes.
  std::optional<size_t> Kept(ExecContext& ctx) const {
    if (!limit_) return std::nullopt;
    Result<int64_t> limit = CountOf(limit_, ctx, "LIMIT");
    Result<int64_t> skip = skip_ ? CountOf(skip_, ctx, "SKIP") : Result<int64_t>(int64_t{0});
    if (!limit.ok() || !skip.ok()) return std::nullopt;
    uint64_t keep = static_cast<uint64_t>(*limit) + static_cast<uint64_t>(*skip);
    return keep < SIZE_MAX ? static_cast<size_t>(keep) : SIZE_MAX;
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
