// The operator of a count the graph's statistics answer: `MATCH (n)
// RETURN count(n)`, `MATCH (n:L) RETURN count(*)`, `MATCH ()-[r:T]->()
// RETURN count(r)`. The manifest counts the live nodes per label and
// relationships per type exactly for the version read, and a writer keeps
// them as it stages (docs/format.md, "stats"), so one row holding the number
// replaces a scan of the label. The optimizer chooses it only for a pattern
// nothing else of the statement reads (optimizer/count_from_statistics.h).
#pragma once

#include <string>

#include "query/execution/operator.h"

namespace namidb::query {

struct StatisticsCount {
  bool relationships = false;  // nodes otherwise
  std::string name;            // the label or type; empty: all of them
  int slot = -1;               // where the count goes
};

// One row with the count in `slot`; the input is the part's Once.
OperatorPtr MakeCountFromStatistics(OperatorPtr input, StatisticsCount count);

}  // namespace namidb::query
