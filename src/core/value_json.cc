#include "core/value_json.h"

#include <cmath>
#include <limits>

#include "core/base64.h"
#include "core/limits.h"
#include "core/value_codec.h"

namespace namidb {

using nlohmann::json;

namespace {

json PropertiesJson(const ValueMap& map) {
  json out = json::object();
  for (const auto& [key, value] : map) out[key] = ValueToJson(value);
  return out;
}

json NodeJson(const NodeValue& n) {
  return json{
      {"id", n.id.ToString()}, {"labels", n.labels}, {"properties", PropertiesJson(n.properties)}};
}

json RelationshipJson(const RelationshipValue& r) {
  return json{{"id", r.id.ToString()},
              {"type", r.type},
              {"start", r.start.ToString()},
              {"end", r.end.ToString()},
              {"properties", PropertiesJson(r.properties)}};
}

Status Bad(const std::string& path, std::string_view what) {
  return Status::InvalidArgument("JSON value at " + path + ": " + std::string(what));
}

// The member `name` of object `j`, or nullptr.
const json* Member(const json& j, const char* name) {
  auto it = j.find(name);
  return it == j.end() ? nullptr : &*it;
}

Result<std::string> StringMember(const json& j, const char* name, const std::string& path) {
  const json* m = Member(j, name);
  if (!m || !m->is_string()) return Bad(path + "." + name, "expected a string");
  return m->get<std::string>();
}

Result<Uuid> UuidMember(const json& j, const char* name, const std::string& path) {
  NAMIDB_ASSIGN_OR_RETURN(std::string text, StringMember(j, name, path));
  auto id = Uuid::Parse(text);
  if (!id.ok()) return Bad(path + "." + name, id.status().message());
  return *id;
}

// `depth`: how many lists and maps enclose the value being decoded (the
// tagged wrappers, as {"$map": ...}, are not levels of their own).
Result<ValueMap> MapFrom(const json& j, const std::string& path, int depth);
Result<Value> Decode(const json& j, const std::string& path, int depth);

Result<ValueMap> PropertiesMember(const json& j, const std::string& path, int depth) {
  const json* m = Member(j, "properties");
  if (!m) return ValueMap();
  if (!m->is_object()) return Bad(path + ".properties", "expected an object");
  return MapFrom(*m, path + ".properties", depth);
}

Result<NodeValue> NodeFrom(const json& j, const std::string& path, int depth) {
  if (!j.is_object()) return Bad(path, "expected a node object");
  NodeValue n;
  NAMIDB_ASSIGN_OR_RETURN(n.id, UuidMember(j, "id", path));
  if (const json* labels = Member(j, "labels")) {
    if (!labels->is_array()) return Bad(path + ".labels", "expected an array");
    for (const auto& label : *labels) {
      if (!label.is_string()) return Bad(path + ".labels", "expected strings");
      n.labels.push_back(label.get<std::string>());
    }
  }
  NAMIDB_ASSIGN_OR_RETURN(n.properties, PropertiesMember(j, path, depth));
  return n;
}

Result<RelationshipValue> RelationshipFrom(const json& j, const std::string& path, int depth) {
  if (!j.is_object()) return Bad(path, "expected a relationship object");
  RelationshipValue r;
  NAMIDB_ASSIGN_OR_RETURN(r.id, UuidMember(j, "id", path));
  NAMIDB_ASSIGN_OR_RETURN(r.type, StringMember(j, "type", path));
  NAMIDB_ASSIGN_OR_RETURN(r.start, UuidMember(j, "start", path));
  NAMIDB_ASSIGN_OR_RETURN(r.end, UuidMember(j, "end", path));
  NAMIDB_ASSIGN_OR_RETURN(r.properties, PropertiesMember(j, path, depth));
  return r;
}

Result<ValueMap> MapFrom(const json& j, const std::string& path, int depth) {
  ValueMap map;
  for (auto it = j.begin(); it != j.end(); ++it) {
    NAMIDB_ASSIGN_OR_RETURN(Value v, Decode(it.value(), path + "." + it.key(), depth + 1));
    map.Set(it.key(), std::move(v));
  }
  return map;
}

// The temporal tags ($date, $time, ..., $duration) with their ISO 8601 text;
// nullopt for any other tag.
std::optional<Result<Value>> TemporalFromText(const std::string& tag, const json& body,
                                              const std::string& at) {
  for (ValueKind kind : {ValueKind::kDate, ValueKind::kDateTime, ValueKind::kLocalTime,
                         ValueKind::kTime, ValueKind::kLocalDateTime, ValueKind::kDuration}) {
    if (tag.substr(1) != TemporalFunctionName(kind)) continue;
    if (!body.is_string()) return Result<Value>(Bad(at, "expected an ISO 8601 string"));
    const std::string& text = body.get_ref<const std::string&>();
    auto value = ParseTemporalText(kind, text);
    if (!value)
      return Result<Value>(Bad(at, "'" + text + "' is not " + std::string(TemporalTextForm(kind))));
    return Result<Value>(std::move(*value));
  }
  return std::nullopt;
}

Result<Value> DecodeTagged(const std::string& tag, const json& body, const std::string& path,
                           int depth) {
  std::string at = path + "." + tag;
  if (tag == "$float") {
    if (body.is_string()) {
      const std::string& s = body.get_ref<const std::string&>();
      if (s == "NaN") return Value::Float(std::numeric_limits<double>::quiet_NaN());
      if (s == "Infinity") return Value::Float(std::numeric_limits<double>::infinity());
      if (s == "-Infinity") return Value::Float(-std::numeric_limits<double>::infinity());
    }
    if (body.is_number()) return Value::Float(body.get<double>());
    return Bad(at, "expected NaN, Infinity, -Infinity or a number");
  }
  if (tag == "$bytes") {
    if (!body.is_string()) return Bad(at, "expected a base64 string");
    auto bytes = Base64Decode(body.get_ref<const std::string&>());
    if (!bytes.ok()) return Bad(at, bytes.status().message());
    return Value::Bytes(std::move(*bytes));
  }
  if (auto temporal = TemporalFromText(tag, body, at)) return std::move(*temporal);
  if (tag == "$map") {
    if (!body.is_object()) return Bad(at, "expected an object");
    NAMIDB_ASSIGN_OR_RETURN(ValueMap map, MapFrom(body, at, depth));
    return Value::Map(std::move(map));
  }
  if (tag == "$node") {
    NAMIDB_ASSIGN_OR_RETURN(NodeValue n, NodeFrom(body, at, depth));
    return Value::Node(std::move(n));
  }
  if (tag == "$rel") {
    NAMIDB_ASSIGN_OR_RETURN(RelationshipValue r, RelationshipFrom(body, at, depth));
    return Value::Relationship(std::move(r));
  }
  if (tag == "$path") {
    if (!body.is_object()) return Bad(at, "expected an object");
    const json* nodes = Member(body, "nodes");
    const json* rels = Member(body, "relationships");
    if (!nodes || !nodes->is_array() || !rels || !rels->is_array()) {
      return Bad(at, "expected arrays 'nodes' and 'relationships'");
    }
    if (nodes->size() != rels->size() + 1) {
      return Bad(at, "a path has one more node than relationships");
    }
    PathValue p;
    for (size_t i = 0; i < nodes->size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(
          NodeValue n, NodeFrom((*nodes)[i], at + ".nodes[" + std::to_string(i) + "]", depth));
      p.nodes.push_back(std::move(n));
    }
    for (size_t i = 0; i < rels->size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(
          RelationshipValue r,
          RelationshipFrom((*rels)[i], at + ".relationships[" + std::to_string(i) + "]", depth));
      p.relationships.push_back(std::move(r));
    }
    return Value::Path(std::move(p));
  }
  return Bad(path, "unknown tag '" + tag + "'");
}

Result<Value> Decode(const json& j, const std::string& path, int depth) {
  if (depth > kMaxValueDepth) {
    return Bad(path, "nested deeper than " + std::to_string(kMaxValueDepth) + " lists or maps");
  }
  switch (j.type()) {
    case json::value_t::null:
      return Value::Null();
    case json::value_t::boolean:
      return Value::Bool(j.get<bool>());
    case json::value_t::number_integer:
      return Value::Int(j.get<int64_t>());
    case json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Bad(path, "integer does not fit in 64 signed bits");
      }
      return Value::Int(static_cast<int64_t>(u));
    }
    case json::value_t::number_float:
      return Value::Float(j.get<double>());
    case json::value_t::string:
      return Value::String(j.get<std::string>());
    case json::value_t::array: {
      ValueList list;
      list.reserve(j.size());
      for (size_t i = 0; i < j.size(); ++i) {
        NAMIDB_ASSIGN_OR_RETURN(Value v,
                                Decode(j[i], path + "[" + std::to_string(i) + "]", depth + 1));
        list.push_back(std::move(v));
      }
      return Value::List(std::move(list));
    }
    case json::value_t::object: {
      if (j.size() == 1 && j.begin().key().starts_with("$")) {
        return DecodeTagged(j.begin().key(), j.begin().value(), path, depth);
      }
      NAMIDB_ASSIGN_OR_RETURN(ValueMap map, MapFrom(j, path, depth));
      return Value::Map(std::move(map));
    }
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return Bad(path, "unsupported JSON value");
}

}  // namespace

