// The commit protocol: bootstrap, claim and fencing, staging with
// read-your-own-writes, commits that survive reopening, lost races, a store
// that fails at every single operation of a commit, snapshot isolation and
// corrupted objects.
#include "storage/writer_session.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <set>

#include "core/hash.h"
#include "core/limits.h"
#include "core/value_codec.h"
#include "storage/adjacency_codec.h"
#include "storage/label_index_codec.h"
#include "storage/snapshot.h"
#include "storage/table_reader.h"
#include "store/fault_store.h"
#include "store/local_file_store.h"
#include "store/memory_store.h"
#include "support/graph_view.h"
#include "support/temp_dir.h"

namespace namidb {
namespace {

using testing::Edge;
using testing::LiveNodeIds;
using testing::Node;
using testing::OutEdgeIds;

Uuid Id(int n) { return NameBasedUuid("test-node-" + std::to_string(n)); }

std::unique_ptr<WriterSession> OpenWriter(std::shared_ptr<ObjectStore> store) {
  auto w = WriterSession::Open(std::move(store), "graph");
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return w.ok() ? std::move(*w) : nullptr;
}

std::shared_ptr<const Snapshot> Read(ObjectStore& store) {
  auto layout = NamespaceLayout::Make("", "graph");
  auto snap = Snapshot::Open(store, *layout);
  EXPECT_TRUE(snap.ok()) << snap.status().ToString();
  return snap.ok() ? *snap : nullptr;
}

Status AddPerson(WriterSession& w, int n) {
  return w.UpsertNode({"Person"}, Id(n), ValueMap{{"n", Value::Int(n)}});
}

class WriterSessionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      store_ = std::make_shared<MemoryStore>();
    } else {
      store_ = std::make_shared<LocalFileStore>(dir_.path());
    }
  }
  testing::TempDir dir_;
  std::shared_ptr<ObjectStore> store_;
};

TEST_P(WriterSessionTest, BootstrapsCommitsAndRecoversOnReopen) {
  auto w = OpenWriter(store_);
  // Opening writes nothing: the namespace exists from the first commit.
  EXPECT_EQ(w->manifest().version, 0u);
  EXPECT_EQ(w->manifest().writer_epoch, 1u);
  EXPECT_TRUE(Snapshot::Open(*store_, *NamespaceLayout::Make("", "graph"))
                  .status()
                  .Is(StatusCode::kNotFound));
  ASSERT_TRUE(AddPerson(*w, 1).ok());
  ASSERT_TRUE(AddPerson(*w, 2).ok());
  auto edge = w->UpsertEdge("KNOWS", Id(1), Id(2), ValueMap{{"since", Value::Int(2020)}});
  ASSERT_TRUE(edge.ok());
  auto v = w->CommitBatch();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, 1u);

  auto snap = Read(*store_);
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->state().NodeIds("Person").size(), 2u);
  EXPECT_EQ(snap->state().OutEdges(Id(1), "KNOWS"), std::vector<Uuid>{*edge});
  EXPECT_EQ(snap->state().InEdges(Id(2)), std::vector<Uuid>{*edge});
  EXPECT_EQ(*snap->state().FindEdge(*edge)->properties.Find("since"), Value::Int(2020));
  EXPECT_EQ(snap->manifest().stats.nodes, 2u);
  EXPECT_EQ(snap->manifest().stats.labels.at("Person"), 2u);
  EXPECT_EQ(snap->manifest().stats.types.at("KNOWS"), 1u);
  EXPECT_EQ(snap->manifest().stats.property_keys.at("since"), 1u);

  w.reset();
  auto again = OpenWriter(store_);  // a new epoch for its objects, the same data
  EXPECT_EQ(again->manifest().writer_epoch, 2u);
  EXPECT_EQ(Read(*store_)->manifest().writer_epoch, 1u);  // claimed only by a publish
  EXPECT_TRUE(Node(again->view(), Id(1)));
  EXPECT_EQ(again->stats().edges, 1u);
}

