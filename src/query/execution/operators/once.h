// One row of nulls: the start of every query part.
#pragma once

#include "query/execution/operator.h"

namespace namidb::query {

OperatorPtr MakeOnce();

}  // namespace namidb::query
