// WriteMemtableAdjacency: a flush's adjacency entries, checked against
// entries built independently from the memtable's edges.
#include "storage/memtable_adjacency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/coding.h"
#include "core/hash.h"
#include "storage/block_cache.h"
#include "storage/id_coding.h"
#include "storage/layout.h"
#include "storage/record_codec.h"
#include "storage/table_reader.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

Uuid Id(int i) { return NameBasedUuid("n" + std::to_string(i)); }

std::string Encoded(const std::string& type) {
  std::string out;
  PutLengthPrefixed(&out, type);
  return out;
}

// The memtable's types as the flush gathers them while writing the edges.
MemtableTypes TypesOf(const GraphState& mem) {
  MemtableTypes types;
  for (const auto& [word, edge] : mem.SortedEdges()) {
    MemtableType& type = types[Encoded(edge->second.type)];
    type.name = edge->second.type;
    ++type.edges;
  }
  return types;
}

// What the adjacency of one direction must hold: every edge, tombstones
// included, keyed (encoded type, node, edge), in key order.
std::vector<TableEntry> Expected(const std::map<Uuid, EdgeRecord>& edges, bool outgoing) {
  std::vector<TableEntry> out;
  for (const auto& [id, r] : edges) {
    TableEntry e;
    e.key = Encoded(r.type);
    PutUuid(&e.key, outgoing ? r.src : r.dst);
    PutUuid(&e.key, id);
    PutUuid(&e.value, outgoing ? r.dst : r.src);
    e.value.push_back(static_cast<char>(r.deleted ? kRecordDeleted : 0));
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(),
            [](const TableEntry& a, const TableEntry& b) { return a.key < b.key; });
  return out;
}

struct Written {
  std::vector<TableRef> tables;
  std::vector<TableEntry> entries;  // of every table, in table order
};

Written Write(const GraphState& mem, bool outgoing) {
  auto store = std::make_shared<MemoryStore>();
  auto layout = *NamespaceLayout::Make("", "adjacency");
  RunWriter writer(*store, layout, "out", RunSpec{0, 1, 1, kDefaultTableTargetBytes});
  Written w;
  Status s = WriteMemtableAdjacency(mem, TypesOf(mem), outgoing, &writer);
  EXPECT_TRUE(s.ok()) << s.ToString();
  auto tables = writer.Finish();
  EXPECT_TRUE(tables.ok()) << tables.status().ToString();
  if (!tables.ok()) return w;
  w.tables = *tables;
  auto cache = std::make_shared<BlockCache>();
  for (const TableRef& t : w.tables) {
    auto reader = TableReader::Open(*store, layout.Absolute(t.key), t, cache);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    if (!reader.ok()) return w;
    auto entries = (*reader)->Scan(*store, "");
    EXPECT_TRUE(entries.ok());
    if (!entries.ok()) return w;
    w.entries.insert(w.entries.end(), entries->begin(), entries->end());
  }
  return w;
}

void Upsert(GraphState* mem, std::map<Uuid, EdgeRecord>* model, const Uuid& id,
            const std::string& type, const Uuid& src, const Uuid& dst, uint64_t lsn) {
  Mutation m;
  m.kind = MutationKind::kUpsertEdge;
  m.id = id, m.type = type, m.src = src, m.dst = dst, m.lsn = lsn;
  mem->Apply(m);
  (*model)[id] = EdgeRecord{lsn, false, type, src, dst, {}};
}

TEST(MemtableAdjacency, EachTypeGetsItsOwnTablesInKeyOrderTombstonesIncluded) {
  std::mt19937_64 rng(3);
  GraphState mem;
  std::map<Uuid, EdgeRecord> model;
  // Types whose encodings order differently from their names (length first).
  const std::vector<std::string> types = {"LIKES", "AB", "KNOWS", "Z"};
  uint64_t lsn = 0;
  for (int i = 0; i < 600; ++i) {
    Upsert(&mem, &model, NameBasedUuid("e" + std::to_string(i)), types[rng() % types.size()],
           Id(static_cast<int>(rng() % 40)), Id(static_cast<int>(rng() % 40)), ++lsn);
  }
  for (int i = 0; i < 600; i += 7) {  // tombstones keep their type and endpoints
    Uuid id = NameBasedUuid("e" + std::to_string(i));
    EdgeRecord& r = model[id];
    Mutation m;
    m.kind = MutationKind::kTombstoneEdge;
    m.id = id, m.type = r.type, m.src = r.src, m.dst = r.dst, m.lsn = ++lsn;
    mem.Apply(m);
    r.deleted = true;
    r.lsn = lsn;
  }
  for (bool outgoing : {true, false}) {
    SCOPED_TRACE(outgoing ? "outgoing" : "incoming");
    Written w = Write(mem, outgoing);
    EXPECT_EQ(w.entries, Expected(model, outgoing));
    // One table per type (each is small), in the order of their encodings.
    ASSERT_EQ(w.tables.size(), types.size());
    std::vector<std::string> encoded;
    for (const auto& t : types) encoded.push_back(Encoded(t));
    std::sort(encoded.begin(), encoded.end());
    for (size_t t = 0; t < w.tables.size(); ++t) {
      EXPECT_TRUE(w.tables[t].smallest.starts_with(encoded[t])) << t;
      EXPECT_TRUE(w.tables[t].largest.starts_with(encoded[t])) << t;
    }
  }
}

TEST(MemtableAdjacency, OneTypeGoesStraightToOneTable) {
  GraphState mem;
  std::map<Uuid, EdgeRecord> model;
  for (int i = 0; i < 100; ++i) {
    Upsert(&mem, &model, NameBasedUuid("e" + std::to_string(i)), "KNOWS", Id(i % 9), Id(i % 13),
           static_cast<uint64_t>(i + 1));
  }
  for (bool outgoing : {true, false}) {
    Written w = Write(mem, outgoing);
    EXPECT_EQ(w.entries, Expected(model, outgoing));
    EXPECT_EQ(w.tables.size(), 1u);
  }
  GraphState empty;
  EXPECT_TRUE(Write(empty, true).tables.empty());
}

TEST(MemtableAdjacency, EdgesWhoseIdsShareTheLeadingWordStayInIdOrder) {
  // A node's edges are sorted by the leading eight bytes of their ids, and
  // by the whole id where those are equal.
  GraphState mem;
  std::map<Uuid, EdgeRecord> model;
  std::mt19937_64 rng(5);
  for (int i = 0; i < 200; ++i) {
    Uuid id;
    id.bytes[0] = static_cast<uint8_t>(rng() % 3);  // three leading words
    for (int b = 8; b < 16; ++b) id.bytes[b] = static_cast<uint8_t>(rng());
    Upsert(&mem, &model, id, i % 2 ? "KNOWS" : "LIKES", Id(i % 4), Id(i % 5),
           static_cast<uint64_t>(i + 1));
  }
  for (bool outgoing : {true, false}) {
    SCOPED_TRACE(outgoing ? "outgoing" : "incoming");
    EXPECT_EQ(Write(mem, outgoing).entries, Expected(model, outgoing));
  }
}

}  // namespace
}  // namespace namidb
