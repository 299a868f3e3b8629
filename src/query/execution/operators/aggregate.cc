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
    struct Group {
      Row first;  // a representative input row, kept for percentile parameters
      std::vector<AggregateState> states;
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
                           aggregates_.size() * sizeof(AggregateState) +
                           (keeps_row ? RowBytes(row) : 0);
          NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "grouping"));
          groups.push_back({std::move(key), Group{keeps_row ? row : Row(), NewStates()}});
        }
        Group& g = groups[it->second].second;
        for (size_t i = 0; i < aggregates_.size(); ++i) {
          const AggregateItem& a = aggregates_[i];
          Value v;
          if (a.argument) {
            NAMIDB_ASSIGN_OR_RETURN(v, Evaluate(*a.argument, row, ctx.eval));
          }
          AggregateContext actx{ctx.memory, &values_hold_,
                                a.argument ? a.argument->pos : SourcePos()};
          NAMIDB_RETURN_IF_ERROR(Accumulate(*a.function, a.distinct, g.states[i], v, actx));
        }
      }
    }
    if (groups.empty() && keys_.empty()) {
      groups.push_back({{}, Group{Row(ctx.width), NewStates()}});
    }
    index.clear();
    std::vector<Row> out;
    for (auto& [key, g] : groups) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      Row row(ctx.width);
      for (size_t i = 0; i < keys_.size(); ++i) row[keys_[i].slot] = key[i];
      if (g.first.size() < ctx.width) g.first.resize(ctx.width);
      for (size_t i = 0; i < aggregates_.size(); ++i) {
        const AggregateItem& a = aggregates_[i];
        std::optional<Value> parameter;  // a percentile, evaluated per group
        if (a.parameter) {
          NAMIDB_ASSIGN_OR_RETURN(parameter, Evaluate(*a.parameter, g.first, ctx.eval));
        }
        NAMIDB_ASSIGN_OR_RETURN(Value v, a.function->finalize(*a.function, g.states[i],
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
  std::vector<AggregateState> NewStates() const {
    std::vector<AggregateState> states(aggregates_.size());
    for (size_t i = 0; i < aggregates_.size(); ++i) aggregates_[i].function->init(states[i]);
    return states;
  }

  static constexpr uint64_t kGroupBytes = 64;  // a hash map node and a groups slot
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