json ValueToJson(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return nullptr;
    case ValueKind::kBool:
      return value.as_bool();
    case ValueKind::kInt:
      return value.as_int();
    case ValueKind::kFloat: {
      double d = value.as_float();
      if (std::isfinite(d)) return d;
      return json{{"$float", std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"}};
    }
    case ValueKind::kString:
      return value.as_string();
    case ValueKind::kBytes:
      return json{{"$bytes", Base64Encode(value.as_bytes())}};
    case ValueKind::kList: {
      json out = json::array();
      for (const auto& v : value.as_list()) out.push_back(ValueToJson(v));
      return out;
    }
    case ValueKind::kMap: {
      json out = PropertiesJson(value.as_map());
      if (value.as_map().size() == 1 && value.as_map().begin()->first.starts_with("$")) {
        return json{{"$map", std::move(out)}};
      }
      return out;
    }
    case ValueKind::kDate:
    case ValueKind::kDateTime:
    case ValueKind::kLocalTime:
    case ValueKind::kTime:
    case ValueKind::kLocalDateTime:
    case ValueKind::kDuration:  // {"$date": "2015-07-21"}, {"$duration": "P1D"}, ...
      return json{{"$" + std::string(TemporalFunctionName(value.kind())), TemporalText(value)}};
    case ValueKind::kNode:
      return json{{"$node", NodeJson(value.as_node())}};
    case ValueKind::kRelationship:
      return json{{"$rel", RelationshipJson(value.as_relationship())}};
    case ValueKind::kPath: {
      json nodes = json::array(), rels = json::array();
      for (const auto& n : value.as_path().nodes) nodes.push_back(NodeJson(n));
      for (const auto& r : value.as_path().relationships) rels.push_back(RelationshipJson(r));
      return json{{"$path", json{{"nodes", std::move(nodes)}, {"relationships", std::move(rels)}}}};
    }
  }
  return nullptr;
}

Result<Value> ValueFromJson(const json& j) { return Decode(j, "$", 0); }

std::string ValueToJsonText(const Value& value) {
  // Invalid UTF-8 in strings is replaced rather than thrown on.
  return ValueToJson(value).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Value> ValueFromJsonText(std::string_view text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::InvalidArgument("malformed JSON text");
  return ValueFromJson(parsed);
}

}  // namespace namidb
