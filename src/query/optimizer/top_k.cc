#include "query/optimizer/top_k.h"

namespace namidb::query {

bool TopKRule::Apply(LogicalPtr* root, OptimizerContext& ctx) const {
  bool changed = false;
  for (LogicalOperator* op = root->get(); op; op = op->input.get()) {
    if (op->kind != LogicalKind::kLimit || !op->input) continue;
    LogicalOperator* below = op->input.get();
    const Expr* skip = nullptr;
    if (below->kind == LogicalKind::kSkip && below->input) {
      skip = below->count;
      below = below->input.get();
    }
    if (below->kind != LogicalKind::kSort || below->limit) continue;
    below->limit = op->count;
    below->skip = skip;
    changed = true;
  }
  (void)ctx;
  return changed;
}

}  // namespace namidb::query
