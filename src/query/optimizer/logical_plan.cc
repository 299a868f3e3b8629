#include "query/optimizer/logical_plan.h"

namespace namidb::query {

LogicalPtr LogicalPipeline(OperatorPtr pipeline, CountableExpansion countable,
                           StatisticsCountable statistics) {
  auto op = std::make_unique<LogicalOperator>();
  op->kind = LogicalKind::kPipeline;
  op->pipeline = std::move(pipeline);
  op->countable = countable;
  op->statistics = std::move(statistics);
  return op;
}

LogicalPtr LogicalOver(LogicalKind kind, LogicalPtr input) {
  auto op = std::make_unique<LogicalOperator>();
  op->kind = kind;
  op->input = std::move(input);
  return op;
}

namespace {

std::string SlotList(const std::vector<int>& slots) {
  std::string out;
  for (int slot : slots) out += (out.empty() ? "" : ",") + std::to_string(slot);
  return out;
}

std::string DescribeOne(const LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kPipeline:
      return op.count_slot >= 0 ? "Pipeline (counts into " + std::to_string(op.count_slot) + ")"
                                : "Pipeline";
    case LogicalKind::kCountFromStatistics:
      return "CountFromStatistics into " + std::to_string(op.statistics.count.slot);
    case LogicalKind::kProject: {
      std::vector<int> slots;
      for (const ProjectItem& item : op.items) slots.push_back(item.slot);
      return "Project " + SlotList(slots);
    }
    case LogicalKind::kAggregate: {
      std::string out = "Aggregate";
      for (const AggregateItem& a : op.aggregates) {
        out += " " + std::string(a.function ? a.function->name : "?");
        if (a.argument && a.argument->kind == ExprKind::kVariable) {
          out += "(" + std::to_string(a.argument->slot) + ")";
        }
      }
      return out;
    }
    case LogicalKind::kDistinct:
      return "Distinct " + SlotList(op.slots);
    case LogicalKind::kSort:
      return op.limit ? "Sort (top SKIP + LIMIT)" : "Sort";
    case LogicalKind::kSkip:
      return "Skip";
    case LogicalKind::kLimit:
      return "Limit";
    case LogicalKind::kFilter:
      return "Filter";
    case LogicalKind::kRetain:
      return "Retain " + SlotList(op.slots);
  }
  return "?";
}

}  // namespace

std::vector<std::string> DescribeLogical(const LogicalOperator& root) {
  std::vector<std::string> out;
  std::string indent;
  for (const LogicalOperator* op = &root; op; op = op->input.get()) {
    out.push_back(indent + DescribeOne(*op));
    indent += "  ";
  }
  return out;
}

}  // namespace namidb::query
