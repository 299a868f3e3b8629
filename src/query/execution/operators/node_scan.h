// Binds `slot` to every node (with the first label, if any) that passes
// `filter`, for every input row. With `columns` (property keys, ascending),
// the nodes are read from the label's property columns with those
// properties alone (and no labels): for a statement that reads nothing
// else of them but their identity (planner/node_reads.h).
#pragma once

#include <string>
#include <vector>

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "storage/column_codec.h"

namespace namidb::query {

// A comparison of a column the scan reads with a value no row changes (a
// literal, a parameter): `n.property op value` (rule column_conditions).
// The scan drops a node whose column value certainly fails it, and skips
// the chunks whose statistics rule it out; the Filter above stays.
struct ColumnConditionSpec {
  std::string property;
  ColumnCompare op = ColumnCompare::kEq;
  const Expr* value = nullptr;
};

OperatorPtr MakeNodeScan(OperatorPtr input, int slot, NodeFilter filter,
                         NodeDetail detail = NodeDetail::kFull,
                         std::vector<std::string> columns = {}, bool streamed = false,
                         std::vector<ColumnConditionSpec> conditions = {});

}  // namespace namidb::query
