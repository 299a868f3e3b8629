// A randomized model test of the writer and the read path: thousands of
// random upserts, tombstones, commits, discards, flushes, compactions and
// reopens, checked after every step against a plain in-memory model, through
// the writer's own state, a full load and the on-demand reader (whose runs
// are split into many small tables). The seed is printed on failure;
// NAMIDB_SEED reruns one, NAMIDB_MODEL_STEPS runs longer.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>

#include "core/hash.h"
#include "storage/graph_reader.h"
#include "storage/node_cursor.h"
#include "storage/recovery.h"
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

template <typename Record>
std::vector<Uuid> IdsOf(const std::vector<std::pair<Uuid, Record>>& scanned) {
  std::vector<Uuid> ids;
  for (const auto& [id, r] : scanned) ids.push_back(id);
  return ids;
}

// Every node a cursor hands out, window by window.
std::vector<std::pair<Uuid, NodeRecord>> Drain(NodeCursor& cursor) {
  std::vector<std::pair<Uuid, NodeRecord>> all, window;
  while (true) {
    auto more = cursor.Next(&window);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) return all;
    EXPECT_FALSE(window.empty());
    for (auto& node : window) all.push_back(std::move(node));
  }
}

bool HasLabel(const ModelNode& node, const std::string& label) {
  return std::find(node.labels.begin(), node.labels.end(), label) != node.labels.end();
}

// The scans a window at a time (node_cursor.h), in windows small enough to
// be many: the same nodes as the model, again after a rewind.
void ExpectCursorsMatch(GraphReader& reader, const Model& model,
                        const std::vector<std::string>& labels) {
  for (size_t window : {1, 3, 64}) {
    SCOPED_TRACE("window " + std::to_string(window));
    auto all = NodeCursor::Records(reader, "");
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    (*all)->SetWindowNodes(window);
    for (int pass = 0; pass < 2; ++pass) {
      auto nodes = Drain(**all);
      ASSERT_EQ(nodes.size(), model.nodes.size());
      size_t i = 0;
      for (const auto& [id, node] : model.nodes) {
        EXPECT_EQ(nodes[i].first, id);
        EXPECT_EQ(nodes[i].second.labels, node.labels);
        EXPECT_EQ(nodes[i++].second.properties, node.properties);
      }
      (*all)->Rewind();
    }
    for (const auto& label : labels) {
      SCOPED_TRACE(label);
      std::vector<Uuid> expected;
      for (const auto& [id, node] : model.nodes) {
        if (HasLabel(node, label)) expected.push_back(id);
      }
      auto records = NodeCursor::Records(reader, label);
      auto indexed = NodeCursor::Records(reader, label, NodeFields::kAll, /*from_index=*/true);
      auto ids = NodeCursor::Ids(reader, label);
      const std::vector<std::string> properties = {"s", "v"};
      auto columns = NodeCursor::Columns(reader, label, properties, {});
      ASSERT_TRUE(records.ok() && indexed.ok() && ids.ok() && columns.ok());
      for (auto* cursor : {records->get(), indexed->get(), ids->get(), columns->get()}) {
        cursor->SetWindowNodes(window);
        for (int pass = 0; pass < 2; ++pass) {
          auto nodes = Drain(*cursor);
          EXPECT_EQ(IdsOf(nodes), expected);
          for (const auto& [id, r] : nodes) {
            const ModelNode& node = model.nodes.at(id);
            if (cursor == records->get() || cursor == indexed->get()) {
              EXPECT_EQ(r.labels, node.labels);
              EXPECT_EQ(r.properties, node.properties);
            } else if (cursor == columns->get()) {
              EXPECT_TRUE(r.labels.empty());
              EXPECT_EQ(r.properties, node.properties);  // the model's nodes hold s and v alone
            }
          }
          cursor->Rewind();
        }
      }
      // Conditions skip chunks and values that cannot satisfy them, never a
      // node whose value does.
      struct Case {
        ColumnCompare op;
        Value constant;
        bool (*holds)(const Value& v, const Value& c);
      };
      const Case cases[] = {
          {ColumnCompare::kEq, Value::Int(7),
           [](const Value& v, const Value& c) { return v == c; }},
          {ColumnCompare::kLt, Value::Int(300),
           [](const Value& v, const Value&) { return v.as_int() < 300; }},
          {ColumnCompare::kGe, Value::Float(500.5),
           [](const Value& v, const Value&) { return v.as_int() >= 501; }},
          {ColumnCompare::kGt, Value::String("x"),
           [](const Value&, const Value&) { return false; }},  // a number is not above a string
      };
      for (const Case& c : cases) {
        auto cursor = NodeCursor::Columns(reader, label, {"v"}, {{0, c.op, c.constant}});
        ASSERT_TRUE(cursor.ok());
        (*cursor)->SetWindowNodes(window);
        std::vector<Uuid> satisfying;
        for (const Uuid& id : expected) {
          const Value* v = model.nodes.at(id).properties.Find("v");
          if (v && c.holds(*v, c.constant)) satisfying.push_back(id);
        }
        // Every node's value is checked, from columns, records or the overlay.
        EXPECT_EQ(IdsOf(Drain(**cursor)), satisfying);
      }
    }
  }
}

