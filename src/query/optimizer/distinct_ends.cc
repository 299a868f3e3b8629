#include "query/optimizer/distinct_ends.h"

namespace namidb::query {
namespace {

// The operators of `op`'s subtree that bind relationships, into `*out`;
// false when the subtree holds an Optional or a HashJoin (along the inputs
// without recursing: a chain may be thousands of Filters long).
bool Relationships(LogicalOperator* op, std::vector<LogicalOperator*>* out) {
  for (LogicalOperator* o = op; o; o = o->input.get()) {
    switch (o->kind) {
      case LogicalKind::kOptional:
      case LogicalKind::kHashJoin:
        return false;
      case LogicalKind::kExpand:
      case LogicalKind::kVarLengthExpand:
      case LogicalKind::kShortestPath:
        out->push_back(o);
        break;
      default:
        break;
    }
    if (o->right && !Relationships(o->right.get(), out)) return false;
  }
  return true;
}

}  // namespace

bool DistinctEndsRule::Apply(LogicalPtr* root, OptimizerContext&) const {
  if (!*root || !(*root)->copies_do_not_matter) return false;
  std::vector<LogicalOperator*> rels;
  if (!Relationships(root->get(), &rels) || rels.size() != 1) return false;
  LogicalOperator& op = *rels[0];
  if (op.kind != LogicalKind::kVarLengthExpand || op.var_length.distinct_ends) return false;
  const ExpandSpec& step = op.var_length.step;
  // Walks (REPEATABLE ELEMENTS) reach ends that trails do not.
  if (step.load_rel || step.to_bound || !step.distinct_from.empty() || op.var_length.hop ||
      op.var_length.repeatable) {
    return false;
  }
  op.var_length.distinct_ends = true;
  return true;
}

}  // namespace namidb::query
