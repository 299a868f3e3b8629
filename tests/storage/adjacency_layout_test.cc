// Adjacency by type first (format version 5) and by node first (versions 1
// to 4): a flush writes one type per table; a namespace written before
// version 5 reads the same; a newer run's tombstone hides an edge of an
// older run of the other layout; compaction rewrites the old layout.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "core/hash.h"
#include "storage/adjacency_codec.h"
#include "storage/graph_reader.h"
#include "storage/run_writer.h"
#include "storage/table_reader.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/forwarding_store.h"
#include "support/run_bytes.h"

namespace namidb {
namespace {

using testing::RunBytes;

Uuid Id(int n) { return NameBasedUuid("layout-node-" + std::to_string(n)); }

const NamespaceLayout& Layout() {
  static const NamespaceLayout layout = std::move(NamespaceLayout::Make("", "graph")).value();
  return layout;
}

std::unique_ptr<WriterSession> OpenWriter(std::shared_ptr<ObjectStore> store,
                                          const WriterOptions& options = {}) {
  auto w = WriterSession::Open(std::move(store), "graph", options);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return w.ok() ? std::move(w).value() : nullptr;
}

// A small graph of three types: a chain of KNOWS, each node LIKES the one
// two ahead, a self-loop of type SELF on node 0, both directions crossing.
void AddGraph(WriterSession& w) {
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(w.UpsertNode({"N"}, Id(i), {}).ok());
  for (int i = 0; i + 1 < 12; ++i) ASSERT_TRUE(w.UpsertEdge("KNOWS", Id(i), Id(i + 1), {}).ok());
  for (int i = 0; i + 2 < 12; ++i) ASSERT_TRUE(w.UpsertEdge("LIKES", Id(i), Id(i + 2), {}).ok());
  ASSERT_TRUE(w.UpsertEdge("SELF", Id(0), Id(0), {}).ok());
  ASSERT_TRUE(w.CommitBatch().ok());
}

// What expansions see: every node's neighbours out and in (all types), its
// KNOWS out, and its counts of both ways.
struct Seen {
  std::vector<std::vector<Neighbor>> out, in, knows;
  std::vector<uint64_t> both;
  bool operator==(const Seen&) const = default;
};

Seen Expand(std::shared_ptr<ObjectStore> store) {
  Seen s;
  auto reader = GraphReader::Open(store, Layout(), std::make_shared<BlockCache>());
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return s;
  std::vector<Uuid> nodes;
  for (int i = 0; i < 12; ++i) nodes.push_back(Id(i));
  auto out = (*reader)->ExpandMany(nodes, Direction::kOut);
  auto in = (*reader)->ExpandMany(nodes, Direction::kIn);
  auto knows = (*reader)->ExpandMany(nodes, Direction::kOut, "KNOWS");
  const Direction both[] = {Direction::kOut, Direction::kIn};
  auto counts = (*reader)->CountNeighbors(nodes, both, "", /*once_both_ways=*/true, nullptr);
  EXPECT_TRUE(out.ok() && in.ok() && knows.ok() && counts.ok());
  if (!out.ok() || !in.ok() || !knows.ok() || !counts.ok()) return s;
  s.out = *out;
  s.in = *in;
  s.knows = *knows;
  s.both = *counts;
  return s;
}

std::map<std::string, int> Kinds(const Manifest& m) {
  std::map<std::string, int> kinds;
  for (const auto& t : m.tables) ++kinds[t.kind];
  return kinds;
}

// Rewrites the newest manifest as a writer before format version 5 would
// have written it: each run's by-type adjacency tables become by-node
// tables ("out" / "in", keys node | type | edge) of the same entries, and
// the manifest says version 4.
void RewriteAsByNode(MemoryStore& store) {
  auto text = store.Get(Layout().ManifestKey());
  ASSERT_TRUE(text.ok());
  auto m = DecodeManifest(text->data, "manifest");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto cache = std::make_shared<BlockCache>();
  std::vector<TableRef> tables;
  for (size_t i = 0; i < m->tables.size();) {
    const TableRef& first = m->tables[i];
    auto layout = AdjacencyLayoutOf(first.kind);
    if (!layout || *layout != AdjacencyLayout::kByType) {
      tables.push_back(first);
      ++i;
      continue;
    }
    // A run's tables of one by-type kind, one by-node table set.
    std::vector<TableEntry> entries;
    size_t j = i;
    for (; j < m->tables.size() && m->tables[j].kind == first.kind &&
           m->tables[j].max_lsn == first.max_lsn;
         ++j) {
      const TableRef& t = m->tables[j];
      auto reader = TableReader::Open(store, Layout().Absolute(t.key), t, cache);
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      auto scanned = (*reader)->Scan(store, "");
      ASSERT_TRUE(scanned.ok());
      for (const TableEntry& e : *scanned) {
        auto view = DecodeTypedAdjacencyView(e.key, e.value, t.key);
        ASSERT_TRUE(view.ok()) << view.status().ToString();
        entries.push_back({AdjacencyKey(view->node, view->type, view->edge), e.value});
      }
    }
    std::sort(entries.begin(), entries.end(),
              [](const TableEntry& a, const TableEntry& b) { return a.key < b.key; });
    const bool outgoing = first.kind == "out_by_type";
    RunSpec spec{first.level, m->writer_epoch, first.max_lsn, 16u << 20};
    RunWriter writer(store, Layout(), outgoing ? "out" : "in", spec);
    for (const TableEntry& e : entries) ASSERT_TRUE(writer.Add(e.key, e.value).ok());
    auto written = writer.Finish();
    ASSERT_TRUE(written.ok());
    for (TableRef& t : *written) tables.push_back(std::move(t));
    i = j;
  }
  m->tables = std::move(tables);
  auto j = nlohmann::json::parse(EncodeManifest(*m).value());
  j["format_version"] = 4;
  ASSERT_TRUE(store.Put(Layout().ManifestKey(), j.dump(1), PutOptions()).ok());
}

TEST(AdjacencyLayout, AFlushWritesOneTypePerTableTypeFirst) {
  auto store = std::make_shared<MemoryStore>();
  auto w = OpenWriter(store);
  ASSERT_TRUE(w);
  AddGraph(*w);
  ASSERT_TRUE(w->Flush().ok());
  auto kinds = Kinds(w->manifest());
  EXPECT_EQ(kinds["out_by_type"], 3);
  EXPECT_EQ(kinds["in_by_type"], 3);
  EXPECT_EQ(kinds.count("out"), 0u);
  auto cache = std::make_shared<BlockCache>();
  for (const auto& t : w->manifest().tables) {
    // Only adjacency by type filters key groups (`type | node`).
    auto reader = TableReader::Open(*store, Layout().Absolute(t.key), t, cache);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ((*reader)->index().group_tail(), AdjacencyLayoutOf(t.kind) ? sizeof(Uuid) : 0u)
        << t.key;
    if (!AdjacencyLayoutOf(t.kind)) continue;
    auto first = TypedAdjacencyKeyType(t.smallest, t.key);
    auto last = TypedAdjacencyKeyType(t.largest, t.key);
    ASSERT_TRUE(first.ok() && last.ok());
    EXPECT_EQ(*first, *last) << t.key;
  }
}

// Counts the blocks a reader fetches after it opened.
class BlockCountingStore final : public testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override {
    gets += requests.size();
    return inner().GetMany(requests);
  }
  size_t gets = 0;
};

// A step of a type the nodes have none of reads no block of that type's
// table, though their ids lie within its key range: the table's filter of
// key groups rules them out. In the old layout, whose tables filter whole
// keys, the same step reads a block.
TEST(AdjacencyLayout, AStepOfATypeTheNodesLackReadsNoBlock) {
  auto memory = std::make_shared<MemoryStore>();
  Manifest manifest;
  {
    auto w = OpenWriter(memory);
    ASSERT_TRUE(w);
    AddGraph(*w);
    ASSERT_TRUE(w->Flush().ok());
    manifest = w->manifest();
  }
  // Nodes 10 and 11 start no LIKES; at least one lies within the key range
  // of the outgoing LIKES table, so that only the filter can skip it.
  const std::vector<Uuid> lacking = {Id(10), Id(11)};
  bool within = false;
  for (const TableRef& t : manifest.tables) {
    if (t.kind != "out_by_type" || *TypedAdjacencyKeyType(t.smallest, t.key) != "LIKES") continue;
    for (const Uuid& node : lacking) {
      std::string group = AdjacencyGroupPrefix(AdjacencyLayout::kByType, node, "LIKES");
      within |= t.smallest < group && group < t.largest;
    }
  }
  ASSERT_TRUE(within);
  auto blocks_read = [&](const std::vector<Uuid>& nodes, const std::string& type) {
    auto counting = std::make_shared<BlockCountingStore>(memory);
    auto reader = GraphReader::Open(counting, Layout(), std::make_shared<BlockCache>());
    EXPECT_TRUE(reader.ok());
    if (!reader.ok()) return size_t{99};
    counting->gets = 0;
    auto got = (*reader)->ExpandMany(nodes, Direction::kOut, type);
    EXPECT_TRUE(got.ok());
    return counting->gets;
  };
  EXPECT_EQ(blocks_read(lacking, "LIKES"), 0u);
  EXPECT_EQ(blocks_read({Id(3)}, "LIKES"), 1u);  // node 3 likes node 5
  RewriteAsByNode(*memory);
  EXPECT_EQ(blocks_read(lacking, "LIKES"), 1u);
}

TEST(AdjacencyLayout, ANamespaceOfTheByNodeLayoutReadsTheSame) {
  auto store = std::make_shared<MemoryStore>();
  {
    auto w = OpenWriter(store);
    ASSERT_TRUE(w);
    AddGraph(*w);
    ASSERT_TRUE(w->Flush().ok());
  }
  const Seen typed = Expand(store);
  ASSERT_EQ(typed.out[0].size(), 3u);  // KNOWS 1, LIKES 2, SELF 0
  ASSERT_EQ(typed.both[0], 3u);        // the self-loop once both ways
  RewriteAsByNode(*store);
  auto m = DecodeManifest(store->Get(Layout().ManifestKey())->data, "manifest");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(Kinds(*m)["out"], 1);
  EXPECT_EQ(Kinds(*m).count("out_by_type"), 0u);
  EXPECT_EQ(Expand(store), typed);
  // A pass over a type's relationships needs the by-type layout: the
  // caller counts per source instead.
  auto reader = GraphReader::Open(store, Layout(), std::make_shared<BlockCache>());
  ASSERT_TRUE(reader.ok());
  std::vector<Uuid> nodes;
  for (int i = 0; i < 12; ++i) nodes.push_back(Id(i));
  for (Direction d : {Direction::kOut, Direction::kIn}) {
    auto counts = (*reader)->CountNeighborsOfType(nodes, d, "KNOWS", {}, {});
    ASSERT_TRUE(counts.ok()) << counts.status().ToString();
    EXPECT_FALSE(counts->has_value());
  }
}

TEST(AdjacencyLayout, NewerRunsOfTheOtherLayoutHideAndAddEdges) {
  auto store = std::make_shared<MemoryStore>();
  {
    auto w = OpenWriter(store);
    ASSERT_TRUE(w);
    AddGraph(*w);
    ASSERT_TRUE(w->Flush().ok());
  }
  RewriteAsByNode(*store);
  const Seen before = Expand(store);
  auto w = OpenWriter(store);
  ASSERT_TRUE(w);
  // The KNOWS edge 3 -> 4 goes, a LIKES 4 -> 3 comes, and both are flushed
  // into a run of the by-type layout, newer than the by-node run.
  const Neighbor gone = before.knows[3][0];
  ASSERT_TRUE(w->TombstoneEdge(gone.edge).ok());
  ASSERT_TRUE(w->UpsertEdge("LIKES", Id(4), Id(3), {}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  auto kinds = Kinds(w->manifest());
  EXPECT_EQ(kinds["out"], 1);
  EXPECT_GE(kinds["out_by_type"], 1);
  const Seen after = Expand(store);
  EXPECT_TRUE(after.knows[3].empty());
  EXPECT_EQ(after.out[3].size(), before.out[3].size() - 1);
  EXPECT_EQ(after.out[4].size(), before.out[4].size() + 1);
  EXPECT_EQ(after.in[3].size(), before.in[3].size() + 1);
  EXPECT_EQ(after.in[4].size(), before.in[4].size() - 1);
  // Compaction rewrites the by-node run: the same answers, one layout.
  ASSERT_TRUE(w->Compact().ok());
  kinds = Kinds(w->manifest());
  EXPECT_EQ(kinds.count("out"), 0u);
  EXPECT_EQ(kinds.count("in"), 0u);
  EXPECT_EQ(kinds["out_by_type"], 3);
  EXPECT_EQ(Expand(store), after);
}

// The only SELF edge is deleted in a small run over a bottom run of the
// by-node layout; a merge of the small runs alone (not the bottom) must keep
// that tombstone though no SELF edge is left alive in the runs it merges,
// or the bottom's SELF edge would come back.
TEST(AdjacencyLayout, AMergeOfNewerRunsKeepsTheTombstonesOfATypeWithNoLiveEdge) {
  auto store = std::make_shared<MemoryStore>();
  WriterOptions setup_options;
  setup_options.compact_after_runs = 0;
  {
    auto w = OpenWriter(store, setup_options);
    ASSERT_TRUE(w);
    AddGraph(*w);
    // Incompressible filler, so that the bottom run outweighs the small
    // runs by far and size-tiering leaves it alone.
    std::mt19937_64 random(7);
    for (int i = 100; i < 160; ++i) {
      std::string note(2048, ' ');
      for (char& c : note) c = static_cast<char>('a' + random() % 26);
      ASSERT_TRUE(w->UpsertNode({"Filler"}, Id(i), {{"note", Value::String(note)}}).ok());
    }
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Compact().ok());
  }
  RewriteAsByNode(*store);
  const Seen before = Expand(store);
  // A reader of what is stored (every check follows a flush).
  auto self_edges = [&] {
    auto r = GraphReader::Open(store, Layout(), std::make_shared<BlockCache>());
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return size_t{99};
    auto self = (*r)->Expand(Id(0), Direction::kOut, "SELF");
    EXPECT_TRUE(self.ok());
    return self.ok() ? self->size() : size_t{99};
  };
  Neighbor self;
  for (const Neighbor& n : before.out[0]) {
    if (n.type == "SELF") self = n;
  }
  ASSERT_EQ(self.node, Id(0));

  WriterOptions options;
  options.compact_after_runs = 2;
  options.tier_min_run_bytes = RunBytes(OpenWriter(store)->manifest()).front() / 8;
  auto w = OpenWriter(store, options);
  ASSERT_TRUE(w);
  ASSERT_EQ(self_edges(), 1u);
  ASSERT_TRUE(w->TombstoneEdge(self.edge).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_TRUE(w->UpsertEdge("KNOWS", Id(11), Id(0), {}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_TRUE(w->UpsertNode({"N"}, Id(5), {{"n", Value::Int(5)}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  // The three small runs merged into one; the bottom, by node, stays.
  EXPECT_EQ(w->compaction_counters().merges, 1u);
  EXPECT_EQ(w->compaction_counters().bottom_merges, 0u);
  EXPECT_EQ(RunBytes(w->manifest()).size(), 2u);
  EXPECT_EQ(Kinds(w->manifest())["out"], 1);
  EXPECT_EQ(self_edges(), 0u);
  const Seen merged = Expand(store);
  EXPECT_EQ(merged.out[0].size(), before.out[0].size() - 1);  // SELF gone
  EXPECT_EQ(merged.in[0].size(), before.in[0].size());        // SELF gone, KNOWS from 11 came
  EXPECT_EQ(merged.both[0], before.both[0]);
  for (const Neighbor& n : merged.out[0]) EXPECT_NE(n.type, "SELF");
  // A full compaction drops the tombstone with the edge: no SELF table left.
  ASSERT_TRUE(w->Compact().ok());
  EXPECT_EQ(Kinds(w->manifest()).count("out"), 0u);
  EXPECT_EQ(Kinds(w->manifest())["out_by_type"], 2);
  EXPECT_EQ(self_edges(), 0u);
  EXPECT_EQ(Expand(store), merged);
}

}  // namespace
}  // namespace namidb
