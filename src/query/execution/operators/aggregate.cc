#include "query/execution/operators/aggregate.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/materialized.h"
#include "query/execution/operator.h"
#include "query/execution/operators/project.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

// The state of one aggregate in one group.
struct Accumulator {
  int64_t count = 0;
  bool integral = true;
  int64_t int_sum = 0;
  double float_sum = 0;
  bool overflowed = false;
  std::optional<Value> best;  // min / max
  ValueList values;           // collect, stDev, percentiles
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen;  // DISTINCT
};

// Adds `v` to `acc`; what it keeps (DISTINCT values, collected values) is
// reserved in `hold`.
Status Accumulate(const AggregateItem& a, Accumulator& acc, const Value& v, ExecContext& ctx,
                  MemoryHold* hold) {
  if (a.function == "count*") {
    ++acc.count;
    return Status::OK();
  }
  if (v.is_null()) return Status::OK();
  if (a.distinct) {
    if (!acc.seen.insert({v}).second) return Status::OK();
    NAMIDB_RETURN_IF_ERROR(
        hold->Add(ctx.memory, 64 + sizeof(Value) + ValueBytes(v), "DISTINCT in an aggregate"));
  }
  ++acc.count;
  const std::string& f = a.function;
  if (f == "sum" || f == "avg") {
    if (v.kind() == ValueKind::kInt) {
      int64_t r = 0;
      if (__builtin_add_overflow(acc.int_sum, v.as_int(), &r)) {
        acc.overflowed = true;
      } else {
        acc.int_sum = r;
      }
      acc.float_sum += static_cast<double>(v.as_int());
    } else if (v.kind() == ValueKind::kFloat) {
      acc.integral = false;
      acc.float_sum += v.as_float();
    } else {
      return RuntimeError("TypeError", "InvalidArgumentType",
                          f + "() needs numbers, got " + TypeName(v));
    }
  } else if (f == "min" || f == "max") {
    if (!acc.best) {
      acc.best = v;
    } else {
      int c = OrderValues(v, *acc.best);
      if ((f == "min" && c < 0) || (f == "max" && c > 0)) acc.best = v;
    }
  } else if (f != "count") {
    const ValueSize size = MeasureValue(v);
    // collect() makes a list of them: one level deeper.
    if (f == "collect")
      NAMIDB_RETURN_IF_ERROR(CheckValueDepth(size.depth + 1, *a.argument, "collect()"));
    NAMIDB_RETURN_IF_ERROR(hold->Add(ctx.memory, sizeof(Value) + size.bytes, f + "()"));
    acc.values.push_back(v);
  }
  return Status::OK();
}

Result<Value> Finish(const AggregateItem& a, Accumulator& acc, Row& row, ExecContext& ctx) {
  const std::string& f = a.function;
  if (f == "count" || f == "count*") return Value::Int(acc.count);
  if (f == "sum") {
    if (acc.integral) {
      if (acc.overflowed)
        return RuntimeError("ArithmeticError", "IntegerOverflow", "sum() overflows");
      return Value::Int(acc.int_sum);
    }
    return Value::Float(acc.float_sum);
  }
  if (f == "avg") {
    if (acc.count == 0) return Value();
    return Value::Float(acc.float_sum / static_cast<double>(acc.count));
  }
  if (f == "min" || f == "max") return acc.best ? *acc.best : Value();
  if (f == "collect") return Value::List(std::move(acc.values));
  // stDev, stDevP, percentileCont, percentileDisc: over numbers.
  std::vector<double> xs;
  for (const auto& v : acc.values) {
    if (v.kind() == ValueKind::kInt) {
      xs.push_back(static_cast<double>(v.as_int()));
    } else if (v.kind() == ValueKind::kFloat) {
      xs.push_back(v.as_float());
    } else {
      return RuntimeError("TypeError", "InvalidArgumentType", f + "() needs numbers");
    }
  }
  if (f == "stdev" || f == "stdevp") {
    size_t n = xs.size();
    if (n < (f == "stdev" ? 2u : 1u)) return Value::Float(0);
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= static_cast<double>(n);
    double ss = 0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    return Value::Float(std::sqrt(ss / static_cast<double>(f == "stdev" ? n - 1 : n)));
  }
  // Percentiles.
  NAMIDB_ASSIGN_OR_RETURN(Value p, Evaluate(*a.parameter, row, ctx.eval));
  if (p.kind() != ValueKind::kInt && p.kind() != ValueKind::kFloat) {
    return RuntimeError("TypeError", "InvalidArgumentType", f + "() needs a numeric percentile");
  }
  double q = p.kind() == ValueKind::kInt ? static_cast<double>(p.as_int()) : p.as_float();
  if (q < 0 || q > 1) {
    return RuntimeError("ArgumentError", "NumberOutOfRange", f + "() needs a percentile in [0, 1]");
  }
  if (xs.empty()) return Value();
  std::vector<size_t> order(acc.values.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return xs[x] < xs[y]; });
  if (f == "percentiledisc") {
    size_t idx =
        q == 0 ? 0 : static_cast<size_t>(std::ceil(q * static_cast<double>(xs.size()))) - 1;
    return acc.values[order[std::min(idx, xs.size() - 1)]];
  }
  double pos = q * static_cast<double>(xs.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos)), hi = static_cast<size_t>(std::ceil(pos));
  double frac = pos - static_cast<double>(lo);
  return Value::Float(xs[order[lo]] + (xs[order[hi]] - xs[order[lo]]) * frac);
}

