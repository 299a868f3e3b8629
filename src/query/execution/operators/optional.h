// OPTIONAL MATCH: runs `inner` (which starts with the Argument `argument`)
// for the input rows; an input row for which it finds nothing comes out
// once, its new slots null. `tag_slot` is a scratch slot for matching
// inner rows to input rows.
#pragma once

#include "query/execution/operator.h"
#include "query/execution/operators/argument.h"

namespace namidb::query {

OperatorPtr MakeOptional(OperatorPtr input, OperatorPtr inner, ArgumentOperator* argument,
                         int tag_slot);

}  // namespace namidb::query
