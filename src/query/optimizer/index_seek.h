// Rule index_seek: a node found by an index or by its id is read, not
// scanned. A NodeScan becomes
//   - a NodeIndexSeek when its pattern's map compares a property an index
//     covers on one of its labels (`(p:P {id: 7})`), else when one of the
//     Filters right above it (the WHERE conjuncts placed there) is
//     `n.key = value` with such an index;
//   - else a NodeIdSeek when one of those Filters is `id(n) = value` or
//     `elementId(n) = value`;
// the value being one the rows below the scan compute (it reads neither
// the node nor a sub-pipeline). The first such property of the map, else
// the first such Filter from the bottom (WHERE order), gives the seek; the
// Filter stays (the seek finds the candidates, the Filter keeps Cypher's
// comparison). The schema is OptimizerContext::schema.
#pragma once

#include "query/optimizer/optimizer_rule.h"

namespace namidb::query {

class IndexSeekRule : public OptimizerRule {
 public:
  const char* name() const override { return "index_seek"; }
  bool Apply(LogicalPtr* root, OptimizerContext& ctx) const override;
};

}  // namespace namidb::query
