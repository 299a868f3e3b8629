#include "query/execution/operators/count_from_statistics.h"

#include "query/execution/evaluator.h"
#include "query/execution/operator.h"

namespace namidb::query {
namespace {

class CountFromStatistics final : public Operator {
 public:
  CountFromStatistics(OperatorPtr input, StatisticsCount count) : count_(std::move(count)) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override {
    std::string what = count_.relationships ? "relationships" : "nodes";
    if (!count_.name.empty()) what += " :" + count_.name;
    return "CountFromStatistics(" + what + ")";
  }

 protected:
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, out));
    if (!more) return false;
    // Read as the statement runs, not as it was planned: the writer's
    // counts include what the statement staged before.
    const GraphStats& stats = ctx.graph->stats();
    uint64_t n = 0;
    if (count_.name.empty()) {
      n = count_.relationships ? stats.edges : stats.nodes;
    } else {
      const auto& of = count_.relationships ? stats.types : stats.labels;
      auto it = of.find(count_.name);
      n = it == of.end() ? 0 : it->second;
    }
    for (Row& row : *out) row[count_.slot] = Value::Int(static_cast<int64_t>(n));
    return true;
  }

 private:
  StatisticsCount count_;
};

}  // namespace

OperatorPtr MakeCountFromStatistics(OperatorPtr input, StatisticsCount count) {
  return std::make_unique<CountFromStatistics>(std::move(input), std::move(count));
}

}  // namespace namidb::query
