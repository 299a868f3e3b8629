// Storage benchmark: prints one JSON object per line,
//   {"suite":"storage","metric":...,"value":...,"unit":...,"build":"native","store":...}
//
// On a generated graph (--nodes N, 5 edges per node), it measures ingest
// through the writer session committing every --batch elements, a cold open
// that replays the WAL, a flush to data files, and a cold open from them.
// Then an on-demand GraphReader: cold point lookup and 1-hop expansion
// (round trips, gets, bytes through a counting store) and warm latencies.
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
#include "storage/graph_reader.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#include "store/local_file_store.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

void Emit(const char* metric, double value, const char* unit, const std::string& store) {
  std::printf(
      "{\"suite\":\"storage\",\"metric\":\"%s\",\"value\":%.6g,\"unit\":\"%s\",\"build\":"
      "\"native\","
      "\"store\":\"%s\"}\n",
      metric, value, unit, store.c_str());
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

int Run(const std::string& store_kind, uint64_t nodes, uint64_t batch, const std::string& dir) {
  std::shared_ptr<ObjectStore> inner;
  if (store_kind == "memory") {
    inner = std::make_shared<MemoryStore>();
  } else {
    std::filesystem::remove_all(dir);
    inner = std::make_shared<LocalFileStore>(dir);
  }
  auto store = std::make_shared<CountingStore>(inner);
  auto opened = WriterSession::Open(store, "bench");
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<WriterSession> writer = std::move(opened).value();
  std::mt19937_64 rng(42);
  auto node_id = [](uint64_t i) { return NameBasedUuid("person-" + std::to_string(i)); };

  std::vector<double> commit_ms;
  uint64_t staged = 0, elements = 0;
  auto commit = [&]() -> bool {
    auto t = Clock::now();
    auto v = writer->CommitBatch();
    if (!v.ok()) {
      std::fprintf(stderr, "commit: %s\n", v.status().ToString().c_str());
      return false;
    }
    commit_ms.push_back(Seconds(t) * 1000);
    staged = 0;
    return true;
  };
  auto started = Clock::now();
  for (uint64_t i = 0; i < nodes; ++i) {
    ValueMap props{{"id", Value::Int(static_cast<int64_t>(i))},
                   {"name", Value::String("person " + std::to_string(i))}};
    if (!writer->UpsertNode({"Person"}, node_id(i), std::move(props)).ok()) return 1;
    ++elements;
    if (++staged >= batch && !commit()) return 1;
  }
  for (uint64_t i = 0; i < nodes; ++i) {
    for (int k = 0; k < 5; ++k) {
      uint64_t j = rng() % nodes;
      ValueMap props{{"since", Value::Int(2000 + static_cast<int64_t>(rng() % 25))}};
      if (!writer->UpsertEdge("KNOWS", node_id(i), node_id(j), std::move(props)).ok()) return 1;
      ++elements;
      if (++staged >= batch && !commit()) return 1;
    }
  }
  if (staged > 0 && !commit()) return 1;
  double ingest_s = Seconds(started);
  std::sort(commit_ms.begin(), commit_ms.end());
  Emit("ingest_elements_per_s", static_cast<double>(elements) / ingest_s, "elements/s", store_kind);
  Emit("ingest_commits", static_cast<double>(commit_ms.size()), "commits", store_kind);
  Emit("commit_p50_ms", commit_ms[commit_ms.size() / 2], "ms", store_kind);
  Emit("wal_bytes", static_cast<double>(store->bytes_written), "bytes", store_kind);

  auto layout = *NamespaceLayout::Make("", "bench");
  // A cold open: manifest, then every WAL segment, replayed.
  auto open = [&](const char* prefix) -> bool {
    store->round_trips = store->gets = store->bytes_read = 0;
    auto t = Clock::now();
    auto snap = Snapshot::Open(*store, layout);
    if (!snap.ok()) {
      std::fprintf(stderr, "open: %s\n", snap.status().ToString().c_str());
      return false;
    }
    std::string p(prefix);
    Emit((p + "open_seconds").c_str(), Seconds(t), "s", store_kind);
    Emit((p + "open_round_trips").c_str(), static_cast<double>(store->round_trips), "round trips",
         store_kind);
    Emit((p + "open_bytes").c_str(), static_cast<double>(store->bytes_read), "bytes", store_kind);
    if ((*snap)->state().stats().nodes != nodes) {
      std::fprintf(stderr, "read %llu nodes, wrote %llu\n",
                   static_cast<unsigned long long>((*snap)->state().stats().nodes),
                   static_cast<unsigned long long>(nodes));
      return false;
    }
    return true;
  };
  if (!open("wal_")) return 1;

  store->bytes_written = 0;
  auto flush_started = Clock::now();
  if (auto v = writer->Flush(); !v.ok()) {
    std::fprintf(stderr, "flush: %s\n", v.status().ToString().c_str());
    return 1;
  }
  Emit("flush_seconds", Seconds(flush_started), "s", store_kind);
  Emit("table_bytes", static_cast<double>(store->bytes_written), "bytes", store_kind);
  Emit("namespace_bytes", static_cast<double>(store->bytes_written), "bytes", store_kind);
  writer.reset();
  if (!open("table_")) return 1;

  // On demand: a cold reader (fresh cache), then lookups and 1-hop expansions.
  store->round_trips = store->gets = store->bytes_read = 0;
  auto cache = std::make_shared<BlockCache>();
  auto reader = GraphReader::Open(store, layout, cache);
  if (!reader.ok()) {
    std::fprintf(stderr, "reader: %s\n", reader.status().ToString().c_str());
    return 1;
  }
  Emit("open_round_trips", static_cast<double>(store->round_trips), "round trips", store_kind);
  auto measure = [&](const char* name, auto&& fn) -> bool {
    store->round_trips = store->gets = store->bytes_read = 0;
    if (!fn()) return false;
    std::string n(name);
    Emit(("cold_" + n + "_round_trips").c_str(), static_cast<double>(store->round_trips),
         "round trips", store_kind);
    Emit(("cold_" + n + "_gets").c_str(), static_cast<double>(store->gets), "gets", store_kind);
    Emit(("cold_" + n + "_bytes").c_str(), static_cast<double>(store->bytes_read), "bytes",
         store_kind);
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
    auto t = Clock::now();
    if (!(*reader)->LookupNodes(ids).ok()) return 1;
    lookup_us.push_back(Seconds(t) * 1e6);
    t = Clock::now();
    if (!(*reader)->Expand(other, Direction::kOut).ok()) return 1;
    hop_us.push_back(Seconds(t) * 1e6);
  }
  std::sort(lookup_us.begin(), lookup_us.end());
  std::sort(hop_us.begin(), hop_us.end());
  Emit("warm_point_lookup_p50_us", lookup_us[lookup_us.size() / 2], "us", store_kind);
  Emit("warm_1hop_p50_us", hop_us[hop_us.size() / 2], "us", store_kind);
  if (store_kind == "file") std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace namidb

int main(int argc, char** argv) {
  uint64_t nodes = 100000, batch = 10000;
  std::string stores = "memory,file";
  std::string dir = (std::filesystem::temp_directory_path() / "namidb-bench-storage").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--nodes"))
      nodes = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--batch"))
      batch = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--stores"))
      stores = argv[i + 1];
    else if (!std::strcmp(argv[i], "--dir"))
      dir = argv[i + 1];
    else {
      std::fprintf(
          stderr,
          "usage: storage_bench [--nodes N] [--batch N] [--stores memory,file] [--dir D]\n");
      return 2;
    }
  }
  if (nodes == 0 || batch == 0) return 2;
  for (const char* kind : {"memory", "file"}) {
    if (stores.find(kind) == std::string::npos) continue;
    if (int rc = namidb::Run(kind, nodes, batch, dir); rc != 0) return rc;
  }
  return 0;
}
