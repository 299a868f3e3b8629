// Embind bindings: the engine surface the TypeScript wrapper (js/src) calls.
//
// Every function here returns plain data: a C++ Status never crosses into JS
// as an exception (this emscripten would deliver it as a bare pointer number);
// failures come back as {error: {code, message}} and js/src/engine.ts turns
// them into typed NamiDBError subclasses. Calls that reach a JS store suspend
// the module, so JS receives a Promise; callers always `await`.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/value_json.h"
#include "js_object_store.h"
#include "query/query_runner.h"
#include "storage/writer_session.h"

using emscripten::val;

namespace namidb {
namespace {

constexpr const char* kVersion = "0.1.0";

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

// Results cross as JSON text in the tagged scheme of core/value_json.h, with
// one addition for JavaScript: an integer JSON.parse would round (beyond
// ±2^53), or with `lossless` every integer, is {"$bigint": "…"}, so that
// integers and floats stay apart.
nlohmann::json ResultJson(const Value& v, bool lossless) {
  constexpr int64_t kSafe = (int64_t{1} << 53) - 1;
  auto props = [lossless](const ValueMap& m) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, x] : m) out[k] = ResultJson(x, lossless);
    return out;
  };
  auto node = [&](const NodeValue& n) {
    return nlohmann::json{{"id", n.id.ToString()}, {"labels", n.labels}, {"properties", props(n.properties)}};
  };
  auto rel = [&](const RelationshipValue& r) {
    return nlohmann::json{{"id", r.id.ToString()},       {"type", r.type},
                          {"start", r.start.ToString()}, {"end", r.end.ToString()},
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
      if (out.size() == 1 && out.begin().key().starts_with("$")) return nlohmann::json{{"$map", out}};
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

void SetMeta(val& out, const ObjectMeta& meta) {
  out.set("key", meta.key);
  out.set("size", static_cast<double>(meta.size));
  out.set("etag", meta.version.etag);
  out.set("generation", static_cast<double>(meta.version.generation));
}

// Copies bytes out of wasm memory into a JS-owned Uint8Array.
val BytesVal(const std::string& data) {
  return val::global("Uint8Array")
      .new_(emscripten::typed_memory_view(data.size(),
                                          reinterpret_cast<const uint8_t*>(data.data())));
}

val GetResultVal(const Result<GetResult>& result) {
  if (!result.ok()) return ErrorVal(result.status());
  val out = val::object();
  SetMeta(out, result->meta);
  out.set("data", BytesVal(result->data));
  return out;
}

std::optional<ByteRange> RangeOf(double offset, double length) {
  // offset < 0: the whole object; length < 0: to the end.
  if (offset < 0) return std::nullopt;
  ByteRange range{static_cast<uint64_t>(offset), std::nullopt};
  if (length >= 0) range.length = static_cast<uint64_t>(length);
  return range;
}

}  // namespace

// The C++ ObjectStore of a JS store, driven from JS: the round trip TS -> C++
// -> JS store -> C++ -> TS that the conformance suite and `npm start` exercise.
class StoreClient {
 public:
  explicit StoreClient(int store_id) : store_(std::make_unique<JsObjectStore>(store_id)) {}

  val Get(std::string key, double offset, double length) {
    GetRequest request{std::move(key), RangeOf(offset, length)};
    auto results = store_->GetMany(std::span<const GetRequest>(&request, 1));
    return GetResultVal(results.front());
  }

  // `requests`: [{key, offset?, length?}, ...]; one C++ GetMany call.
  val GetMany(val requests) {
    std::vector<GetRequest> list;
    const unsigned n = requests["length"].as<unsigned>();
    list.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
      val r = requests[i];
      double offset = r["offset"].isUndefined() ? -1 : r["offset"].as<double>();
      double length = r["length"].isUndefined() ? -1 : r["length"].as<double>();
      list.push_back(GetRequest{r["key"].as<std::string>(), RangeOf(offset, length)});
    }
    auto results = store_->GetMany(list);
    val out = val::array();
    for (const auto& result : results) out.call<void>("push", GetResultVal(result));
    return out;
  }

  val Head(std::string key) {
    auto meta = store_->Head(key);
    if (!meta.ok()) return ErrorVal(meta.status());
    val out = val::object();
    SetMeta(out, *meta);
    return out;
  }

  // The bytes are at [data, data + size) in wasm memory, allocated by the
  // caller with _malloc; this call takes ownership and frees them.
  val Put(std::string key, uintptr_t data, double size, int mode, std::string etag,
          double generation) {
    std::unique_ptr<char, decltype(&free)> owned(reinterpret_cast<char*>(data), &free);
    PutOptions options;
    if (mode < 0 || mode > static_cast<int>(PutMode::kIfMatch)) {
      return ErrorVal(Status::InvalidArgument("unknown put mode " + std::to_string(mode)));
    }
    options.mode = static_cast<PutMode>(mode);
    options.expected = VersionToken{std::move(etag), static_cast<int64_t>(generation)};
    auto version = store_->Put(key, std::string_view(owned.get(), static_cast<size_t>(size)),
                               options);
    if (!version.ok()) return ErrorVal(version.status());
    val out = val::object();
    out.set("etag", version->etag);
    out.set("generation", static_cast<double>(version->generation));
    return out;
  }

  val Delete(std::string key) {
    Status s = store_->Delete(key);
    return s.ok() ? val::object() : ErrorVal(s);
  }

  val List(std::string prefix, std::string start_after, int limit) {
    if (limit < 1 || limit > 1000) {
      return ErrorVal(Status::InvalidArgument("list limit must be 1..1000"));
    }
    auto page = store_->List(prefix, ListOptions{std::move(start_after),
                                                 static_cast<uint32_t>(limit)});
    if (!page.ok()) return ErrorVal(page.status());
    val objects = val::array();
    for (const auto& meta : page->objects) {
      val o = val::object();
      SetMeta(o, meta);
      objects.call<void>("push", o);
    }
    val out = val::object();
    out.set("objects", objects);
    if (!page->next_start_after.empty()) out.set("nextStartAfter", page->next_start_after);
    return out;
  }

 private:
  std::unique_ptr<JsObjectStore> store_;
};

