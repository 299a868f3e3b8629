// The SetItems operator: SET and REMOVE items applied to each row.
#pragma once

#include <vector>

#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/parser/ast.h"

namespace namidb::query {

OperatorPtr MakeSetItems(OperatorPtr input, UpdateContext* update,
                         const std::vector<SetItem>* items, std::vector<int> variable_slots,
                         bool remove);

}  // namespace namidb::query
