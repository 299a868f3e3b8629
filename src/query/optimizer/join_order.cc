#include "query/optimizer/join_order.h"

#include <utility>

namespace namidb::query {
namespace {

bool Reorder(LogicalOperator* op) {
  bool changed = false;
  for (LogicalOperator* o = op; o; o = o->input.get()) {
    if (o->kind == LogicalKind::kHashJoin && o->input && o->right &&
        o->input_start_rows < o->right_start_rows) {
      std::swap(o->input, o->right);
      std::swap(o->input_slots, o->join.build_slots);
      std::swap(o->join.probe_key, o->join.build_key);
      std::swap(o->input_start_rows, o->right_start_rows);
      changed = true;
    }
    if (o->right && Reorder(o->right.get())) changed = true;
  }
  return changed;
}

}  // namespace

bool JoinOrderRule::Apply(LogicalPtr* root, OptimizerContext&) const {
  return *root && Reorder(root->get());
}

}  // namespace namidb::query
