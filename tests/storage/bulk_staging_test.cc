// Bulk staging (WriterSession::UpsertNodes / UpsertEdges): the same checks
// and results as staging one element at a time, all or nothing, with errors
// that name the element, and store reads that do not grow with the number
// of elements.
#include <gtest/gtest.h>

#include "core/hash.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/forwarding_store.h"
#include "support/graph_view.h"

namespace namidb {
namespace {

using testing::Node;
using testing::OutEdgeIds;

Uuid Id(int n) { return NameBasedUuid("bulk-node-" + std::to_string(n)); }

// Forwards to a store, counting the batched reads (GetMany calls) and the
// objects they asked for.
class CountingStore final : public testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override {
    ++get_many;
    gets += requests.size();
    return inner().GetMany(requests);
  }
  void Reset() { get_many = gets = 0; }
  uint64_t get_many = 0;
  uint64_t gets = 0;
};

std::vector<NodeUpsert> People(int from, int to) {
  std::vector<NodeUpsert> nodes;
  for (int n = from; n < to; ++n) {
    nodes.push_back({{"Person"}, Id(n), ValueMap{{"n", Value::Int(n)}}});
  }
  return nodes;
}

// `count` distinct KNOWS edges among the first `nodes` people (count <
// nodes * (nodes - 1)), `count / nodes` from each of the first ones.
std::vector<EdgeUpsert> Knows(int count, int nodes) {
  std::vector<EdgeUpsert> edges;
  for (int i = 0; i < count; ++i) {
    int a = i % nodes, b = (a + 1 + i / nodes) % nodes;
    edges.push_back({"KNOWS", Id(a), Id(b), ValueMap{{"i", Value::Int(i)}}, std::nullopt});
  }
  return edges;
}

class BulkStagingTest : public ::testing::Test {
 protected:
  // A namespace of `nodes` people in data files (flushed, so the endpoint
  // checks read tables), and a fresh writer on it whose block cache holds
  // nothing, so that every block a check needs is a store read.
  void SetUpFlushed(int nodes, uint64_t live_nodes_bytes = kDefaultLiveNodesBytes) {
    {
      auto w = std::move(WriterSession::Open(memory_, "graph")).value();
      auto people = People(0, nodes);
      ASSERT_TRUE(w->UpsertNodes(people).ok());
      ASSERT_TRUE(w->CommitBatch().ok());
      ASSERT_TRUE(w->Flush().ok());
    }
    WriterOptions options;
    options.cache = std::make_shared<BlockCache>(1);
    options.live_nodes_bytes = live_nodes_bytes;
    writer_ = std::move(WriterSession::Open(counting_, "graph", options)).value();
    counting_->Reset();
  }

