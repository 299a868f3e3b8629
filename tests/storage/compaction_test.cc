// Runs and compaction: flushes stack level-0 runs holding only what changed
// (tombstones included); compaction merges them into one bottom-level run of
// live elements; runs split into tables of bounded size; a reader pinned
// before a compaction keeps its version until GC; and a store failing at any
// single operation of a flush, a compaction or the GC after it leaves the
// namespace holding exactly its committed content.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/hash.h"
#include "storage/graph_reader.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#include "store/fault_store.h"
#include "store/memory_store.h"
#include "support/graph_view.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("compaction-node-" + std::to_string(n)); }

const NamespaceLayout& Layout() {
  static const NamespaceLayout layout = std::move(NamespaceLayout::Make("", "graph")).value();
  return layout;
}

std::unique_ptr<WriterSession> OpenWriter(std::shared_ptr<ObjectStore> store,
                                          WriterOptions options = {}) {
  auto w = WriterSession::Open(std::move(store), "graph", options);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return w.ok() ? std::move(w).value() : nullptr;
}

std::set<uint64_t> Runs(const Manifest& m, uint64_t level) {
  std::set<uint64_t> runs;
  for (const auto& t : m.tables) {
    if (t.level == level) runs.insert(t.max_lsn);
  }
  return runs;
}

uint64_t Entries(const Manifest& m, std::string_view kind) {
  uint64_t n = 0;
  for (const auto& t : m.tables) {
    if (t.kind == kind) n += t.entries;
  }
  return n;
}

// What a reader sees, in a comparable form.
struct View {
  std::vector<Uuid> nodes;
  std::vector<Uuid> people;
  std::vector<std::vector<Neighbor>> out;
  GraphStats stats;
  bool operator==(const View&) const = default;
};

View ReadView(std::shared_ptr<ObjectStore> store, std::shared_ptr<BlockCache> cache = nullptr) {
  View v;
  auto reader = GraphReader::Open(store, Layout(), cache ? cache : std::make_shared<BlockCache>());
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return v;
  auto nodes = (*reader)->ScanNodes();
  auto people = (*reader)->ScanLabel("Person");
  EXPECT_TRUE(nodes.ok() && people.ok());
  if (!nodes.ok() || !people.ok()) return v;
  for (const auto& [id, r] : *nodes) v.nodes.push_back(id);
  for (const auto& [id, r] : *people) v.people.push_back(id);
  auto out = (*reader)->ExpandMany(v.nodes, Direction::kOut);
  EXPECT_TRUE(out.ok());
  if (out.ok()) v.out = *out;
  v.stats = (*reader)->stats();
  return v;
}

// Three commits and two flushes: two level-0 runs and a WAL tail, with a
// tombstone and a label change that shadow older runs.
void Populate(WriterSession& w) {
  for (int n = 0; n < 6; ++n) {
    ASSERT_TRUE(w.UpsertNode({"Person"}, Id(n), ValueMap{{"n", Value::Int(n)}}).ok());
  }
  for (int n = 0; n < 5; ++n) ASSERT_TRUE(w.UpsertEdge("KNOWS", Id(n), Id(n + 1), {}).ok());
  ASSERT_TRUE(w.CommitBatch().ok());
  ASSERT_TRUE(w.Flush().ok());
  ASSERT_TRUE(w.TombstoneNode(Id(1)).ok());
  ASSERT_TRUE(w.UpsertNode({"Robot"}, Id(2), {}).ok());  // no longer a Person
  ASSERT_TRUE(w.UpsertNode({"Person"}, Id(6), {}).ok());
  ASSERT_TRUE(w.UpsertEdge("KNOWS", Id(6), Id(0), {}).ok());
  ASSERT_TRUE(w.CommitBatch().ok());
  ASSERT_TRUE(w.Flush().ok());
  ASSERT_TRUE(w.UpsertNode({"Person"}, Id(7), {}).ok());
  ASSERT_TRUE(w.CommitBatch().ok());
}

