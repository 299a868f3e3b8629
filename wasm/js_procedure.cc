#include "js_procedure.h"

#include <nlohmann/json.hpp>
#include <string>

#include "bridge_reply.h"
#include "core/value_json.h"
#include "query/common/query_error.h"
#include "replies.h"

using nlohmann::json;

// The JS imports (wasm/bridge_library.js). namidb_procedure_call suspends.
extern "C" {
int namidb_procedure_call(int handler, const char* args, size_t args_len);
}

namespace namidb {

query::ProcedureBody JsProcedureBody(int handler, query::ProcedureSignature signature,
                                     bool lossless) {
  return [handler, signature = std::move(signature), lossless](
             const ValueList& args, query::ProcedureContext&) -> Result<std::vector<ValueList>> {
    json wire = json::array();
    for (const auto& v : args) wire.push_back(ResultJson(v, lossless));
    std::string text = wire.dump(-1, ' ', false, json::error_handler_t::replace);
    namidb_procedure_call(handler, text.data(), text.size());
    std::string reply = ReplyJsonText();
    namidb_reply_clear();
    json parsed = json::parse(reply, nullptr, /*allow_exceptions=*/false);
    auto failed = [&](const std::string& why) {
      return query::RuntimeError("ProcedureError", "ProcedureCallFailed",
                                 signature.name + ": " + why);
    };
    if (parsed.is_discarded() || !parsed.is_object())
      return failed("the bridge returned malformed JSON");
    if (auto e = parsed.find("error"); e != parsed.end()) {
      auto m = e->find("message");
      return failed(m != e->end() && m->is_string() ? m->get<std::string>()
                                                    : "the procedure failed");
    }
    auto rows = parsed.find("rows");
    if (rows == parsed.end() || !rows->is_array()) return failed("the bridge returned no rows");
    std::vector<ValueList> out;
    for (const auto& row : *rows) {
      if (!row.is_array() || row.size() != signature.outputs.size())
        return failed("a row of the wrong shape");
      ValueList values;
      for (const auto& cell : row) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, ValueFromJson(cell));
        values.push_back(std::move(v));
      }
      out.push_back(std::move(values));
    }
    return out;
  };
}

}  // namespace namidb