  std::shared_ptr<MemoryStore> memory_ = std::make_shared<MemoryStore>();
  std::shared_ptr<CountingStore> counting_ = std::make_shared<CountingStore>(memory_);
  std::unique_ptr<WriterSession> writer_;
};

TEST_F(BulkStagingTest, StoreReadsDoNotGrowWithTheNumberOfEdges) {
  SetUpFlushed(200, /*live_nodes_bytes=*/0);  // every call reads its endpoints
  // One at a time, every edge reads its endpoints' blocks again.
  for (auto& e : Knows(20, 200)) {
    ASSERT_TRUE(writer_->UpsertEdge(e.type, e.src, e.dst, e.properties).ok());
  }
  const uint64_t one_at_a_time = counting_->get_many;
  EXPECT_GE(one_at_a_time, 20u);
  writer_->DiscardBatch();

  counting_->Reset();
  auto few = Knows(20, 200);
  ASSERT_TRUE(writer_->UpsertEdges(few).ok());
  const uint64_t reads_for_20 = counting_->get_many;
  EXPECT_EQ(writer_->staged(), 20u);
  writer_->DiscardBatch();

  counting_->Reset();
  auto many = Knows(1000, 200);
  ASSERT_TRUE(writer_->UpsertEdges(many).ok());
  EXPECT_EQ(writer_->staged(), 1000u);
  // One batched read of the endpoints (no edge table exists to look old
  // versions up in), whatever the number of edges.
  EXPECT_EQ(reads_for_20, 1u);
  EXPECT_EQ(counting_->get_many, reads_for_20);
  ASSERT_TRUE(writer_->CommitBatch().ok());
  EXPECT_EQ(OutEdgeIds(writer_->view(), Id(0)).size(), 1000u / 200u);
}

TEST_F(BulkStagingTest, OldVersionsOfFlushedEdgesAreReadInOneBatchedRead) {
  SetUpFlushed(200);
  auto first = Knows(500, 200);
  ASSERT_TRUE(writer_->UpsertEdges(first).ok());
  ASSERT_TRUE(writer_->CommitBatch().ok());
  ASSERT_TRUE(writer_->Flush().ok());
  GraphStats before = writer_->stats();
  counting_->Reset();
  // The same edges again with new properties: updates, not new edges.
  auto again = Knows(500, 200);
  for (auto& e : again) e.properties = ValueMap{{"again", Value::Bool(true)}};
  ASSERT_TRUE(writer_->UpsertEdges(again).ok());
  EXPECT_LE(counting_->get_many, 2u);  // endpoints, then old edge versions
  EXPECT_EQ(writer_->stats().edges, before.edges);
  ASSERT_TRUE(writer_->CommitBatch().ok());
  auto edges = OutEdgeIds(writer_->view(), Id(1));
  ASSERT_FALSE(edges.empty());
  auto record = writer_->view().LookupEdge(edges.front());
  ASSERT_TRUE(record.ok() && *record);
  EXPECT_EQ(*(*record)->properties.Find("again"), Value::Bool(true));
  EXPECT_EQ((*record)->properties.Find("i"), nullptr);
}

TEST_F(BulkStagingTest, AMissingEndpointIsNamedWithItsElementAndNothingIsStaged) {
  SetUpFlushed(50);
  ASSERT_TRUE(writer_->UpsertNode({"Person"}, Id(1000), ValueMap()).ok());  // staged before
  // Eleven good edges (the call moves from them, so each call gets its own).
  auto good = [] {
    auto edges = Knows(10, 50);
    edges.push_back({"KNOWS", Id(1000), Id(2), ValueMap(), std::nullopt});  // a staged node counts
    return edges;
  };
  auto edges = good();
  edges.push_back({"KNOWS", Id(3), Id(999), ValueMap(), std::nullopt});  // no node 999
  GraphStats before = writer_->stats();
  Status s = writer_->UpsertEdges(edges);
  EXPECT_TRUE(s.Is(StatusCode::kNotFound)) << s.ToString();
  EXPECT_EQ(s.message(), "element 11: no node " + Id(999).ToString() + " to end an edge");
  EXPECT_EQ(writer_->staged(), 1u);
  EXPECT_EQ(writer_->stats().edges, before.edges);
  EXPECT_TRUE(OutEdgeIds(writer_->view(), Id(0)).empty());

  edges = good();
  edges.push_back({"KNOWS", Id(998), Id(3), ValueMap(), std::nullopt});
  s = writer_->UpsertEdges(edges);
  EXPECT_EQ(s.message(), "element 11: no node " + Id(998).ToString() + " to start an edge");
  edges = good();
  ASSERT_TRUE(writer_->UpsertEdges(edges).ok());
  EXPECT_EQ(writer_->staged(), 12u);
  EXPECT_EQ(OutEdgeIds(writer_->view(), Id(1000)).size(), 1u);
}

TEST_F(BulkStagingTest, ATombstonedNodeIsNoEndpoint) {
  SetUpFlushed(20);
  ASSERT_TRUE(writer_->TombstoneNode(Id(5)).ok());
  std::vector<EdgeUpsert> edges{{"KNOWS", Id(1), Id(2), ValueMap(), std::nullopt},
                                {"KNOWS", Id(5), Id(2), ValueMap(), std::nullopt}};
  Status s = writer_->UpsertEdges(edges);
  EXPECT_EQ(s.message(), "element 1: no node " + Id(5).ToString() + " to start an edge");
  EXPECT_EQ(writer_->staged(), 1u);
}

TEST_F(BulkStagingTest, AnEdgeIdWithOtherEndpointsIsRefusedByElement) {
  SetUpFlushed(20);
  Uuid edge = NameBasedUuid("the-edge");
  std::vector<EdgeUpsert> first{{"KNOWS", Id(1), Id(2), ValueMap(), edge}};
  ASSERT_TRUE(writer_->UpsertEdges(first).ok());
  ASSERT_TRUE(writer_->CommitBatch().ok());
  ASSERT_TRUE(writer_->Flush().ok());
  // Within one call too: the second use of an id sees the first.
  std::vector<EdgeUpsert> edges{{"KNOWS", Id(3), Id(4), ValueMap(), NameBasedUuid("other")},
                                {"KNOWS", Id(1), Id(2), ValueMap{{"k", Value::Int(1)}}, edge},
                                {"LIKES", Id(1), Id(2), ValueMap(), edge}};
  Status s = writer_->UpsertEdges(edges);
  EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument)) << s.ToString();
  EXPECT_EQ(s.message(),
            "element 2: edge " + edge.ToString() + " exists with another type or endpoints");
  EXPECT_EQ(writer_->staged(), 0u);
  std::vector<EdgeUpsert> repeated{{"KNOWS", Id(3), Id(4), ValueMap(), NameBasedUuid("other")},
                                   {"KNOWS", Id(3), Id(5), ValueMap(), NameBasedUuid("other")}};
  s = writer_->UpsertEdges(repeated);
  EXPECT_EQ(s.message(), "element 1: edge " + NameBasedUuid("other").ToString() +
                             " exists with another type or endpoints");
  EXPECT_EQ(writer_->staged(), 0u);
  EXPECT_EQ(writer_->stats().edges, 1u);
}

