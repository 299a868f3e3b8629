// The Project operator: the expressions of RETURN / WITH written into slots.
#pragma once

#include <vector>

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct ProjectItem {
  const Expr* expr;
  int slot;
};
// Writes each item's value into its slot.
OperatorPtr MakeProject(OperatorPtr input, std::vector<ProjectItem> items);

}  // namespace namidb::query
