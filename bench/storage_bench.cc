// Storage benchmark: prints one JSON object per line,
//   {"suite":"storage","metric":...,"value":...,"unit":...,"build":"native","store":...}
//
// On a generated graph (--nodes N, 5 edges per node), it measures ingest
// through the writer session committing every --batch elements, a flush to
// data files (time and peak heap), reopening the writer, then an on-demand
// GraphReader: cold point lookup and 1-hop expansion (round trips, gets,
// bytes through a counting store) and warm latencies. The same program runs
// natively and, compiled to WebAssembly, in Node (memory store only).
// `--labels N` spreads the nodes over N labels and, after the flush, creates
// an index on `id` of each label, one schema change each (as the peers
// benchmark's load does): `index_seconds`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/hash.h"
#include "heap_counter.h"
#include "storage/graph_reader.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#ifndef __EMSCRIPTEN__
#include "store/local_file_store.h"
#endif
#include "store/memory_store.h"

namespace namidb {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string Build() {
#ifdef __EMSCRIPTEN__
  return "wasm";
#else
  return "native";
#endif
}

void Emit(const char* metric, double value, const char* unit, const std::string& store) {
  std::printf(
      "{\"suite\":\"storage\",\"metric\":\"%s\",\"value\":%.6g,\"unit\":\"%s\",\"build\":"
      "\"%s\",\"store\":\"%s\"}\n",
      metric, value, unit, Build().c_str(), store.c_str());
  std::fflush(stdout);
}

// A store wrapper that counts what reaches the store.
class CountingStore final : public ObjectStore {
 public:
  explicit CountingStore(std::shared_ptr<ObjectStore> inner) : inner_(std::move(inner)) {}
  std::string_view Kind() const override { return inner_->Kind(); }
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override {
    ++round_trips;
    gets += requests.size();
    auto results = inner_->GetMany(requests);
    for (const auto& r : results) {
      if (r.ok()) bytes_read += r->data.size();
    }
    return results;
  }
  Result<ObjectMeta> Head(std::string_view key) override {
    ++round_trips;
    return inner_->Head(key);
  }
  Result<VersionToken> Put(std::string_view key, std::string_view data,
                           const PutOptions& options) override {
    ++round_trips;
    bytes_written += data.size();
    return inner_->Put(key, data, options);
  }
  Status Delete(std::string_view key) override {
    ++round_trips;
    return inner_->Delete(key);
  }
  Result<ListPage> List(std::string_view prefix, const ListOptions& options) override {
    ++round_trips;
    return inner_->List(prefix, options);
  }
  uint64_t round_trips = 0, gets = 0, bytes_read = 0, bytes_written = 0;

