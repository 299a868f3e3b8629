#include "query/execution/node_filter.h"

#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/functions/value_ops.h"
#include "query/parser/ast.h"

namespace namidb::query {

Result<bool> PropertiesMatch(const Expr* wanted, const ValueMap& props, Row& row,
                             ExecContext& ctx) {
  if (!wanted) return true;
  NAMIDB_ASSIGN_OR_RETURN(Value map, Evaluate(*wanted, row, ctx.eval));
  if (map.is_null()) return false;
  if (map.kind() != ValueKind::kMap) {
    return RuntimeError("TypeError", "InvalidArgumentType", "pattern properties must be a map");
  }
  for (const auto& [key, value] : map.as_map()) {
    const Value* have = props.Find(key);
    if (!have || Equals(*have, value) != Ternary(true)) return false;
  }
  return true;
}

}  // namespace namidb::query
