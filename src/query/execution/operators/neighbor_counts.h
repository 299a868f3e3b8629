// The NeighborCounts operator: `MATCH (a:L)-[:T]->(m:M) RETURN a.x,
// count(m)` without a row per node. For every node of one label it asks
// the storage layer how many relationships (of one type, one way or both)
// lead to a node with the far end's labels (GraphReader::CountNeighbors,
// a batch of sources per read; or, where the label's nodes are many against
// the type's relationships, CountNeighborsOfType: one pass over them all),
// and hands out one row per node that has
// any, holding the count and the values of the properties the statement
// groups by, read from the label's property columns. The rows a scan of
// the label and a counting expansion would make, less the node itself: the
// optimizer chooses it when nothing reads the node but those properties
// (optimizer/neighbor_counts.h). Grouped, it also sums the counts per
// tuple of those properties, as the Aggregate it replaces would.
#pragma once

#include <string>
#include <vector>

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct NeighborCountsSpec {
  std::string label;                              // the sources: every node carrying it
  std::vector<std::string> columns;               // properties of a source, each into its slot
  std::vector<int> column_slots;                  // one per column
  std::string type;                               // of the relationships counted; empty: any
  RelDirection direction = RelDirection::kRight;  // from the source
  std::vector<std::string> to_labels;             // every one of them on the far end
  int count_slot = -1;
  // The Aggregate that grouped its rows folded in (optimizer rule
  // neighbor_counts): one row per distinct tuple of the grouping columns'
  // values (Cypher's grouping equivalence), each key into its slot and the
  // sum of its sources' counts into every slot of `sum_slots`, instead of
  // a row per source into column_slots and count_slot.
  bool grouped = false;
  std::vector<int> key_slots;       // per grouping key
  std::vector<size_t> key_columns;  // per grouping key: its column's index
  std::vector<int> sum_slots;
};

// Per input row (the part's Once), the rows above; grouped, for all of them.
OperatorPtr MakeNeighborCounts(OperatorPtr input, NeighborCountsSpec spec);

}  // namespace namidb::query
