#include "core/property_type.h"

namespace namidb {
namespace {

constexpr std::string_view kListPrefix = "LIST<";
constexpr std::string_view kListSuffix = " NOT NULL>";

bool IsScalarTypeName(std::string_view name) {
  for (std::string_view n : {"BOOLEAN", "STRING", "INTEGER", "FLOAT", "DATE", "LOCAL TIME",
                             "ZONED TIME", "LOCAL DATETIME", "ZONED DATETIME", "DURATION"}) {
    if (name == n) return true;
  }
  return false;
}

// T of "LIST<T NOT NULL>", or nullopt.
std::optional<std::string_view> ListElementName(std::string_view name) {
  if (!name.starts_with(kListPrefix) || !name.ends_with(kListSuffix)) return std::nullopt;
  return name.substr(kListPrefix.size(), name.size() - kListPrefix.size() - kListSuffix.size());
}

}  // namespace

std::optional<std::string_view> ScalarPropertyTypeOf(ValueKind kind) {
  switch (kind) {
    case ValueKind::kBool:
      return "BOOLEAN";
    case ValueKind::kString:
      return "STRING";
    case ValueKind::kInt:
      return "INTEGER";
    case ValueKind::kFloat:
      return "FLOAT";
    case ValueKind::kDate:
      return "DATE";
    case ValueKind::kLocalTime:
      return "LOCAL TIME";
    case ValueKind::kTime:
      return "ZONED TIME";
    case ValueKind::kLocalDateTime:
      return "LOCAL DATETIME";
    case ValueKind::kDateTime:
      return "ZONED DATETIME";
    case ValueKind::kDuration:
      return "DURATION";
    default:
      return std::nullopt;
  }
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

std::string PropertyTypesText(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : " | ") + name;
  return out;
}

}  // namespace namidb
