// The memtable's byte account (GraphState::bytes()) and the flush it calls
// for: the account follows records, adjacency and their removal; a load past
// WriterOptions::flush_after_memtable_bytes flushes after the commit that
// crossed it, and reads stay correct; a store failing at any operation of
// such a load loses no acknowledged commit.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/hash.h"
#include "storage/graph_state.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#include "store/fault_store.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("memtable-node-" + std::to_string(n)); }

// A property value too long for any short-string buffer.
std::string Text(int n) {
  return "a property value that takes the heap, number " + std::to_string(n);
}

NodeRecord Person(int n, uint64_t lsn) {
  NodeRecord r;
  r.lsn = lsn;
  r.labels = {"Person"};
  r.properties.Set("name", Value::String(Text(n)));
  r.properties.Set("n", Value::Int(n));
  return r;
}

TEST(MemtableBytes, FollowRecordsAdjacencyAndTheirRemoval) {
  GraphState state;
  state.SetNode(Id(0), Person(0, 1));
  const uint64_t one = state.bytes();
  // At least the node's slot, its labels and its properties.
  EXPECT_GE(one, sizeof(NodeRecord) + Text(0).size());

  state.SetNode(Id(1), Person(1, 2));
  const uint64_t two = state.bytes();
  EXPECT_GE(two - one, sizeof(NodeRecord) + Text(1).size());

  // A larger version costs more; the smaller one again costs what it did.
  NodeRecord bigger = Person(1, 3);
  bigger.properties.Set("bio", Value::String(std::string(1000, 'x')));
  state.SetNode(Id(1), bigger);
  EXPECT_GE(state.bytes(), two + 1000);
  state.SetNode(Id(1), Person(1, 4));
  EXPECT_EQ(state.bytes(), two);

  // An edge: its slot, its type and properties, and both endpoints' adjacency.
  EdgeRecord knows;
  knows.lsn = 5;
  knows.type = "KNOWS";
  knows.src = Id(0);
  knows.dst = Id(1);
  knows.properties.Set("note", Value::String(Text(2)));
  const Uuid edge = NameBasedUuid("memtable-edge");
  state.SetEdge(edge, knows);
  const uint64_t with_edge = state.bytes();
  EXPECT_GE(with_edge - two, sizeof(EdgeRecord) + Text(2).size() + 2 * sizeof(void*));

  // An edge whose endpoint has no record gives that endpoint an entry too.
  EdgeRecord dangling = knows;
  dangling.dst = Id(99);
  state.SetEdge(NameBasedUuid("memtable-edge-2"), dangling);
  EXPECT_GT(state.bytes(), with_edge);
  state.SetEdge(NameBasedUuid("memtable-edge-2"), std::nullopt);
  // The source's adjacency keeps its grown capacity: no exact return here,
  // but the endpoint's entry went with the edge.
  EXPECT_LT(state.bytes(), with_edge + 4 * sizeof(void*) + 64);

  // Everything removed: what is left is the two hash maps' bucket arrays.
  state.SetEdge(edge, std::nullopt);
  state.SetNode(Id(0), std::nullopt);
  state.SetNode(Id(1), std::nullopt);
  EXPECT_LT(state.bytes(), one);
  EXPECT_EQ(state.node_slots(), 0u);
  EXPECT_EQ(state.edge_slots(), 0u);
}

constexpr uint64_t kBudget = 64u << 10;
constexpr int kBatch = 50;

WriterOptions BudgetOnly() {
  WriterOptions options;
  options.flush_after_wal_bytes = 0;  // only the memtable's size flushes
  options.flush_after_wal_segments = 0;
  options.flush_after_memtable_bytes = kBudget;
  options.compact_after_runs = 0;
  return options;
}

Status AddBatch(WriterSession& w, int first) {
  for (int n = first; n < first + kBatch; ++n) {
    ValueMap props{{"name", Value::String(Text(n))}, {"n", Value::Int(n)}};
    NAMIDB_RETURN_IF_ERROR(w.UpsertNode({"Person"}, Id(n), std::move(props)));
    if (n > 0) NAMIDB_RETURN_IF_ERROR(w.UpsertEdge("KNOWS", Id(n), Id(n - 1), {}).status());
  }
  return Status::OK();
}