// Everything the snapshot API answers, against the model.
void ExpectReaderMatches(GraphReader& reader, const Model& model,
                         const std::vector<std::string>& labels,
                         const std::vector<std::string>& types) {
  auto nodes = reader.ScanNodes();
  ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
  ASSERT_EQ(nodes->size(), model.nodes.size());
  std::vector<Uuid> ids;
  for (const auto& [id, node] : model.nodes) ids.push_back(id);
  EXPECT_EQ(IdsOf(*nodes), ids);
  ids.push_back(NameBasedUuid("never-written"));
  auto looked_up = reader.LookupNodes(ids);
  ASSERT_TRUE(looked_up.ok()) << looked_up.status().ToString();
  EXPECT_FALSE(looked_up->back().has_value());
  size_t i = 0;
  for (const auto& [id, node] : model.nodes) {
    const auto& r = (*looked_up)[i++];
    ASSERT_TRUE(r.has_value()) << id.ToString();
    EXPECT_EQ(r->labels, node.labels);
    EXPECT_EQ(r->properties, node.properties);
  }
  auto labels_only = reader.LookupNodes(ids, NodeFields::kLabels);
  ASSERT_TRUE(labels_only.ok()) << labels_only.status().ToString();
  i = 0;
  for (const auto& [id, node] : model.nodes) {
    const auto& r = (*labels_only)[i++];
    ASSERT_TRUE(r.has_value()) << id.ToString();
    EXPECT_EQ(r->labels, node.labels);
    EXPECT_TRUE(r->properties.empty());
  }
  EXPECT_FALSE(labels_only->back().has_value());
  for (const auto& label : labels) {
    auto scanned = reader.ScanLabel(label);
    ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
    std::vector<Uuid> expected;
    for (const auto& [id, node] : model.nodes) {
      if (std::find(node.labels.begin(), node.labels.end(), label) != node.labels.end()) {
        expected.push_back(id);
      }
    }
    EXPECT_EQ(IdsOf(*scanned), expected) << label;
    // The ids alone trust index entries no newer version can contradict.
    auto ids_only = reader.ScanLabelIds(label);
    ASSERT_TRUE(ids_only.ok()) << ids_only.status().ToString();
    EXPECT_EQ(*ids_only, expected) << label;
    uint64_t counted = reader.stats().labels.count(label) ? reader.stats().labels.at(label) : 0;
    EXPECT_EQ(counted, expected.size()) << label;
  }
  ExpectCursorsMatch(reader, model, labels);
  auto edges = reader.ScanEdges();
  ASSERT_TRUE(edges.ok()) << edges.status().ToString();
  std::vector<Uuid> edge_ids;
  for (const auto& [id, e] : model.edges) edge_ids.push_back(id);
  EXPECT_EQ(IdsOf(*edges), edge_ids);
  auto edge_records = reader.LookupEdges(edge_ids);
  ASSERT_TRUE(edge_records.ok());
  i = 0;
  for (const auto& [id, e] : model.edges) {
    const auto& r = (*edge_records)[i++];
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->type, e.type);
    EXPECT_EQ(r->src, e.src);
    EXPECT_EQ(r->dst, e.dst);
    EXPECT_EQ(r->properties, e.properties);
  }
  ids.pop_back();
  for (Direction direction : {Direction::kOut, Direction::kIn}) {
    std::vector<std::string> type_choices = types;
    type_choices.push_back("");
    for (const auto& type : type_choices) {
      auto expanded = reader.ExpandMany(ids, direction, type);
      ASSERT_TRUE(expanded.ok()) << expanded.status().ToString();
      for (size_t n = 0; n < ids.size(); ++n) {
        std::vector<Neighbor> expected;
        for (const auto& [eid, e] : model.edges) {
          const Uuid& from = direction == Direction::kOut ? e.src : e.dst;
          const Uuid& to = direction == Direction::kOut ? e.dst : e.src;
          if (from == ids[n] && (type.empty() || e.type == type)) {
            expected.push_back({eid, to, e.type});
          }
        }
        EXPECT_EQ((*expanded)[n], expected) << "node " << n << " type '" << type << "'";
      }
    }
  }
  EXPECT_EQ(reader.stats().nodes, model.nodes.size());
  EXPECT_EQ(reader.stats().edges, model.edges.size());
}

