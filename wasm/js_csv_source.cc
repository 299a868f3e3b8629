#include "js_csv_source.h"

#include <nlohmann/json.hpp>
#include <string>

#include "bridge_reply.h"
#include "query/common/query_error.h"

using nlohmann::json;

// The JS imports (wasm/bridge_library.js). namidb_csv_call suspends;
// namidb_csv_close does not.
extern "C" {
int namidb_csv_call(int store, int op, const char* arg, size_t arg_len);
void namidb_csv_close(int store, int handle);
}

namespace namidb {
namespace {

// Operation numbers; StoreBridge.csvCall (js/src/bridge.ts) has the same.
constexpr int kOpen = 1;
constexpr int kRead = 2;

// Calls the bridge; the reply's JSON (its bytes, if any, in `*data`).
Result<json> Call(int store, int op, const json& arg, std::string* data) {
  std::string text = arg.dump(-1, ' ', false, json::error_handler_t::replace);
  namidb_csv_call(store, op, text.data(), text.size());
  std::string reply = ReplyJsonText();
  if (data) {
    data->resize(static_cast<size_t>(namidb_reply_data_length(0)));
    namidb_reply_data_copy(0, data->data());
  }
  namidb_reply_clear();
  json parsed = json::parse(reply, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status::Internal("the CSV bridge returned malformed JSON");
  }
  if (auto e = parsed.find("error"); e != parsed.end()) {
    std::string message = e->value("message", std::string("LOAD CSV failed"));
    // A refusal or a missing source is a Cypher error of its own kind; a
    // cancellation or a failed read keeps its code.
    if (auto d = e->find("detail"); d != e->end() && d->is_string()) {
      return query::RuntimeError("LoadCsvError", d->get<std::string>(), message);
    }
    int code = e->value("code", static_cast<int>(StatusCode::kIoError));
    if (code <= 0 || code > static_cast<int>(kLastStatusCode)) {
      code = static_cast<int>(StatusCode::kIoError);
    }
    return Status(static_cast<StatusCode>(code), std::move(message));
  }
  return parsed;
}

class JsCsvStream final : public query::CsvStream {
 public:
  JsCsvStream(int store, int handle, std::string name)
      : store_(store), handle_(handle), name_(std::move(name)) {}
  ~JsCsvStream() override { namidb_csv_close(store_, handle_); }
  Result<bool> Read(uint64_t rows_so_far, std::string* out) override {
    NAMIDB_ASSIGN_OR_RETURN(json reply,
                            Call(store_, kRead, {{"handle", handle_}, {"rows", rows_so_far}}, out));
    return !reply.value("done", false);
  }
  const std::string& name() const override { return name_; }

 private:
  int store_;
  int handle_;
  std::string name_;
};

}  // namespace

Result<std::unique_ptr<query::CsvStream>> JsCsvSources::Open(std::string_view url) const {
  NAMIDB_ASSIGN_OR_RETURN(json reply, Call(store_, kOpen, {{"url", std::string(url)}}, nullptr));
  return std::unique_ptr<query::CsvStream>(std::make_unique<JsCsvStream>(
      store_, reply.value("handle", 0), reply.value("name", std::string(url))));
}

}  // namespace namidb
