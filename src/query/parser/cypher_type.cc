#include "query/parser/cypher_type.h"

#include <algorithm>

namespace namidb::query {
namespace {

// Whether a non-null `v` is of `kind` (neither a list nor a union).
bool OfKind(CypherType::Kind kind, const Value& v) {
  using K = CypherType::Kind;
  switch (kind) {
    case K::kAny:
      return true;
    case K::kNothing:
    case K::kNull:
    case K::kPoint:  // no value of the engine is a point
      return false;
    case K::kBoolean:
      return v.kind() == ValueKind::kBool;
    case K::kString:
      return v.kind() == ValueKind::kString;
    case K::kInteger:
      return v.kind() == ValueKind::kInt;
    case K::kFloat:
      return v.kind() == ValueKind::kFloat;
    case K::kDate:
      return v.kind() == ValueKind::kDate;
    case K::kLocalTime:
      return v.kind() == ValueKind::kLocalTime;
    case K::kZonedTime:
      return v.kind() == ValueKind::kTime;
    case K::kLocalDateTime:
      return v.kind() == ValueKind::kLocalDateTime;
    case K::kZonedDateTime:
      return v.kind() == ValueKind::kDateTime;
    case K::kDuration:
      return v.kind() == ValueKind::kDuration;
    case K::kNode:
      return v.kind() == ValueKind::kNode;
    case K::kRelationship:
      return v.kind() == ValueKind::kRelationship;
    case K::kMap:
      return v.kind() == ValueKind::kMap;
    case K::kPath:
      return v.kind() == ValueKind::kPath;
    case K::kPropertyValue: {
      auto simple = [](const Value& x) {
        return x.kind() == ValueKind::kBool || x.kind() == ValueKind::kInt ||
               x.kind() == ValueKind::kFloat || x.kind() == ValueKind::kString || x.is_temporal();
      };
      if (simple(v)) return true;
      if (v.kind() != ValueKind::kList) return false;
      // A list of one kind of simple values, without null.
      const ValueList& list = v.as_list();
      return std::all_of(list.begin(), list.end(), [&](const Value& x) {
        return simple(x) && x.kind() == list.front().kind();
      });
    }
    case K::kList:
    case K::kUnion:
      return false;  // answered by Matches
  }
  return false;
}

}  // namespace

bool CypherType::Matches(const Value& v) const {
  if (kind == Kind::kUnion) {
    return std::any_of(members.begin(), members.end(),
                       [&](const CypherType& m) { return m.Matches(v); });
  }
  if (v.is_null()) return kind != Kind::kNothing && !not_null;
  if (kind == Kind::kList) {
    if (v.kind() != ValueKind::kList) return false;
    const ValueList& list = v.as_list();
    return std::all_of(list.begin(), list.end(),
                       [&](const Value& x) { return element->Matches(x); });
  }
  return OfKind(kind, v);
}

std::string CypherType::ToString() const {
  static constexpr const char* kNames[] = {"ANY",
                                           "NOTHING",
                                           "NULL",
                                           "BOOLEAN",
                                           "STRING",
                                           "INTEGER",
                                           "FLOAT",
                                           "DATE",
                                           "LOCAL TIME",
                                           "ZONED TIME",
                                           "LOCAL DATETIME",
                                           "ZONED DATETIME",
                                           "DURATION",
                                           "POINT",
                                           "NODE",
                                           "RELATIONSHIP",
                                           "MAP",
                                           "PATH",
                                           "LIST",
                                           "PROPERTY VALUE",
                                           ""};
  std::string out;
  if (kind == Kind::kUnion) {
    for (size_t i = 0; i < members.size(); ++i) out += (i ? " | " : "") + members[i].ToString();
    return out;
  }
  out = kNames[static_cast<int>(kind)];
  if (kind == Kind::kList) out += "<" + element->ToString() + ">";
  if (not_null) out += " NOT NULL";
  return out;
}

bool operator==(const CypherType& a, const CypherType& b) {
  if (a.kind != b.kind || a.not_null != b.not_null || a.members != b.members) return false;
  if (!a.element || !b.element) return !a.element && !b.element;
  return *a.element == *b.element;
}

}  // namespace namidb::query