// NAMIDB_SEED when set (to replay a failure), a random seed otherwise.
uint64_t SeedFromEnvironment() {
  const char* text = std::getenv("NAMIDB_SEED");
  return text ? std::strtoull(text, nullptr, 10) : std::random_device{}();
}

TEST(StorageModel, RandomOperationsMatchAPlainModel) {
  uint64_t seed = SeedFromEnvironment();
  SCOPED_TRACE("NAMIDB_SEED=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> labels = {"A", "B", "C"};
  const std::vector<std::string> types = {"KNOWS", "LIKES"};

  auto store = std::make_shared<MemoryStore>();
  auto layout = *NamespaceLayout::Make("", "model");
  WriterOptions options;
  options.table_target_bytes = 700;  // many tables per run
  options.compact_after_runs = 1 + static_cast<int>(pick(4));
  auto open_writer = [&] { return WriterSession::Open(store, "model", options); };
  std::unique_ptr<WriterSession> writer = std::move(open_writer()).value();
  auto cache = std::make_shared<BlockCache>(64 << 10);
  Model committed, working;
  const int steps =
      std::getenv("NAMIDB_MODEL_STEPS") ? std::atoi(std::getenv("NAMIDB_MODEL_STEPS")) : 3000;

  for (int step = 0; step < steps; ++step) {
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
      // Until something is committed the namespace does not exist.
      if (!snap.ok() && snap.status().Is(StatusCode::kNotFound) && committed.nodes.empty())
        continue;
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      ExpectMatches((*snap)->state(), committed);
      EXPECT_EQ((*snap)->manifest().stats, (*snap)->state().stats());
    } else if (op < 90) {
      writer->DiscardBatch();
      working = committed;
    } else if (op < 94) {
      writer->DiscardBatch();
      working = committed;
      auto flushed = op < 93 ? writer->Flush() : writer->Compact();
      ASSERT_TRUE(flushed.ok()) << flushed.status().ToString();
      if (rng() % 4 == 0) {
        auto gc = writer->CollectGarbage(0);
        ASSERT_TRUE(gc.ok()) << gc.status().ToString();
      }
      auto snap = Snapshot::Open(*store, layout);
      // Until something is committed the namespace does not exist.
      if (!snap.ok() && snap.status().Is(StatusCode::kNotFound) && committed.nodes.empty())
        continue;
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      ExpectMatches((*snap)->state(), committed);
    } else if (op < 97) {
      // The on-demand reader, on a shared small cache that keeps evicting.
      auto reader = GraphReader::Open(store, layout, cache);
      if (!reader.ok() && reader.status().Is(StatusCode::kNotFound) && committed.nodes.empty())
        continue;
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      ExpectReaderMatches(**reader, committed, labels, types);
    } else {
      writer.reset();  // staged changes die with the session
      if ((rng() & 1) && store->Head(layout.ManifestKey()).ok()) {
        // The manifest is lost; recovery rebuilds the committed state.
        ASSERT_TRUE(store->Delete(layout.ManifestKey()).ok());
        auto recovered = RecoverManifest(store, "model");
        auto left = store->ListAll(layout.root() + "/");
        ASSERT_TRUE(left.ok());
        if (left->empty()) {
          // Only the manifest was there (a GC claims a new namespace by
          // creating it): there is nothing to recover, and nothing was lost.
          EXPECT_TRUE(recovered.status().Is(StatusCode::kNotFound))
              << recovered.status().ToString();
          EXPECT_TRUE(committed.nodes.empty() && committed.edges.empty());
        } else {
          ASSERT_TRUE(recovered.ok()) << recovered.status().ToString();
          EXPECT_TRUE(recovered->forks.empty());
          auto snap = Snapshot::Open(*store, layout);
          ASSERT_TRUE(snap.ok()) << snap.status().ToString();
          ExpectMatches((*snap)->state(), committed);
          EXPECT_EQ((*snap)->manifest().stats, (*snap)->state().stats());
        }
      }
      auto reopened = open_writer();
      ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
      writer = std::move(reopened).value();
      working = committed;
    }
    // The writer's own view (read-your-own-writes): counts after every
    // step, every answer every few steps.
    EXPECT_EQ(writer->stats().nodes, working.nodes.size());
    EXPECT_EQ(writer->stats().edges, working.edges.size());
    if (step % 8 == 0) ExpectReaderMatches(writer->view(), working, labels, types);
    if (::testing::Test::HasFailure()) return;
  }
}

