// The Delete operator: DELETE and DETACH DELETE.
#pragma once

#include <vector>

#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/parser/ast.h"

namespace namidb::query {

OperatorPtr MakeDelete(OperatorPtr input, UpdateContext* update, std::vector<const Expr*> targets,
                       bool detach);

}  // namespace namidb::query
