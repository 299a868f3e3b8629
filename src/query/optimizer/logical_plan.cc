#include "query/optimizer/logical_plan.h"

namespace namidb::query {

LogicalOperator::~LogicalOperator() {
  LogicalPtr next = std::move(input);
  while (next) {
    LogicalPtr after = std::move(next->input);
    next = std::move(after);
  }
}

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
  switch (kind) {
    case LogicalKind::kUnwind:
    case LogicalKind::kLoadCsv:
    case LogicalKind::kProcedureCall:
    case LogicalKind::kCallSubquery:
    case LogicalKind::kCreate:
    case LogicalKind::kMerge:
    case LogicalKind::kSetItems:
    case LogicalKind::kDelete:
    case LogicalKind::kForeach:
      op->clause = std::make_unique<ClauseFields>();
      break;
    default:
      break;
  }
  return op;
}

LogicalPtr LogicalOver(LogicalKind kind, LogicalPtr input, LogicalPtr right) {
  LogicalPtr op = LogicalOver(kind, std::move(input));
  op->right = std::move(right);
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
    case LogicalKind::kNeighborCounts: {
      const NeighborCountsSpec& spec = op.neighbor_counts;
      std::string out = "NeighborCounts :" + spec.label + " " + ArrowOf(spec.direction);
      if (!spec.type.empty()) out += " :" + spec.type;
      for (const std::string& label : spec.to_labels) out += " :" + label;
      if (spec.grouped) {
        return out + " grouped into " + SlotList(spec.key_slots) + " (sums into " +
               SlotList(spec.sum_slots) + ")";
      }
      if (!spec.column_slots.empty()) out += " into " + SlotList(spec.column_slots);
      return out + " (counts into " + std::to_string(spec.count_slot) + ")";
    }
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
    case LogicalKind::kNodeScan:
      return "NodeScan " + std::to_string(op.node_slot);
    case LogicalKind::kNodeIndexSeek:
      return "NodeIndexSeek " + std::to_string(op.node_slot) + " :" + op.index_seek.label + "(" +
             op.index_seek.property + ")";
    case LogicalKind::kNodeIdSeek:
      return "NodeIdSeek " + std::to_string(op.node_slot);
    case LogicalKind::kNodeCheck:
      return "NodeCheck " + std::to_string(op.node_slot);
    case LogicalKind::kExpand:
      return "Expand " + std::to_string(op.expand.from_slot) + "->" +
             std::to_string(op.expand.to_slot);
    case LogicalKind::kVarLengthExpand:
      return "VarLengthExpand " + std::to_string(op.var_length.step.from_slot) + "->" +
             std::to_string(op.var_length.step.to_slot) +
             (op.var_length.distinct_ends ? " (distinct ends)" : "");
    case LogicalKind::kShortestPath:
      return "ShortestPath " + std::to_string(op.shortest_path.from_slot) + "->" +
             std::to_string(op.shortest_path.to_slot);
    case LogicalKind::kHashJoin:
      return op.join.probe_key ? "HashJoin" : "CartesianProduct";
    case LogicalKind::kOptional:
      return "Optional";
    case LogicalKind::kUnwind:
      return "Unwind into " + std::to_string(op.clause->element_slot);
    case LogicalKind::kLoadCsv:
      return std::string(op.clause->load_csv.with_headers ? "LoadCsv (with headers)" : "LoadCsv") +
             " into " + std::to_string(op.clause->load_csv.row_slot);
    case LogicalKind::kProcedureCall:
      return "ProcedureCall " +
             (op.clause->procedure_call.procedure
                  ? op.clause->procedure_call.procedure->signature.name
                  : "?") +
             [&op] {
               std::vector<int> yielded;
               for (int slot : op.clause->procedure_call.output_slots) {
                 if (slot >= 0) yielded.push_back(slot);
               }
               return yielded.empty() ? std::string() : " into " + SlotList(yielded);
             }() +
             (op.clause->procedure_call.optional ? " (optional)" : "");
    case LogicalKind::kCallSubquery:
      return std::string(op.clause->call_subquery.optional ? "CallSubquery (optional)"
                                                           : "CallSubquery") +
             (op.clause->call_subquery.transactions ? " in transactions" : "") +
             (op.clause->call_subquery.output_slots.empty()
                  ? std::string()
                  : " into " + SlotList(op.clause->call_subquery.output_slots));
    case LogicalKind::kCreate: {
      std::vector<int> made;
      for (const CreateNode& n : op.clause->create_nodes) {
        if (!n.bound) made.push_back(n.slot);
      }
      for (const CreateRel& r : op.clause->create_rels) made.push_back(r.slot);
      return "Create " + SlotList(made);
    }
    case LogicalKind::kMerge:
      return "Merge (match: subplan " + std::to_string(op.clause->merge.match_subplan) + ")";
    case LogicalKind::kSetItems:
      return op.clause->remove ? "Remove" : "Set";
    case LogicalKind::kDelete:
      return op.clause->detach ? "DetachDelete" : "Delete";
    case LogicalKind::kForeach:
      return "Foreach " + std::to_string(op.clause->element_slot) + " (subplan " +
             std::to_string(op.clause->subplan) + ")";
  }
  return "?";
}

void DescribeInto(const LogicalOperator& op, const std::string& indent,
                  std::vector<std::string>* out) {
  out->push_back(indent + DescribeOne(op));
  if (op.input) DescribeInto(*op.input, indent + "  ", out);
  if (op.right) DescribeInto(*op.right, indent + "  ", out);
}

}  // namespace

std::vector<std::string> DescribeLogical(const LogicalOperator& root) {
  std::vector<std::string> out;
  DescribeInto(root, "", &out);
  return out;
}

}  // namespace namidb::query
