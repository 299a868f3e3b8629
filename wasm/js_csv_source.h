// LOAD CSV's sources in the wasm build: the TypeScript side (js/src/csv/)
// opens the URL (a file in Node, http(s) through fetch(), data registered
// with Database.registerCsv) and hands over the bytes chunk by chunk; the
// engine suspends on the async import namidb_csv_call while it does. What
// the database's options refuse comes back as a LoadCsvError saying which
// option allows it.
#pragma once

#include "query/execution/csv_source.h"

namespace namidb {

class JsCsvSources final : public query::CsvSources {
 public:
  // `store`: the database's number in the bridge, which keeps its CSV
  // registrations and options.
  explicit JsCsvSources(int store) : store_(store) {}
  Result<std::unique_ptr<query::CsvStream>> Open(std::string_view url) const override;

 private:
  int store_;
};

}  // namespace namidb
