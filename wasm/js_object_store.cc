#include "js_object_store.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "bridge_reply.h"
#include "core/limits.h"

using nlohmann::json;

// The JS imports (wasm/bridge_library.js). namidb_store_call suspends.
extern "C" {
int namidb_store_call(int store, int op, const char* arg, size_t arg_len, const char* body,
                      size_t body_len);
}

namespace namidb {
namespace {

// Makes one bridge call and parses its JSON reply. A reply of the form
// {"error": {"code": N, "message": "..."}} becomes that Status.
Result<json> Call(int store, BridgeOp op, const json& arg, std::string_view body = {}) {
  std::string arg_text = arg.dump(-1, ' ', false, json::error_handler_t::replace);
  namidb_store_call(store, static_cast<int>(op), arg_text.data(), arg_text.size(), body.data(),
                    body.size());
  json parsed = json::parse(ReplyJsonText(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    namidb_reply_clear();
    return Status::Internal("object-store bridge returned malformed JSON");
  }
  return parsed;
}

// The Status of an {"error": {...}} element, or OK.
Status ErrorOf(const json& element) {
  auto it = element.find("error");
  if (it == element.end()) return Status::OK();
  int code = static_cast<int>(StatusCode::kInternal);
  std::string message = "object-store bridge error without a message";
  if (auto c = it->find("code"); c != it->end() && c->is_number_integer()) code = c->get<int>();
  if (auto m = it->find("message"); m != it->end() && m->is_string()) {
    message = m->get<std::string>();
  }
  if (code <= static_cast<int>(StatusCode::kOk) || code > static_cast<int>(kLastStatusCode)) {
    code = static_cast<int>(StatusCode::kInternal);
  }
  return Status(static_cast<StatusCode>(code), std::move(message));
}

uint64_t UintField(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_number()) return 0;
  if (it->is_number_unsigned()) return it->get<uint64_t>();
  if (it->is_number_integer()) {
    int64_t v = it->get<int64_t>();
    return v < 0 ? 0 : static_cast<uint64_t>(v);
  }
  double d = it->get<double>();
  return d < 0 ? 0 : static_cast<uint64_t>(d);
}

std::string StringField(const json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

VersionToken VersionOf(const json& j) {
  return VersionToken{StringField(j, "etag"), static_cast<int64_t>(UintField(j, "generation"))};
}

}  // namespace

std::vector<Result<GetResult>> JsObjectStore::GetMany(std::span<const GetRequest> requests) {
  std::vector<Result<GetResult>> results;
  results.reserve(requests.size());
  json list = json::array();
  for (const auto& request : requests) {
    if (Status s = ValidateKey(request.key); !s.ok()) {
      // One bad key fails the whole batch before any round trip.
      for (size_t i = 0; i < requests.size(); ++i) results.emplace_back(s);
      return results;
    }
    json item = {{"key", request.key}};
    if (request.range) {
      item["offset"] = request.range->offset;
      if (request.range->length) item["length"] = *request.range->length;
    }
    list.push_back(std::move(item));
  }
  auto reply = Call(store_id_, BridgeOp::kGetMany, json{{"requests", std::move(list)}});
  if (!reply.ok() || !ErrorOf(*reply).ok()) {
    Status failed = reply.ok() ? ErrorOf(*reply) : reply.status();
    for (size_t i = 0; i < requests.size(); ++i) results.emplace_back(failed);
    namidb_reply_clear();
    return results;
  }
  const json& items = (*reply)["results"];
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!items.is_array() || i >= items.size()) {
      results.emplace_back(Status::Internal("object-store bridge returned too few results"));
      continue;
    }
    const json& item = items[i];
    if (Status s = ErrorOf(item); !s.ok()) {
      results.emplace_back(std::move(s));
      continue;
    }
    GetResult got;
    got.meta = ObjectMeta{requests[i].key, UintField(item, "size"), VersionOf(item)};
    int slot = static_cast<int>(UintField(item, "data"));
    double length = namidb_reply_data_length(slot);
    if (length > static_cast<double>(kMaxBridgeObjectBytes)) {
      results.emplace_back(Status::ResourceExhausted(
          "object " + requests[i].key + " is " + std::to_string(static_cast<uint64_t>(length)) +
          " bytes, more than one read may move into the engine (" +
          std::to_string(kMaxBridgeObjectBytes) + ")"));
      continue;
    }
    got.data.resize(static_cast<size_t>(length));
    if (!got.data.empty()) namidb_reply_data_copy(slot, got.data.data());
    results.emplace_back(std::move(got));
  }
  namidb_reply_clear();
  return results;
}

