#include "query/execution/stored_properties.h"

#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/functions/value_ops.h"
#include "query/parser/ast.h"

namespace namidb::query {

// A property value Cypher can store: null (meaning "remove"), booleans,
// numbers, strings, and lists of those.
Status CheckStorable(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
    case ValueKind::kBool:
    case ValueKind::kInt:
    case ValueKind::kFloat:
    case ValueKind::kString:
    case ValueKind::kBytes:
    case ValueKind::kDate:
    case ValueKind::kDateTime:
    case ValueKind::kLocalTime:
    case ValueKind::kTime:
    case ValueKind::kLocalDateTime:
    case ValueKind::kDuration:
      return Status::OK();
    case ValueKind::kList:
      // A stored list is homogeneous (Neo4j's arrays): one kind of simple
      // value, no nulls.
      for (const auto& e : v.as_list()) {
        if (e.kind() == ValueKind::kList || e.kind() == ValueKind::kMap ||
            e.kind() == ValueKind::kNode || e.kind() == ValueKind::kRelationship ||
            e.kind() == ValueKind::kPath) {
          return RuntimeError(
              "TypeError", "InvalidPropertyType",
              "a property list may hold only simple values (booleans, numbers, strings, "
              "temporal values), not " +
                  TypeName(e));
        }
        if (e.is_null()) {
          return RuntimeError("TypeError", "InvalidPropertyType",
                              "a property list cannot hold null");
        }
        if (e.kind() != v.as_list().front().kind()) {
          return RuntimeError("TypeError", "InvalidPropertyType",
                              "a property list holds values of one type, not " +
                                  TypeName(v.as_list().front()) + " and " + TypeName(e));
        }
      }
      return Status::OK();
    default:
      return RuntimeError("TypeError", "InvalidPropertyType",
                          TypeName(v) + " values cannot be stored as properties");
  }
}

// The entries of a map value (or of a node's or relationship's properties).
Result<ValueMap> MapOf(const Value& v) {
  if (v.is_null()) return ValueMap();
  if (v.kind() == ValueKind::kMap) return v.as_map();
  if (v.kind() == ValueKind::kNode) return v.as_node().properties;
  if (v.kind() == ValueKind::kRelationship) return v.as_relationship().properties;
  return RuntimeError("TypeError", "InvalidArgumentType", "expected a map, got " + TypeName(v));
}

// `for_merge`: MERGE cannot create what it could never match again, so a
// null property value is an error there.
Result<ValueMap> EvaluateProperties(const Expr* e, Row& row, ExecContext& ctx, bool for_merge) {
  ValueMap out;
  if (!e) return out;
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, ctx.eval));
  NAMIDB_ASSIGN_OR_RETURN(ValueMap map, MapOf(v));
  for (const auto& [k, value] : map) {
    NAMIDB_RETURN_IF_ERROR(CheckStorable(value));
    if (value.is_null() && for_merge) {
      return RuntimeError("SemanticError", "MergeReadOwnWrites",
                          "MERGE cannot use a null property value ('" + k + "')");
    }
    if (!value.is_null()) out.Set(k, value);
  }
  return out;
}

}  // namespace namidb::query
