// Property indexes stored as data files ("props" tables): keys and the
// builder, flush and compaction writing them, a cold reader answering an
// indexed lookup from a few blocks, the memtable's changes read over them
// (updates, deletes, lost labels and properties), an index created over
// existing data built in the same swap, a dropped one retired, a namespace
// of the previous format indexed in memory until its next flush, and a
// seeded model test against a label scan.
#include "storage/property_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>

#include "core/hash.h"
#include "storage/graph_reader.h"
#include "storage/property_index_builder.h"
#include "storage/property_index_codec.h"
#include "storage/snapshot.h"
#include "storage/table_reader.h"
#include "storage/writer_session.h"
#include "store/fault_store.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("index-node-" + std::to_string(n)); }

const NamespaceLayout& Layout() {
  static const NamespaceLayout layout = std::move(NamespaceLayout::Make("", "graph")).value();
  return layout;
}

std::unique_ptr<WriterSession> OpenWriter(std::shared_ptr<ObjectStore> store,
                                          WriterOptions options = {}) {
  options.gc_grace_ms = -1;  // keep retired tables: tests look at them
  auto w = WriterSession::Open(std::move(store), "graph", options);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return w.ok() ? std::move(w).value() : nullptr;
}

std::unique_ptr<GraphReader> OpenReader(std::shared_ptr<ObjectStore> store) {
  auto r = GraphReader::Open(std::move(store), Layout(), std::make_shared<BlockCache>());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

std::vector<Uuid> Find(GraphReader& view, const Value& v, const std::string& label = "Person",
                       const std::string& property = "id") {
  auto found = view.NodesWithProperty(label, property, v);
  EXPECT_TRUE(found.ok()) << found.status().ToString();
  return found.ok() ? *found : std::vector<Uuid>();
}

// What a label scan says: the live nodes with `label` whose `property`
// has the equality key of `v`.
std::vector<Uuid> Scan(GraphReader& view, const Value& v, const std::string& label = "Person",
                       const std::string& property = "id") {
  std::vector<Uuid> out;
  auto key = PropertyIndexKey(v);
  auto nodes = view.ScanLabel(label);
  EXPECT_TRUE(nodes.ok());
  if (!key || !nodes.ok()) return out;
  for (const auto& [id, r] : *nodes) {
    const Value* p = r.properties.Find(property);
    if (p && PropertyIndexKey(*p) == key) out.push_back(id);
  }
  return out;
}

std::vector<const TableRef*> TablesOf(const Manifest& m, std::string_view kind) {
  std::vector<const TableRef*> out;
  for (const auto& t : m.tables) {
    if (t.kind == kind) out.push_back(&t);
  }
  return out;
}

Status AddPeople(WriterSession& w, int from, int to) {
  for (int i = from; i < to; ++i) {
    NAMIDB_RETURN_IF_ERROR(w.UpsertNode(
        {"Person"}, Id(i),
        ValueMap{{"id", Value::Int(i)}, {"name", Value::String("person " + std::to_string(i))}}));
  }
  return Status::OK();
}

const std::vector<SchemaEntry> kPersonId = {{"person_id", "index", "Person", "id", {}}};

TEST(PropertyIndexCodec, KeysOfOneValueShareAPrefixFollowedByTheNode) {
  std::string prefix = PropertyIndexValuePrefix("Person", "id", *PropertyIndexKey(Value::Int(7)));
  EXPECT_TRUE(prefix.starts_with(PropertyIndexPrefix("Person", "id")));
  // 1 and 1.0 are one value; "1" another.
  EXPECT_EQ(PropertyIndexValuePrefix("P", "x", *PropertyIndexKey(Value::Int(1))),
            PropertyIndexValuePrefix("P", "x", *PropertyIndexKey(Value::Float(1.0))));
  EXPECT_NE(PropertyIndexValuePrefix("P", "x", *PropertyIndexKey(Value::Int(1))),
            PropertyIndexValuePrefix("P", "x", *PropertyIndexKey(Value::String("1"))));
  std::string key = prefix;
  key.append(reinterpret_cast<const char*>(Id(3).bytes.data()), 16);
  auto node = DecodePropertyIndexNode(key, prefix, "t");
  ASSERT_TRUE(node.ok());
  EXPECT_EQ(*node, Id(3));
  EXPECT_TRUE(DecodePropertyIndexNode(key.substr(0, key.size() - 1), prefix, "t")
                  .status()
                  .Is(StatusCode::kCorruption));
  EXPECT_TRUE(DecodePropertyIndexNode(key + "x", prefix, "t").status().Is(StatusCode::kCorruption));
}

TEST(PropertyIndexCodec, LongValuesAreCutAndHashedToABoundedKey) {
  std::string a(5000, 'a'), b = a;
  b.back() = 'b';  // shares the first 4,999 bytes
  auto ka = *PropertyIndexKey(Value::String(a));
  auto kb = *PropertyIndexKey(Value::String(b));
  EXPECT_TRUE(PropertyIndexKeyIsHashed(ka));
  std::string pa = PropertyIndexValuePrefix("P", "x", ka),
              pb = PropertyIndexValuePrefix("P", "x", kb);
  EXPECT_LT(pa.size(), 200u);
  EXPECT_EQ(pa.size(), pb.size());
  EXPECT_NE(pa, pb);
  EXPECT_FALSE(PropertyIndexKeyIsHashed(*PropertyIndexKey(Value::String("short"))));
}

TEST(PropertyIndexBuilder, WritesEachPairInTablesOfItsOwnInKeyOrder) {
  auto store = std::make_shared<MemoryStore>();
  PropertyIndexBuilder builder({{"A", "x"}, {"B", "y"}});
  NodeRecord r;
  r.labels = {"A", "B"};
  r.properties = ValueMap{{"x", Value::Int(1)}, {"y", Value::String("s")}};
  builder.Add(Id(1), r);
  r.properties = ValueMap{{"x", Value::Float(1.0)}};  // no y
  builder.Add(Id(2), r);
  r.properties =
      ValueMap{{"x", Value::Float(std::nan(""))}, {"y", Value::String("s")}};  // NaN: no entry
  builder.Add(Id(3), r);
  r.deleted = true;  // a tombstone has no entries
  r.properties = ValueMap{{"x", Value::Int(1)}};
  builder.Add(Id(4), r);
  RunWriter writer(*store, Layout(), "props", RunSpec{0, 1, 1, kDefaultTableTargetBytes});
  ASSERT_TRUE(builder.Write(writer).ok());
  auto tables = writer.Finish();
  ASSERT_TRUE(tables.ok());
  ASSERT_EQ(tables->size(), 2u);  // one pair a table, however small
  EXPECT_EQ((*tables)[0].entries, 2u);
  EXPECT_EQ((*tables)[1].entries, 2u);
  EXPECT_TRUE((*tables)[0].smallest.starts_with(PropertyIndexPrefix("A", "x")));
  EXPECT_TRUE((*tables)[0].largest.starts_with(PropertyIndexPrefix("A", "x")));
  EXPECT_TRUE((*tables)[1].smallest.starts_with(PropertyIndexPrefix("B", "y")));
  EXPECT_TRUE((*tables)[1].largest.starts_with(PropertyIndexPrefix("B", "y")));
}

TEST(StoredPropertyIndex, FlushWritesItAndAColdLookupReadsOnlyItsBlocks) {
  auto memory = std::make_shared<MemoryStore>();
  {
    auto w = OpenWriter(memory);
    ASSERT_TRUE(w->SetSchema(kPersonId).ok());
    ASSERT_TRUE(AddPeople(*w, 0, 3000).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());
    const Manifest& m = w->manifest();
    EXPECT_EQ(m.stored_indexes, (std::vector<IndexedProperty>{{"Person", "id"}}));
    uint64_t entries = 0;
    for (const TableRef* t : TablesOf(m, "props")) entries += t->entries;
    EXPECT_EQ(entries, 3000u);
  }
  auto counted = std::make_shared<FaultStore>(memory);
  auto reader = OpenReader(counted);
  ASSERT_TRUE(reader);
  uint64_t opened = counted->operation_count();
  size_t logged = counted->log().size();
  EXPECT_EQ(Find(*reader, Value::Int(77)), std::vector<Uuid>{Id(77)});
  EXPECT_EQ(Find(*reader, Value::Float(78.0)), std::vector<Uuid>{Id(78)});
  EXPECT_TRUE(Find(*reader, Value::String("77")).empty());
  EXPECT_TRUE(Find(*reader, Value::Int(5000)).empty());
  EXPECT_TRUE(Find(*reader, Value()).empty());
  // Each lookup is one batched read of index blocks, never a node table.
  EXPECT_LE(counted->operation_count(), opened + 4);
  auto log = counted->log();
  for (size_t i = logged; i < log.size(); ++i) {
    EXPECT_NE(log[i].key.find("/sst/props-"), std::string::npos) << log[i].key;
  }
  // Many values in one batch: one call.
  uint64_t before = counted->operation_count();
  std::vector<Value> values = {Value::Int(1000), Value::Int(2000), Value::Int(2999),
                               Value::Int(-1)};
  auto many = reader->NodesWithProperties("Person", "id", values);
  ASSERT_TRUE(many.ok());
  EXPECT_EQ((*many)[0], std::vector<Uuid>{Id(1000)});
  EXPECT_EQ((*many)[2], std::vector<Uuid>{Id(2999)});
  EXPECT_TRUE((*many)[3].empty());
  EXPECT_EQ(counted->operation_count(), before + 1);
}

TEST(StoredPropertyIndex, ChangesOverTheTablesNeverAnswerAStaleNode) {
  auto memory = std::make_shared<MemoryStore>();
  auto w = OpenWriter(memory);
  ASSERT_TRUE(w->SetSchema(kPersonId).ok());
  ASSERT_TRUE(AddPeople(*w, 0, 50).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  // Over the run: a value changed, a node deleted, a label dropped, a
  // property removed, a second node with an existing value, a new node.
  ASSERT_TRUE(w->UpsertNode({"Person"}, Id(5), ValueMap{{"id", Value::Int(5000)}}).ok());
  ASSERT_TRUE(w->TombstoneNode(Id(6)).ok());
  ASSERT_TRUE(w->UpsertNode({"Robot"}, Id(7), ValueMap{{"id", Value::Int(7)}}).ok());
  ASSERT_TRUE(w->UpsertNode({"Person"}, Id(8), ValueMap{{"name", Value::String("no id")}}).ok());
  ASSERT_TRUE(
      w->UpsertNode({"Person", "Admin"}, Id(900), ValueMap{{"id", Value::Float(9.0)}}).ok());
  ASSERT_TRUE(w->UpsertNode({"Person"}, Id(901), ValueMap{{"id", Value::Int(901)}}).ok());
  auto check = [&](GraphReader& view, const std::string& where) {
    SCOPED_TRACE(where);
    EXPECT_TRUE(Find(view, Value::Int(5)).empty());
    EXPECT_EQ(Find(view, Value::Int(5000)), std::vector<Uuid>{Id(5)});
    EXPECT_TRUE(Find(view, Value::Int(6)).empty());
    EXPECT_TRUE(Find(view, Value::Int(7)).empty());
    EXPECT_EQ(Find(view, Value::Int(7), "Robot"),
              std::vector<Uuid>{Id(7)});  // no index on :Robot(id): in memory
    EXPECT_TRUE(Find(view, Value::Int(8)).empty());
    std::vector<Uuid> nine = {Id(9), Id(900)};
    std::sort(nine.begin(), nine.end());
    EXPECT_EQ(Find(view, Value::Int(9)), nine);
    EXPECT_EQ(Find(view, Value::Int(901)), std::vector<Uuid>{Id(901)});
    EXPECT_EQ(Find(view, Value::Int(10)), std::vector<Uuid>{Id(10)});
    for (int v : {5, 6, 7, 8, 9, 10, 901, 5000})
      EXPECT_EQ(Find(view, Value::Int(v)), Scan(view, Value::Int(v)));
  };
  check(w->view(), "staged, in the writer's view");
  ASSERT_TRUE(w->CommitBatch().ok());
  check(*OpenReader(memory), "committed: a reader's WAL overlay");
  ASSERT_TRUE(w->Flush().ok());  // a second run: the first one's entries go stale
  check(w->view(), "flushed, writer");
  check(*OpenReader(memory), "flushed: two runs");
  ASSERT_TRUE(w->Compact().ok());
  check(*OpenReader(memory), "compacted");
  uint64_t entries = 0;
  for (const TableRef* t : TablesOf(w->manifest(), "props")) entries += t->entries;
  EXPECT_EQ(entries, 50u - 3 + 1 + 1);  // stale entries gone: 0..49 less 6, 7, 8; plus 900 and 901
  EXPECT_EQ(w->manifest().stored_indexes.size(), 1u);
}

TEST(StoredPropertyIndex, AnIndexCreatedOverDataIsBuiltInTheSameSwap) {
  for (bool compacted : {false, true}) {
    SCOPED_TRACE(compacted ? "over a compacted run" : "over level-0 runs");
    auto memory = std::make_shared<MemoryStore>();
    auto w = OpenWriter(memory);
    ASSERT_TRUE(AddPeople(*w, 0, 400).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());
    ASSERT_TRUE(w->UpsertNode({"Person"}, Id(3), ValueMap{{"id", Value::Int(3000)}}).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE((compacted ? w->Compact() : w->Flush()).ok());
    ASSERT_TRUE(AddPeople(*w, 400, 410).ok());  // in the memtable when the index comes
    ASSERT_TRUE(w->CommitBatch().ok());
    uint64_t version = w->manifest().version;
    ASSERT_TRUE(w->SetSchema(kPersonId).ok());
    EXPECT_EQ(w->manifest().version, version + 1);  // one swap: schema, flush and index
    EXPECT_EQ(w->manifest().stored_indexes.size(), 1u);
    EXPECT_TRUE(w->manifest().wal.empty());
    EXPECT_FALSE(TablesOf(w->manifest(), "props").empty());
    auto counted = std::make_shared<FaultStore>(memory);
    auto reader = OpenReader(counted);
    ASSERT_TRUE(reader);
    uint64_t opened = counted->operation_count();
    EXPECT_EQ(Find(*reader, Value::Int(3000)), std::vector<Uuid>{Id(3)});
    EXPECT_TRUE(Find(*reader, Value::Int(3)).empty());
    EXPECT_EQ(Find(*reader, Value::Int(405)), std::vector<Uuid>{Id(405)});
    EXPECT_EQ(Find(*reader, Value::Int(100)), std::vector<Uuid>{Id(100)});
    // No label scan: a read (maybe two, to check an entry a newer run may
    // contradict) per lookup.
    EXPECT_LE(counted->operation_count(), opened + 8);
    for (int v : {0, 3, 100, 399, 405, 3000})
      EXPECT_EQ(Find(*reader, Value::Int(v)), Scan(*reader, Value::Int(v)));
  }
}

TEST(StoredPropertyIndex, ADroppedIndexRetiresItsTablesAndARecreatedOneIsRebuilt) {
  auto memory = std::make_shared<MemoryStore>();
  auto w = OpenWriter(memory);
  ASSERT_TRUE(w->SetSchema(kPersonId).ok());
  ASSERT_TRUE(AddPeople(*w, 0, 100).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  auto props = TablesOf(w->manifest(), "props");
  ASSERT_EQ(props.size(), 1u);
  std::string old_key = props.front()->key;
  ASSERT_TRUE(w->SetSchema({}).ok());
  EXPECT_TRUE(TablesOf(w->manifest(), "props").empty());
  EXPECT_TRUE(w->manifest().stored_indexes.empty());
  bool retired = std::any_of(w->manifest().retired.begin(), w->manifest().retired.end(),
                             [&](const RetiredRef& r) { return r.key == old_key; });
  EXPECT_TRUE(retired);
  // Changed while no index existed, then indexed again.
  ASSERT_TRUE(w->UpsertNode({"Person"}, Id(1), ValueMap{{"id", Value::Int(1001)}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_TRUE(w->SetSchema(kPersonId).ok());
  auto reader = OpenReader(memory);
  EXPECT_TRUE(Find(*reader, Value::Int(1)).empty());
  EXPECT_EQ(Find(*reader, Value::Int(1001)), std::vector<Uuid>{Id(1)});
  EXPECT_EQ(Find(*reader, Value::Int(2)), std::vector<Uuid>{Id(2)});
}

TEST(StoredPropertyIndex, AUniqueConstraintIsCheckedThroughTheStoredIndex) {
  auto memory = std::make_shared<MemoryStore>();
  auto w = OpenWriter(memory);
  ASSERT_TRUE(w->SetSchema({{"person_id", "unique", "Person", "id", {}}}).ok());
  ASSERT_TRUE(AddPeople(*w, 0, 100).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  auto again = OpenWriter(memory);
  ASSERT_TRUE(again->UpsertNode({"Person"}, Id(500), ValueMap{{"id", Value::Float(42.0)}}).ok());
  EXPECT_TRUE(again->CommitBatch().status().Is(StatusCode::kAlreadyExists));
  again->DiscardBatch();
  ASSERT_TRUE(again->UpsertNode({"Person"}, Id(42), ValueMap{{"id", Value::Int(4200)}}).ok());
  ASSERT_TRUE(again->UpsertNode({"Person"}, Id(500), ValueMap{{"id", Value::Int(42)}}).ok());
  EXPECT_TRUE(again->CommitBatch().ok());  // 42 moved first: no duplicate
}

// Rewrites the namespace's manifest as version 2 wrote it: no property
// index tables, no stored_indexes (and no property columns).
void DowngradeManifest(MemoryStore& memory) {
  auto text = memory.Get(Layout().ManifestKey());
  ASSERT_TRUE(text.ok());
  auto j = nlohmann::json::parse(text->data);
  j["format_version"] = 2;
  j.erase("stored_indexes");
  auto& tables = j["tables"];
  for (size_t i = tables.size(); i-- > 0;) {
    if (tables[i]["kind"] == "props" || tables[i]["kind"] == "cols") tables.erase(i);
  }
  ASSERT_TRUE(memory.Put(Layout().ManifestKey(), j.dump(), PutOptions()).ok());
}

TEST(StoredPropertyIndex, ANamespaceOfTheFormerFormatIsIndexedInMemoryUntilItsNextFlush) {
  auto memory = std::make_shared<MemoryStore>();
  {
    auto w = OpenWriter(memory);
    ASSERT_TRUE(w->SetSchema(kPersonId).ok());
    ASSERT_TRUE(AddPeople(*w, 0, 300).ok());
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());
  }
  DowngradeManifest(*memory);
  {
    auto counted = std::make_shared<FaultStore>(memory);
    auto reader = OpenReader(counted);
    ASSERT_TRUE(reader);
    EXPECT_TRUE(reader->manifest().stored_indexes.empty());
    size_t logged = counted->log().size();
    EXPECT_EQ(Find(*reader, Value::Int(12)), std::vector<Uuid>{Id(12)});
    auto log = counted->log();
    bool scanned_nodes = false;
    for (size_t i = logged; i < log.size(); ++i)
      scanned_nodes |= log[i].key.find("/sst/nodes-") != std::string::npos;
    EXPECT_TRUE(scanned_nodes);  // the in-memory index, built by a label scan
  }
  auto w = OpenWriter(memory);
  ASSERT_TRUE(w->UpsertNode({"Person"}, Id(12), ValueMap{{"id", Value::Int(1200)}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());  // a commit keeps the index in memory
  EXPECT_TRUE(w->manifest().stored_indexes.empty());
  EXPECT_EQ(Find(w->view(), Value::Int(1200)), std::vector<Uuid>{Id(12)});
  ASSERT_TRUE(w->Flush().ok());
  EXPECT_EQ(w->manifest().stored_indexes.size(), 1u);
  auto counted = std::make_shared<FaultStore>(memory);
  auto reader = OpenReader(counted);
  size_t logged = counted->log().size();
  EXPECT_EQ(Find(*reader, Value::Int(1200)), std::vector<Uuid>{Id(12)});
  EXPECT_TRUE(Find(*reader, Value::Int(12)).empty());
  EXPECT_EQ(Find(*reader, Value::Int(13)), std::vector<Uuid>{Id(13)});
  auto log = counted->log();
  for (size_t i = logged; i < log.size(); ++i) {
    EXPECT_EQ(log[i].key.find("/sst/nodes-"), std::string::npos)
        << log[i].key;  // built: index blocks only
  }
}

// Seeded model test: random upserts (values of several kinds, some equal
// across kinds, some long enough to be hashed), label changes and deletes,
// committed, flushed and compacted at random; every indexed lookup of the
// writer's view and of a fresh reader matches a label scan.
TEST(StoredPropertyIndex, IndexesCreatedOneByOneOverSeveralLabelsMatchALabelScan) {
  // Each index over existing data reads only the nodes of its label and the
  // property it indexes (nodes with several labels, labels changed and
  // nodes deleted in a newer run).
  auto memory = std::make_shared<MemoryStore>();
  auto w = OpenWriter(memory);
  std::vector<std::vector<std::string>> labels = {{"A"}, {"B"}, {"A", "B"}, {"C"}};
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(w->UpsertNode(labels[static_cast<size_t>(i) % labels.size()], Id(i),
                              ValueMap{{"id", Value::Int(i % 50)},
                                       {"name", Value::String("n" + std::to_string(i % 7))},
                                       {"other", Value::Int(i)}})
                    .ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  for (int i = 0; i < 200; i += 9) {
    if (i % 2) {
      ASSERT_TRUE(w->TombstoneNode(Id(i)).ok());
    } else {
      ASSERT_TRUE(w->UpsertNode({"C", "B"}, Id(i), ValueMap{{"id", Value::Int(7)}}).ok());
    }
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  std::vector<SchemaEntry> schema;
  std::vector<std::pair<std::string, std::string>> pairs = {
      {"A", "id"}, {"B", "id"}, {"C", "name"}};
  for (const auto& [label, property] : pairs) {
    schema.push_back({label + "_" + property, "index", label, property, {}});
    ASSERT_TRUE(w->SetSchema(schema).ok());
  }
  EXPECT_EQ(w->manifest().stored_indexes.size(), 3u);
  auto reader = OpenReader(memory);
  ASSERT_TRUE(reader);
  for (const auto& [label, property] : pairs) {
    size_t found = 0;
    for (int v = 0; v < 50; ++v) {
      Value value = property == "id" ? Value::Int(v) : Value::String("n" + std::to_string(v));
      auto indexed = Find(*reader, value, label, property);
      EXPECT_EQ(indexed, Scan(*reader, value, label, property)) << label << " " << v;
      found += indexed.size();
    }
    EXPECT_GT(found, 0u) << label;
  }
}

TEST(StoredPropertyIndex, AnIndexCreatedOverRunsHoldsExactlyTheLiveNodesEntries) {
  // Indexes created one by one over several runs (nodes relabelled, given
  // other values and deleted in newer runs; random values of several kinds,
  // NaN and lists among them), with property columns, with runs written
  // without them (past their memory budget), and with a column chunk too
  // large to store: the index tables hold exactly the entries of the live
  // nodes, and lookups agree with a label scan.
  for (uint64_t column_bytes : {kMaxRunColumnBytes, uint64_t{1}}) {
    for (uint64_t seed : {1u, 2u}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + ", column budget " +
                   std::to_string(column_bytes));
      std::mt19937_64 rng(seed);
      auto memory = std::make_shared<MemoryStore>();
      WriterOptions options;
      options.max_run_column_bytes = column_bytes;
      auto w = OpenWriter(memory, options);
      const std::vector<std::string> names = {"A", "B", "Big", "CC"};
      auto value = [&](uint64_t r) -> std::optional<Value> {
        switch (r % 9) {
          case 0:
            return std::nullopt;
          case 1:
            return Value::Float(static_cast<double>(r % 20));  // equal to the integer
          case 2:
            return Value::Float(std::nan(""));  // equal to nothing: no entry
          case 3:
            return Value::String(std::string(r % 3 ? 5 : 400, static_cast<char>('a' + r % 5)));
          case 4:
            return Value::List({Value::Int(static_cast<int64_t>(r % 4)), Value::Bool(true)});
          default:
            return Value::Int(static_cast<int64_t>(r % 20));
        }
      };
      std::map<Uuid, std::pair<std::vector<std::string>, ValueMap>> live;
      auto upsert = [&](int n, std::vector<std::string> labels, ValueMap props) {
        ASSERT_TRUE(w->UpsertNode(labels, Id(n), props).ok());
        live[Id(n)] = {std::move(labels), std::move(props)};
      };
      // A chunk of "Big" whose values pass kMaxColumnChunkBytes.
      for (int n = 0; n < 1100; ++n) {
        upsert(10000 + n, {"Big"},
               ValueMap{{"id", Value::String(std::to_string(n) + std::string(1100, 'x'))}});
      }
      for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 400; ++i) {
          int n = static_cast<int>(rng() % 500);
          if (rng() % 10 == 0) {
            if (live.erase(Id(n))) {
              ASSERT_TRUE(w->TombstoneNode(Id(n)).ok());
            }
            continue;
          }
          std::vector<std::string> labels;
          for (size_t k = 1 + rng() % 2; k > 0; --k) labels.push_back(names[rng() % names.size()]);
          ValueMap props;
          for (const char* key : {"id", "name"}) {
            if (auto v = value(rng())) props.Set(key, std::move(*v));
          }
          upsert(n, std::move(labels), std::move(props));
        }
        ASSERT_TRUE(w->CommitBatch().ok());
        ASSERT_TRUE(w->Flush().ok());
      }
      std::set<uint64_t> runs;
      for (const TableRef* t : TablesOf(w->manifest(), "nodes")) runs.insert(t->max_lsn);
      ASSERT_EQ(runs.size(), 3u);  // not merged: the newer runs hide older versions
      std::vector<SchemaEntry> schema;
      std::vector<std::pair<std::string, std::string>> pairs = {
          {"A", "id"}, {"Big", "id"}, {"CC", "name"}, {"B", "id"}};
      for (const auto& [label, property] : pairs) {
        schema.push_back({label + "_" + property, "index", label, property, {}});
        ASSERT_TRUE(w->SetSchema(schema).ok());
      }
      std::set<std::string> expected;
      for (const auto& [id, node] : live) {
        for (const auto& [label, property] : pairs) {
          const auto& labels = node.first;
          if (std::find(labels.begin(), labels.end(), label) == labels.end()) continue;
          const Value* v = node.second.Find(property);
          auto key = v ? PropertyIndexKey(*v) : std::nullopt;
          if (!key) continue;
          std::string entry = PropertyIndexPrefix(label, property) + PropertyIndexValuePart(*key);
          entry.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
          expected.insert(entry);
        }
      }
      std::vector<std::string> stored;
      auto cache = std::make_shared<BlockCache>();
      for (const TableRef* t : TablesOf(w->manifest(), "props")) {
        auto reader = TableReader::Open(*memory, Layout().Absolute(t->key), *t, cache);
        ASSERT_TRUE(reader.ok()) << reader.status().ToString();
        auto entries = (*reader)->Scan(*memory, "");
        ASSERT_TRUE(entries.ok()) << entries.status().ToString();
        for (const auto& e : *entries) stored.push_back(e.key);
      }
      std::sort(stored.begin(), stored.end());
      EXPECT_EQ(stored, std::vector<std::string>(expected.begin(), expected.end()));
      EXPECT_GT(stored.size(), 1100u);
      auto reader = OpenReader(memory);
      ASSERT_TRUE(reader);
      for (const auto& [label, property] : pairs) {
        for (uint64_t r = 0; r < 60; ++r) {
          auto v = value(r);
          if (!v) continue;
          EXPECT_EQ(Find(*reader, *v, label, property), Scan(*reader, *v, label, property))
              << label << " " << v->ToString();
        }
      }
    }
  }
}

TEST(StoredPropertyIndex, RandomChangesMatchALabelScan) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    auto memory = std::make_shared<MemoryStore>();
    WriterOptions options;
    options.compact_after_runs = 3;
    auto w = OpenWriter(memory, options);
    std::string long_a(300, 'a'), long_b = long_a + "b";
    auto value = [&](uint64_t r) -> Value {
      switch (r % 7) {
        case 0:
          return Value::Int(static_cast<int64_t>(r % 10));
        case 1:
          return Value::Float(static_cast<double>(r % 10));  // equal to the integer
        case 2:
          return Value::Float(static_cast<double>(r % 10) + 0.5);
        case 3:
          return Value::String(std::to_string(r % 10));
        case 4:
          return Value::Bool(r % 2 == 0);
        case 5:
          return Value::String(r % 2 ? long_a : long_b);
        default:
          return Value::Date(DateValue{static_cast<int64_t>(r % 3)});
      }
    };
    std::vector<Value> probes;
    for (uint64_t r = 0; r < 70; ++r) probes.push_back(value(r));
    bool indexed = false;
    for (int round = 0; round < 12; ++round) {
      for (int i = 0; i < 40; ++i) {
        int n = static_cast<int>(rng() % 60);
        uint64_t op = rng() % 10;
        if (op == 0) {
          auto live = w->view().LookupNode(Id(n));
          ASSERT_TRUE(live.ok());
          if (*live) {
            ASSERT_TRUE(w->TombstoneNode(Id(n)).ok());
          }
        } else {
          std::vector<std::string> labels = {op == 1 ? "Other" : "Person"};
          ValueMap props;
          if (op != 2) props.Set("id", value(rng()));
          ASSERT_TRUE(w->UpsertNode(labels, Id(n), std::move(props)).ok());
        }
      }
      ASSERT_TRUE(w->CommitBatch().ok());
      uint64_t step = rng() % 4;
      if (step == 0) {
        ASSERT_TRUE(w->Flush().ok());
      }
      if (step == 1 && round > 4) {
        ASSERT_TRUE(w->Compact().ok());
      }
      if (!indexed && round == 3) {  // created over existing data
        ASSERT_TRUE(w->SetSchema(kPersonId).ok());
        indexed = true;
      }
      if (!indexed) continue;
      auto reader = OpenReader(memory);
      for (const Value& v : probes) {
        EXPECT_EQ(Find(w->view(), v), Scan(w->view(), v)) << v.ToString() << " round " << round;
        EXPECT_EQ(Find(*reader, v), Scan(*reader, v)) << v.ToString() << " round " << round;
      }
    }
  }
}

}  // namespace
}  // namespace namidb
