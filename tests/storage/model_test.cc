// A randomized model test of the writer and the read path: thousands of
// random upserts, tombstones, commits, discards, flushes and reopens, checked after
// every step against a plain in-memory model. The seed is printed on failure;
// NAMIDB_SEED reruns one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>

#include "core/hash.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

struct ModelNode {
  std::vector<std::string> labels;
  ValueMap properties;
  bool operator==(const ModelNode&) const = default;
};
struct ModelEdge {
  std::string type;
  Uuid src, dst;
  ValueMap properties;
  bool operator==(const ModelEdge&) const = default;
};
struct Model {
  std::map<Uuid, ModelNode> nodes;
  std::map<Uuid, ModelEdge> edges;
};

void ExpectMatches(const GraphState& state, const Model& model) {
  std::vector<Uuid> ids = state.NodeIds();
  ASSERT_EQ(ids.size(), model.nodes.size());
  for (const auto& [id, node] : model.nodes) {
    const NodeRecord* r = state.FindNode(id);
    ASSERT_NE(r, nullptr) << id.ToString();
    EXPECT_EQ(r->labels, node.labels);
    EXPECT_EQ(r->properties, node.properties);
  }
  EXPECT_EQ(state.stats().nodes, model.nodes.size());
  EXPECT_EQ(state.stats().edges, model.edges.size());
  std::map<std::string, uint64_t> label_counts;
  for (const auto& [id, node] : model.nodes) {
    for (const auto& l : node.labels) label_counts[l]++;
    std::vector<Uuid> out;
    for (const auto& [eid, e] : model.edges) {
      if (e.src == id) out.push_back(eid);
    }
    ASSERT_EQ(state.OutEdges(id), out);
  }
  for (const auto& [label, count] : label_counts) EXPECT_EQ(state.stats().labels.at(label), count);
  for (const auto& [eid, e] : model.edges) {
    const EdgeRecord* r = state.FindEdge(eid);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->type, e.type);
    EXPECT_EQ(r->src, e.src);
    EXPECT_EQ(r->dst, e.dst);
    EXPECT_EQ(r->properties, e.properties);
  }
}

TEST(StorageModel, RandomOperationsMatchAPlainModel) {
  uint64_t seed = std::getenv("NAMIDB_SEED")
                      ? std::strtoull(std::getenv("NAMIDB_SEED"), nullptr, 10)
                      : std::random_device{}();
  SCOPED_TRACE("NAMIDB_SEED=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> labels = {"A", "B", "C"};
  const std::vector<std::string> types = {"KNOWS", "LIKES"};

  auto store = std::make_shared<MemoryStore>();
  auto layout = *NamespaceLayout::Make("", "model");
  std::unique_ptr<WriterSession> writer = std::move(WriterSession::Open(store, "model")).value();
  Model committed, working;

  for (int step = 0; step < 3000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    int op = static_cast<int>(pick(100));
    if (op < 35) {
      Uuid id = NameBasedUuid("n" + std::to_string(pick(40)));
      ModelNode node;
      for (const auto& l : labels)
        if (rng() & 1) node.labels.push_back(l);
      node.properties.Set("v", Value::Int(static_cast<int64_t>(pick(1000))));
      if (rng() & 1) node.properties.Set("s", Value::String(std::string(pick(5), 'x')));
      ASSERT_TRUE(writer->UpsertNode(node.labels, id, node.properties).ok());
      working.nodes[id] = node;
    } else if (op < 60 && working.nodes.size() >= 1) {
      auto src = std::next(working.nodes.begin(), pick(working.nodes.size()))->first;
      auto dst = std::next(working.nodes.begin(), pick(working.nodes.size()))->first;
      std::string type = types[pick(types.size())];
      std::optional<Uuid> explicit_id;
      if (rng() % 3 == 0) explicit_id = NameBasedUuid("e" + std::to_string(rng()));
      ValueMap props{{"w", Value::Float(static_cast<double>(pick(100)) / 4)}};
      auto id = writer->UpsertEdge(type, src, dst, props, explicit_id);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      working.edges[*id] = ModelEdge{type, src, dst, props};
    } else if (op < 68 && !working.nodes.empty()) {
      Uuid id = std::next(working.nodes.begin(), pick(working.nodes.size()))->first;
      ASSERT_TRUE(writer->TombstoneNode(id).ok());
      working.nodes.erase(id);
      std::erase_if(working.edges,
                    [&](const auto& e) { return e.second.src == id || e.second.dst == id; });
    } else if (op < 74 && !working.edges.empty()) {
      Uuid id = std::next(working.edges.begin(), pick(working.edges.size()))->first;
      ASSERT_TRUE(writer->TombstoneEdge(id).ok());
      working.edges.erase(id);
    } else if (op < 88) {
      ASSERT_TRUE(writer->CommitBatch().ok());
      committed = working;
      auto snap = Snapshot::Open(*store, layout);
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      ExpectMatches((*snap)->state(), committed);
      EXPECT_EQ((*snap)->manifest().stats, (*snap)->state().stats());
    } else if (op < 91) {
      writer->DiscardBatch();
      working = committed;
    } else if (op < 94) {
      writer->DiscardBatch();
      working = committed;
      ASSERT_TRUE(writer->Flush().ok());
      auto snap = Snapshot::Open(*store, layout);
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      ExpectMatches((*snap)->state(), committed);
    } else {
      writer.reset();  // staged changes die with the session
      auto reopened = WriterSession::Open(store, "model");
      ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
      writer = std::move(reopened).value();
      working = committed;
    }
    ExpectMatches(writer->state(), working);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace namidb
