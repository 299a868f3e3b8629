#include "query/execution/operators/argument.h"

#include <memory>

#include "query/execution/operator.h"

namespace namidb::query {

OperatorPtr MakeArgument(ArgumentOperator** handle) {
  auto op = std::make_unique<ArgumentOperator>();
  *handle = op.get();
  return op;
}

}  // namespace namidb::query
