#include "query/optimizer/project_after_top_k.h"

#include <functional>
#include <set>

namespace namidb::query {
namespace {

// The slots the sort keys read, or nothing when a key may read any
// (`opaque`: a pattern or subquery, whose reads are not in its children).
std::set<int> SlotsRead(const std::vector<SortKey>& keys, bool* opaque) {
  std::set<int> read;
  std::function<void(const Expr&)> visit = [&](const Expr& e) {
    if (e.pattern || e.subquery || e.subplan >= 0) *opaque = true;
    if (e.kind == ExprKind::kVariable && e.slot >= 0) read.insert(e.slot);
    for (const auto& c : e.children) {
      if (c) visit(*c);
    }
  };
  for (const SortKey& k : keys) visit(*k.expr);
  return read;
}

// Splits the Project under the Sort `*at` points to.
bool Split(LogicalPtr* at) {
  LogicalOperator& sort = **at;
  LogicalOperator& project = *sort.input;
  bool opaque = false;
  std::set<int> read = SlotsRead(sort.sort_keys, &opaque);
  if (opaque) return false;
  std::vector<ProjectItem> before, after;
  for (const ProjectItem& item : project.items) {
    (read.count(item.slot) ? before : after).push_back(item);
  }
  if (after.empty()) return false;
  if (before.empty()) {
    sort.input = std::move(project.input);  // the Sort reads nothing the Project made
  } else {
    project.items = std::move(before);
  }
  LogicalPtr upper = LogicalOver(LogicalKind::kProject, std::move(*at));
  upper->items = std::move(after);
  *at = std::move(upper);
  return true;
}

}  // namespace

bool ProjectAfterTopKRule::Apply(LogicalPtr* root, OptimizerContext& ctx) const {
  (void)ctx;
  bool changed = false;
  for (LogicalPtr* at = root; *at; at = &(*at)->input) {
    LogicalOperator& op = **at;
    if (op.kind != LogicalKind::kSort || !op.limit || !op.input ||
        op.input->kind != LogicalKind::kProject || !op.input->input ||
        op.input->input->kind == LogicalKind::kAggregate) {
      continue;
    }
    if (Split(at)) {
      changed = true;
      at = &(*at)->input;  // past the new Project, on to the Sort
    }
  }
  return changed;
}

}  // namespace namidb::query
