// The functions Neo4j 5 adds to openCypher 9's for inspecting and
// converting values, as registry entries (functions.h has the new forms
// of the string and numeric ones):
//
// - conversion that never fails: toIntegerOrNull, toFloatOrNull,
//   toBooleanOrNull, toStringOrNull (a value that does not convert, of any
//   kind, is null), and toIntegerList, toFloatList, toBooleanList,
//   toStringList (each element of a list so);
// - isEmpty (a list, a map or a string), valueType (the value's type as
//   Cypher writes it: "INTEGER NOT NULL", "LIST<STRING NOT NULL> NOT
//   NULL"), nullIf(a, b) (null where a = b), randomUUID().
#pragma once

#include <vector>

#include "query/functions/function_registry.h"

namespace namidb::query {

std::vector<ScalarFunction> Neo4jFunctionEntries();

}  // namespace namidb::query