TEST_F(BulkStagingTest, NodesReplaceTheirOldVersionsWithExactCounts) {
  SetUpFlushed(100);
  // Updates of flushed nodes, a new node, and one node twice in one call.
  auto nodes = People(90, 110);
  nodes.push_back({{"Person", "Admin"}, Id(95), ValueMap{{"n", Value::Int(-95)}}});
  counting_->Reset();
  ASSERT_TRUE(writer_->UpsertNodes(nodes).ok());
  EXPECT_EQ(counting_->get_many, 1u);
  EXPECT_EQ(writer_->stats().nodes, 110u);
  EXPECT_EQ(writer_->stats().labels.at("Admin"), 1u);
  EXPECT_EQ(*Node(writer_->view(), Id(95))->properties.Find("n"), Value::Int(-95));
  ASSERT_TRUE(writer_->CommitBatch().ok());
  EXPECT_EQ(writer_->stats().nodes, 110u);
}

TEST_F(BulkStagingTest, ARefusedNodeIsNamedAndTheCallStagesNothing) {
  SetUpFlushed(10);
  auto nodes = People(10, 20);
  nodes[4].labels = {"Person", ""};
  GraphStats before = writer_->stats();
  Status s = writer_->UpsertNodes(nodes);
  EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument)) << s.ToString();
  EXPECT_EQ(s.message(), "element 4: labels must not be empty strings");
  EXPECT_EQ(writer_->staged(), 0u);
  EXPECT_EQ(writer_->stats().nodes, before.nodes);
  EXPECT_FALSE(Node(writer_->view(), Id(10)));
  std::vector<EdgeUpsert> edges{{"", Id(1), Id(2), ValueMap(), std::nullopt}};
  s = writer_->UpsertEdges(edges);
  EXPECT_EQ(s.message(), "element 0: an edge type must not be empty");
}

TEST_F(BulkStagingTest, ALargeCallReadsInChunksWithTheSameResult) {
  const int kNodes = 3 * static_cast<int>(WriterSession::kStagingLookupChunk);
  SetUpFlushed(kNodes);
  auto edges = Knows(2 * kNodes, kNodes);
  ASSERT_TRUE(writer_->UpsertEdges(edges).ok());
  // Every node is an endpoint: the endpoints take three chunks.
  EXPECT_EQ(counting_->get_many, 3u);
  EXPECT_EQ(writer_->stats().edges, static_cast<uint64_t>(2 * kNodes));
  EXPECT_EQ(OutEdgeIds(writer_->view(), Id(7)).size(), 2u);
  ASSERT_TRUE(writer_->CommitBatch().ok());
}

