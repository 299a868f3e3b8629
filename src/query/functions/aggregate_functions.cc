#include "query/functions/aggregate_functions.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "query/common/query_error.h"
#include "query/functions/temporal_arithmetic.h"

namespace namidb::query {
namespace {

void Init(AggregateState& s) { s = AggregateState(); }

Status Count(const AggregateFunction&, AggregateState& s, const Value&, AggregateContext&) {
  ++s.count;
  return Status::OK();
}

// sum() and avg(): an exact integer sum while it fits, a float one beside
// it; or, over durations, their sum as a duration (in `best`).
Status Add(const AggregateFunction& self, AggregateState& s, const Value& v, AggregateContext&) {
  ++s.count;
  const bool numbers_before = s.count > 1 && !s.best;
  if (v.kind() == ValueKind::kDuration) {
    if (numbers_before) {
      return RuntimeError("TypeError", "InvalidArgumentType",
                          self.name + "() cannot add a DURATION to numbers");
    }
    if (!s.best) {
      s.best = v;
      return Status::OK();
    }
    NAMIDB_ASSIGN_OR_RETURN(Value sum, *TemporalArithmetic('+', *s.best, v));
    s.best = std::move(sum);
    return Status::OK();
  }
  if (s.best && (v.kind() == ValueKind::kInt || v.kind() == ValueKind::kFloat)) {
    return RuntimeError("TypeError", "InvalidArgumentType",
                        self.name + "() cannot add a number to durations");
  }
  if (v.kind() == ValueKind::kInt) {
    int64_t r = 0;
    if (__builtin_add_overflow(s.int_sum, v.as_int(), &r)) {
      s.overflowed = true;
    } else {
      s.int_sum = r;
    }
    s.float_sum += static_cast<double>(v.as_int());
  } else if (v.kind() == ValueKind::kFloat) {
    s.integral = false;
    s.float_sum += v.as_float();
  } else {
    return RuntimeError("TypeError", "InvalidArgumentType",
                        self.name + "() needs numbers or durations, got " + TypeName(v));
  }
  return Status::OK();
}

Status Best(const AggregateFunction& self, AggregateState& s, const Value& v, AggregateContext&) {
  ++s.count;
  if (!s.best) {
    s.best = v;
  } else {
    int c = OrderValues(v, *s.best);
    if ((self.id == AggregateId::kMin && c < 0) || (self.id == AggregateId::kMax && c > 0)) {
      s.best = v;
    }
  }
  return Status::OK();
}

// collect() and the statistical ones keep the values, held in ctx.hold.
Status Keep(const AggregateFunction& self, AggregateState& s, const Value& v,
            AggregateContext& ctx) {
  ++s.count;
  const ValueSize size = MeasureValue(v);
  // collect() makes a list of them: one level deeper.
  if (self.id == AggregateId::kCollect) {
    NAMIDB_RETURN_IF_ERROR(CheckBuiltDepth(size.depth + 1, ctx.argument_pos, "collect()"));
  }
  NAMIDB_RETURN_IF_ERROR(ctx.hold->Add(ctx.memory, sizeof(Value) + size.bytes, self.name + "()"));
  s.values.push_back(v);
  return Status::OK();
}

Result<Value> FinishCount(const AggregateFunction&, AggregateState& s, const Value*) {
  return Value::Int(s.count);
}

Result<Value> FinishSum(const AggregateFunction&, AggregateState& s, const Value*) {
  if (s.best) return *s.best;
  if (s.integral) {
    if (s.overflowed) return RuntimeError("ArithmeticError", "IntegerOverflow", "sum() overflows");
    return Value::Int(s.int_sum);
  }
  return Value::Float(s.float_sum);
}

Result<Value> FinishAvg(const AggregateFunction&, AggregateState& s, const Value*) {
  if (s.count == 0) return Value();
  if (s.best) return *TemporalArithmetic('/', *s.best, Value::Int(s.count));
  return Value::Float(s.float_sum / static_cast<double>(s.count));
}

Result<Value> FinishBest(const AggregateFunction&, AggregateState& s, const Value*) {
  return s.best ? *s.best : Value();
}

Result<Value> FinishCollect(const AggregateFunction&, AggregateState& s, const Value*) {
  return Value::List(std::move(s.values));
}

// The kept values as numbers (stDev, stDevP, percentiles).
Result<std::vector<double>> Numbers(const AggregateFunction& self, const AggregateState& s) {
  std::vector<double> xs;
  for (const auto& v : s.values) {
    if (v.kind() == ValueKind::kInt) {
      xs.push_back(static_cast<double>(v.as_int()));
    } else if (v.kind() == ValueKind::kFloat) {
      xs.push_back(v.as_float());
    } else {
      return RuntimeError("TypeError", "InvalidArgumentType", self.name + "() needs numbers");
    }
  }
  return xs;
}

Result<Value> FinishStDev(const AggregateFunction& self, AggregateState& s, const Value*) {
  NAMIDB_ASSIGN_OR_RETURN(std::vector<double> xs, Numbers(self, s));
  const bool sample = self.id == AggregateId::kStDev;
  size_t n = xs.size();
  if (n < (sample ? 2u : 1u)) return Value::Float(0);
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(n);
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return Value::Float(std::sqrt(ss / static_cast<double>(sample ? n - 1 : n)));
}

Result<Value> FinishPercentile(const AggregateFunction& self, AggregateState& s,
                               const Value* parameter) {
  NAMIDB_ASSIGN_OR_RETURN(std::vector<double> xs, Numbers(self, s));
  const Value p = parameter ? *parameter : Value();
  if (p.kind() != ValueKind::kInt && p.kind() != ValueKind::kFloat) {
    return RuntimeError("TypeError", "InvalidArgumentType",
                        self.name + "() needs a numeric percentile");
  }
  double q = p.kind() == ValueKind::kInt ? static_cast<double>(p.as_int()) : p.as_float();
  if (q < 0 || q > 1) {
    return RuntimeError("ArgumentError", "NumberOutOfRange",
                        self.name + "() needs a percentile in [0, 1]");
  }
  if (xs.empty()) return Value();
  std::vector<size_t> order(s.values.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return xs[x] < xs[y]; });
  if (self.id == AggregateId::kPercentileDisc) {
    size_t idx =
        q == 0 ? 0 : static_cast<size_t>(std::ceil(q * static_cast<double>(xs.size()))) - 1;
    return s.values[order[std::min(idx, xs.size() - 1)]];
  }
  double pos = q * static_cast<double>(xs.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos)), hi = static_cast<size_t>(std::ceil(pos));
  double frac = pos - static_cast<double>(lo);
  return Value::Float(xs[order[lo]] + (xs[order[hi]] - xs[order[lo]]) * frac);
}

