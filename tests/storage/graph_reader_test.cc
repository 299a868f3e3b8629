// The on-demand reader answers exactly what a full load answers, in few
// round trips: open 2, a cold batch of lookups 1, a cold expansion 1, warm 0.
#include "storage/graph_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>

#include "core/hash.h"
#include "storage/id_coding.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#include "store/fault_store.h"
#include "store/memory_store.h"
#include "support/forwarding_store.h"
#include "support/graph_view.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("reader-node-" + std::to_string(n)); }

class GraphReaderTest : public ::testing::Test {
 protected:
  // A random graph, flushed part-way, so answers come from tables and WAL.
  void Build(uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto w = std::move(WriterSession::Open(memory_, "graph")).value();
    const char* types[] = {"KNOWS", "LIKES"};
    for (int round = 0; round < 4; ++round) {
      for (int i = 0; i < 60; ++i) {
        int n = static_cast<int>(rng() % 80);
        ASSERT_TRUE(w->UpsertNode({rng() & 1 ? "A" : "B"}, Id(n),
                                  ValueMap{{"v", Value::Int(static_cast<int64_t>(rng() % 100))}})
                        .ok());
      }
      auto ids = testing::LiveNodeIds(w->view());
      for (int i = 0; i < 150; ++i) {
        Uuid a = ids[rng() % ids.size()], b = ids[rng() % ids.size()];
        std::optional<Uuid> explicit_id;
        if (rng() % 2) explicit_id = NameBasedUuid("edge-" + std::to_string(rng()));
        ASSERT_TRUE(w->UpsertEdge(types[rng() % 2], a, b, {}, explicit_id).ok());
      }
      for (int i = 0; i < 5; ++i) {
        auto live = testing::LiveNodeIds(w->view());
        ASSERT_TRUE(w->TombstoneNode(live[rng() % live.size()]).ok());
      }
      ASSERT_TRUE(w->CommitBatch().ok());
      if (round == 1 || round == 2) {
        ASSERT_TRUE(w->Flush().ok());
      }
    }
  }

  std::shared_ptr<MemoryStore> memory_ = std::make_shared<MemoryStore>();
  NamespaceLayout layout_ = std::move(NamespaceLayout::Make("", "graph")).value();
};

TEST_F(GraphReaderTest, AnswersWhatAFullLoadAnswers) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    memory_ = std::make_shared<MemoryStore>();
    Build(seed);
    auto full = Snapshot::Open(*memory_, layout_);
    ASSERT_TRUE(full.ok()) << full.status().ToString();
    const GraphState& state = (*full)->state();
    auto reader = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>());
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_FALSE((*reader)->manifest().tables.empty());
    EXPECT_FALSE((*reader)->manifest().wal.empty());
    std::vector<Uuid> ids;
    for (int n = 0; n < 80; ++n) ids.push_back(Id(n));
    auto nodes = (*reader)->LookupNodes(ids);
    ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
    for (int n = 0; n < 80; ++n) {
      const NodeRecord* expected = state.FindNode(Id(n));
      ASSERT_EQ((*nodes)[n].has_value(), expected != nullptr) << n;
      if (expected) {
        EXPECT_EQ((*nodes)[n]->labels, expected->labels);
        EXPECT_EQ((*nodes)[n]->properties, expected->properties);
      }
      for (auto dir : {Direction::kOut, Direction::kIn}) {
        for (std::string type : {"", "KNOWS"}) {
          auto got = (*reader)->Expand(Id(n), dir, type);
          ASSERT_TRUE(got.ok()) << got.status().ToString();
          auto edges =
              dir == Direction::kOut ? state.OutEdges(Id(n), type) : state.InEdges(Id(n), type);
          ASSERT_EQ(got->size(), edges.size()) << n << " " << type;
          for (size_t k = 0; k < edges.size(); ++k) {
            const EdgeRecord* e = state.FindEdge(edges[k]);
            EXPECT_EQ((*got)[k].edge, edges[k]);
            EXPECT_EQ((*got)[k].node, dir == Direction::kOut ? e->dst : e->src);
            EXPECT_EQ((*got)[k].type, e->type);
          }
        }
      }
    }
  }
}

