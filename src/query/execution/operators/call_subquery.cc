#include "query/execution/operators/call_subquery.h"

#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/materialized.h"
#include "query/execution/operator.h"
#include "query/execution/operators/call_in_transactions.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

class CallSubquery final : public Materialized {
 public:
  CallSubquery(OperatorPtr input, CallSubquerySpec spec) : spec_(std::move(spec)) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override {
    return spec_.optional ? "CallSubquery (optional)" : "CallSubquery";
  }

 protected:
  // All input first: a subquery that updates must not see its own effects
  // on rows not yet read.
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    MemoryHold input;
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows,
                            Drain(*children_[0], ctx, &input, "a CALL subquery's input"));
    std::vector<Row> out;
    for (Row& row : rows) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      NAMIDB_RETURN_IF_ERROR(CallSubqueryRows(ctx, spec_, std::move(row), &out, &hold_));
    }
    return out;
  }

 private:
  CallSubquerySpec spec_;
};

}  // namespace

Status CallSubqueryRows(ExecContext& ctx, const CallSubquerySpec& spec, Row row,
                        std::vector<Row>* out, MemoryHold* hold) {
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEquivalent> seen;
  MemoryHold seen_hold;
  const bool unit = spec.output_slots.empty();
  const size_t before = out->size();
  for (const auto& part : spec.parts) {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> results,
                            ctx.eval.subplans->Run(part.subplan, row, false));
    if (unit) continue;
    for (Row& r : results) {
      std::vector<Value> columns;
      for (int slot : part.column_slots) columns.push_back(std::move(r[slot]));
      if (spec.distinct) {
        if (!seen.insert(columns).second) continue;
        NAMIDB_RETURN_IF_ERROR(
            seen_hold.Add(ctx.memory, RowBytes(columns), "a CALL subquery's UNION"));
      }
      Row joined = row;
      if (joined.size() < ctx.width) joined.resize(ctx.width);
      for (size_t i = 0; i < columns.size(); ++i) {
        joined[spec.output_slots[i]] = std::move(columns[i]);
      }
      NAMIDB_RETURN_IF_ERROR(hold->Add(ctx.memory, RowBytes(joined), "a CALL subquery's rows"));
      out->push_back(std::move(joined));
    }
  }
  if (unit || (spec.optional && out->size() == before)) {
    if (row.size() < ctx.width) row.resize(ctx.width);
    for (int slot : spec.output_slots) row[slot] = Value();
    NAMIDB_RETURN_IF_ERROR(hold->Add(ctx.memory, RowBytes(row), "a CALL subquery's rows"));
    out->push_back(std::move(row));
  }
  return Status::OK();
}

OperatorPtr MakeCallSubquery(OperatorPtr input, CallSubquerySpec spec) {
  if (spec.transactions) return MakeCallInTransactions(std::move(input), std::move(spec));
  return std::make_unique<CallSubquery>(std::move(input), std::move(spec));
}

}  // namespace namidb::query
