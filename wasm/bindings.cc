// Embind bindings: the engine surface the TypeScript wrapper (js/src) calls.
//
// Every function here returns plain data: a C++ Status never crosses into JS
// as an exception (this emscripten would deliver it as a bare pointer number);
// failures come back as {error: {code, message}} and js/src/engine.ts turns
// them into typed NamiDBError subclasses. Calls that reach a JS store suspend
// the module, so JS receives a Promise; callers always `await`.
#include <emscripten/bind.h>
#include <emscripten/stack.h>
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/limits.h"
#include "database_client.h"
#include "js_object_store.h"
#include "replies.h"
#include "storage/layout.h"
#include "storage/verify.h"

using emscripten::val;

namespace namidb {
namespace {

constexpr const char* kVersion = "0.1.0";

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
    auto version =
        store_->Put(key, std::string_view(owned.get(), static_cast<size_t>(size)), options);
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
    auto page =
        store_->List(prefix, ListOptions{std::move(start_after), static_cast<uint32_t>(limit)});
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

std::string Version() { return kVersion; }

// The size limits of core/limits.h, as TypeScript reports them (Engine.limits).
val Limits() {
  val out = val::object();
  out.set("maxNameBytes", static_cast<double>(kMaxNameBytes));
  out.set("maxValueDepth", kMaxValueDepth);
  out.set("maxRecordBytes", static_cast<double>(kMaxRecordBytes));
  out.set("maxCommitBytes", static_cast<double>(kMaxWalSegmentBytes));
  out.set("flushAfterWalBytes", static_cast<double>(kFlushAfterWalBytes));
  out.set("flushAfterWalSegments", static_cast<double>(kFlushAfterWalSegments));
  out.set("maxBlockBytes", static_cast<double>(kMaxBlockBytes));
  out.set("maxTableMetaBytes", static_cast<double>(kMaxTableMetaBytes));
  out.set("maxManifestBytes", static_cast<double>(kMaxManifestBytes));
  out.set("maxObjectBytes", static_cast<double>(kMaxBridgeObjectBytes));
  out.set("gcGraceMs", static_cast<double>(kDefaultGcGraceMs));
  return out;
}

// The C stack's bounds in linear memory, {base, end} (it grows down from
// base): tests and benchmarks fill the free part with a pattern and look for
// the lowest byte a statement overwrote, to show that the deepest statement
// the engine accepts fits (docs/architecture.md, "Bounded recursion").
val StackBounds() {
  val out = val::object();
  out.set("base", static_cast<double>(emscripten_stack_get_base()));
  out.set("end", static_cast<double>(emscripten_stack_get_end()));
  out.set("current", static_cast<double>(emscripten_stack_get_current()));
  return out;
}

// Reads every object of namespace `ns` in the JS store `store_id` and checks
// every checksum (storage/verify.h): {json: {bytes, objects: [{key, kind,
// bytes, referenced, error?: {code, message}}]}} or {error}.
val VerifyNamespaceVal(int store_id, std::string ns, std::string prefix) {
  auto layout = NamespaceLayout::Make(prefix, ns);
  if (!layout.ok()) return ErrorVal(layout.status());
  JsObjectStore store(store_id);
  auto report = VerifyNamespace(store, *layout);
  if (!report.ok()) return ErrorVal(report.status());
  nlohmann::json objects = nlohmann::json::array();
  for (const VerifiedObject& o : report->objects) {
    nlohmann::json entry = {
        {"key", o.key}, {"kind", o.kind}, {"bytes", o.bytes}, {"referenced", o.referenced}};
    if (!o.status.ok()) {
      entry["error"] = {{"code", std::string(StatusCodeName(o.status.code()))},
                        {"message", o.status.message()}};
    }
    objects.push_back(std::move(entry));
  }
  val out = val::object();
  out.set("json", nlohmann::json{{"bytes", report->bytes}, {"objects", std::move(objects)}}.dump());
  return out;
}

EMSCRIPTEN_BINDINGS(namidb) {
  emscripten::function("version", &Version);
  emscripten::function("limits", &Limits);
  emscripten::function("stackBounds", &StackBounds);
  emscripten::function("verifyNamespace", &VerifyNamespaceVal);
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
      .function("prepare", &DatabaseClient::Prepare)
      .function("runPrepared", &DatabaseClient::RunPrepared)
      .function("closeStatement", &DatabaseClient::CloseStatement)
      .function("refresh", &DatabaseClient::Refresh)
      .function("registerProcedure", &DatabaseClient::RegisterProcedure)
      .function("upsertNode", &DatabaseClient::UpsertNode)
      .function("upsertEdge", &DatabaseClient::UpsertEdge)
      .function("stageBatch", &DatabaseClient::StageBatch)
      .function("tombstoneNode", &DatabaseClient::TombstoneNode)
      .function("tombstoneEdge", &DatabaseClient::TombstoneEdge)
      .function("staged", &DatabaseClient::Staged)
      .function("commit", &DatabaseClient::Commit)
      .function("discard", &DatabaseClient::Discard)
      .function("flush", &DatabaseClient::Flush)
      .function("compact", &DatabaseClient::Compact)
      .function("stats", &DatabaseClient::Stats)
      .function("gc", &DatabaseClient::Gc)
      .function("recover", &DatabaseClient::Recover);
}

}  // namespace namidb
