// What a pattern asks of a node (labels, a property map) and how much of
// it a query reads; the checks the operators that bind nodes share.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct NodeFilter {
  std::vector<std::string> labels;
  // Not empty: the node carries one of these at least (a label expression's
  // NodePattern::any_labels), which a scan without `labels` reads alone.
  std::vector<std::string> any_labels;
  const Expr* properties = nullptr;  // a map expression, or null
  // With neither: labels a dynamic label's expression gives once per
  // statement (it reads no variable), every one of which the node carries
  // (or one, `scan_any`); what a scan reads. The pattern's predicate checks
  // them anyway.
  const Expr* scan_labels = nullptr;
  bool scan_any = false;
};

// How much of a node the rest of a query reads (planner/node_reads.h): its identity
// alone (count(n), id(n)), its labels too, or its properties as well. A node
// value made for less than kFull lacks what nothing reads.
enum class NodeDetail { kId, kLabels, kFull };

// Whether `props` holds every entry of the map `wanted` evaluates to.
Result<bool> PropertiesMatch(const Expr* wanted, const ValueMap& props, Row& row, ExecContext& ctx);

// What of a node record to decode for a node the query reads as `detail`
// and a pattern checks with `filter`.
inline NodeFields FieldsToRead(NodeDetail detail, const NodeFilter& filter) {
  return detail == NodeDetail::kFull || filter.properties ? NodeFields::kAll : NodeFields::kLabels;
}

inline Result<bool> NodeMatches(const NodeFilter& f, const NodeValue& n, Row& row,
                                ExecContext& ctx) {
  for (const auto& l : f.labels) {
    if (std::find(n.labels.begin(), n.labels.end(), l) == n.labels.end()) return false;
  }
  if (!f.any_labels.empty() &&
      std::none_of(f.any_labels.begin(), f.any_labels.end(), [&](const std::string& l) {
        return std::find(n.labels.begin(), n.labels.end(), l) != n.labels.end();
      })) {
    return false;
  }
  return PropertiesMatch(f.properties, n.properties, row, ctx);
}

}  // namespace namidb::query
