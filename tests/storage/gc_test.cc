// Garbage collection: retired objects wait out their grace period for pinned
// readers; orphans of failed or fenced commits go at once; a stalled writer
// can never bring anything back; a failing store never damages the namespace.
#include <gtest/gtest.h>

#include <set>

#include "core/hash.h"
#include "storage/graph_reader.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#include "store/fault_store.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("gc-node-" + std::to_string(n)); }

class GcTest : public ::testing::Test {
 protected:
  std::unique_ptr<WriterSession> Open(std::shared_ptr<ObjectStore> store = nullptr) {
    WriterOptions options;
    options.now_ms = [this] { return now_; };
    auto w = WriterSession::Open(store ? store : store_, "graph", options);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return w.ok() ? std::move(w).value() : nullptr;
  }
  void Commit(WriterSession& w, int n) {
    ASSERT_TRUE(w.UpsertNode({"P"}, Id(n), {}).ok());
    ASSERT_TRUE(w.CommitBatch().ok());
  }
  std::vector<std::string> Keys() {
    std::vector<std::string> keys;
    auto all = store_->ListAll("graph/");
    EXPECT_TRUE(all.ok());
    if (all.ok()) {
      for (const auto& o : *all) keys.push_back(o.key);
    }
    return keys;
  }
  Result<std::shared_ptr<const Snapshot>> Read() {
    return Snapshot::Open(*store_, *NamespaceLayout::Make("", "graph"));
  }

  int64_t now_ = 1'000'000;
  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
};

