// Runs and compaction: flushes stack level-0 runs holding only what changed
// (tombstones included); compaction merges them into one bottom-level run of
// live elements; runs split into tables of bounded size; a reader pinned
// before a compaction keeps its version until GC; and a store failing at any
// single operation of a flush, a compaction or the GC after it leaves the
// namespace holding exactly its committed content.
#include "storage/compaction.h"

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
#include "support/run_bytes.h"

namespace namidb {
namespace {

using testing::RunBytes;

Uuid Id(int n) { return NameBasedUuid("compaction-node-" + std::to_string(n)); }

// A property value that compresses little, so that run sizes follow counts.
Value Note(int n) { return Value::String(Id(n).ToString() + Id(n + 100000).ToString()); }

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

TEST(Compaction, AProjectionVisitsTheNewestNodesOfItsLabelsWithOnlyItsProperties) {
  auto memory = std::make_shared<MemoryStore>();
  WriterOptions options;
  options.compact_after_runs = 0;  // two runs stay two runs
  auto w = OpenWriter(memory, options);
  auto props = [](int n) {
    return ValueMap{{"id", Value::Int(n)}, {"name", Value::String("n" + std::to_string(n))}};
  };
  ASSERT_TRUE(w->UpsertNode({"A"}, Id(0), props(0)).ok());
  ASSERT_TRUE(w->UpsertNode({"B"}, Id(1), props(1)).ok());
  ASSERT_TRUE(w->UpsertNode({"A", "B"}, Id(2), props(2)).ok());
  ASSERT_TRUE(w->UpsertNode({"C"}, Id(3), props(3)).ok());
  ASSERT_TRUE(w->UpsertNode({"B"}, Id(4), props(4)).ok());
  ASSERT_TRUE(w->UpsertNode({"B"}, Id(5), props(5)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_TRUE(w->UpsertNode({"C"}, Id(1), props(10)).ok());       // no longer a B
  ASSERT_TRUE(w->UpsertNode({"B", "C"}, Id(3), props(30)).ok());  // a B now
  ASSERT_TRUE(w->TombstoneNode(Id(4)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_EQ(w->view().runs().size(), 2u);

  NodeProjection projection = ProjectionOf({{"B", "id"}});
  std::map<Uuid, NodeRecord> seen;
  auto visit = [&](const Uuid& id, const NodeRecord& r) {
    seen.emplace(id, r);
    return Status::OK();
  };
  ASSERT_TRUE(ForEachLiveNode(*memory, w->view().runs(), visit, {}, &projection).ok());
  std::map<Uuid, NodeRecord> expected;  // the whole records, cut down by hand
  auto whole = [&](const Uuid& id, const NodeRecord& r) {
    if (std::find(r.labels.begin(), r.labels.end(), "B") == r.labels.end()) return Status::OK();
    NodeRecord cut = r;
    cut.properties = ValueMap{{"id", *r.properties.Find("id")}};
    expected.emplace(id, cut);
    return Status::OK();
  };
  ASSERT_TRUE(ForEachLiveNode(*memory, w->view().runs(), whole).ok());
  EXPECT_EQ(seen.size(), 3u);  // 2, 3 and 5
  EXPECT_TRUE(seen.contains(Id(2)) && seen.contains(Id(3)) && seen.contains(Id(5)));
  ASSERT_EQ(seen.size(), expected.size());
  for (const auto& [id, r] : expected) {
    ASSERT_TRUE(seen.contains(id));
    EXPECT_EQ(seen[id].labels, r.labels);  // every label, not only B
    EXPECT_EQ(seen[id].properties.size(), 1u);
    ASSERT_NE(seen[id].properties.Find("id"), nullptr);
    EXPECT_EQ(*seen[id].properties.Find("id"), *r.properties.Find("id"));
  }
  EXPECT_EQ(*seen[Id(3)].properties.Find("id"), Value::Int(30));  // the newest version
}

TEST(Compaction, AFlushWritesTheEdgesOfEveryTypeLengthInKeyOrder) {
  // A flush orders each node's adjacency row by encoded type (length
  // first, one varint byte below 128 and two from 128), then edge id.
  auto memory = std::make_shared<MemoryStore>();
  auto w = OpenWriter(memory);
  std::vector<std::string> types = {
      "B", "AA", std::string(127, 'x'), std::string(128, 'x'), std::string(300, 'y'), "A"};
  for (int n = 0; n <= 30; ++n) ASSERT_TRUE(w->UpsertNode({"Person"}, Id(n), {}).ok());
  std::map<std::string, std::set<Uuid>> out_of_0;
  for (int k = 0; k < 30; ++k) {
    const std::string& type = types[static_cast<size_t>(k) % types.size()];
    auto e = w->UpsertEdge(type, Id(0), Id(1 + k), ValueMap{{"k", Value::Int(k)}});
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    out_of_0[type].insert(*e);
    ASSERT_TRUE(w->UpsertEdge(type, Id(1 + k), Id(0), {}).ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  auto reader = GraphReader::Open(memory, Layout(), std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  size_t all = 0;
  for (const auto& [type, edges] : out_of_0) {
    auto found = (*reader)->Expand(Id(0), Direction::kOut, type);
    ASSERT_TRUE(found.ok());
    std::set<Uuid> ids;
    for (const auto& n : *found) ids.insert(n.edge);
    EXPECT_EQ(ids, edges) << type.size();
    all += edges.size();
  }
  auto every = (*reader)->Expand(Id(0), Direction::kOut);
  ASSERT_TRUE(every.ok());
  EXPECT_EQ(every->size(), all);
  auto in = (*reader)->Expand(Id(0), Direction::kIn);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->size(), 30u);
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

TEST(SizeTiered, PicksTheNewestWindowOfSimilarRuns) {
  TieringOptions options{
      .merge_over_runs = 2, .size_ratio = 2.0, .min_run_bytes = 0, .max_runs = 0};
  using Pick = std::optional<std::pair<size_t, size_t>>;
  std::vector<uint64_t> two = {10, 10, 1000};
  EXPECT_EQ(PickRunsToMerge(two, options), Pick());
  // Three similar runs over a large one: those three, not the large one.
  std::vector<uint64_t> three = {10, 12, 19, 1000};
  EXPECT_EQ(PickRunsToMerge(three, options), Pick(std::make_pair(0, 3)));
  // The window goes on while the runs stay within the ratio, to the oldest.
  std::vector<uint64_t> all = {10, 12, 19, 20};
  EXPECT_EQ(PickRunsToMerge(all, options), Pick(std::make_pair(0, 4)));
  // The newest window past the limit, wherever it starts.
  std::vector<uint64_t> deeper = {5, 40, 50, 60, 1000};
  EXPECT_EQ(PickRunsToMerge(deeper, options), Pick(std::make_pair(1, 4)));
  // Small runs count as min_run_bytes: similar whatever their sizes.
  options.min_run_bytes = 100;
  std::vector<uint64_t> small = {1, 30, 90, 1000};
  EXPECT_EQ(PickRunsToMerge(small, options), Pick(std::make_pair(0, 3)));
  // Past max_runs without a window, the adjacent 3 of least bytes.
  options.min_run_bytes = 0;
  options.max_runs = 4;
  std::vector<uint64_t> spread = {1, 3, 7, 15, 31};
  EXPECT_EQ(PickRunsToMerge(spread, options), Pick(std::make_pair(0, 3)));
  options.max_runs = 5;
  EXPECT_EQ(PickRunsToMerge(spread, options), Pick());
}

// A large bottom run, then small runs that delete, relabel, change and
// strip what it holds: a merge of the small runs alone keeps the
// tombstones and newer versions, so nothing deleted or changed comes back.
TEST(SizeTiered, AMergeOfNewerRunsKeepsTheirTombstones) {
  auto store = std::make_shared<MemoryStore>();
  WriterOptions setup_options;
  setup_options.compact_after_runs = 0;
  const std::vector<SchemaEntry> index = {{"person_n", "index", "Person", "n", {}}};
  {
    auto w = OpenWriter(store, setup_options);
    ASSERT_TRUE(w->SetSchema(index).ok());
    for (int n = 0; n < 400; ++n) {
      ValueMap props{{"n", Value::Int(n)}, {"note", Note(n)}};
      ASSERT_TRUE(w->UpsertNode({"Person"}, Id(n), props).ok());
    }
    for (int n = 0; n < 399; ++n) ASSERT_TRUE(w->UpsertEdge("KNOWS", Id(n), Id(n + 1), {}).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Compact().ok());
  }
  uint64_t bottom_bytes = RunBytes(OpenWriter(store, setup_options)->manifest()).front();
  WriterOptions options;
  options.compact_after_runs = 2;
  options.tier_min_run_bytes = bottom_bytes / 8;  // every small run counts as this
  options.tier_size_ratio = 2.0;
  auto w = OpenWriter(store, options);
  Uuid edge_1_2 = *w->UpsertEdge("KNOWS", Id(1), Id(2), {});  // the id of the stored edge
  w->DiscardBatch();
  ASSERT_TRUE(w->TombstoneNode(Id(10)).ok());
  ASSERT_TRUE(w->TombstoneEdge(edge_1_2).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_TRUE(w->UpsertNode({"Robot"}, Id(20), ValueMap{{"n", Value::Int(20)}}).ok());
  ASSERT_TRUE(w->UpsertNode({"Person"}, Id(30), ValueMap{{"n", Value::Int(1031)}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  EXPECT_EQ(w->compaction_counters().merges, 0u);
  ASSERT_TRUE(w->UpsertNode({"Person"}, Id(40), ValueMap{}).ok());  // no property left
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  // The three small runs merged into one that is not the bottom.
  EXPECT_EQ(w->compaction_counters().merges, 1u);
  EXPECT_EQ(w->compaction_counters().bottom_merges, 0u);
  EXPECT_EQ(Runs(w->manifest(), 0).size(), 1u);
  EXPECT_EQ(Runs(w->manifest(), kBottomLevel).size(), 1u);
  ASSERT_EQ(RunBytes(w->manifest()).back(), bottom_bytes);  // left alone
  EXPECT_GT(w->compaction_counters().bytes_written, 0u);

  auto check = [&](GraphReader& r) {
    std::vector<Uuid> ids = {Id(10), Id(20), Id(30), Id(40)};
    auto nodes = r.LookupNodes(ids);
    ASSERT_TRUE(nodes.ok());
    EXPECT_FALSE((*nodes)[0].has_value());
    ASSERT_TRUE((*nodes)[1].has_value());
    EXPECT_EQ((*nodes)[1]->labels, std::vector<std::string>{"Robot"});
    ASSERT_TRUE((*nodes)[2].has_value());
    EXPECT_EQ((*nodes)[2]->properties, (ValueMap{{"n", Value::Int(1031)}}));
    ASSERT_TRUE((*nodes)[3].has_value());
    EXPECT_TRUE((*nodes)[3]->properties.empty());
    auto edge = r.LookupEdge(edge_1_2);
    ASSERT_TRUE(edge.ok());
    EXPECT_FALSE(edge->has_value());
    auto out = r.Expand(Id(1), Direction::kOut);
    auto in = r.Expand(Id(2), Direction::kIn);
    auto around_10 = r.Expand(Id(9), Direction::kOut);
    ASSERT_TRUE(out.ok() && in.ok() && around_10.ok());
    EXPECT_TRUE(out->empty());
    EXPECT_TRUE(in->empty());
    EXPECT_TRUE(around_10->empty());  // node 10's edges went with it
    auto people = r.ScanLabelIds("Person");
    ASSERT_TRUE(people.ok());
    EXPECT_EQ(people->size(), 398u);
    for (const Uuid& gone : {Id(10), Id(20)}) {
      EXPECT_EQ(std::count(people->begin(), people->end(), gone), 0);
    }
    auto scanned = r.ScanLabel("Person");
    ASSERT_TRUE(scanned.ok());
    EXPECT_EQ(scanned->size(), 398u);
    std::vector<std::string> n = {"n"};
    auto columns = r.ScanLabelColumns("Person", n);
    ASSERT_TRUE(columns.ok());
    EXPECT_EQ(columns->ids, *people);
    for (size_t i = 0; i < columns->ids.size(); ++i) {
      if (columns->ids[i] == Id(30)) {
        EXPECT_EQ(columns->values[i][0], Value::Int(1031));
      }
      if (columns->ids[i] == Id(40)) {
        EXPECT_TRUE(columns->values[i][0].is_null());
      }
    }
    for (int v : {10, 20, 30, 40}) {
      auto found = r.NodesWithProperty("Person", "n", Value::Int(v));
      ASSERT_TRUE(found.ok());
      EXPECT_TRUE(found->empty()) << v;
    }
    auto moved = r.NodesWithProperty("Person", "n", Value::Int(1031));
    ASSERT_TRUE(moved.ok());
    EXPECT_EQ(*moved, std::vector<Uuid>{Id(30)});
    auto kept = r.NodesWithProperty("Person", "n", Value::Int(50));
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(*kept, std::vector<Uuid>{Id(50)});
    EXPECT_EQ(r.stats().nodes, 399u);
  };
  auto reader = GraphReader::Open(store, Layout(), std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok());
  check(**reader);
  check(w->view());
  View before = ReadView(store);
  // A full compaction drops the tombstones with what they hide.
  ASSERT_TRUE(w->Compact().ok());
  EXPECT_EQ(w->compaction_counters().bottom_merges, 1u);
  EXPECT_EQ(Entries(w->manifest(), "nodes"), 399u);
  EXPECT_EQ(ReadView(store), before);
  auto compacted = GraphReader::Open(store, Layout(), std::make_shared<BlockCache>());
  ASSERT_TRUE(compacted.ok());
  check(**compacted);
}

// Index entries a schema change wrote into a newer run for nodes of older
// runs stay when that run merges with others but not the older runs.
TEST(SizeTiered, AMergeOfNewerRunsKeepsIndexEntriesForOlderNodes) {
  auto store = std::make_shared<MemoryStore>();
  WriterOptions setup_options;
  setup_options.compact_after_runs = 0;
  {
    auto w = OpenWriter(store, setup_options);
    for (int n = 0; n < 400; ++n) {
      ValueMap props{{"n", Value::Int(n)}, {"note", Note(n)}};
      ASSERT_TRUE(w->UpsertNode({"Person"}, Id(n), props).ok());
    }
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Compact().ok());
  }
  uint64_t bottom_bytes = RunBytes(OpenWriter(store, setup_options)->manifest()).front();
  WriterOptions options;
  options.compact_after_runs = 2;
  options.tier_min_run_bytes = bottom_bytes / 4;
  auto w = OpenWriter(store, options);
  ASSERT_TRUE(w->UpsertNode({"Person"}, Id(1000), ValueMap{{"n", Value::Int(1000)}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  // The flush of this commit also writes the new index's entries for every node.
  ASSERT_TRUE(w->SetSchema({{"person_n", "index", "Person", "n", {}}}).ok());
  ASSERT_LE(RunBytes(w->manifest()).front(), bottom_bytes / 4);
  for (int n : {1001, 1002}) {
    ASSERT_TRUE(w->UpsertNode({"Person"}, Id(n), ValueMap{{"n", Value::Int(n)}}).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());
  }
  EXPECT_EQ(w->compaction_counters().merges, 1u);
  EXPECT_EQ(w->compaction_counters().bottom_merges, 0u);
  EXPECT_EQ(RunBytes(w->manifest()).size(), 2u);
  auto reader = GraphReader::Open(store, Layout(), std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok());
  for (int n : {0, 7, 399, 1000, 1002}) {
    auto found = (*reader)->NodesWithProperty("Person", "n", Value::Int(n));
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(*found, std::vector<Uuid>{Id(n)}) << n;
  }
}

// N flushes of the same size: the runs stay logarithmic in N, and the bytes
// merges write are far below those of merging every run each time.
TEST(SizeTiered, RunsStayLogarithmicAndMergesRewriteLittle) {
  const int kFlushes = 96;
  const size_t kOver = 3;
  auto load = [&](double ratio, uint64_t* written, size_t* most_runs) {
    auto store = std::make_shared<MemoryStore>();
    WriterOptions options;
    options.compact_after_runs = static_cast<int>(kOver);
    options.tier_size_ratio = ratio;
    options.tier_min_run_bytes = 0;
    options.gc_grace_ms = 0;
    auto w = OpenWriter(store, options);
    *most_runs = 0;
    for (int f = 0; f < kFlushes; ++f) {
      for (int i = 0; i < 100; ++i) {
        int n = f * 100 + i;
        ValueMap props{{"n", Value::Int(n)}, {"note", Note(n)}};
        ASSERT_TRUE(w->UpsertNode({"Person"}, Id(n), props).ok());
      }
      ASSERT_TRUE(w->CommitBatch().ok());
      ASSERT_TRUE(w->Flush().ok());
      size_t runs = RunBytes(w->manifest()).size();
      *most_runs = std::max(*most_runs, runs);
      // kOver runs per size tier at most, tiers growing kOver + 1 times.
      size_t tiers = 1;
      for (size_t reach = kOver + 1; reach <= static_cast<size_t>(f + 1); reach *= kOver + 1) {
        ++tiers;
      }
      EXPECT_LE(runs, kOver * tiers) << "after flush " << f;
    }
    EXPECT_EQ(ReadView(store).nodes.size(), static_cast<size_t>(kFlushes * 100));
    *written = w->compaction_counters().bytes_written;
  };
  uint64_t tiered = 0, everything = 0;
  size_t tiered_runs = 0, everything_runs = 0;
  load(2.0, &tiered, &tiered_runs);
  // Every run similar: each merge takes every run, as before size tiers.
  load(1e18, &everything, &everything_runs);
  EXPECT_GT(tiered_runs, everything_runs);
  EXPECT_LT(tiered * 3, everything) << tiered << " " << everything;
}

// Every failure point of `operation` (a flush over existing runs, a
// compaction, or a compaction and the GC after it), failing before or after
// the store applies the call, or stopping there: the namespace keeps its
// committed content, and a clean writer can then compact and collect it.
// `prepare` may add to the namespace before Populate, and `options` are
// those of the writer that fails.
void CheckEveryFailurePoint(const std::function<Status(WriterSession&)>& operation,
                            const std::function<void(WriterSession&)>& prepare = nullptr,
                            const std::function<void(WriterOptions&)>& failing_options = nullptr) {
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
        if (prepare) prepare(*setup);
        Populate(*setup);
        expected = ReadView(memory);
      }
      auto faulty = std::make_shared<FaultStore>(memory);
      WriterOptions failing = options;
      if (failing_options) failing_options(failing);
      auto w = OpenWriter(faulty, failing);
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

TEST(CompactionFaults, EveryFailurePointOfAFlushThatMergesNewerRuns) {
  // A bottom run of 200 nodes, then Populate's two small runs and a commit:
  // the flush writes a third small run, and the three merge without the bottom.
  auto prepare = [](WriterSession& w) {
    for (int n = 100; n < 300; ++n) {
      ValueMap props{{"note", Note(n)}};
      ASSERT_TRUE(w.UpsertNode({"Thing"}, Id(n), props).ok());
    }
    ASSERT_TRUE(w.CommitBatch().ok());
    ASSERT_TRUE(w.Compact().ok());
  };
  auto tiered = [](WriterOptions& options) {
    options.compact_after_runs = 2;
    options.tier_min_run_bytes = 2048;
    options.tier_size_ratio = 2.0;
  };
  CheckEveryFailurePoint(
      [](WriterSession& w) {
        Status s = w.Flush().status();
        // What the flush did when it did not fail.
        if (s.ok()) {
          EXPECT_EQ(w.compaction_counters().merges, 1u);
          EXPECT_EQ(w.compaction_counters().bottom_merges, 0u);
        }
        return s;
      },
      prepare, tiered);
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