TEST(MemtableBudget, ALoadPastTheBudgetFlushesAndReadsStayCorrect) {
  auto store = std::make_shared<MemoryStore>();
  auto w = WriterSession::Open(store, "graph", BudgetOnly());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  constexpr int kBatches = 40;
  int flushes = 0;
  for (int b = 0; b < kBatches; ++b) {
    const uint64_t committed = (*w)->memtable_bytes();
    ASSERT_TRUE(AddBatch(**w, b * kBatch).ok());
    // One batch alone stays below the budget.
    ASSERT_LT((*w)->memtable_bytes() - committed, kBudget);
    const uint64_t flushed_lsn = (*w)->manifest().flushed_lsn;
    ASSERT_TRUE((*w)->CommitBatch().ok());
    if ((*w)->manifest().flushed_lsn != flushed_lsn) ++flushes;
    // Past the budget the commit flushed: the memtable never stays above it.
    EXPECT_LT((*w)->memtable_bytes(), kBudget) << "after batch " << b;
  }
  EXPECT_GE(flushes, 3);
  EXPECT_FALSE((*w)->manifest().tables.empty());

  // The writer's view and a fresh reader see every node and edge.
  const int nodes = kBatches * kBatch;
  EXPECT_EQ((*w)->stats().nodes, static_cast<uint64_t>(nodes));
  EXPECT_EQ((*w)->stats().edges, static_cast<uint64_t>(nodes - 1));
  auto layout = NamespaceLayout::Make("", "graph");
  auto snap = Snapshot::Open(*store, *layout);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ((*snap)->state().NodeIds("Person").size(), static_cast<size_t>(nodes));
  for (int n : {0, kBatch - 1, nodes / 2, nodes - 1}) {
    const NodeRecord* r = (*snap)->state().FindNode(Id(n));
    ASSERT_NE(r, nullptr) << n;
    EXPECT_EQ(r->properties.Find("name")->as_string(), Text(n));
    auto viewed = (*w)->view().LookupNode(Id(n));
    ASSERT_TRUE(viewed.ok() && viewed->has_value()) << n;
    EXPECT_EQ((*viewed)->properties, r->properties);
    if (n > 0) {
      EXPECT_EQ((*snap)->state().OutEdges(Id(n)).size(), 1u);
    }
  }
}

// A store that fails at any one operation of a load that flushes on its
// memtable's size: every acknowledged commit is kept, and a flush that failed
// is tried again by a later commit.
TEST(MemtableBudget, AFailingStoreMidFlushLosesNothing) {
  constexpr int kBatches = 8;
  for (auto when : {FaultStore::When::kBefore, FaultStore::When::kAfter}) {
    bool reached = true;
    for (uint64_t fail_at = 0; reached; ++fail_at) {
      SCOPED_TRACE("fail at operation " + std::to_string(fail_at) +
                   (when == FaultStore::When::kBefore ? " before" : " after"));
      auto memory = std::make_shared<MemoryStore>();
      auto faulty = std::make_shared<FaultStore>(memory);
      faulty->FailAt(fail_at, when);
      auto w = WriterSession::Open(faulty, "graph", BudgetOnly());
      if (!w.ok()) continue;  // the open's read failed: nothing was written
      std::set<int> acknowledged, unknown;
      for (int b = 0; b < kBatches; ++b) {
        if (!AddBatch(**w, b * kBatch).ok()) break;
        auto v = (*w)->CommitBatch();
        if (!v.ok() && v.status().Is(StatusCode::kIoError) &&
            v.status().message().find("unknown") == std::string::npos) {
          v = (*w)->CommitBatch();  // not committed; the batch is still staged
        }
        if (!v.ok()) {
          if (v.status().message().find("unknown") != std::string::npos) unknown.insert(b);
          break;
        }
        acknowledged.insert(b);
      }
      reached = faulty->operation_count() > fail_at;
      if (acknowledged.size() == kBatches) {
        // The budget was crossed several times: a fault spoils one flush at most.
        EXPECT_FALSE((*w)->manifest().tables.empty());
      }
      auto layout = NamespaceLayout::Make("", "graph");
      auto snap = Snapshot::Open(*memory, *layout);
      if (acknowledged.empty() && !snap.ok()) continue;  // nothing was ever committed
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      for (int b = 0; b < kBatches; ++b) {
        bool first = (*snap)->state().FindNode(Id(b * kBatch)) != nullptr;
        bool last = (*snap)->state().FindNode(Id(b * kBatch + kBatch - 1)) != nullptr;
        EXPECT_EQ(first, last) << "batch " << b << " half there";
        if (acknowledged.count(b)) {
          EXPECT_TRUE(first) << "acknowledged batch " << b << " lost";
        } else if (!unknown.count(b)) {
          EXPECT_FALSE(first) << "unacknowledged batch " << b << " present";
        }
      }
    }
  }
}

}  // namespace
}  // namespace namidb
