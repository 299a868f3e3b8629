// What an optimizer rule is: a rewrite of a logical plan (logical_plan.h)
// into one that gives the same rows for less work. Each rule is a file of
// its own in this folder; optimizer.h runs them in order.
#pragma once

#include <functional>
#include <vector>

#include "query/optimizer/logical_plan.h"
#include "storage/manifest.h"

namespace namidb::query {

// What a rule may ask of the plan being built.
struct OptimizerContext {
  std::function<int()> new_slot;  // a fresh row slot
  std::vector<ExprPtr>* owned;    // expressions a rule makes; the plan keeps them
  const std::vector<SchemaEntry>* schema = nullptr;  // the indexes a seek may use
  // The slots the clauses after this plan may read (rule liveness); null
  // when not known, as in a sub-pipeline: then every slot is.
  const std::vector<int>* live_after = nullptr;
};

class OptimizerRule {
 public:
  virtual ~OptimizerRule() = default;
  // The rule's name, as OptimizerOptions::disabled names it.
  virtual const char* name() const = 0;
  // Rewrites `*root` in place; whether anything changed.
  virtual bool Apply(LogicalPtr* root, OptimizerContext& ctx) const = 0;
};

}  // namespace namidb::query
