// The Create operator: CREATE, one pattern created per input row.
#pragma once

#include <string>
#include <vector>

#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/parser/ast.h"

namespace namidb::query {

// The pattern part of a CREATE, planned: node patterns with their slots
// (`bound` nodes exist already) and relationships between them.
struct CreateNode {
  int slot;
  bool bound;
  std::vector<std::string> labels;
  const Expr* properties;                        // a map expression, or null
  std::vector<const Expr*> dynamic_labels = {};  // more labels, per row (`:$(expr)`)
};
struct CreateRel {
  int slot;
  int from;  // indices into the CreateNode list, in the relationship's direction
  int to;
  std::string type;
  const Expr* properties;
  const Expr* dynamic_type = nullptr;  // the type per row instead (`[:$(expr)]`)
};

OperatorPtr MakeCreate(OperatorPtr input, UpdateContext* update, std::vector<CreateNode> nodes,
                       std::vector<CreateRel> rels);

// Creates the nodes and relationships of a pattern for one row, binding
// them into its slots.
Status CreateInRow(ExecContext& ctx, UpdateContext* update, const std::vector<CreateNode>& nodes,
                   const std::vector<CreateRel>& rels, bool for_merge, Row& row);

}  // namespace namidb::query