// Many nodes expanded and counted in one call (ascending as a label scan
// gives them, where each prefix's search starts at the last one's place;
// descending; shuffled with repeats) answer what a full load answers, over
// several runs, the WAL's overlay and tombstones.
TEST_F(GraphReaderTest, ManyNodesInAnyOrderExpandAndCountAsAFullLoad) {
  for (uint64_t seed : {4u, 5u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    memory_ = std::make_shared<MemoryStore>();
    Build(seed);
    auto full = Snapshot::Open(*memory_, layout_);
    ASSERT_TRUE(full.ok()) << full.status().ToString();
    const GraphState& state = (*full)->state();
    auto reader = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>());
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<Uuid> ascending;
    for (int n = 0; n < 80; ++n) ascending.push_back(Id(n));
    std::sort(ascending.begin(), ascending.end());
    std::vector<Uuid> descending(ascending.rbegin(), ascending.rend());
    std::vector<Uuid> shuffled = ascending;
    shuffled.insert(shuffled.end(), ascending.begin(), ascending.begin() + 20);
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(seed));
    for (const auto* nodes : {&ascending, &descending, &shuffled}) {
      for (std::string type : {"", "KNOWS", "LIKES"}) {
        const Direction both[] = {Direction::kOut, Direction::kIn};
        auto ways = (*reader)->ExpandManyWays(*nodes, both, type);
        ASSERT_TRUE(ways.ok()) << ways.status().ToString();
        auto counts = (*reader)->CountNeighbors(*nodes, both, type, false, nullptr);
        ASSERT_TRUE(counts.ok()) << counts.status().ToString();
        for (size_t i = 0; i < nodes->size(); ++i) {
          const Uuid& n = (*nodes)[i];
          uint64_t total = 0;
          for (size_t d = 0; d < 2; ++d) {
            auto edges = d == 0 ? state.OutEdges(n, type) : state.InEdges(n, type);
            const auto& got = (*ways)[d][i];
            ASSERT_EQ(got.size(), edges.size()) << i << " " << type;
            for (size_t k = 0; k < edges.size(); ++k) EXPECT_EQ(got[k].edge, edges[k]);
            total += edges.size();
          }
          EXPECT_EQ((*counts)[i], total) << i << " " << type;
        }
      }
    }
  }
}

// A label's members from the data files are read once per reader and kept,
// and stay exact as the overlay changes: a node the overlay holds is
// decided by its record there (a label added or removed, a tombstone).
TEST_F(GraphReaderTest, KeptLabelMembersAgreeWithAFullLoadAndFollowTheOverlay) {
  for (uint64_t seed : {4u, 5u, 6u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    memory_ = std::make_shared<MemoryStore>();
    Build(seed);
    auto full = Snapshot::Open(*memory_, layout_);
    ASSERT_TRUE(full.ok()) << full.status().ToString();
    const GraphState& state = (*full)->state();
    auto opened = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    GraphReader& reader = **opened;
    auto carries = [](const NodeRecord* r, const std::string& label) {
      return r && !r->deleted &&
             std::find(r->labels.begin(), r->labels.end(), label) != r->labels.end();
    };
    for (std::string label : {"A", "B"}) {
      EXPECT_FALSE(reader.KeepsLabelSet(label));
      bool kept = false;
      auto set = reader.StoredLabelSet(label, &kept);
      ASSERT_TRUE(set.ok()) << set.status().ToString();
      EXPECT_TRUE(kept);
      EXPECT_TRUE(reader.KeepsLabelSet(label));
      auto again = reader.StoredLabelSet(label);
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(again->get(), set->get());  // kept, not read again
      for (int n = 0; n < 80; ++n) {
        EXPECT_EQ(reader.CarriesLabel(**set, label, Id(n)), carries(state.FindNode(Id(n)), label))
            << label << " " << n;
      }
      auto ids = reader.ScanLabelIds(label);
      ASSERT_TRUE(ids.ok());
      EXPECT_EQ(*ids, state.NodeIds(label));
    }
    // Changes after the sets were kept: the overlay decides those nodes.
    auto a_set = std::move(reader.StoredLabelSet("A")).value();
    std::vector<Uuid> a_before = state.NodeIds("A");
    ASSERT_GE(a_before.size(), 2u);
    const Uuid dropped = a_before[0], deleted = a_before[1], added = Id(1000);
    reader.overlay().SetNode(
        dropped, NodeRecord{.lsn = 1000, .deleted = false, .labels = {"B"}, .properties = {}});
    reader.overlay().SetNode(
        deleted, NodeRecord{.lsn = 1001, .deleted = true, .labels = {}, .properties = {}});
    reader.overlay().SetNode(
        added, NodeRecord{.lsn = 1002, .deleted = false, .labels = {"A", "C"}, .properties = {}});
    EXPECT_FALSE(reader.CarriesLabel(*a_set, "A", dropped));
    EXPECT_FALSE(reader.CarriesLabel(*a_set, "A", deleted));
    EXPECT_TRUE(reader.CarriesLabel(*a_set, "A", added));
    std::vector<Uuid> a_now(a_before.begin() + 2, a_before.end());
    a_now.insert(std::upper_bound(a_now.begin(), a_now.end(), added), added);
    auto scanned = reader.ScanLabelIds("A");
    ASSERT_TRUE(scanned.ok());
    EXPECT_EQ(*scanned, a_now);
  }
}

// What a reader keeps of labels fits a quarter of its block cache: past
// that, each call reads the label again and says it was not kept.
TEST_F(GraphReaderTest, LabelMembersAreKeptOnlyWithinAQuarterOfTheCache) {
  Build(8);
  auto opened = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>(256));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  bool kept = true;
  auto first = (*opened)->StoredLabelIds("A", &kept);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(kept);
  EXPECT_FALSE((*first)->empty());
  auto second = (*opened)->StoredLabelIds("A", &kept);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(kept);
  EXPECT_NE(second->get(), first->get());
  EXPECT_EQ(**second, **first);
  EXPECT_FALSE((*opened)->KeepsLabelSet("A"));
}