// One namespace opened for reading and writing: a writer session whose view
// serves reads (they see its own committed writes at once). Statements run
// with RunQuery / RunWrite (src/query); results and parameters cross as JSON.
class DatabaseClient {
 public:
  explicit DatabaseClient(int store_id) : store_(std::make_shared<JsObjectStore>(store_id)) {}

  val Open(std::string ns, std::string prefix) {
    WriterOptions options;
    options.prefix = std::move(prefix);
    auto writer = WriterSession::Open(store_, ns, options);
    if (!writer.ok()) return ErrorVal(writer.status());
    writer_ = std::move(*writer);
    return val::object();
  }

  // {columns, rows, counters?} as JSON text, or {error}.
  val Run(std::string text, std::string params_json, bool write, bool lossless) {
    if (!writer_) return ErrorVal(Status::InvalidArgument("the database is not open"));
    auto params = ValueFromJsonText(params_json);
    if (!params.ok()) return ErrorVal(params.status());
    if (params->kind() != ValueKind::kMap) {
      return ErrorVal(Status::InvalidArgument("parameters must be an object"));
    }
    query::QueryResult result;
    nlohmann::json counters;
    if (write) {
      auto w = query::RunWrite(*writer_, text, params->as_map());
      if (!w.ok()) return ErrorVal(w.status());
      result = std::move(w->result);
      const auto& c = w->counters;
      counters = {{"nodesCreated", c.nodes_created},
                  {"nodesDeleted", c.nodes_deleted},
                  {"relationshipsCreated", c.relationships_created},
                  {"relationshipsDeleted", c.relationships_deleted},
                  {"propertiesSet", c.properties_set},
                  {"labelsAdded", c.labels_added},
                  {"labelsRemoved", c.labels_removed}};
    } else {
      auto r = query::RunQuery(writer_->view(), text, params->as_map());
      if (!r.ok()) return ErrorVal(r.status());
      result = std::move(*r);
    }
    nlohmann::json out = {{"columns", result.columns}};
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : result.rows) {
      nlohmann::json r = nlohmann::json::array();
      for (const auto& v : row) r.push_back(ResultJson(v, lossless));
      rows.push_back(std::move(r));
    }
    out["rows"] = std::move(rows);
    if (!counters.is_null()) out["counters"] = std::move(counters);
    if (!result.profile.empty()) out["profile"] = result.profile;
    val reply = val::object();
    reply.set("json", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return reply;
  }

  val Flush() {
    if (!writer_) return ErrorVal(Status::InvalidArgument("the database is not open"));
    auto v = writer_->Flush();
    return v.ok() ? val::object() : ErrorVal(v.status());
  }

 private:
  std::shared_ptr<ObjectStore> store_;
  std::unique_ptr<WriterSession> writer_;
};

std::string Version() { return kVersion; }

EMSCRIPTEN_BINDINGS(namidb) {
  emscripten::function("version", &Version);
  emscripten::class_<StoreClient>("StoreClient")
      .constructor<int>()
      .function("get", &StoreClient::Get)
      .function("getMany", &StoreClient::GetMany)
      .function("head", &StoreClient::Head)
      .function("put", &StoreClient::Put)
      .function("remove", &StoreClient::Delete)
      .function("list", &StoreClient::List);
  emscripten::class_<DatabaseClient>("DatabaseClient")
      .constructor<int>()
      .function("open", &DatabaseClient::Open)
      .function("run", &DatabaseClient::Run)
      .function("flush", &DatabaseClient::Flush);
}

}  // namespace namidb