class Aggregate final : public Materialized {
 public:
  Aggregate(OperatorPtr input, std::vector<ProjectItem> keys, std::vector<AggregateItem> aggregates)
      : keys_(std::move(keys)), aggregates_(std::move(aggregates)) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override { return "Aggregate"; }
  void Reset() override {
    Materialized::Reset();
    values_hold_.Clear();
  }

 protected:
  // Streams its input: a group holds its key and its accumulators, never
  // the rows (count, sum, avg, min and max keep a number or a value each;
  // collect() and the statistical ones their values).
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    struct Group {
      Row first;  // a representative input row, kept for percentile parameters
      std::vector<Accumulator> accs;
    };
    bool keeps_row = false;
    for (const auto& a : aggregates_) keeps_row = keeps_row || a.parameter;
    std::unordered_map<std::vector<Value>, size_t, ValuesHash, ValuesEquivalent> index;
    std::vector<std::pair<std::vector<Value>, Group>> groups;
    std::vector<Row> chunk;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &chunk));
      if (!more) break;
      for (Row& row : chunk) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
        std::vector<Value> key;
        for (const auto& k : keys_) {
          NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, row, ctx.eval));
          key.push_back(std::move(v));
        }
        auto [it, fresh] = index.emplace(key, groups.size());
        if (fresh) {
          // The key twice (index and group), the entry, the accumulators.
          uint64_t bytes = 2 * RowBytes(key) + kGroupBytes +
                           aggregates_.size() * sizeof(Accumulator) +
                           (keeps_row ? RowBytes(row) : 0);
          NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "grouping"));
          groups.push_back({std::move(key), Group{keeps_row ? row : Row(),
                                                  std::vector<Accumulator>(aggregates_.size())}});
        }
        Group& g = groups[it->second].second;
        for (size_t i = 0; i < aggregates_.size(); ++i) {
          Value v;
          if (aggregates_[i].argument) {
            NAMIDB_ASSIGN_OR_RETURN(v, Evaluate(*aggregates_[i].argument, row, ctx.eval));
          }
          NAMIDB_RETURN_IF_ERROR(Accumulate(aggregates_[i], g.accs[i], v, ctx, &values_hold_));
        }
      }
    }
    if (groups.empty() && keys_.empty()) {
      groups.push_back({{}, Group{Row(ctx.width), std::vector<Accumulator>(aggregates_.size())}});
    }
    index.clear();
    std::vector<Row> out;
    for (auto& [key, g] : groups) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      Row row(ctx.width);
      for (size_t i = 0; i < keys_.size(); ++i) row[keys_[i].slot] = key[i];
      if (g.first.size() < ctx.width) g.first.resize(ctx.width);
      for (size_t i = 0; i < aggregates_.size(); ++i) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, Finish(aggregates_[i], g.accs[i], g.first, ctx));
        row[aggregates_[i].slot] = std::move(v);
      }
      NAMIDB_RETURN_IF_ERROR(
          hold_.Add(ctx.memory, sizeof(Row) + ctx.width * sizeof(Value) + 16, "grouping"));
      out.push_back(std::move(row));
    }
    return out;
  }

 private:
  static constexpr uint64_t kGroupBytes = 64;  // a hash map node and a groups slot
  // What the accumulators keep (collected values, DISTINCT sets), apart
  // from the groups in Materialized::hold_ so that the message names it.
  MemoryHold values_hold_;

  std::vector<ProjectItem> keys_;
  std::vector<AggregateItem> aggregates_;
};

}  // namespace

OperatorPtr MakeAggregate(OperatorPtr input, std::vector<ProjectItem> keys,
                          std::vector<AggregateItem> aggregates) {
  return std::make_unique<Aggregate>(std::move(input), std::move(keys), std::move(aggregates));
}

}  // namespace namidb::query