// An endpoint confirmed live is not read again in the session: the second
// call over the same endpoints makes no node read at all.
TEST_F(BulkStagingTest, ASecondCallOverTheSameEndpointsReadsNoNodes) {
  SetUpFlushed(200);
  auto first = Knows(200, 200);  // every node is an endpoint
  ASSERT_TRUE(writer_->UpsertEdges(first).ok());
  EXPECT_GE(counting_->get_many, 1u);
  ASSERT_TRUE(writer_->CommitBatch().ok());
  counting_->Reset();
  auto second = Knows(600, 200);  // new edges (no edge table yet) between the same nodes
  ASSERT_TRUE(writer_->UpsertEdges(std::span(second).subspan(200)).ok());
  EXPECT_EQ(counting_->gets, 0u);
  // One at a time too.
  ASSERT_TRUE(writer_->UpsertEdge("LIKES", Id(7), Id(9), ValueMap()).ok());
  EXPECT_EQ(counting_->gets, 0u);
  ASSERT_TRUE(writer_->CommitBatch().ok());
  EXPECT_EQ(writer_->stats().edges, 601u);
}

TEST_F(BulkStagingTest, ANodeTombstonedBetweenCallsIsStillRefused) {
  SetUpFlushed(50);
  auto first = Knows(50, 50);
  ASSERT_TRUE(writer_->UpsertEdges(first).ok());
  ASSERT_TRUE(writer_->CommitBatch().ok());
  // Staged, then committed: refused both times, in bulk and one at a time.
  ASSERT_TRUE(writer_->TombstoneNode(Id(3)).ok());
  for (bool committed : {false, true}) {
    std::vector<EdgeUpsert> to{{"LIKES", Id(1), Id(3), ValueMap(), std::nullopt}};
    Status s = writer_->UpsertEdges(to);
    EXPECT_EQ(s.message(), "element 0: no node " + Id(3).ToString() + " to end an edge")
        << committed;
    std::vector<EdgeUpsert> from{{"LIKES", Id(3), Id(1), ValueMap(), std::nullopt}};
    s = writer_->UpsertEdges(from);
    EXPECT_EQ(s.message(), "element 0: no node " + Id(3).ToString() + " to start an edge")
        << committed;
    EXPECT_TRUE(
        writer_->UpsertEdge("LIKES", Id(3), Id(1), ValueMap()).status().Is(StatusCode::kNotFound));
    ASSERT_TRUE(writer_->CommitBatch().ok());
  }
  // Upserted again, it is an endpoint again.
  ASSERT_TRUE(writer_->UpsertNode({"Person"}, Id(3), ValueMap()).ok());
  std::vector<EdgeUpsert> again{{"LIKES", Id(1), Id(3), ValueMap(), std::nullopt}};
  EXPECT_TRUE(writer_->UpsertEdges(again).ok());
}

