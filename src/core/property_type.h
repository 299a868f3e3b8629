// The types a property type constraint may require of a property
// (`REQUIRE n.p IS :: INTEGER | LIST<STRING NOT NULL>`), as the manifest
// names them: Neo4j 5's list of property types without POINT, which the
// engine has no values of. The storage layer checks values against them at
// every commit; the query layer reads them from Cypher's type syntax.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace namidb {

// The scalar property type values of `kind` are of ("INTEGER", "LOCAL
// TIME", ...), as Cypher's type syntax writes it; nullopt for the others
// (lists, maps, graph elements, null, bytes).
std::optional<std::string_view> ScalarPropertyTypeOf(ValueKind kind);
// BOOLEAN, STRING, INTEGER, FLOAT, DATE, LOCAL TIME, ZONED TIME,
// LOCAL DATETIME, ZONED DATETIME, DURATION, and LIST<T NOT NULL> of each.
bool IsPropertyTypeName(std::string_view name);
// Whether `value` (not null) is of the property type `name`: a list is of
// LIST<T NOT NULL> when every element is of T (an empty list is of each).
bool ValueHasPropertyType(const Value& value, std::string_view name);
// Of any of `names` (a constraint's union).
bool ValueHasPropertyTypes(const Value& value, const std::vector<std::string>& names);
// `names` in the order a constraint keeps them (the scalar types in Neo4j's
// order, then the lists in their elements'), each once: two unions of the
// same types compare equal however they were written.
void NormalizePropertyTypes(std::vector<std::string>* names);
// "INTEGER | STRING", as Cypher writes the union.
std::string PropertyTypesText(const std::vector<std::string>& names);

}  // namespace namidb
