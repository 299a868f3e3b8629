#include "query/optimizer/optimizer.h"

#include <string_view>

#include "query/optimizer/column_conditions.h"
#include "query/optimizer/count_expansions.h"
#include "query/optimizer/count_from_statistics.h"
#include "query/optimizer/distinct_ends.h"
#include "query/optimizer/filter_placement.h"
#include "query/optimizer/index_seek.h"
#include "query/optimizer/join_order.h"
#include "query/optimizer/liveness.h"
#include "query/optimizer/neighbor_counts.h"
#include "query/optimizer/project_after_top_k.h"
#include "query/optimizer/top_k.h"

namespace namidb::query {

const std::vector<const OptimizerRule*>& OptimizerRules() {
  static const JoinOrderRule join_order;
  static const DistinctEndsRule distinct_ends;
  static const FilterPlacementRule filter_placement;
  static const IndexSeekRule index_seek;
  static const ColumnConditionsRule column_conditions;
  static const CountFromStatisticsRule count_from_statistics;
  static const CountExpansionsRule count_expansions;
  static const NeighborCountsRule neighbor_counts;
  static const TopKRule top_k;
  static const ProjectAfterTopKRule project_after_top_k;
  static const LivenessRule liveness;
  // join_order and distinct_ends read what the planner recorded on the
  // plan as it made it (a join's sides, the top of a MATCH), before
  // filter_placement moves operators.
  // index_seek needs the Filters filter_placement puts right over a scan,
  // and so does column_conditions, after it (a seek reads no columns).
  // project_after_top_k needs the limit top_k gives the Sort.
  // A count the statistics answer needs no expansion counted.
  // neighbor_counts needs the counts count_expansions makes.
  // liveness comes last: it reads what the others leave (the counts an
  // Aggregate sums, the items computed after a top-k).
  static const std::vector<const OptimizerRule*> rules = {
      &join_order,          &distinct_ends,     &filter_placement,
      &index_seek,          &column_conditions, &count_from_statistics,
      &count_expansions,    &neighbor_counts,   &top_k,
      &project_after_top_k, &liveness};
  return rules;
}

void Optimize(LogicalPtr* root, OptimizerContext& ctx, const OptimizerOptions& options) {
  for (const OptimizerRule* rule : OptimizerRules()) {
    if (!options.disabled.empty() && options.disabled.count(std::string_view(rule->name()))) {
      continue;
    }
    rule->Apply(root, ctx);
  }
}

}  // namespace namidb::query
