// A lost manifest: opening is a typed error (never an empty namespace that
// the next commit would orphan everything under), and RecoverManifest
// rebuilds the newest consistent state from the checkpoints and WAL
// segments, every acknowledged commit included.
#include "storage/recovery.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <utility>

#include "core/hash.h"
#include "storage/graph_reader.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#include "store/fault_store.h"
#include "store/local_file_store.h"
#include "store/memory_store.h"
#include "support/forwarding_store.h"
#include "support/temp_dir.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("recovery-node-" + std::to_string(n)); }

// Everything a snapshot holds, comparable.
struct Dump {
  std::map<Uuid, std::pair<std::vector<std::string>, ValueMap>> nodes;
  std::map<Uuid, std::tuple<std::string, Uuid, Uuid, ValueMap>> edges;
  GraphStats stats;
  std::vector<SchemaEntry> schema;
  uint64_t last_lsn = 0;
  friend bool operator==(const Dump&, const Dump&) = default;
};

class RecoveryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      store_ = std::make_shared<MemoryStore>();
    } else {
      store_ = std::make_shared<LocalFileStore>(dir_.path());
    }
  }
  std::unique_ptr<WriterSession> Open(std::shared_ptr<ObjectStore> store = nullptr) {
    WriterOptions options;
    options.table_target_bytes = 600;  // several tables per kind
    options.compact_after_runs = 0;
    auto w = WriterSession::Open(store ? store : store_, "graph", options);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return w.ok() ? std::move(*w) : nullptr;
  }
  Dump Read() {
    auto snap = Snapshot::Open(*store_, layout_);
    EXPECT_TRUE(snap.ok()) << snap.status().ToString();
    Dump d;
    if (!snap.ok()) return d;
    const GraphState& s = (*snap)->state();
    for (const Uuid& id : s.NodeIds()) {
      const NodeRecord* r = s.FindNode(id);
      d.nodes[id] = {r->labels, r->properties};
    }
    for (const Uuid& id : s.EdgeIds()) {
      const EdgeRecord* r = s.FindEdge(id);
      d.edges[id] = {r->type, r->src, r->dst, r->properties};
    }
    d.stats = (*snap)->manifest().stats;
    EXPECT_EQ(d.stats, s.stats());
    d.schema = (*snap)->manifest().schema;
    d.last_lsn = (*snap)->manifest().last_lsn;
    return d;
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
  void LoseManifest() { ASSERT_TRUE(store_->Delete(layout_.ManifestKey()).ok()); }

  testing::TempDir dir_;
  std::shared_ptr<ObjectStore> store_;
  NamespaceLayout layout_ = *NamespaceLayout::Make("", "graph");
};

TEST_P(RecoveryTest, AMissingManifestIsATypedErrorForWritersAndReaders) {
  {
    auto w = Open();
    ASSERT_TRUE(w->UpsertNode({"P"}, Id(1), {}).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
  }
  LoseManifest();
  auto writer = WriterSession::Open(store_, "graph");
  ASSERT_TRUE(writer.status().Is(StatusCode::kManifestMissing)) << writer.status().ToString();
  EXPECT_NE(writer.status().message().find("graph/wal/"), std::string::npos)
      << writer.status().message();
  EXPECT_NE(writer.status().message().find("recover"), std::string::npos);
  auto reader = GraphReader::Open(store_, layout_, std::make_shared<BlockCache>());
  EXPECT_TRUE(reader.status().Is(StatusCode::kManifestMissing)) << reader.status().ToString();
  EXPECT_TRUE(Snapshot::Open(*store_, layout_).status().Is(StatusCode::kManifestMissing));
  EXPECT_EQ(Keys().size(), 1u);  // nothing was written
}

// Forwards to a store; its first listing runs `before_list` first (another
// process acting between an opener's read of the manifest and its listing).
class ActsBeforeListing final : public testing::ForwardingStore {
 public:
  ActsBeforeListing(std::shared_ptr<ObjectStore> inner, std::function<void()> before_list)
      : ForwardingStore(std::move(inner)), before_list_(std::move(before_list)) {}
  Result<ListPage> List(std::string_view prefix, const ListOptions& options) override {
    if (before_list_) std::exchange(before_list_, nullptr)();
    return inner().List(prefix, options);
  }

 private:
  std::function<void()> before_list_;
};

TEST_P(RecoveryTest, ANamespaceAnotherWriterCreatesWhileItOpensIsOpenedNotLost) {
  auto racing = std::make_shared<ActsBeforeListing>(store_, [this] {
    auto first = Open();
    ASSERT_TRUE(first->UpsertNode({"P"}, Id(1), {}).ok());
    ASSERT_TRUE(first->CommitBatch().ok());
  });
  auto second = WriterSession::Open(racing, "graph");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  // It opened the version the first writer committed.
  auto seen = (*second)->view().LookupNode(Id(1));
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->has_value());
}

