#include "query/execution/operators/aggregate.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/group_table.h"
#include "query/execution/materialized.h"
#include "query/execution/operator.h"
#include "query/execution/operators/project.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

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
  // Streams its input: a group holds its key and its aggregates' states, never
  // the rows (count, sum, avg, min and max keep a number or a value each;
  // collect() and the statistical ones their values).
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    bool keeps_row = false;
    for (const auto& a : aggregates_) keeps_row = keeps_row || a.parameter;
    const size_t width = aggregates_.size();
    GroupTable groups(keys_.size());
    std::vector<AggregateState> states;  // group g's: [g * width, (g + 1) * width)
    std::vector<Row> firsts;  // a representative input row per group, for percentile parameters
    std::vector<Value> key(keys_.size());
    std::vector<Row> chunk;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &chunk));
      if (!more) break;
      for (Row& row : chunk) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
        for (size_t i = 0; i < keys_.size(); ++i) {
          NAMIDB_ASSIGN_OR_RETURN(key[i], Evaluate(*keys_[i].expr, row, ctx.eval));
        }
        // Without keys every row is of the one group.
        auto [group, fresh] = keys_.empty() && groups.size() == 1
                                  ? std::pair<size_t, bool>(0, false)
                                  : groups.FindOrAdd(key);
        if (fresh) {
          // The key, its index slot and hash, the accumulators.
          uint64_t bytes =
              kGroupBytes + width * sizeof(AggregateState) + (keeps_row ? RowBytes(row) : 0);
          for (const Value& v : groups.key(group)) bytes += sizeof(Value) + ValueBytes(v);
          NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "grouping"));
          AddStates(&states);
          if (keeps_row) firsts.push_back(row);
        }
        AggregateState* state = states.data() + group * width;
        for (size_t i = 0; i < width; ++i) {
          const AggregateItem& a = aggregates_[i];
          Value held;  // null for count(*)
          const Value* v = &held;
          if (a.argument) {
            NAMIDB_ASSIGN_OR_RETURN(v, EvaluateOperand(*a.argument, row, ctx.eval, &held));
          }
          AggregateContext actx{ctx.memory, &values_hold_,
                                a.argument ? a.argument->pos : SourcePos()};
          NAMIDB_RETURN_IF_ERROR(Accumulate(*a.function, a.distinct, state[i], *v, actx));
        }
      }
    }
    if (groups.size() == 0 && keys_.empty()) {
      groups.FindOrAdd(key);
      AddStates(&states);
      if (keeps_row) firsts.emplace_back(ctx.width);
    }
    std::vector<Row> out;
    out.reserve(groups.size());
    for (size_t g = 0; g < groups.size(); ++g) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      Row row(ctx.width);
      std::span<Value> group_key = groups.key(g);
      for (size_t i = 0; i < keys_.size(); ++i) row[keys_[i].slot] = std::move(group_key[i]);
      if (keeps_row && firsts[g].size() < ctx.width) firsts[g].resize(ctx.width);
      for (size_t i = 0; i < width; ++i) {
        const AggregateItem& a = aggregates_[i];
        std::optional<Value> parameter;  // a percentile, evaluated per group
        if (a.parameter) {
          NAMIDB_ASSIGN_OR_RETURN(parameter, Evaluate(*a.parameter, firsts[g], ctx.eval));
        }
        NAMIDB_ASSIGN_OR_RETURN(Value v, a.function->finalize(*a.function, states[g * width + i],
                                                              parameter ? &*parameter : nullptr));
        row[a.slot] = std::move(v);
      }
      NAMIDB_RETURN_IF_ERROR(
          hold_.Add(ctx.memory, sizeof(Row) + ctx.width * sizeof(Value) + 16, "grouping"));
      out.push_back(std::move(row));
    }
    return out;
  }

 private:
  void AddStates(std::vector<AggregateState>* states) const {
    for (const AggregateItem& a : aggregates_) a.function->init(states->emplace_back());
  }

  static_assert(std::is_nothrow_move_constructible_v<AggregateState>,
                "the states of all groups grow as one vector");
  static constexpr uint64_t kGroupBytes = 16;  // an index slot (two at most) and a hash
  // What the states keep (collected values, DISTINCT sets), apart
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