TEST_F(GcTest, RetiredObjectsWaitOutTheGracePeriodForPinnedReaders) {
  auto w = Open();
  Commit(*w, 1);
  Commit(*w, 2);
  auto pinned = Read();
  ASSERT_TRUE(pinned.ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_EQ(w->manifest().retired.size(), 1u);  // the two WAL segments, as one range
  EXPECT_EQ(w->manifest().retired[0].wal_through_lsn, 2u);
  size_t before = Keys().size();

  now_ += 59'000;
  auto early = w->CollectGarbage(60'000);
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_EQ(early->deleted, 0u);
  EXPECT_EQ(early->kept, 2u);
  EXPECT_EQ(Keys().size(), before);
  // A reader that pinned the old version can still open it.
  EXPECT_TRUE(
      Snapshot::Replay(*store_, *NamespaceLayout::Make("", "graph"), (*pinned)->manifest()).ok());

  now_ += 2'000;
  auto late = w->CollectGarbage(60'000);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->deleted, 2u);
  EXPECT_TRUE(w->manifest().retired.empty());
  EXPECT_EQ(Keys().size(), before - 2);
  auto stale =
      Snapshot::Replay(*store_, *NamespaceLayout::Make("", "graph"), (*pinned)->manifest());
  EXPECT_TRUE(stale.status().Is(StatusCode::kCorruption));
  EXPECT_NE(stale.status().message().find("grace period"), std::string::npos);
  auto fresh = Read();
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_EQ((*fresh)->state().stats().nodes, 2u);
}

TEST_F(GcTest, ACommitThatLostItsRaceDeletesItsSegment) {
  auto stalled = Open();
  Commit(*stalled, 1);
  ASSERT_TRUE(stalled->UpsertNode({"P"}, Id(2), {}).ok());
  auto current = Open();
  Commit(*current, 3);
  size_t before = Keys().size();
  EXPECT_TRUE(stalled->CommitBatch().status().Is(StatusCode::kConflict));
  EXPECT_EQ(Keys().size(), before);
}

TEST_F(GcTest, OrphansOfAFencedWriterGoAtOnceAndItCannotBringThemBack) {
  auto faulty = std::make_shared<FaultStore>(store_);
  auto stalled = Open(faulty);
  Commit(*stalled, 1);
  ASSERT_TRUE(stalled->UpsertNode({"P"}, Id(2), {}).ok());
  auto current = Open();
  Commit(*current, 3);  // commits first: `stalled` is now stale
  // The stalled writer's commit writes its WAL segment, then loses the swap
  // and fails to delete the segment (as if it died there).
  faulty->FailNext(FaultStore::Op::kDelete, FaultStore::When::kBefore);
  EXPECT_TRUE(stalled->CommitBatch().status().Is(StatusCode::kConflict));
  size_t with_orphan = Keys().size();
  auto gc = current->CollectGarbage(/*grace_ms=*/24 * 3600 * 1000);
  ASSERT_TRUE(gc.ok()) << gc.status().ToString();
  EXPECT_EQ(gc->deleted, 1u);
  EXPECT_EQ(Keys().size(), with_orphan - 1);
  // However long it stalled, the old writer cannot publish anything.
  EXPECT_TRUE(stalled->CommitBatch().status().Is(StatusCode::kConflict));
  EXPECT_TRUE(stalled->Flush().status().Is(StatusCode::kConflict));
  auto snap = Read();
  ASSERT_TRUE(snap.ok());
  EXPECT_NE((*snap)->state().FindNode(Id(1)), nullptr);
  EXPECT_EQ((*snap)->state().FindNode(Id(2)), nullptr);
  EXPECT_NE((*snap)->state().FindNode(Id(3)), nullptr);
}

TEST_F(GcTest, LeavesObjectsOfANewerWriterAndForeignKeysAlone) {
  auto old_writer = Open();
  auto new_writer = Open();
  Commit(*new_writer, 1);  // the first to commit claims the namespace
  ASSERT_TRUE(store_
                  ->Put("graph/wal/00000000000000ff-0000000000000001-00000000.wal", "x",
                        PutOptions::IfAbsent())
                  .ok());
  ASSERT_TRUE(store_->Put("graph/notes.txt", "keep me", PutOptions::IfAbsent()).ok());
  auto gc = new_writer->CollectGarbage(0);
  ASSERT_TRUE(gc.ok());
  EXPECT_EQ(gc->deleted, 0u);
  EXPECT_TRUE(store_->Head("graph/wal/00000000000000ff-0000000000000001-00000000.wal").ok());
  EXPECT_TRUE(store_->Head("graph/notes.txt").ok());
  // A writer that lost the namespace refuses to collect at all.
  EXPECT_TRUE(old_writer->CommitBatch().ok());  // nothing staged: no swap attempted
  ASSERT_TRUE(old_writer->UpsertNode({"P"}, Id(9), {}).ok());
  EXPECT_TRUE(old_writer->CommitBatch().status().Is(StatusCode::kConflict));
  EXPECT_TRUE(old_writer->CollectGarbage(0).status().Is(StatusCode::kConflict));
}

TEST_F(GcTest, AFailingStoreNeverDamagesTheNamespace) {
  bool reached = true;
  for (uint64_t fail_at = 0; reached; ++fail_at) {
    SCOPED_TRACE("fail at operation " + std::to_string(fail_at));
    store_ = std::make_shared<MemoryStore>();
    {
      auto w = Open();
      Commit(*w, 1);
      Commit(*w, 2);
      ASSERT_TRUE(w->Flush().ok());
      Commit(*w, 3);
    }
    auto faulty = std::make_shared<FaultStore>(store_);
    auto w = Open(faulty);
    faulty->FailAt(fail_at, FaultStore::When::kBefore);
    now_ += 10'000;
    (void)w->CollectGarbage(0);
    reached = faulty->operation_count() > fail_at;  // else the GC ran clean: done
    auto snap = Read();
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    EXPECT_EQ((*snap)->state().stats().nodes, 3u);
    faulty->Reset();
    auto again = Open();
    ASSERT_TRUE(again->CollectGarbage(0).ok());
    EXPECT_EQ((*Read())->state().stats().nodes, 3u);
  }
}

TEST_F(GcTest, FlushesAndCompactionsCollectOnTheirOwnAndTheManifestStaysBounded) {
  WriterOptions options;
  options.now_ms = [this] { return now_; };
  options.gc_grace_ms = 60'000;
  options.compact_after_runs = 3;
  auto w = WriterSession::Open(store_, "graph", options);
  ASSERT_TRUE(w.ok());
  std::vector<size_t> manifest_sizes;
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 3; ++i) Commit(**w, round * 3 + i);
    ASSERT_TRUE((*w)->Flush().ok());
    now_ += 30'000;  // each flush retires what the one two rounds back did
    manifest_sizes.push_back(store_->Get("graph/manifest.json")->data.size());
  }
  // The retired list holds what was retired within the grace period: a
  // WAL range per flush and the tables of a compaction, never the past.
  EXPECT_LE((*w)->manifest().retired.size(), 30u);
  EXPECT_LE(manifest_sizes.back(), manifest_sizes[5] + 4096) << manifest_sizes[5];
  // And the store holds the live objects and those retired within the
  // grace period, not every object ever written.
  std::set<std::string> live{"graph/manifest.json", "graph/" + (*w)->manifest().checkpoint};
  for (const auto& t : (*w)->manifest().tables) live.insert("graph/" + t.key);
  size_t keys = Keys().size();
  EXPECT_LE(keys, live.size() + (*w)->manifest().retired.size() * 12);
  now_ += 60'000;
  auto gc = (*w)->CollectGarbage(60'000);
  ASSERT_TRUE(gc.ok());
  EXPECT_EQ(gc->kept, 0u);
  EXPECT_TRUE((*w)->manifest().retired.empty());
  std::vector<std::string> left = Keys();
  EXPECT_EQ(std::set<std::string>(left.begin(), left.end()), live);
  auto snap = Read();
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ((*snap)->state().stats().nodes, 120u);
}

TEST_F(GcTest, AReaderPinnedToAnOldVersionKeepsReadingWithinTheGracePeriod) {
  WriterOptions options;
  options.now_ms = [this] { return now_; };
  options.gc_grace_ms = 60'000;
  options.compact_after_runs = 0;
  auto w = WriterSession::Open(store_, "graph", options);
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 50; ++i) Commit(**w, i);
  ASSERT_TRUE((*w)->Flush().ok());
  Commit(**w, 50);
  ASSERT_TRUE((*w)->Flush().ok());
  // Pinned before the compaction replaces every table it reads.
  auto layout = NamespaceLayout::Make("", "graph");
  auto pinned = GraphReader::Open(store_, *layout, std::make_shared<BlockCache>(0));
  ASSERT_TRUE(pinned.ok());
  ASSERT_TRUE((*w)->Compact().ok());  // collects too: the old tables are kept
  now_ += 59'000;
  ASSERT_TRUE((*w)->CollectGarbage(60'000).ok());
  auto nodes = (*pinned)->ScanLabel("P");
  ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
  EXPECT_EQ(nodes->size(), 51u);
  now_ += 2'000;
  ASSERT_TRUE((*w)->CollectGarbage(60'000).ok());
  auto late = (*pinned)->ScanLabel("P");  // no cache: reads the tables again
  EXPECT_TRUE(late.status().Is(StatusCode::kCorruption)) << late.status().ToString();
}

TEST_F(GcTest, ACommitFlushesOnceTheWalHoldsEnoughSegments) {
  WriterOptions options;
  options.now_ms = [this] { return now_; };
  options.flush_after_wal_segments = 10;
  auto w = WriterSession::Open(store_, "graph", options);
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 25; ++i) {
    Commit(**w, i);
    EXPECT_LT((*w)->manifest().wal.size(), 10u);
  }
  EXPECT_EQ((*w)->manifest().flushed_lsn, 20u);
  EXPECT_EQ((*Read())->state().stats().nodes, 25u);
}

}  // namespace
}  // namespace namidb
