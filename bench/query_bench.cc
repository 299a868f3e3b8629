// Query benchmark, native side of `npm run bench -- peers`: runs the queries
// of a workload file on a namespace in a local file store, through the same
// facade the wasm build uses (api::Database, opened for reading), and
// prints one JSON object per query:
//   {"query": name, "p50_ms": ..., "runs": N, "rows": [...]}
// with the rows (value JSON) of the first run, so the caller can check the
// answers against the wasm build's. The workload file:
//   {"root": dir, "namespace": ns, "cache_bytes": n, "warmup": n, "runs": n,
//    "queries": [{"name": ..., "cypher": ..., "params": {...}}]}
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "api/database.h"
#include "core/value_json.h"
#include "storage/block_cache.h"
#include "store/local_file_store.h"

namespace namidb {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kSlowMs = 4000;

int Fail(const std::string& message) {
  std::fprintf(stderr, "namidb_query_bench: %s\n", message.c_str());
  return 1;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

nlohmann::json RowsJson(const query::QueryResult& result) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : result.rows) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& v : row) cells.push_back(ValueToJson(v));
    rows.push_back(std::move(cells));
  }
  return rows;
}

int Main(int argc, char** argv) {
  if (argc != 2) return Fail("usage: namidb_query_bench WORKLOAD.json");
  std::ifstream in(argv[1]);
  if (!in) return Fail(std::string("cannot read ") + argv[1]);
  nlohmann::json workload = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (workload.is_discarded()) return Fail("the workload is not JSON");

  api::Database db(std::make_shared<LocalFileStore>(workload.value("root", "")));
  api::DatabaseOptions options;
  options.ns = workload.value("namespace", "");
  options.read_only = true;
  options.cache_bytes = workload.value("cache_bytes", BlockCache::kDefaultCapacityBytes);
  Status opened = db.Open(options);
  if (!opened.ok()) return Fail(opened.ToString());
  int warmup = workload.value("warmup", 3);
  int runs = std::max(1, workload.value("runs", 10));

  for (const auto& q : workload["queries"]) {
    std::string name = q.value("name", "");
    std::string cypher = q.value("cypher", "");
    auto params = ValueFromJson(q.contains("params") ? q["params"] : nlohmann::json::object());
    if (!params.ok() || params->kind() != ValueKind::kMap) return Fail(name + ": bad params");
    const ValueMap& map = params->as_map();
    nlohmann::json rows;
    std::vector<double> ms;
    // The first run gives the rows and warms up; a query that takes seconds
    // gets 3 runs and no more warm-up (as the JS side does).
    int warm = warmup;
    int timed = runs;
    for (int i = 0; i < 1 + warm + timed; ++i) {
      auto started = Clock::now();
      auto result = db.Run(cypher, map, /*write=*/false);
      double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
      if (!result.ok()) return Fail(name + ": " + result.status().ToString());
      if (i == 0) {
        rows = RowsJson(result->result);
        if (elapsed > kSlowMs) {
          warm = 0;
          timed = std::min(timed, 3);
        }
      }
      if (i > warm) ms.push_back(elapsed);
    }
    nlohmann::json line = {
        {"query", name}, {"p50_ms", Median(ms)}, {"runs", timed}, {"rows", rows}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace namidb

int main(int argc, char** argv) { return namidb::Main(argc, argv); }
