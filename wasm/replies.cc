#include "replies.h"

#include <cstdint>

#include "core/value_json.h"

using emscripten::val;

namespace namidb {

val ErrorVal(const Status& status) {
  val error = val::object();
  error.set("code", static_cast<int>(status.code()));
  error.set("message", status.message());
  if (const QueryErrorInfo* q = status.query_error()) {
    error.set("type", q->type);
    error.set("phase", q->phase);
    error.set("detail", q->detail);
    if (q->line > 0) {
      error.set("line", q->line);
      error.set("column", q->column);
    }
  }
  val out = val::object();
  out.set("error", error);
  return out;
}

nlohmann::json ResultJson(const Value& v, bool lossless) {
  constexpr int64_t kSafe = (int64_t{1} << 53) - 1;
  auto props = [lossless](const ValueMap& m) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, x] : m) out[k] = ResultJson(x, lossless);
    return out;
  };
  auto node = [&](const NodeValue& n) {
    return nlohmann::json{
        {"id", n.id.ToString()}, {"labels", n.labels}, {"properties", props(n.properties)}};
  };
  auto rel = [&](const RelationshipValue& r) {
    return nlohmann::json{{"id", r.id.ToString()},
                          {"type", r.type},
                          {"start", r.start.ToString()},
                          {"end", r.end.ToString()},
                          {"properties", props(r.properties)}};
  };
  switch (v.kind()) {
    case ValueKind::kInt:
      if (lossless || v.as_int() > kSafe || v.as_int() < -kSafe) {
        return nlohmann::json{{"$bigint", std::to_string(v.as_int())}};
      }
      return v.as_int();
    case ValueKind::kList: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& e : v.as_list()) out.push_back(ResultJson(e, lossless));
      return out;
    }
    case ValueKind::kMap: {
      nlohmann::json out = props(v.as_map());
      if (out.size() == 1 && out.begin().key().starts_with("$"))
        return nlohmann::json{{"$map", out}};
      return out;
    }
    case ValueKind::kNode:
      return nlohmann::json{{"$node", node(v.as_node())}};
    case ValueKind::kRelationship:
      return nlohmann::json{{"$rel", rel(v.as_relationship())}};
    case ValueKind::kPath: {
      nlohmann::json nodes = nlohmann::json::array(), rels = nlohmann::json::array();
      for (const auto& n : v.as_path().nodes) nodes.push_back(node(n));
      for (const auto& r : v.as_path().relationships) rels.push_back(rel(r));
      return nlohmann::json{{"$path", {{"nodes", nodes}, {"relationships", rels}}}};
    }
    default:
      return ValueToJson(v);  // null, booleans, floats, strings, bytes
  }
}

}  // namespace namidb
