#include "query/functions/neo4j_functions.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "core/property_type.h"
#include "core/uuid.h"
#include "query/common/query_error.h"
#include "query/functions/functions.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

using Args = std::vector<Value>;
using Convert = Result<Value> (*)(const Value&);

// A conversion's result, or null where it would fail.
Value OrNull(Convert convert, const Value& v) {
  Result<Value> r = convert(v);
  return r.ok() ? std::move(r).value() : Value();
}

Result<Value> ConvertList(std::string_view fn, Convert convert, const Value& list) {
  if (list.is_null()) return Value();
  if (list.kind() != ValueKind::kList) return WrongArgumentType(fn, list);
  ValueList out;
  out.reserve(list.as_list().size());
  for (const Value& v : list.as_list()) out.push_back(OrNull(convert, v));
  return Value::List(std::move(out));
}

// The kinds in the order Cypher's type names list them, which orders the
// members of a list's element type.
int TypeRank(ValueKind kind) {
  static constexpr ValueKind kOrder[] = {
      ValueKind::kNull,          ValueKind::kBool,     ValueKind::kString,    ValueKind::kInt,
      ValueKind::kFloat,         ValueKind::kDate,     ValueKind::kLocalTime, ValueKind::kTime,
      ValueKind::kLocalDateTime, ValueKind::kDateTime, ValueKind::kDuration,  ValueKind::kNode,
      ValueKind::kRelationship,  ValueKind::kMap,      ValueKind::kList,      ValueKind::kPath,
  };
  for (size_t i = 0; i < std::size(kOrder); ++i) {
    if (kOrder[i] == kind) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kOrder));
}

std::string BaseTypeName(ValueKind kind) {
  if (auto name = ScalarPropertyTypeOf(kind)) return std::string(*name);
  return std::string(ValueKindName(kind));
}

// A value's type without its own NOT NULL: a list's element type is the
// union of its elements' types, each NOT NULL unless the list holds a null.
std::string TypeOf(const Value& v) {
  if (v.kind() != ValueKind::kList) return BaseTypeName(v.kind());
  const ValueList& list = v.as_list();
  if (list.empty()) return "LIST<NOTHING>";
  bool nulls = false;
  std::set<std::pair<int, std::string>> members;
  for (const Value& e : list) {
    if (e.is_null()) {
      nulls = true;
      continue;
    }
    members.insert({TypeRank(e.kind()), TypeOf(e)});
  }
  if (members.empty()) return "LIST<NULL>";
  std::string inner;
  for (const auto& [rank, name] : members) {
    if (!inner.empty()) inner += " | ";
    inner += name + (nulls ? "" : " NOT NULL");
  }
  return "LIST<" + inner + ">";
}

Result<Value> CallEntry(const ScalarFunction& self, const Args& a, const DateTimeValue*) {
  return self.of_args(a);
}

ScalarFunction Entry(const char* name, size_t min_args, size_t max_args, std::vector<KindSet> takes,
                     Result<Value> (*fn)(const Args&)) {
  ScalarFunction f;
  f.name = AsciiLower(name);
  f.display = name;
  f.min_args = min_args;
  f.max_args = max_args;
  f.takes = std::move(takes);
  f.call = CallEntry;
  f.of_args = fn;
  return f;
}

}  // namespace

std::vector<ScalarFunction> Neo4jFunctionEntries() {
  constexpr KindSet kList = KindBit(ValueKind::kList);
  const KindSet kContainer = kList | KindBit(ValueKind::kMap) | KindBit(ValueKind::kString);
  std::vector<ScalarFunction> out = {
      Entry("toIntegerOrNull", 1, 1, {kAnyKind},
            [](const Args& a) -> Result<Value> { return OrNull(ConvertToInteger, a[0]); }),
      Entry("toFloatOrNull", 1, 1, {kAnyKind},
            [](const Args& a) -> Result<Value> { return OrNull(ConvertToFloat, a[0]); }),
      Entry("toBooleanOrNull", 1, 1, {kAnyKind},
            [](const Args& a) -> Result<Value> { return OrNull(ConvertToBoolean, a[0]); }),
      Entry("toStringOrNull", 1, 1, {kAnyKind},
            [](const Args& a) -> Result<Value> { return OrNull(ConvertToString, a[0]); }),
      Entry("toIntegerList", 1, 1, {kList},
            [](const Args& a) { return ConvertList("toIntegerList", ConvertToInteger, a[0]); }),
      Entry("toFloatList", 1, 1, {kList},
            [](const Args& a) { return ConvertList("toFloatList", ConvertToFloat, a[0]); }),
      Entry("toBooleanList", 1, 1, {kList},
            [](const Args& a) { return ConvertList("toBooleanList", ConvertToBoolean, a[0]); }),
      Entry("toStringList", 1, 1, {kList},
            [](const Args& a) { return ConvertList("toStringList", ConvertToString, a[0]); }),
      Entry("isEmpty", 1, 1, {kContainer},
            [](const Args& a) -> Result<Value> {
              const Value& v = a[0];
              switch (v.kind()) {
                case ValueKind::kNull:
                  return Value();
                case ValueKind::kList:
                  return Value::Bool(v.as_list().empty());
                case ValueKind::kMap:
                  return Value::Bool(v.as_map().empty());
                case ValueKind::kString:
                  return Value::Bool(v.as_string().empty());
                default:
                  return WrongArgumentType("isEmpty", v);
              }
            }),
      Entry("valueType", 1, 1, {kAnyKind},
            [](const Args& a) -> Result<Value> {
              if (a[0].is_null()) return Value::String("NULL");
              return Value::String(TypeOf(a[0]) + " NOT NULL");
            }),
      Entry("nullIf", 2, 2, {kAnyKind},
            [](const Args& a) -> Result<Value> {
              Ternary same = Equals(a[0], a[1]);
              return same && *same ? Value() : a[0];
            }),
      Entry("randomUUID", 0, 0, {},
            [](const Args&) -> Result<Value> {
              static std::mt19937_64 rng(std::random_device{}());
              Uuid id;
              for (size_t i = 0; i < id.bytes.size(); i += 8) {
                uint64_t word = rng();
                for (size_t b = 0; b < 8; ++b)
                  id.bytes[i + b] = static_cast<uint8_t>(word >> (8 * b));
              }
              id.bytes[6] = static_cast<uint8_t>((id.bytes[6] & 0x0f) | 0x40);  // version 4
              id.bytes[8] = static_cast<uint8_t>((id.bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
              return Value::String(id.ToString());
            }),
  };
  for (ScalarFunction& f : out) {
    if (f.name == "randomuuid") f.id = FunctionId::kRandom;  // a value per call
  }
  return out;
}

}  // namespace namidb::query
