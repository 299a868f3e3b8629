// Statements run one by one against a fresh in-memory namespace, with their
// outcome as short text, for tests of Cypher's rules: "a,b|1,'x'" (columns,
// then rows as Cypher literals) or "TypeError.InvalidArgumentValue@runtime"
// (the openCypher classification of the error).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb::testing {

class Statements {
 public:
  Statements() : Statements(std::make_shared<MemoryStore>()) {}
  // On namespace "rules" of `store`, written with `options`.
  explicit Statements(std::shared_ptr<ObjectStore> store, const WriterOptions& options = {})
      : store_(std::move(store)),
        writer_(std::move(WriterSession::Open(store_, "rules", options)).value()) {}

  WriterSession& writer() { return *writer_; }
  // What the last statement that succeeded changed.
  const query::UpdateCounters& counters() const { return counters_; }

  // The outcome of `text` (committed when it succeeds).
  std::string Run(std::string_view text, const ValueMap& params = {}) {
    auto r = query::RunWrite(*writer_, text, params);
    if (!r.ok()) {
      const QueryErrorInfo* e = r.status().query_error();
      if (!e) return "status: " + r.status().ToString();
      return e->type + "." + e->detail + "@" + (e->phase == "compile time" ? "compile" : e->phase);
    }
    counters_ = r->counters;
    std::string out;
    for (size_t i = 0; i < r->result.columns.size(); ++i)
      out += (i ? "," : "") + r->result.columns[i];
    for (const auto& row : r->result.rows) {
      out += "|";
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + row[i].ToString();
    }
    return out;
  }

 private:
  std::shared_ptr<ObjectStore> store_;
  std::unique_ptr<WriterSession> writer_;
  query::UpdateCounters counters_;
};

}  // namespace namidb::testing