TEST_F(BulkStagingTest, ADiscardedOrRolledBackNodeIsForgotten) {
  SetUpFlushed(20);
  ASSERT_TRUE(writer_->UpsertNode({"Person"}, Id(1000), ValueMap()).ok());
  std::vector<EdgeUpsert> edges{{"KNOWS", Id(1000), Id(1), ValueMap(), std::nullopt}};
  ASSERT_TRUE(writer_->UpsertEdges(edges).ok());
  writer_->DiscardBatch();
  edges = {{"KNOWS", Id(1000), Id(1), ValueMap(), std::nullopt}};
  Status s = writer_->UpsertEdges(edges);
  EXPECT_EQ(s.message(), "element 0: no node " + Id(1000).ToString() + " to start an edge");

  // A unit that fails undoes its nodes, and the set forgets them too.
  s = writer_->StageAll([&]() -> Status {
    NAMIDB_RETURN_IF_ERROR(writer_->UpsertNode({"Person"}, Id(1001), ValueMap()));
    NAMIDB_RETURN_IF_ERROR(writer_->UpsertEdge("KNOWS", Id(1001), Id(1), ValueMap()).status());
    return Status::InvalidArgument("the unit fails");
  });
  ASSERT_TRUE(s.Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(
      writer_->UpsertEdge("KNOWS", Id(1001), Id(1), ValueMap()).status().Is(StatusCode::kNotFound));

  // A tombstone discarded: the node is live again (read again).
  ASSERT_TRUE(writer_->TombstoneNode(Id(2)).ok());
  writer_->DiscardBatch();
  EXPECT_TRUE(writer_->UpsertEdge("KNOWS", Id(2), Id(1), ValueMap()).ok());
  EXPECT_EQ(writer_->staged(), 1u);
}

TEST_F(BulkStagingTest, TheSetOfLiveNodesStaysWithinItsBudget) {
  // 1,024 slots (16 KiB) hold 768 ids: of 1,500 endpoints, 732 are read
  // again, in one chunk (without the set: all of them, in two chunks; with
  // room for all: none).
  SetUpFlushed(1500, /*live_nodes_bytes=*/16 << 10);
  auto edges = Knows(1500, 1500);
  ASSERT_TRUE(writer_->UpsertEdges(edges).ok());
  ASSERT_TRUE(writer_->CommitBatch().ok());
  counting_->Reset();
  edges = Knows(3000, 1500);
  ASSERT_TRUE(writer_->UpsertEdges(std::span(edges).subspan(1500)).ok());
  EXPECT_EQ(counting_->get_many, 1u);
  EXPECT_EQ(writer_->stats().edges, 3000u);
}

// Every node of the blocks an endpoint check reads joins the set, not only
// the endpoints asked for.
TEST_F(BulkStagingTest, TheNodesOfTheBlocksReadJoinTheSet) {
  SetUpFlushed(200);  // 200 small nodes: one block of the node table
  std::vector<EdgeUpsert> one{{"KNOWS", Id(0), Id(1), ValueMap(), std::nullopt}};
  ASSERT_TRUE(writer_->UpsertEdges(one).ok());
  EXPECT_EQ(writer_->live_nodes().size(), 200u);
  counting_->Reset();
  std::vector<EdgeUpsert> others{{"KNOWS", Id(50), Id(150), ValueMap(), std::nullopt},
                                 {"KNOWS", Id(199), Id(7), ValueMap(), std::nullopt}};
  ASSERT_TRUE(writer_->UpsertEdges(others).ok());
  EXPECT_EQ(counting_->gets, 0u);
  ASSERT_TRUE(writer_->UpsertEdge("KNOWS", Id(3), Id(4), ValueMap()).ok());
  EXPECT_EQ(counting_->gets, 0u);
  EXPECT_EQ(writer_->staged(), 4u);
}

// A node tombstoned in a newer run, in the WAL since the last flush, or in
// the staged batch is live in an older block the check reads: it must not
// join the set, and an edge to it is still refused.
TEST_F(BulkStagingTest, ANodeTombstonedBesideABlockReadIsStillRefused) {
  enum class Where { kFlushed, kCommitted, kStaged };
  for (Where where : {Where::kFlushed, Where::kCommitted, Where::kStaged}) {
    memory_ = std::make_shared<MemoryStore>();
    counting_ = std::make_shared<CountingStore>(memory_);
    SetUpFlushed(50);
    ASSERT_TRUE(writer_->TombstoneNode(Id(3)).ok());
    if (where != Where::kStaged) {
      ASSERT_TRUE(writer_->CommitBatch().ok());
      if (where == Where::kFlushed) {
        ASSERT_TRUE(writer_->Flush().ok());
      }
      // A fresh session, whose set is empty and whose cache holds nothing.
      WriterOptions options;
      options.cache = std::make_shared<BlockCache>(1);
      writer_ = std::move(WriterSession::Open(counting_, "graph", options)).value();
    }
    const int case_number = static_cast<int>(where);
    // Reads the block of the first run that holds node 3's live version.
    std::vector<EdgeUpsert> near{{"KNOWS", Id(1), Id(2), ValueMap(), std::nullopt}};
    ASSERT_TRUE(writer_->UpsertEdges(near).ok()) << case_number;
    EXPECT_EQ(writer_->live_nodes().size(), 49u) << case_number;
    std::vector<EdgeUpsert> to{{"LIKES", Id(1), Id(3), ValueMap(), std::nullopt}};
    Status s = writer_->UpsertEdges(to);
    EXPECT_EQ(s.message(), "element 0: no node " + Id(3).ToString() + " to end an edge")
        << case_number;
    EXPECT_TRUE(
        writer_->UpsertEdge("LIKES", Id(3), Id(1), ValueMap()).status().Is(StatusCode::kNotFound))
        << case_number;
  }
}

}  // namespace
}  // namespace namidb