Result<ObjectMeta> JsObjectStore::Head(std::string_view key) {
  NAMIDB_RETURN_IF_ERROR(ValidateKey(key));
  NAMIDB_ASSIGN_OR_RETURN(json reply, Call(store_id_, BridgeOp::kHead, json{{"key", key}}));
  namidb_reply_clear();
  NAMIDB_RETURN_IF_ERROR(ErrorOf(reply));
  return ObjectMeta{std::string(key), UintField(reply, "size"), VersionOf(reply)};
}

Result<VersionToken> JsObjectStore::Put(std::string_view key, std::string_view data,
                                        const PutOptions& options) {
  NAMIDB_RETURN_IF_ERROR(ValidateKey(key));
  if (data.size() > kMaxBridgeObjectBytes) {
    return Status::ResourceExhausted("object " + std::string(key) + " is " +
                                     std::to_string(data.size()) +
                                     " bytes, more than one write may move out of the engine (" +
                                     std::to_string(kMaxBridgeObjectBytes) + ")");
  }
  json arg = {{"key", key}, {"mode", static_cast<int>(options.mode)}};
  if (options.mode == PutMode::kIfMatch) {
    arg["etag"] = options.expected.etag;
    arg["generation"] = options.expected.generation;
  }
  NAMIDB_ASSIGN_OR_RETURN(json reply, Call(store_id_, BridgeOp::kPut, arg, data));
  namidb_reply_clear();
  NAMIDB_RETURN_IF_ERROR(ErrorOf(reply));
  return VersionOf(reply);
}

Status JsObjectStore::Delete(std::string_view key) {
  NAMIDB_RETURN_IF_ERROR(ValidateKey(key));
  NAMIDB_ASSIGN_OR_RETURN(json reply, Call(store_id_, BridgeOp::kDelete, json{{"key", key}}));
  namidb_reply_clear();
  return ErrorOf(reply);
}

std::vector<Status> JsObjectStore::DeleteMany(std::span<const std::string> keys) {
  std::vector<Status> out;
  if (keys.empty()) return out;
  for (const auto& key : keys) {
    if (Status s = ValidateKey(key); !s.ok()) return std::vector<Status>(keys.size(), s);
  }
  auto reply = Call(store_id_, BridgeOp::kDeleteMany,
                    json{{"keys", std::vector<std::string>(keys.begin(), keys.end())}});
  namidb_reply_clear();
  if (!reply.ok() || !ErrorOf(*reply).ok()) {
    return std::vector<Status>(keys.size(), reply.ok() ? ErrorOf(*reply) : reply.status());
  }
  const json& items = (*reply)["results"];
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!items.is_array() || i >= items.size()) {
      out.push_back(Status::Internal("object-store bridge returned too few results"));
    } else {
      out.push_back(ErrorOf(items[i]));
    }
  }
  return out;
}

Result<ListPage> JsObjectStore::List(std::string_view prefix, const ListOptions& options) {
  json arg = {{"prefix", prefix}, {"startAfter", options.start_after}, {"limit", options.limit}};
  NAMIDB_ASSIGN_OR_RETURN(json reply, Call(store_id_, BridgeOp::kList, arg));
  namidb_reply_clear();
  NAMIDB_RETURN_IF_ERROR(ErrorOf(reply));
  ListPage page;
  if (auto objects = reply.find("objects"); objects != reply.end() && objects->is_array()) {
    for (const json& o : *objects) {
      page.objects.push_back(ObjectMeta{StringField(o, "key"), UintField(o, "size"), VersionOf(o)});
    }
  }
  page.next_start_after = StringField(reply, "next");
  return page;
}

}  // namespace namidb