TEST(Compaction, FlushesStackRunsOfChangesAndCompactionMergesThem) {
  auto store = std::make_shared<MemoryStore>();
  WriterOptions options;
  options.compact_after_runs = 0;
  auto w = OpenWriter(store, options);
  Populate(*w);
  const Manifest& m = w->manifest();
  EXPECT_EQ(Runs(m, 0).size(), 2u);
  EXPECT_EQ(m.wal.size(), 1u);
  // The second run holds only the changes: 2 upserts and the tombstone of
  // node 1, the tombstones of its 2 edges and the new edge.
  EXPECT_EQ(Entries(m, "nodes"), 6u + 3u);
  EXPECT_EQ(Entries(m, "edges"), 5u + 3u);
  View before = ReadView(store);
  EXPECT_EQ(before.nodes.size(), 7u);
  std::vector<Uuid> people = {Id(0), Id(3), Id(4), Id(5), Id(6), Id(7)};
  std::sort(people.begin(), people.end());
  EXPECT_EQ(before.people, people);
  ASSERT_TRUE(w->Compact().ok());
  EXPECT_TRUE(Runs(w->manifest(), 0).empty());
  EXPECT_EQ(Runs(w->manifest(), kBottomLevel).size(), 1u);
  EXPECT_TRUE(w->manifest().wal.empty());
  EXPECT_EQ(w->manifest().flushed_lsn, w->manifest().last_lsn);
  // Live elements only: shadowed versions and tombstones are gone.
  EXPECT_EQ(Entries(w->manifest(), "nodes"), 7u);
  EXPECT_EQ(Entries(w->manifest(), "edges"), 4u);
  EXPECT_EQ(Entries(w->manifest(), "labels"), 7u);
  EXPECT_EQ(ReadView(store), before);
  // Compacting a compact namespace writes nothing.
  uint64_t version = w->manifest().version;
  EXPECT_EQ(*w->Compact(), version);
  // The writer keeps working on top, and a reopened writer sees the same.
  ASSERT_TRUE(w->TombstoneNode(Id(0)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  View after = ReadView(store);
  EXPECT_EQ(after.nodes.size(), 6u);
  w.reset();
  auto reopened = OpenWriter(store, options);
  EXPECT_EQ(testing::LiveNodeIds(reopened->view()), after.nodes);
}

TEST(Compaction, AFlushPastTheRunLimitCompactsInstead) {
  auto store = std::make_shared<MemoryStore>();
  WriterOptions options;
  options.compact_after_runs = 2;
  auto w = OpenWriter(store, options);
  for (int round = 0; round < 5; ++round) {
    ASSERT_TRUE(w->UpsertNode({"Person"}, Id(round), {}).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());
    EXPECT_LE(Runs(w->manifest(), 0).size(), 2u) << round;
  }
  EXPECT_EQ(Runs(w->manifest(), kBottomLevel).size(), 1u);
  EXPECT_EQ(ReadView(store).nodes.size(), 5u);
}

TEST(Compaction, RunsSplitIntoTablesWithDisjointKeyRanges) {
  auto store = std::make_shared<MemoryStore>();
  WriterOptions options;
  options.table_target_bytes = 512;
  auto w = OpenWriter(store, options);
  for (int n = 0; n < 300; ++n) {
    ASSERT_TRUE(w->UpsertNode({"Person"}, Id(n), ValueMap{{"n", Value::Int(n)}}).ok());
  }
  for (int n = 0; n < 299; ++n) ASSERT_TRUE(w->UpsertEdge("KNOWS", Id(n), Id(n + 1), {}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Compact().ok());
  std::map<std::string, std::vector<TableRef>> by_kind;
  for (const auto& t : w->manifest().tables) by_kind[t.kind].push_back(t);
  for (const auto& [kind, tables] : by_kind) {
    // 300 rows are one chunk of each property column: one entry.
    if (kind != "cols") {
      EXPECT_GT(tables.size(), 2u) << kind;
    }
    for (size_t i = 1; i < tables.size(); ++i) {
      EXPECT_LT(tables[i - 1].largest, tables[i].smallest) << kind;
    }
  }
  View v = ReadView(store);
  EXPECT_EQ(v.nodes.size(), 300u);
  EXPECT_EQ(v.people.size(), 300u);
  size_t edges = 0;
  for (const auto& n : v.out) edges += n.size();
  EXPECT_EQ(edges, 299u);
}

TEST(Compaction, APinnedReaderKeepsItsVersionUntilTheGracePeriodEnds) {
  auto store = std::make_shared<MemoryStore>();
  int64_t now = 1'000'000;
  WriterOptions options;
  options.compact_after_runs = 0;
  options.now_ms = [&now] { return now; };
  auto w = OpenWriter(store, options);
  Populate(*w);
  // No cache: every lookup reads the store.
  auto pinned = GraphReader::Open(store, Layout(), std::make_shared<BlockCache>(0));
  ASSERT_TRUE(pinned.ok());
  ASSERT_TRUE(w->TombstoneNode(Id(0)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Compact().ok());
  now += 1000;
  ASSERT_TRUE(w->CollectGarbage(60'000).ok());  // inside the grace period
  std::vector<Uuid> zero = {Id(0)};
  auto still = (*pinned)->LookupNodes(zero);  // a cold read of retired tables
  ASSERT_TRUE(still.ok()) << still.status().ToString();
  EXPECT_TRUE((*still)[0].has_value());
  now += 60'000;
  ASSERT_TRUE(w->CollectGarbage(60'000).ok());
  // Past the grace period the retired tables are gone: a pinned reader gets
  // an error that says so, never a wrong answer.
  std::vector<Uuid> three = {Id(3)};
  auto gone = (*pinned)->LookupNodes(three);
  EXPECT_TRUE(gone.status().Is(StatusCode::kCorruption));
  EXPECT_NE(gone.status().message().find("grace period"), std::string::npos);
  EXPECT_EQ(ReadView(store).nodes.size(), 6u);
}

// Every failure point of `operation` (a flush over existing runs, a
// compaction, or a compaction and the GC after it), failing before or after
// the store applies the call, or stopping there: the namespace keeps its
// committed content, and a clean writer can then compact and collect it.
void CheckEveryFailurePoint(const std::function<Status(WriterSession&)>& operation) {
  enum Mode { kBefore, kAfter, kStop };
  for (Mode mode : {kBefore, kAfter, kStop}) {
    bool reached = true;
    for (uint64_t offset = 0; reached; ++offset) {
      SCOPED_TRACE("fail at operation +" + std::to_string(offset) + " mode " +
                   std::to_string(mode));
      auto memory = std::make_shared<MemoryStore>();
      WriterOptions options;
      options.compact_after_runs = 0;
      options.table_target_bytes = 256;  // several tables per kind: more failure points
      View expected;
      {
        auto setup = OpenWriter(memory, options);
        Populate(*setup);
        expected = ReadView(memory);
      }
      auto faulty = std::make_shared<FaultStore>(memory);
      auto w = OpenWriter(faulty, options);
      ASSERT_TRUE(w);
      uint64_t fail_at = faulty->operation_count() + offset;
      if (mode == kStop) {
        faulty->StopAt(fail_at);
      } else {
        faulty->FailAt(fail_at,
                       mode == kBefore ? FaultStore::When::kBefore : FaultStore::When::kAfter);
      }
      (void)operation(*w);
      reached = faulty->operation_count() > fail_at;
      EXPECT_EQ(ReadView(memory), expected);
      faulty->Reset();
      w.reset();
      auto clean = OpenWriter(memory, options);
      ASSERT_TRUE(clean->Compact().ok());
      ASSERT_TRUE(clean->CollectGarbage(0).ok());
      EXPECT_EQ(ReadView(memory), expected);
      // Nothing is left behind that the manifest does not list.
      std::set<std::string> listed = {Layout().ManifestKey(),
                                      Layout().Absolute(clean->manifest().checkpoint)};
      for (const auto& t : clean->manifest().tables) listed.insert(Layout().Absolute(t.key));
      auto objects = memory->ListAll("graph/");
      ASSERT_TRUE(objects.ok());
      for (const auto& o : *objects) EXPECT_TRUE(listed.count(o.key)) << o.key;
    }
  }
}

TEST(CompactionFaults, EveryFailurePointOfAFlushOverRuns) {
  CheckEveryFailurePoint([](WriterSession& w) { return w.Flush().status(); });
}

TEST(CompactionFaults, EveryFailurePointOfACompaction) {
  CheckEveryFailurePoint([](WriterSession& w) { return w.Compact().status(); });
}

TEST(CompactionFaults, EveryFailurePointOfTheGcAfterACompaction) {
  CheckEveryFailurePoint([](WriterSession& w) {
    Status s = w.Compact().status();
    if (s.ok()) s = w.CollectGarbage(0).status();
    return s;
  });
}

}  // namespace
}  // namespace namidb
