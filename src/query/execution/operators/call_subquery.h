// CALL { subquery }: for each input row, the rows of each part's
// sub-pipeline (QueryPlan::subplans), run with the row as argument; an
// output row is the input row with the part's returned columns copied into
// `output_slots`. Without columns (a subquery that only updates) each input
// row comes out once. `distinct`: UNION rather than UNION ALL. `optional`
// (OPTIONAL CALL): an input row the parts give no rows for comes out once,
// its columns null.
#pragma once

#include <vector>

#include "query/execution/operator.h"

namespace namidb::query {

struct CallSubquerySpec {
  struct Part {
    int subplan;
    std::vector<int> column_slots;
  };
  std::vector<Part> parts;
  std::vector<int> output_slots;
  bool distinct = false;
  bool optional = false;
};
OperatorPtr MakeCallSubquery(OperatorPtr input, CallSubquerySpec spec);

}  // namespace namidb::query