TEST_P(RecoveryTest, ANewNamespaceCostsOneReadAndAOneKeyListing) {
  auto faulty = std::make_shared<FaultStore>(store_);
  ASSERT_TRUE(faulty->Put("other/wal/x", "not ours", PutOptions::IfAbsent()).ok());
  faulty->Reset();
  uint64_t before = faulty->operation_count();
  auto w = WriterSession::Open(faulty, "graph");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  auto log = faulty->log();
  ASSERT_EQ(faulty->operation_count() - before, 2u);
  EXPECT_EQ(log[log.size() - 2].op, FaultStore::Op::kGet);
  EXPECT_EQ(log.back().op, FaultStore::Op::kList);
  EXPECT_EQ(log.back().key, "graph/");
  EXPECT_TRUE(GraphReader::Open(faulty, layout_, std::make_shared<BlockCache>())
                  .status()
                  .Is(StatusCode::kNotFound));
}

TEST_P(RecoveryTest, RecoversEveryAcknowledgedCommitAfterFlushesCompactionsAndGc) {
  std::mt19937_64 rng(GetParam() == "memory" ? 7 : 11);
  auto w = Open();
  int next = 0;
  for (int round = 0; round < 12; ++round) {
    for (int c = 0; c < 3; ++c) {
      for (int i = 0; i < 4; ++i, ++next) {
        ValueMap props{{"n", Value::Int(next)}, {"s", Value::String(std::string(rng() % 40, 'x'))}};
        ASSERT_TRUE(w->UpsertNode({rng() % 2 ? "A" : "B"}, Id(next), props).ok());
        if (next > 0 && w->view().LookupNode(Id(next - 1))->has_value()) {
          ASSERT_TRUE(w->UpsertEdge("NEXT", Id(next - 1), Id(next), {}).ok());
        }
      }
      Uuid victim = Id(static_cast<int>(rng() % next));
      if (next > 10 && rng() % 3 == 0 && w->view().LookupNode(victim)->has_value()) {
        ASSERT_TRUE(w->TombstoneNode(victim).ok());
      }
      auto committed = w->CommitBatch();
      ASSERT_TRUE(committed.ok()) << committed.status().ToString();
    }
    if (round % 3 == 0) {
      ASSERT_TRUE(w->Flush().ok());
    }
    if (round % 4 == 1) {
      ASSERT_TRUE(w->Compact().ok());
    }
    if (round == 5) {
      ASSERT_TRUE(w->SetSchema({{"by_n", "index", "A", "n", {}}}).ok());
    }
    if (round % 5 == 2) {
      ASSERT_TRUE(w->CollectGarbage(0).ok());
    }
  }
  // Commits after the last flush stay in the WAL.
  ASSERT_TRUE(w->UpsertNode({"A"}, Id(999), {}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  w.reset();
  Dump before = Read();
  ASSERT_GT(before.nodes.size(), 20u);

  LoseManifest();
  auto report = RecoverManifest(store_, "graph");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->checkpoint.empty());
  EXPECT_GE(report->wal_segments, 1u);
  EXPECT_TRUE(report->forks.empty());
  EXPECT_EQ(report->last_lsn, before.last_lsn);
  Dump after = Read();
  EXPECT_EQ(after.nodes, before.nodes);
  EXPECT_EQ(after.edges, before.edges);
  EXPECT_EQ(after.stats, before.stats);
  EXPECT_EQ(after.schema, before.schema);

  // A writer continues; what recovery listed nowhere waits out the grace
  // period, then goes.
  auto again = Open();
  ASSERT_TRUE(again);
  ASSERT_TRUE(again->UpsertNode({"A"}, Id(1000), {}).ok());
  ASSERT_TRUE(again->CommitBatch().ok());
  auto kept = again->CollectGarbage(kDefaultGcGraceMs);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->kept, report->retired);
  ASSERT_TRUE(again->Flush().ok());
  ASSERT_TRUE(again->CollectGarbage(0).ok());
  Dump last = Read();
  EXPECT_EQ(last.nodes.size(), before.nodes.size() + 1);
}

