#include "core/property_type.h"

#include <algorithm>

namespace namidb {
namespace {

constexpr std::string_view kListPrefix = "LIST<";
constexpr std::string_view kListSuffix = " NOT NULL>";

// The scalar property types in Neo4j's order, the order a union is kept in,
// with the kind of value each is.
struct ScalarType {
  ValueKind kind;
  std::string_view name;
};
constexpr ScalarType kScalarTypes[] = {
    {ValueKind::kBool, "BOOLEAN"},
    {ValueKind::kString, "STRING"},
    {ValueKind::kInt, "INTEGER"},
    {ValueKind::kFloat, "FLOAT"},
    {ValueKind::kDate, "DATE"},
    {ValueKind::kLocalTime, "LOCAL TIME"},
    {ValueKind::kTime, "ZONED TIME"},
    {ValueKind::kLocalDateTime, "LOCAL DATETIME"},
    {ValueKind::kDateTime, "ZONED DATETIME"},
    {ValueKind::kDuration, "DURATION"},
};
constexpr size_t kScalarCount = std::size(kScalarTypes);

// Where a scalar type name stands in kScalarTypes; kScalarCount if it is none.
size_t ScalarRank(std::string_view name) {
  size_t i = 0;
  while (i < kScalarCount && kScalarTypes[i].name != name) ++i;
  return i;
}

bool IsScalarTypeName(std::string_view name) { return ScalarRank(name) < kScalarCount; }

// T of "LIST<T NOT NULL>", or nullopt.
std::optional<std::string_view> ListElementName(std::string_view name) {
  if (!name.starts_with(kListPrefix) || !name.ends_with(kListSuffix)) return std::nullopt;
  return name.substr(kListPrefix.size(), name.size() - kListPrefix.size() - kListSuffix.size());
}

// Each scalar in its order, then each list in its element's.
size_t PropertyTypeRank(std::string_view name) {
  if (auto element = ListElementName(name)) return kScalarCount + ScalarRank(*element);
  return ScalarRank(name);
}

}  // namespace

std::optional<std::string_view> ScalarPropertyTypeOf(ValueKind kind) {
  for (const ScalarType& t : kScalarTypes) {
    if (t.kind == kind) return t.name;
  }
  return std::nullopt;
}

bool IsPropertyTypeName(std::string_view name) {
  if (auto element = ListElementName(name)) return IsScalarTypeName(*element);
  return IsScalarTypeName(name);
}

bool ValueHasPropertyType(const Value& value, std::string_view name) {
  if (auto element = ListElementName(name)) {
    if (value.kind() != ValueKind::kList) return false;
    for (const Value& e : value.as_list()) {
      if (ScalarPropertyTypeOf(e.kind()) != *element) return false;
    }
    return true;
  }
  return ScalarPropertyTypeOf(value.kind()) == name;
}

bool ValueHasPropertyTypes(const Value& value, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (ValueHasPropertyType(value, name)) return true;
  }
  return false;
}

void NormalizePropertyTypes(std::vector<std::string>* names) {
  std::sort(names->begin(), names->end(), [](const std::string& a, const std::string& b) {
    return PropertyTypeRank(a) < PropertyTypeRank(b);
  });
  names->erase(std::unique(names->begin(), names->end()), names->end());
}

std::string PropertyTypesText(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : " | ") + name;
  return out;
}

}  // namespace namidb