AggregateFunction Entry(const char* name, AggregateId id,
                        Status (*update)(const AggregateFunction&, AggregateState&, const Value&,
                                         AggregateContext&),
                        Result<Value> (*finalize)(const AggregateFunction&, AggregateState&,
                                                  const Value*)) {
  AggregateFunction f;
  f.name = name;
  f.id = id;
  f.init = Init;
  f.update = update;
  f.finalize = finalize;
  return f;
}

}  // namespace

std::vector<AggregateFunction> AggregateFunctionEntries() {
  std::vector<AggregateFunction> out = {
      Entry("count(*)", AggregateId::kCountStar, Count, FinishCount),
      Entry("count", AggregateId::kCount, Count, FinishCount),
      Entry("sum", AggregateId::kSum, Add, FinishSum),
      Entry("avg", AggregateId::kAvg, Add, FinishAvg),
      Entry("min", AggregateId::kMin, Best, FinishBest),
      Entry("max", AggregateId::kMax, Best, FinishBest),
      Entry("collect", AggregateId::kCollect, Keep, FinishCollect),
      Entry("stdev", AggregateId::kStDev, Keep, FinishStDev),
      Entry("stdevp", AggregateId::kStDevP, Keep, FinishStDev),
      Entry("percentilecont", AggregateId::kPercentileCont, Keep, FinishPercentile),
      Entry("percentiledisc", AggregateId::kPercentileDisc, Keep, FinishPercentile),
  };
  out[0].takes_nulls = true;  // count(*) counts rows, and has no argument
  out[0].arguments = 0;
  for (AggregateFunction& f : out) {
    if (f.id == AggregateId::kMin || f.id == AggregateId::kMax) f.duplicates_matter = false;
    if (f.id == AggregateId::kPercentileCont || f.id == AggregateId::kPercentileDisc) {
      f.arguments = 2;
    }
  }
  return out;
}

}  // namespace namidb::query