 private:
  std::shared_ptr<ObjectStore> inner_;
};

std::shared_ptr<ObjectStore> MakeStore(const std::string& kind, const std::string& dir) {
  if (kind == "memory") return std::make_shared<MemoryStore>();
#ifdef __EMSCRIPTEN__
  (void)dir;
  return nullptr;
#else
  std::filesystem::remove_all(dir);
  return std::make_shared<LocalFileStore>(dir);
#endif
}

int Fail(const char* what, const Status& status) {
  std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
  return 1;
}

int Run(const std::string& store_kind, uint64_t nodes, uint64_t batch, uint64_t labels,
        const std::string& dir) {
  std::shared_ptr<ObjectStore> inner = MakeStore(store_kind, dir);
  if (!inner) {
    std::fprintf(stderr, "store '%s' is not available in this build\n", store_kind.c_str());
    return 2;
  }
  auto store = std::make_shared<CountingStore>(inner);
  auto emit = [&](const std::string& metric, double value, const char* unit) {
    Emit(metric.c_str(), value, unit, store_kind);
  };
  // Ingest and flush are measured apart: no flush on the WAL's size.
  WriterOptions options;
  options.flush_after_wal_bytes = 0;
  options.flush_after_wal_segments = 0;
  options.flush_after_memtable_bytes = 0;
  auto opened = WriterSession::Open(store, "bench", options);
  if (!opened.ok()) return Fail("open", opened.status());
  std::unique_ptr<WriterSession> writer = std::move(opened).value();
  std::mt19937_64 rng(42);
  auto node_id = [](uint64_t i) { return NameBasedUuid("person-" + std::to_string(i)); };
  auto label_of = [&](uint64_t i) {
    return labels == 0 ? std::string("Person") : "Person" + std::to_string(i % labels);
  };

  // Ingest: nodes, then 5 random KNOWS edges per node, committing every `batch`.
  std::vector<double> commit_ms;
  uint64_t staged = 0, elements = 0;
  Status failed;
  auto commit = [&]() -> bool {
    auto t = Clock::now();
    auto v = writer->CommitBatch();
    if (!v.ok()) {
      failed = v.status();
      return false;
    }
    commit_ms.push_back(Seconds(t) * 1000);
    staged = 0;
    return true;
  };
  // The memtable's own account and what the heap gained while it filled
  // (less what a memory store keeps of the WAL, and the set of live nodes).
  uint64_t heap_before_ingest = bench::HeapLiveBytes();
  auto memtable_heap = [&]() -> double {
    uint64_t kept = store_kind == "memory" ? store->bytes_written : 0;
    return static_cast<double>(bench::HeapLiveBytes() - heap_before_ingest - kept -
                               writer->live_nodes().bytes());
  };
  auto started = Clock::now();
  for (uint64_t i = 0; i < nodes; ++i) {
    ValueMap props{{"id", Value::Int(static_cast<int64_t>(i))},
                   {"name", Value::String("person " + std::to_string(i))}};
    if (Status s = writer->UpsertNode({label_of(i)}, node_id(i), std::move(props)); !s.ok()) {
      return Fail("upsert node", s);
    }
    ++elements;
    if (++staged >= batch && !commit()) return Fail("commit", failed);
  }
  if (staged > 0 && !commit()) return Fail("commit", failed);
  const uint64_t node_bytes = writer->memtable_bytes();
  const double node_heap = memtable_heap();
  for (uint64_t i = 0; i < nodes; ++i) {
    for (int k = 0; k < 5; ++k) {
      uint64_t j = rng() % nodes;
      ValueMap props{{"since", Value::Int(2000 + static_cast<int64_t>(rng() % 25))}};
      auto e = writer->UpsertEdge("KNOWS", node_id(i), node_id(j), std::move(props));
      if (!e.ok()) return Fail("upsert edge", e.status());
      ++elements;
      if (++staged >= batch && !commit()) return Fail("commit", failed);
    }
  }
  if (staged > 0 && !commit()) return Fail("commit", failed);
  double ingest_s = Seconds(started);
  std::sort(commit_ms.begin(), commit_ms.end());
  emit("ingest_elements_per_s", static_cast<double>(elements) / ingest_s, "elements/s");
  emit("ingest_commits", static_cast<double>(commit_ms.size()), "commits");
  emit("commit_p50_ms", commit_ms[commit_ms.size() / 2], "ms");
  emit("wal_bytes", static_cast<double>(store->bytes_written), "bytes");
  const uint64_t all_bytes = writer->memtable_bytes();
  const double all_heap = memtable_heap();
  emit("memtable_bytes", static_cast<double>(all_bytes), "bytes");
  emit("memtable_heap_bytes", all_heap, "bytes");
  const double n = static_cast<double>(nodes);
  emit("memtable_bytes_per_node", static_cast<double>(node_bytes) / n, "bytes");
  emit("memtable_heap_bytes_per_node", node_heap / n, "bytes");
  emit("memtable_bytes_per_edge", static_cast<double>(all_bytes - node_bytes) / (5 * n), "bytes");
  emit("memtable_heap_bytes_per_edge", (all_heap - node_heap) / (5 * n), "bytes");

  // Flush: the whole graph as one run of tables. Peak heap beyond what was
  // live before (the writer's state), and the bytes of the run. A memory
  // store keeps what is put on the heap too, so those bytes are left out.
  store->bytes_written = 0;
  bench::ResetHeapPeak();
  uint64_t heap_before = bench::HeapLiveBytes();
  auto flush_started = Clock::now();
  if (auto v = writer->Flush(); !v.ok()) return Fail("flush", v.status());
  emit("flush_seconds", Seconds(flush_started), "s");
  uint64_t kept_by_store = store_kind == "memory" ? store->bytes_written : 0;
  emit("flush_peak_bytes",
       static_cast<double>(bench::HeapPeakBytes() - heap_before - kept_by_store), "bytes");
  emit("table_bytes", static_cast<double>(store->bytes_written), "bytes");
  if (labels > 0) {
    // An index per label, each its own schema change over the flushed run.
    auto index_started = Clock::now();
    std::vector<SchemaEntry> schema;
    for (uint64_t l = 0; l < labels && l < nodes; ++l) {
      std::string label = label_of(l);
      schema.push_back(SchemaEntry{"by_id_" + label, "index", label, "id", {}});
      if (auto v = writer->SetSchema(schema); !v.ok()) return Fail("create index", v.status());
    }
    emit("index_seconds", Seconds(index_started), "s");
  }
  // Disk use: the flush's own collection keeps what it replaced for the
  // grace period; a collection with no grace leaves the live objects.
  auto namespace_bytes = [&]() -> Result<uint64_t> {
    NAMIDB_ASSIGN_OR_RETURN(auto objects, store->ListAll("bench/"));
    uint64_t bytes = 0;
    for (const auto& o : objects) bytes += o.size;
    return bytes;
  };
  auto before_gc = namespace_bytes();
  if (!before_gc.ok()) return Fail("list", before_gc.status());
  emit("namespace_bytes_before_gc", static_cast<double>(*before_gc), "bytes");
  if (auto gc = writer->CollectGarbage(0); !gc.ok()) return Fail("gc", gc.status());
  auto after_gc = namespace_bytes();
  if (!after_gc.ok()) return Fail("list", after_gc.status());
  emit("namespace_bytes", static_cast<double>(*after_gc), "bytes");
  writer.reset();

  // Reopening the writer loads the state it keeps in memory.
  auto t = Clock::now();
  auto reopened = WriterSession::Open(store, "bench");
  if (!reopened.ok()) return Fail("reopen", reopened.status());
  emit("writer_open_seconds", Seconds(t), "s");
  reopened->reset();

  // On demand: a cold reader (fresh cache), then lookups and 1-hop expansions.
  auto layout = *NamespaceLayout::Make("", "bench");
  store->round_trips = store->gets = store->bytes_read = 0;
  auto cache = std::make_shared<BlockCache>();
  auto reader = GraphReader::Open(store, layout, cache);
  if (!reader.ok()) return Fail("reader", reader.status());
  emit("open_round_trips", static_cast<double>(store->round_trips), "round trips");
  emit("open_bytes", static_cast<double>(store->bytes_read), "bytes");
  auto measure = [&](const std::string& name, auto&& fn) -> bool {
    store->round_trips = store->gets = store->bytes_read = 0;
    if (!fn()) return false;
    emit("cold_" + name + "_round_trips", static_cast<double>(store->round_trips), "round trips");
    emit("cold_" + name + "_gets", static_cast<double>(store->gets), "gets");
    emit("cold_" + name + "_bytes", static_cast<double>(store->bytes_read), "bytes");
    return true;
  };
  Uuid probe = node_id(nodes / 2);
  std::vector<Uuid> one = {probe};
  if (!measure("point_lookup", [&] { return (*reader)->LookupNodes(one).ok(); })) return 1;
  Uuid other = node_id(nodes / 3);
  if (!measure("1hop", [&] { return (*reader)->Expand(other, Direction::kOut).ok(); })) return 1;
  // Warm: the same kinds of calls over ids whose blocks are now cached.
  std::vector<double> lookup_us, hop_us;
  for (int i = 0; i < 200; ++i) {
    std::vector<Uuid> ids = {i % 2 ? probe : other};
    auto at = Clock::now();
    if (!(*reader)->LookupNodes(ids).ok()) return 1;
    lookup_us.push_back(Seconds(at) * 1e6);
    at = Clock::now();
    if (!(*reader)->Expand(other, Direction::kOut).ok()) return 1;
    hop_us.push_back(Seconds(at) * 1e6);
  }
  std::sort(lookup_us.begin(), lookup_us.end());
  std::sort(hop_us.begin(), hop_us.end());
  emit("warm_point_lookup_p50_us", lookup_us[lookup_us.size() / 2], "us");
  emit("warm_1hop_p50_us", hop_us[hop_us.size() / 2], "us");
#ifndef __EMSCRIPTEN__
  if (store_kind == "file") std::filesystem::remove_all(dir);
#endif
  return 0;
}

}  // namespace
}  // namespace namidb

int main(int argc, char** argv) {
  uint64_t nodes = 100000, batch = 10000, labels = 0;
#ifdef __EMSCRIPTEN__
  std::string stores = "memory";
#else
  std::string stores = "memory,file";
#endif
  std::string dir = (std::filesystem::temp_directory_path() / "namidb-bench-storage").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--nodes"))
      nodes = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--batch"))
      batch = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--labels"))
      labels = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--stores"))
      stores = argv[i + 1];
    else if (!std::strcmp(argv[i], "--dir"))
      dir = argv[i + 1];
    else {
      std::fprintf(
          stderr,
          "usage: storage_bench [--nodes N] [--batch N] [--labels N] [--stores memory,file] "
          "[--dir D]\n");
      return 2;
    }
  }
  if (nodes == 0 || batch == 0) return 2;
  for (const char* kind : {"memory", "file"}) {
    if (stores.find(kind) == std::string::npos) continue;
    if (int rc = namidb::Run(kind, nodes, batch, labels, dir); rc != 0) return rc;
  }
  return 0;
}
