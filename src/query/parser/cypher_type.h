// A type of Neo4j 5's type predicate expressions, `x IS :: INTEGER NOT
// NULL`, `x IS NOT :: LIST<STRING> | MAP`: a closed union of types, each
// nullable unless NOT NULL, as the parser reads it, and whether a value is
// of it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/value.h"

namespace namidb::query {

struct CypherType {
  enum class Kind {
    kAny,
    kNothing,
    kNull,
    kBoolean,
    kString,
    kInteger,
    kFloat,
    kDate,
    kLocalTime,
    kZonedTime,
    kLocalDateTime,
    kZonedDateTime,
    kDuration,
    kPoint,
    kNode,
    kRelationship,
    kMap,
    kPath,
    kList,           // element: the type of every element
    kPropertyValue,  // what a property can hold
    kUnion,          // members: any of them
  };
  Kind kind = Kind::kAny;
  bool not_null = false;
  std::shared_ptr<const CypherType> element;  // kList
  std::vector<CypherType> members;            // kUnion

  // Whether `v` is of this type: null is of every type but NOTHING and those
  // NOT NULL.
  bool Matches(const Value& v) const;
  // As Cypher writes it (dumps).
  std::string ToString() const;
  friend bool operator==(const CypherType& a, const CypherType& b);
};

}  // namespace namidb::query