TEST_F(GraphReaderTest, ColdLookupsCostOneRoundTripAndWarmOnesNone) {
  Build(7);
  {
    auto w = std::move(WriterSession::Open(memory_, "graph")).value();
    ASSERT_TRUE(w->Flush().ok());
  }
  auto counted = std::make_shared<FaultStore>(memory_);
  auto reader = GraphReader::Open(counted, layout_, std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(counted->operation_count(), 2u);  // the manifest; every tail and segment
  Uuid some = Id(3);
  std::vector<Uuid> one = {some};
  ASSERT_TRUE((*reader)->LookupNodes(one).ok());
  EXPECT_LE(counted->operation_count(), 3u);
  uint64_t before = counted->operation_count();
  ASSERT_TRUE((*reader)->Expand(some, Direction::kOut).ok());
  EXPECT_EQ(counted->operation_count(), before + 1);
  ASSERT_TRUE((*reader)->LookupNodes(one).ok());
  ASSERT_TRUE((*reader)->Expand(some, Direction::kOut).ok());
  EXPECT_EQ(counted->operation_count(), before + 1);  // warm: from the cache
}

TEST_F(GraphReaderTest, ABlockHoldingNoneOfTheKeysAskedIsNotCached) {
  Build(7);
  {
    auto w = std::move(WriterSession::Open(memory_, "graph")).value();
    ASSERT_TRUE(w->Flush().ok());
  }
  auto counted = std::make_shared<FaultStore>(memory_);
  auto cache = std::make_shared<BlockCache>();
  auto reader = GraphReader::Open(counted, layout_, cache);
  ASSERT_TRUE(reader.ok());
  // An id no node has, which a nodes table's bloom filter cannot rule out.
  auto bloom_passes = [&](const Uuid& id) {
    std::string key;
    PutUuid(&key, id);
    for (const auto& run : (*reader)->runs()) {
      auto tables = run.find("nodes");
      if (tables == run.end()) continue;
      for (const auto& t : tables->second) {
        if (t.reader->index().Find(key)) return true;
      }
    }
    return false;
  };
  std::optional<Uuid> absent;
  for (int i = 0; i < 100'000 && !absent; ++i) {
    Uuid id = NameBasedUuid("absent-" + std::to_string(i));
    if (bloom_passes(id)) absent = id;
  }
  ASSERT_TRUE(absent.has_value());
  std::vector<Uuid> missing = {*absent};
  for (int time = 0; time < 2; ++time) {
    uint64_t before = counted->operation_count();
    auto found = (*reader)->LookupNodes(missing);
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    EXPECT_FALSE((*found)[0].has_value());
    EXPECT_EQ(counted->operation_count(), before + 1) << time;  // read, each time
    EXPECT_EQ(cache->stats().blocks, 0u) << time;
  }
  // A block that holds a key asked is cached: the second lookup reads nothing.
  std::vector<Uuid> present = {Id(3)};
  ASSERT_TRUE((*reader)->LookupNodes(present).ok());
  EXPECT_GE(cache->stats().blocks, 1u);
  uint64_t before = counted->operation_count();
  auto again = (*reader)->LookupNodes(present);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)[0].has_value());
  EXPECT_EQ(counted->operation_count(), before);
}