TEST_P(WriterSessionTest, StagedWritesAreVisibleToTheWriterOnlyAndCanBeDiscarded) {
  auto w = OpenWriter(store_);
  ASSERT_TRUE(AddPerson(*w, 1).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(AddPerson(*w, 2).ok());
  ASSERT_TRUE(w->TombstoneNode(Id(1)).ok());
  EXPECT_TRUE(Node(w->view(), Id(2)));
  EXPECT_FALSE(Node(w->view(), Id(1)));
  auto snap = Read(*store_);
  EXPECT_NE(snap->state().FindNode(Id(1)), nullptr);
  EXPECT_EQ(snap->state().FindNode(Id(2)), nullptr);
  w->DiscardBatch();
  EXPECT_EQ(w->staged(), 0u);
  EXPECT_TRUE(Node(w->view(), Id(1)));
  EXPECT_FALSE(Node(w->view(), Id(2)));
  EXPECT_EQ(w->stats().nodes, 1u);
  EXPECT_EQ(*w->CommitBatch(), w->manifest().version);  // nothing staged: nothing written
}

TEST_P(WriterSessionTest, StageAllUndoesEverythingItStagedWhenOneChangeIsRefused) {
  auto w = OpenWriter(store_);
  ASSERT_TRUE(AddPerson(*w, 1).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(AddPerson(*w, 2).ok());  // staged before: must survive the undo
  GraphStats before = w->stats();
  Status s = w->StageAll([&]() -> Status {
    NAMIDB_RETURN_IF_ERROR(
        w->UpsertNode({"Person", "Admin"}, Id(1), ValueMap{{"n", Value::Int(100)}}));
    NAMIDB_RETURN_IF_ERROR(AddPerson(*w, 3));
    NAMIDB_RETURN_IF_ERROR(w->UpsertEdge("KNOWS", Id(1), Id(3), ValueMap()).status());
    return w->UpsertEdge("KNOWS", Id(1), Id(99), ValueMap()).status();  // no node 99
  });
  EXPECT_TRUE(s.Is(StatusCode::kNotFound)) << s.ToString();
  EXPECT_EQ(w->staged(), 1u);
  EXPECT_EQ(w->stats().nodes, before.nodes);
  EXPECT_EQ(w->stats().edges, before.edges);
  EXPECT_EQ(w->stats().labels.count("Admin"), 0u);
  EXPECT_EQ(*Node(w->view(), Id(1))->properties.Find("n"), Value::Int(1));
  EXPECT_FALSE(Node(w->view(), Id(3)));
  EXPECT_TRUE(Node(w->view(), Id(2)));
  EXPECT_TRUE(OutEdgeIds(w->view(), Id(1)).empty());
  // What is left commits as the one staged change, and a good unit stages whole.
  ASSERT_TRUE(w->StageAll([&] { return AddPerson(*w, 4); }).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  auto snap = Read(*store_);
  EXPECT_EQ(snap->state().NodeIds("Person").size(), 3u);
  EXPECT_EQ(snap->manifest().last_lsn, 3u);
}

TEST_P(WriterSessionTest, AnUnstorableUpsertIsRefusedAndChangesNothing) {
  auto w = OpenWriter(store_);
  ASSERT_TRUE(AddPerson(*w, 1).ok());
  GraphStats before = w->stats();
  ValueMap bad{{"ok", Value::Int(1)}, {"who", Value::Node(NodeValue{})}};
  Status s = w->UpsertNode({"Person"}, Id(2), bad);
  EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument)) << s.ToString();
  EXPECT_NE(s.message().find("'who'"), std::string::npos) << s.message();
  EXPECT_TRUE(w->UpsertNode({"Person"}, Id(3), ValueMap{{"", Value::Int(1)}})
                  .Is(StatusCode::kInvalidArgument));
  auto edge = w->UpsertEdge("KNOWS", Id(1), Id(1), bad);
  EXPECT_TRUE(edge.status().Is(StatusCode::kInvalidArgument));
  EXPECT_EQ(w->staged(), 1u);
  EXPECT_EQ(w->stats(), before);
  EXPECT_FALSE(Node(w->view(), Id(2)));
  // The batch is intact: it commits and replays.
  ASSERT_TRUE(AddPerson(*w, 4).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  auto snap = Read(*store_);
  EXPECT_EQ(snap->state().NodeIds().size(), 2u);
}

// A property nested deeper than the decoder reads (kMaxValueDepth) is
// refused when staged: committed, it made every later open fail.
TEST_P(WriterSessionTest, APropertyTooDeepToReadBackIsRefused) {
  auto nested = [](int depth) {
    Value v = Value::Int(1);
    for (int i = 0; i < depth; ++i) v = Value::List({v});
    return v;
  };
  auto w = OpenWriter(store_);
  Status s = w->UpsertNode({"Deep"}, Id(1), ValueMap{{"p", nested(kMaxValueDepth)}});
  EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument)) << s.ToString();
  EXPECT_NE(s.message().find("nested deeper than 64"), std::string::npos) << s.message();
  EXPECT_EQ(w->staged(), 0u);
  ASSERT_TRUE(w->UpsertNode({"Deep"}, Id(2), ValueMap{{"p", nested(kMaxValueDepth - 1)}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  auto reopened = OpenWriter(store_);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(Node(reopened->view(), Id(2)));
}

TEST_P(WriterSessionTest, UpsertEdgeWithoutAnIdIsIdempotentAndTombstonesCascade) {
  auto w = OpenWriter(store_);
  ASSERT_TRUE(AddPerson(*w, 1).ok());
  ASSERT_TRUE(AddPerson(*w, 2).ok());
  auto a = w->UpsertEdge("KNOWS", Id(1), Id(2), ValueMap{{"w", Value::Int(1)}});
  auto b = w->UpsertEdge("KNOWS", Id(1), Id(2), ValueMap{{"w", Value::Int(2)}});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  auto distinct = w->UpsertEdge("KNOWS", Id(1), Id(2), {}, NameBasedUuid("created-1"));
  ASSERT_TRUE(distinct.ok());
  auto loop = w->UpsertEdge("SELF", Id(1), Id(1), {});
  ASSERT_TRUE(loop.ok());
  EXPECT_EQ(OutEdgeIds(w->view(), Id(1), "KNOWS").size(), 2u);
  EXPECT_EQ(*Edge(w->view(), *a)->properties.Find("w"), Value::Int(2));
  EXPECT_TRUE(w->UpsertEdge("KNOWS", Id(1), Id(99), {}).status().Is(StatusCode::kNotFound));
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->TombstoneNode(Id(1)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  auto snap = Read(*store_);
  EXPECT_EQ(snap->state().stats().edges, 0u);
  EXPECT_TRUE(snap->state().InEdges(Id(2)).empty());
  EXPECT_EQ(snap->manifest().stats.nodes, 1u);
  EXPECT_TRUE(w->TombstoneNode(Id(1)).Is(StatusCode::kNotFound));
}

TEST_P(WriterSessionTest, TheFirstWriterToCommitWinsAndTheOtherIsFenced) {
  // First on a new namespace (both writers race to create it), then on the
  // existing one.
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE(round == 0 ? "new namespace" : "existing namespace");
    int base = round * 10;
    auto first = OpenWriter(store_);
    auto second = OpenWriter(store_);  // opened later, commits first
    ASSERT_TRUE(AddPerson(*first, base + 1).ok());
    ASSERT_TRUE(AddPerson(*second, base + 2).ok());
    ASSERT_TRUE(second->CommitBatch().ok());
    auto lost = first->CommitBatch();
    EXPECT_TRUE(lost.status().Is(StatusCode::kConflict)) << lost.status().ToString();
    EXPECT_NE(lost.status().message().find("Reopen"), std::string::npos);
    // The stale writer refuses everything until reopened.
    EXPECT_TRUE(AddPerson(*first, base + 3).Is(StatusCode::kConflict));
    EXPECT_TRUE(first->CommitBatch().status().Is(StatusCode::kConflict));
    auto snap = Read(*store_);
    EXPECT_EQ(snap->state().FindNode(Id(base + 1)), nullptr);
    EXPECT_NE(snap->state().FindNode(Id(base + 2)), nullptr);
    // Reopened, it sees the winner's commit and can write again.
    auto reopened = OpenWriter(store_);
    EXPECT_TRUE(Node(reopened->view(), Id(base + 2)));
    ASSERT_TRUE(AddPerson(*reopened, base + 4).ok());
    ASSERT_TRUE(reopened->CommitBatch().ok());
  }
}

TEST_P(WriterSessionTest, ASnapshotKeepsReadingTheVersionItPinned) {
  auto w = OpenWriter(store_);
  ASSERT_TRUE(AddPerson(*w, 1).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  auto before = Read(*store_);
  ASSERT_TRUE(w->TombstoneNode(Id(1)).ok());
  ASSERT_TRUE(AddPerson(*w, 2).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  EXPECT_NE(before->state().FindNode(Id(1)), nullptr);
  EXPECT_EQ(before->state().FindNode(Id(2)), nullptr);
  auto after = Read(*store_);
  EXPECT_EQ(after->state().FindNode(Id(1)), nullptr);
  EXPECT_GT(after->manifest().version, before->manifest().version);
}

TEST_P(WriterSessionTest, ACorruptedWalSegmentIsNamedOnOpen) {
  auto w = OpenWriter(store_);
  ASSERT_TRUE(AddPerson(*w, 1).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  std::string key = w->layout().Absolute(w->manifest().wal[0].key);
  std::string bytes = store_->Get(key)->data;
  bytes[bytes.size() / 2] ^= 0x20;
  ASSERT_TRUE(store_->Delete(key).ok());
  ASSERT_TRUE(store_->Put(key, bytes, PutOptions::IfAbsent()).ok());
  auto layout = NamespaceLayout::Make("", "graph");
  auto snap = Snapshot::Open(*store_, *layout);
  ASSERT_TRUE(snap.status().Is(StatusCode::kCorruption)) << snap.status().ToString();
  EXPECT_NE(snap.status().message().find(key), std::string::npos);
  ASSERT_TRUE(store_->Delete(key).ok());
  auto missing = Snapshot::Open(*store_, *layout);
  EXPECT_TRUE(missing.status().Is(StatusCode::kCorruption));
  // A writer does not claim a namespace it cannot read.
  EXPECT_TRUE(WriterSession::Open(store_, "graph").status().Is(StatusCode::kCorruption));
}

TEST_P(WriterSessionTest, FlushWritesDataFilesThatReplaceTheLog) {
  auto w = OpenWriter(store_);
  for (int n = 0; n < 50; ++n) ASSERT_TRUE(AddPerson(*w, n).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->UpsertEdge("KNOWS", Id(1), Id(2), {}).ok());
  ASSERT_TRUE(w->TombstoneNode(Id(3)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  auto before = Read(*store_);
  ASSERT_TRUE(AddPerson(*w, 99).ok());
  EXPECT_TRUE(w->Flush().status().Is(StatusCode::kInvalidArgument));  // staged work first
  w->DiscardBatch();
  ASSERT_TRUE(w->Flush().ok());
  EXPECT_TRUE(w->manifest().wal.empty());
  // One table of each kind, in one level-0 run.
  std::map<std::string, TableRef> tables;
  for (const auto& t : w->manifest().tables) {
    EXPECT_EQ(t.level, 0u);
    EXPECT_TRUE(tables.emplace(t.kind, t).second) << t.kind;
  }
  ASSERT_EQ(tables.size(), 6u);
  EXPECT_EQ(tables["nodes"].entries, 50u);  // 49 live, and the tombstone of node 3
  EXPECT_EQ(tables["labels"].entries, 49u);
  EXPECT_EQ(tables["edges"].entries, 1u);
  // Adjacency by source and by destination, type first: a node's edges of
  // a type in one prefix scan.
  auto cache = std::make_shared<BlockCache>();
  for (int dir = 2; dir <= 3; ++dir) {
    const TableRef& ref = tables[dir == 2 ? "out_by_type" : "in_by_type"];
    auto reader = TableReader::Open(*store_, w->layout().Absolute(ref.key), ref, cache);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    Uuid node = dir == 2 ? Id(1) : Id(2), other = dir == 2 ? Id(2) : Id(1);
    auto entries =
        (*reader)->Scan(*store_, AdjacencyGroupPrefix(AdjacencyLayout::kByType, node, "KNOWS"));
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 1u);
    auto entry = DecodeTypedAdjacencyView((*entries)[0].key, (*entries)[0].value, ref.key);
    ASSERT_TRUE(entry.ok());
    EXPECT_EQ(entry->node, node);
    EXPECT_EQ(entry->type, "KNOWS");
    EXPECT_EQ(entry->edge, OutEdgeIds(w->view(), Id(1))[0]);
    EXPECT_EQ(entry->other, other);
    EXPECT_TRUE((*reader)
                    ->Scan(*store_, AdjacencyGroupPrefix(AdjacencyLayout::kByType, node, "LIKES"))
                    ->empty());
    EXPECT_TRUE((*reader)
                    ->Scan(*store_, AdjacencyGroupPrefix(AdjacencyLayout::kByType, Id(40), "KNOWS"))
                    ->empty());
  }
  // Commits continue after the flush, with LSNs past everything flushed.
  ASSERT_TRUE(AddPerson(*w, 100).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  auto after = Read(*store_);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->state().stats(), w->stats());
  EXPECT_EQ(after->state().NodeIds(), LiveNodeIds(w->view()));
  EXPECT_EQ(after->state().OutEdges(Id(1)), OutEdgeIds(w->view(), Id(1)));
  EXPECT_EQ(after->state().FindNode(Id(3)), nullptr);
  EXPECT_NE(after->state().FindNode(Id(100)), nullptr);
  // A reader pinned before the flush still reads its version.
  EXPECT_NE(before->state().FindNode(Id(1)), nullptr);
  EXPECT_EQ(before->state().FindNode(Id(100)), nullptr);
  w.reset();
  auto reopened = OpenWriter(store_);
  EXPECT_EQ(reopened->stats(), after->state().stats());
}

TEST_P(WriterSessionTest, AFlushWritesOneLabelEntryPerLabelOfEachLiveNodeInKeyOrder) {
  // Random label sets (a label named twice, none, names whose encoded order
  // is not their plain order: "B" before "AA"), nodes relabelled and
  // deleted before the flush: the run's label index is exactly the live
  // nodes' (label, id) pairs, sorted by key.
  const std::vector<std::string> names = {"B", "AA", "Person", "C", "Zz", "Long label name"};
  std::mt19937_64 rng(7);
  auto w = OpenWriter(store_);
  std::map<Uuid, std::vector<std::string>> live;
  for (int step = 0; step < 600; ++step) {
    Uuid id = Id(static_cast<int>(rng() % 300));
    if (rng() % 8 == 0) {
      if (live.erase(id)) {
        ASSERT_TRUE(w->TombstoneNode(id).ok());
      }
      continue;
    }
    std::vector<std::string> labels;
    for (size_t n = rng() % 4; n > 0; --n) labels.push_back(names[rng() % names.size()]);
    if (rng() % 10 == 0 && !labels.empty()) labels.push_back(labels.front());
    ASSERT_TRUE(w->UpsertNode(labels, id, ValueMap{{"n", Value::Int(step)}}).ok());
    live[id] = labels;
    if (step % 100 == 99) {
      ASSERT_TRUE(w->CommitBatch().ok());
    }
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  std::set<std::string> expected;
  for (const auto& [id, labels] : live) {
    for (const auto& label : labels) expected.insert(LabelIndexKey(label, id));
  }
  std::vector<std::string> keys;
  auto cache = std::make_shared<BlockCache>();
  for (const auto& t : w->manifest().tables) {
    if (t.kind != "labels") continue;
    auto reader = TableReader::Open(*store_, w->layout().Absolute(t.key), t, cache);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    auto entries = (*reader)->Scan(*store_, "");
    ASSERT_TRUE(entries.ok()) << entries.status().ToString();
    for (const auto& e : *entries) keys.push_back(e.key);
  }
  EXPECT_EQ(keys, std::vector<std::string>(expected.begin(), expected.end()));
  EXPECT_GT(keys.size(), 100u);
}

TEST_P(WriterSessionTest, ACorruptedTableIsNamedOnOpen) {
  auto w = OpenWriter(store_);
  ASSERT_TRUE(AddPerson(*w, 1).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  std::string key = w->layout().Absolute(w->manifest().tables[0].key);
  for (size_t at : {size_t{3}, w->manifest().tables[0].size - 20}) {  // a block, then the footer
    std::string bytes = store_->Get(key)->data;
    bytes[at] ^= 0x01;
    ASSERT_TRUE(store_->Delete(key).ok());
    ASSERT_TRUE(store_->Put(key, bytes, PutOptions::IfAbsent()).ok());
    auto snap = Snapshot::Open(*store_, *NamespaceLayout::Make("", "graph"));
    ASSERT_TRUE(snap.status().Is(StatusCode::kCorruption)) << snap.status().ToString();
    EXPECT_NE(snap.status().message().find(key), std::string::npos);
    bytes[at] ^= 0x01;
    ASSERT_TRUE(store_->Delete(key).ok());
    ASSERT_TRUE(store_->Put(key, bytes, PutOptions::IfAbsent()).ok());
  }
  EXPECT_TRUE(Snapshot::Open(*store_, *NamespaceLayout::Make("", "graph")).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, WriterSessionTest, ::testing::Values("memory", "file"));

// A store that fails at each single operation of a commit in turn, before or
// after the operation took effect: after reopening, the namespace holds
// exactly the acknowledged commits (a commit whose outcome the session
// reported as unknown may be either).
TEST(WriterSessionFaults, EveryFailurePointKeepsExactlyTheAcknowledgedCommits) {
  enum Mode { kBefore, kAfter, kStop };
  for (Mode mode : {kBefore, kAfter, kStop}) {
    for (uint64_t fail_at = 0; fail_at < 12; ++fail_at) {
      SCOPED_TRACE("fail at operation " + std::to_string(fail_at) + " mode " +
                   std::to_string(mode));
      auto memory = std::make_shared<MemoryStore>();
      {
        auto setup = OpenWriter(memory);
        ASSERT_TRUE(AddPerson(*setup, 0).ok());
        ASSERT_TRUE(setup->CommitBatch().ok());
      }
      auto faulty = std::make_shared<FaultStore>(memory);
      auto w = WriterSession::Open(faulty, "graph");
      if (mode == kStop) {
        faulty->StopAt(fail_at);  // the process "dies" here: every later call fails
      } else {
        faulty->FailAt(fail_at,
                       mode == kBefore ? FaultStore::When::kBefore : FaultStore::When::kAfter);
      }
      std::set<int> acknowledged = {0}, unknown;
      for (int n = 1; w.ok() && n <= 3; ++n) {
        if (!AddPerson(**w, n).ok()) break;
        auto v = (*w)->CommitBatch();
        if (v.ok()) {
          acknowledged.insert(n);
        } else if (v.status().message().find("unknown") != std::string::npos) {
          unknown.insert(n);
          break;
        } else if (v.status().Is(StatusCode::kIoError)) {
          // Not committed; the batch stays staged and may be retried.
          auto retry = (*w)->CommitBatch();
          if (retry.ok())
            acknowledged.insert(n);
          else
            break;
        } else {
          break;
        }
      }
      auto snap = Read(*memory);
      ASSERT_TRUE(snap);
      for (int n = 0; n <= 3; ++n) {
        bool present = snap->state().FindNode(Id(n)) != nullptr;
        if (acknowledged.count(n)) {
          EXPECT_TRUE(present) << "acknowledged node " << n << " lost";
        } else if (!unknown.count(n)) {
          EXPECT_FALSE(present) << "unacknowledged node " << n << " present";
        }
      }
    }
  }
}

// The same for a flush: whatever fails, the namespace keeps exactly its
// committed content, readable.
TEST(WriterSessionFaults, EveryFailurePointOfAFlushKeepsTheCommittedState) {
  enum Mode { kBefore, kAfter, kStop };
  for (Mode mode : {kBefore, kAfter, kStop}) {
    bool reached = true;
    for (uint64_t fail_at = 0; reached; ++fail_at) {
      SCOPED_TRACE("fail at operation " + std::to_string(fail_at) + " mode " +
                   std::to_string(mode));
      auto memory = std::make_shared<MemoryStore>();
      GraphStats expected;
      {
        auto setup = OpenWriter(memory);
        for (int n = 0; n < 5; ++n) ASSERT_TRUE(AddPerson(*setup, n).ok());
        ASSERT_TRUE(setup->UpsertEdge("KNOWS", Id(0), Id(1), {}).ok());
        ASSERT_TRUE(setup->CommitBatch().ok());
        expected = setup->stats();
      }
      auto faulty = std::make_shared<FaultStore>(memory);
      auto w = WriterSession::Open(faulty, "graph");
      ASSERT_TRUE(w.ok());
      if (mode == kStop) {
        faulty->StopAt(fail_at);
      } else {
        faulty->FailAt(fail_at,
                       mode == kBefore ? FaultStore::When::kBefore : FaultStore::When::kAfter);
      }
      (void)(*w)->Flush();
      reached = faulty->operation_count() > fail_at;  // else the flush ran clean: done
      auto snap = Read(*memory);
      ASSERT_TRUE(snap);
      EXPECT_EQ(snap->state().stats(), expected);
      EXPECT_EQ(snap->state().NodeIds().size(), 5u);
      EXPECT_EQ(snap->state().OutEdges(Id(0)).size(), 1u);
    }
  }
}

}  // namespace
}  // namespace namidb