TEST_P(RecoveryTest, WithoutACheckpointTheWalFromTheFirstCommitIsReplayed) {
  auto w = Open();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(w->UpsertNode({"P"}, Id(i), ValueMap{{"i", Value::Int(i)}}).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
  }
  w.reset();
  Dump before = Read();
  LoseManifest();
  auto report = RecoverManifest(store_, "graph");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->checkpoint, "");
  EXPECT_EQ(report->wal_segments, 5u);
  EXPECT_EQ(Read(), before);
}

TEST_P(RecoveryTest, TheChainFollowsTheWriterThatWonARace) {
  // Run a few times: the random names put the loser's segment before or
  // after the winner's in key order, and the chain must not care.
  for (int attempt = 0; attempt < 6; ++attempt) {
    SCOPED_TRACE("attempt " + std::to_string(attempt));
    SetUp();
    for (const auto& k : Keys()) ASSERT_TRUE(store_->Delete(k).ok());
    auto winner = Open();
    ASSERT_TRUE(winner->UpsertNode({"P"}, Id(0), {}).ok());
    ASSERT_TRUE(winner->CommitBatch().ok());
    auto faulty = std::make_shared<FaultStore>(store_);
    auto loser = Open(faulty);
    ASSERT_TRUE(loser->UpsertNode({"Lost"}, Id(1), {}).ok());
    ASSERT_TRUE(winner->UpsertNode({"Won"}, Id(2), {}).ok());
    ASSERT_TRUE(winner->CommitBatch().ok());
    // The loser's segment stays behind (its delete fails, as if it died).
    faulty->FailNext(FaultStore::Op::kDelete, FaultStore::When::kBefore);
    ASSERT_TRUE(loser->CommitBatch().status().Is(StatusCode::kConflict));
    ASSERT_TRUE(winner->UpsertNode({"Won"}, Id(3), {}).ok());
    ASSERT_TRUE(winner->CommitBatch().ok());
    winner.reset();
    Dump before = Read();
    LoseManifest();
    auto report = RecoverManifest(store_, "graph");
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->forks.empty());
    EXPECT_EQ(Read(), before);
  }
}

TEST_P(RecoveryTest, RefusesWhenThereIsNothingToRecoverOrNoConsistentState) {
  EXPECT_TRUE(RecoverManifest(store_, "graph").status().Is(StatusCode::kNotFound));
  auto w = Open();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(w->UpsertNode({"P"}, Id(i), {}).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
  }
  EXPECT_TRUE(RecoverManifest(store_, "graph").status().Is(StatusCode::kAlreadyExists));
  // A segment in the middle of the chain is gone: the later one cannot be placed.
  std::string middle;
  for (const auto& k : Keys()) {
    auto name = NamespaceLayout::Parse(layout_.Relative(k));
    if (name && name->type == ObjectName::Type::kWal && name->lsn == 2) middle = k;
  }
  ASSERT_FALSE(middle.empty());
  ASSERT_TRUE(store_->Delete(middle).ok());
  LoseManifest();
  auto keys = Keys();
  auto gap = RecoverManifest(store_, "graph");
  ASSERT_TRUE(gap.status().Is(StatusCode::kCorruption)) << gap.status().ToString();
  EXPECT_NE(gap.status().message().find("nothing was changed"), std::string::npos);
  EXPECT_EQ(Keys(), keys);
}

INSTANTIATE_TEST_SUITE_P(Stores, RecoveryTest, ::testing::Values("memory", "file"));

}  // namespace
}  // namespace namidb