TEST_F(GraphReaderTest, BothDirectionsOfManyNodesAreOneRoundTrip) {
  Build(11);
  {
    auto w = std::move(WriterSession::Open(memory_, "graph")).value();
    ASSERT_TRUE(w->Flush().ok());
  }
  auto counted = std::make_shared<FaultStore>(memory_);
  auto cold = GraphReader::Open(counted, layout_, std::make_shared<BlockCache>());
  ASSERT_TRUE(cold.ok());
  auto warm = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>());
  ASSERT_TRUE(warm.ok());
  std::vector<Uuid> nodes = {Id(1), Id(2), Id(3), Id(40)};
  const Direction both[] = {Direction::kOut, Direction::kIn};
  uint64_t before = counted->operation_count();
  auto ways = (*cold)->ExpandManyWays(nodes, both, "");
  ASSERT_TRUE(ways.ok()) << ways.status().ToString();
  EXPECT_EQ(counted->operation_count(), before + 1);  // out and in tables in one batch
  ASSERT_EQ(ways->size(), 2u);
  size_t found = 0;
  for (size_t d = 0; d < 2; ++d) {
    auto one_way = (*warm)->ExpandMany(nodes, both[d], "");
    ASSERT_TRUE(one_way.ok());
    ASSERT_EQ((*ways)[d].size(), nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
      ASSERT_EQ((*ways)[d][i].size(), (*one_way)[i].size());
      for (size_t k = 0; k < (*one_way)[i].size(); ++k) {
        EXPECT_EQ((*ways)[d][i][k].edge, (*one_way)[i][k].edge);
        EXPECT_EQ((*ways)[d][i][k].node, (*one_way)[i][k].node);
        EXPECT_EQ((*ways)[d][i][k].type, (*one_way)[i][k].type);
      }
      found += (*one_way)[i].size();
    }
  }
  EXPECT_GT(found, 0u);
}

// Forwards to a store and keeps the bytes each batched read returned.
class BatchRecordingStore final : public testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override {
    auto results = inner().GetMany(requests);
    uint64_t bytes = 0;
    for (const auto& r : results) bytes += r.ok() ? r->data.size() : 0;
    batches.push_back(bytes);
    return results;
  }
  std::vector<uint64_t> batches;
};

TEST_F(GraphReaderTest, ALabelScanReadsItsRecordsAChunkAtATime) {
  const int kNodes = 6 * static_cast<int>(GraphReader::kLabelScanChunk);
  {
    auto w = std::move(WriterSession::Open(memory_, "graph")).value();
    for (int n = 0; n < kNodes; ++n) {
      ASSERT_TRUE(w->UpsertNode({"P"}, Id(n),
                                ValueMap{{"k", Value::Int(n % 7)},
                                         {"text", Value::String(std::string(200, 'a' + n % 26))}})
                      .ok());
    }
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());
  }
  auto recording = std::make_shared<BatchRecordingStore>(memory_);
  // A cache too small to hold the label, as in a Worker.
  auto reader = GraphReader::Open(recording, layout_, std::make_shared<BlockCache>(64 * 1024));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  recording->batches.clear();
  auto hits = (*reader)->NodesWithProperty("P", "k", Value::Int(3));
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(hits->size(), static_cast<size_t>((kNodes - 3 + 6) / 7));
  auto scanned = (*reader)->ScanLabel("P");
  ASSERT_TRUE(scanned.ok());
  EXPECT_EQ(scanned->size(), static_cast<size_t>(kNodes));
  uint64_t total = 0, largest = 0;
  for (uint64_t b : recording->batches) {
    total += b;
    largest = std::max(largest, b);
  }
  // Every record was read, but no single read held more than a few chunks' worth.
  EXPECT_GE(recording->batches.size(), 6u);
  EXPECT_LT(largest * 3, total) << "largest batch " << largest << " of " << total << " bytes";
}