// Size-tiered compaction over many small flushes: random upserts and
// tombstones, a flush after each commit, an index created part way (whose
// entries for older nodes land in a newer run); after every flush (and the
// merges it made) and after a full compaction, every answer of a fresh
// reader matches the model, the property index's included, and merges of
// newer runs alone did happen.
TEST(StorageModel, SizeTieredMergesMatchAPlainModelAfterEveryFlush) {
  uint64_t seed = SeedFromEnvironment();
  SCOPED_TRACE("NAMIDB_SEED=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> labels = {"A", "B", "C"};
  const std::vector<std::string> types = {"KNOWS", "LIKES"};
  auto store = std::make_shared<MemoryStore>();
  auto layout = *NamespaceLayout::Make("", "tiered");
  WriterOptions options;
  options.table_target_bytes = 700;  // many tables per run
  options.compact_after_runs = 2 + static_cast<int>(pick(2));
  options.tier_min_run_bytes = 0;
  options.tier_size_ratio = 2.0 + static_cast<double>(pick(3));
  options.max_runs = 12;
  auto writer = std::move(WriterSession::Open(store, "tiered", options)).value();
  auto cache = std::make_shared<BlockCache>(64 << 10);
  Model model;
  const int flushes = 60;
  for (int flush = 0; flush < flushes; ++flush) {
    SCOPED_TRACE("flush " + std::to_string(flush));
    if (flush == 6) {
      ASSERT_TRUE(writer->SetSchema({{"a_v", "index", "A", "v", {}}}).ok());
    }
    int changes = 5 + static_cast<int>(pick(40));
    for (int c = 0; c < changes; ++c) {
      int op = static_cast<int>(pick(100));
      if (op < 50) {
        Uuid id = NameBasedUuid("n" + std::to_string(pick(120)));
        ModelNode node;
        for (const auto& l : labels)
          if (rng() & 1) node.labels.push_back(l);
        if (node.labels.empty()) node.labels.push_back("A");
        if (rng() % 4) node.properties.Set("v", Value::Int(static_cast<int64_t>(pick(12))));
        if (rng() & 1) node.properties.Set("s", Value::String(std::string(pick(30), 'x')));
        ASSERT_TRUE(writer->UpsertNode(node.labels, id, node.properties).ok());
        model.nodes[id] = node;
      } else if (op < 78 && !model.nodes.empty()) {
        auto src = std::next(model.nodes.begin(), pick(model.nodes.size()))->first;
        auto dst = std::next(model.nodes.begin(), pick(model.nodes.size()))->first;
        std::string type = types[pick(types.size())];
        ValueMap props{{"w", Value::Int(static_cast<int64_t>(pick(100)))}};
        auto id = writer->UpsertEdge(type, src, dst, props);
        ASSERT_TRUE(id.ok()) << id.status().ToString();
        model.edges[*id] = ModelEdge{type, src, dst, props};
      } else if (op < 92 && !model.nodes.empty()) {
        Uuid id = std::next(model.nodes.begin(), pick(model.nodes.size()))->first;
        ASSERT_TRUE(writer->TombstoneNode(id).ok());
        model.nodes.erase(id);
        std::erase_if(model.edges,
                      [&](const auto& e) { return e.second.src == id || e.second.dst == id; });
      } else if (!model.edges.empty()) {
        Uuid id = std::next(model.edges.begin(), pick(model.edges.size()))->first;
        ASSERT_TRUE(writer->TombstoneEdge(id).ok());
        model.edges.erase(id);
      }
    }
    ASSERT_TRUE(writer->CommitBatch().ok());
    ASSERT_TRUE(writer->Flush().ok());
    auto check = [&] {
      auto reader = GraphReader::Open(store, layout, cache);
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      ExpectReaderMatches(**reader, model, labels, types);
      auto snap = Snapshot::Open(*store, layout);
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      ExpectMatches((*snap)->state(), model);
      if (flush < 6) return;
      std::vector<Value> values;
      for (int v = 0; v < 12; ++v) values.push_back(Value::Int(v));
      auto found = (*reader)->NodesWithProperties("A", "v", values);
      ASSERT_TRUE(found.ok()) << found.status().ToString();
      for (int v = 0; v < 12; ++v) {
        std::vector<Uuid> expected;
        for (const auto& [id, node] : model.nodes) {
          const Value* p = node.properties.Find("v");
          if (p && *p == Value::Int(v) &&
              std::find(node.labels.begin(), node.labels.end(), "A") != node.labels.end()) {
            expected.push_back(id);
          }
        }
        EXPECT_EQ((*found)[v], expected) << "v = " << v;
      }
    };
    check();
    if (::testing::Test::HasFailure()) return;
    if (flush == flushes - 1) {
      const CompactionCounters& counters = writer->compaction_counters();
      EXPECT_GT(counters.merges, counters.bottom_merges);  // merges of newer runs alone
      ASSERT_TRUE(writer->Compact().ok());
      EXPECT_EQ(writer->manifest().tables.back().level, kBottomLevel);
      EXPECT_EQ(writer->manifest().tables.front().level, kBottomLevel);  // one run
      check();
    }
  }
}

}  // namespace
}  // namespace namidb
