// Adjacency by type first (format version 5) and by node first (versions 1
// to 4): a flush writes one type per table; a namespace written before
// version 5 reads the same; a newer run's tombstone hides an edge of an
// older run of the other layout; compaction rewrites the old layout.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "storage/adjacency_codec.h"
#include "storage/graph_reader.h"
#include "storage/run_writer.h"
#include "storage/table_reader.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("layout-node-" + std::to_string(n)); }

const NamespaceLayout& Layout() {
  static const NamespaceLayout layout = std::move(NamespaceLayout::Make("", "graph")).value();
  return layout;
}

std::unique_ptr<WriterSession> OpenWriter(std::shared_ptr<ObjectStore> store) {
  auto w = WriterSession::Open(std::move(store), "graph", WriterOptions{});
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
  auto j = nlohmann::json::parse(EncodeManifest(*m));
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
  for (const auto& t : w->manifest().tables) {
    if (!AdjacencyLayoutOf(t.kind)) continue;
    auto first = TypedAdjacencyKeyType(t.smallest, t.key);
    auto last = TypedAdjacencyKeyType(t.largest, t.key);
    ASSERT_TRUE(first.ok() && last.ok());
    EXPECT_EQ(*first, *last) << t.key;
  }
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

}  // namespace
}  // namespace namidb