// A lookup of some properties answers what a whole lookup answers, less
// the others, wherever the newest version is: an older run, a newer one
// that changed or removed properties, or the WAL (the reader's overlay).
TEST_F(GraphReaderTest, NamedPropertiesAreTheWholeRecordsLessTheOthers) {
  auto w = std::move(WriterSession::Open(memory_, "graph")).value();
  auto props = [](int i, bool all) {
    ValueMap m{{"b", Value::String(std::string(40, 'x') + std::to_string(i))},
               {"v", Value::Int(i)}};
    if (all) {
      m.Set("a", Value::Int(-i));
      m.Set("c", Value::List({Value::Int(i), Value::Map({{"k", Value::String("deep")}})}));
    }
    return m;
  };
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(w->UpsertNode({"A", "B"}, Id(i), props(i, true)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(w->UpsertNode({"A"}, Id(i), props(i + 100, false)).ok());
  for (int i = 10; i < 15; ++i) ASSERT_TRUE(w->TombstoneNode(Id(i)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  for (int i = 15; i < 20; ++i) ASSERT_TRUE(w->UpsertNode({"C"}, Id(i), props(i + 200, true)).ok());
  ASSERT_TRUE(w->TombstoneNode(Id(20)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());

  auto reader = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_FALSE((*reader)->manifest().wal.empty());
  std::vector<Uuid> ids;
  for (int n = 0; n < 45; ++n) ids.push_back(Id(n));
  auto whole = (*reader)->LookupNodes(ids);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  for (const std::vector<std::string>& keys :
       {std::vector<std::string>{"a", "v"}, {"b"}, {"c", "zz"}, {"0"}}) {
    auto named = (*reader)->LookupNodesNamed(ids, keys);
    ASSERT_TRUE(named.ok()) << named.status().ToString();
    for (size_t n = 0; n < ids.size(); ++n) {
      SCOPED_TRACE("node " + std::to_string(n) + ", first key " + keys[0]);
      ASSERT_EQ((*named)[n].has_value(), (*whole)[n].has_value());
      if (!(*whole)[n]) continue;
      EXPECT_EQ((*named)[n]->labels, (*whole)[n]->labels);
      ValueMap expected;
      for (const auto& key : keys) {
        if (const Value* v = (*whole)[n]->properties.Find(key)) expected.Set(key, *v);
      }
      EXPECT_EQ((*named)[n]->properties, expected);
    }
  }
  // The versions the test meant: changed, removed, deleted, from the WAL.
  EXPECT_EQ((*whole)[3]->properties.Find("a"), nullptr);
  EXPECT_EQ(*(*whole)[3]->properties.Find("v"), Value::Int(103));
  EXPECT_FALSE((*whole)[12].has_value());
  EXPECT_EQ(*(*whole)[16]->properties.Find("a"), Value::Int(-216));
  EXPECT_FALSE((*whole)[20].has_value());
  EXPECT_FALSE((*whole)[44].has_value());
}

// A run's tables of one kind are sorted and disjoint: the tables that may
// hold a prefix are found by binary search, including a prefix that spans
// two tables and one that falls between them.
TEST(TablesWithPrefix, FindsTheTablesWhoseRangeMayHoldThePrefix) {
  auto table = [](std::string smallest, std::string largest) {
    GraphReader::Table t;
    t.ref.smallest = std::move(smallest);
    t.ref.largest = std::move(largest);
    return t;
  };
  std::vector<GraphReader::Table> tables;
  tables.push_back(table("a1", "a9"));
  tables.push_back(table("b1", "c5"));
  tables.push_back(table("c6", "d2"));
  tables.push_back(table("f0", "f9"));
  auto found = [&](std::string_view prefix) {
    std::string names;
    for (const GraphReader::Table& t : GraphReader::TablesWithPrefix(tables, prefix)) {
      names += t.ref.smallest + " ";
    }
    return names;
  };
  EXPECT_EQ(found("a"), "a1 ");
  EXPECT_EQ(found("a5"), "a1 ");
  EXPECT_EQ(found("b"), "b1 ");
  EXPECT_EQ(found("c"), "b1 c6 ");  // spans two tables
  EXPECT_EQ(found("c5"), "b1 ");
  EXPECT_EQ(found("d"), "c6 ");
  EXPECT_EQ(found("e"), "");  // between tables
  EXPECT_EQ(found("0"), "");  // before all
  EXPECT_EQ(found("g"), "");  // after all
  EXPECT_EQ(found(""), "a1 b1 c6 f0 ");
}

}  // namespace
}  // namespace namidb
