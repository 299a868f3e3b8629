// api::Database, the facade the wasm bindings and native tools drive: a
// writer and readers of one namespace in a MemoryStore see what the facade
// promises (a reader pinned until Refresh, a writer's own reads at once),
// staging commits or discards as a whole, maintenance reports versions, and
// wrong use (a read-only database changing, a stale writer committing, a
// closed statement) is a typed error that changes nothing.
#include "api/database.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "core/coding.h"
#include "core/hash.h"
#include "query/execution/csv_file_source.h"
#include "storage/staging_batch_codec.h"
#include "store/memory_store.h"
#include "support/temp_dir.h"

namespace namidb::api {
namespace {

ValueMap Props(std::initializer_list<std::pair<const char*, Value>> entries) {
  ValueMap map;
  for (const auto& [k, v] : entries) map.Set(k, v);
  return map;
}

class DatabaseTest : public ::testing::Test {
 protected:
  std::unique_ptr<Database> OpenDb(bool read_only) {
    auto db = std::make_unique<Database>(store_);
    DatabaseOptions options;
    options.ns = "g";
    options.read_only = read_only;
    Status s = db->Open(options);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return db;
  }

  // The single value a statement returns, as text.
  static std::string One(Database& db, const std::string& text, const ValueMap& params = {}) {
    auto r = db.Run(text, params, false);
    if (!r.ok()) return "error: " + r.status().ToString();
    if (r->result.rows.size() != 1 || r->result.rows[0].size() != 1) return "not one value";
    return r->result.rows[0][0].ToString();
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
};

TEST_F(DatabaseTest, AWriteIsReadByItsWriterAtOnceAndByAReaderAfterRefresh) {
  auto writer = OpenDb(false);
  ASSERT_TRUE(writer->Run("CREATE (:Start)", {}, true).ok());  // the namespace's first manifest
  auto reader = OpenDb(true);
  auto w =
      writer->Run("CREATE (:Person {name: $name})", Props({{"name", Value::String("Ann")}}), true);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE(w->counters.has_value());
  EXPECT_EQ(w->counters->nodes_created, 1);
  EXPECT_EQ(w->counters->properties_set, 1);

  EXPECT_EQ(One(*writer, "MATCH (p:Person) RETURN p.name"), "'Ann'");
  EXPECT_EQ(One(*reader, "MATCH (p:Person) RETURN count(p)"), "0");  // pinned
  ASSERT_TRUE(reader->Refresh().ok());
  EXPECT_EQ(One(*reader, "MATCH (p:Person) RETURN p.name"), "'Ann'");

  auto read = reader->Run("RETURN 1 AS one", {}, false);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->counters.has_value());
  EXPECT_EQ(read->result.columns, std::vector<std::string>{"one"});
}

TEST_F(DatabaseTest, StagedChangesAreSeenByTheWriterAndCommittedAsOne) {
  auto writer = OpenDb(false);
  auto ann = writer->UpsertNode({"Person"}, "ann", Props({{"age", Value::Int(30)}}));
  auto bob = writer->UpsertNode({"Person"}, "7d4e1c8a-0b2f-4a35-9c61-2e8f0a1b3c4d", {});
  ASSERT_TRUE(ann.ok() && bob.ok());
  EXPECT_EQ(*ann, ElementIdFromText("ann"));  // a name derives the same id every time
  // Text of a UUID's length that is none is a name too; a UUID in capitals is one.
  const std::string not_uuid = "7d4e1c8a-0b2f-4a35-9c61-2e8f0a1b3c4g";
  EXPECT_EQ(ElementIdFromText(not_uuid), NameBasedUuid(not_uuid));
  EXPECT_EQ(ElementIdFromText("7D4E1C8A-0B2F-4A35-9C61-2E8F0A1B3C4D").ToString(),
            "7d4e1c8a-0b2f-4a35-9c61-2e8f0a1b3c4d");
  EXPECT_EQ(bob->ToString(), "7d4e1c8a-0b2f-4a35-9c61-2e8f0a1b3c4d");
  auto knows = writer->UpsertEdge("KNOWS", "ann", bob->ToString(), {});
  ASSERT_TRUE(knows.ok()) << knows.status().ToString();
  // Repeating an edge without an id updates it rather than adding another.
  auto again = writer->UpsertEdge("KNOWS", "ann", bob->ToString(), Props({{"w", Value::Int(2)}}));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *knows);
  EXPECT_EQ(writer->staged(), 4u);
  EXPECT_EQ(One(*writer, "MATCH ()-[k:KNOWS]->() RETURN k.w"), "2");

  auto version = writer->Commit();
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(writer->staged(), 0u);
  auto reader = OpenDb(true);
  EXPECT_EQ(One(*reader, "MATCH (a {age: 30})-[:KNOWS]->(b) RETURN count(b)"), "1");

  ASSERT_TRUE(writer->TombstoneEdge(knows->ToString()).ok());
  ASSERT_TRUE(writer->TombstoneNode("ann").ok());
  EXPECT_EQ(One(*writer, "MATCH (p:Person) RETURN count(p)"), "1");
  writer->Discard();
  EXPECT_EQ(writer->staged(), 0u);
  EXPECT_EQ(One(*writer, "MATCH (p:Person) RETURN count(p)"), "2");
}

TEST_F(DatabaseTest, ABinaryBatchStagesAllOrNothing) {
  auto writer = OpenDb(false);
  // Two nodes, (:City {name: 'Kyoto'}) and (:City) (docs/format.md's layout).
  std::string batch = "NSB";
  batch.push_back(1);  // version
  batch.push_back(1);  // nodes
  PutVarint64(&batch, 2);
  for (const char* id : {"kyoto", "osaka"}) {
    PutVarint64(&batch, 1);
    PutLengthPrefixed(&batch, "City");
    PutLengthPrefixed(&batch, id);
    PutVarint64(&batch, 1);
    PutLengthPrefixed(&batch, "name");
    batch.push_back(5);  // a string
    PutLengthPrefixed(&batch, id);
  }
  auto count = writer->StageBatch(batch);
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 2u);
  EXPECT_EQ(writer->staged(), 2u);

  auto truncated = writer->StageBatch(batch.substr(0, batch.size() - 3));
  EXPECT_TRUE(truncated.status().Is(StatusCode::kInvalidArgument));
  EXPECT_EQ(writer->staged(), 2u);  // nothing more staged
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(One(*writer, "MATCH (c:City {name: 'osaka'}) RETURN count(c)"), "1");
}

TEST_F(DatabaseTest, FlushCompactAndGcMoveTheManifestAndKeepTheGraph) {
  auto writer = OpenDb(false);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(writer->Run("CREATE (:N {i: $i})", Props({{"i", Value::Int(i)}}), true).ok());
    auto flushed = writer->Flush();
    ASSERT_TRUE(flushed.ok()) << flushed.status().ToString();
  }
  auto before = writer->Flush();
  ASSERT_TRUE(before.ok());
  auto compacted = writer->Compact();
  ASSERT_TRUE(compacted.ok()) << compacted.status().ToString();
  EXPECT_GT(*compacted, *before);
  // With no grace period, what compaction retired goes now.
  auto gc = writer->Gc(0);
  ASSERT_TRUE(gc.ok()) << gc.status().ToString();
  EXPECT_GT(gc->collected.deleted, 0u);
  EXPECT_EQ(gc->collected.kept, 0u);
  EXPECT_GE(gc->version, *compacted);
  EXPECT_EQ(One(*writer, "MATCH (n:N) RETURN sum(n.i)"), "3");
  auto reader = OpenDb(true);
  EXPECT_EQ(One(*reader, "MATCH (n:N) RETURN count(n)"), "3");
}

TEST_F(DatabaseTest, StatsTellTheBlockCacheAndTheWritersSetOfLiveNodes) {
  {
    auto writer = OpenDb(false);
    ASSERT_TRUE(writer->Run("UNWIND range(1, 50) AS i CREATE (:N {i: i})", {}, true).ok());
    ASSERT_TRUE(writer->Flush().ok());
  }
  Database writer(store_);
  DatabaseOptions options;
  options.ns = "g";
  options.cache_bytes = 1 << 20;
  options.max_cache_bytes = 8 << 20;
  ASSERT_TRUE(writer.Open(options).ok());
  DatabaseStats before = writer.Stats();
  EXPECT_EQ(before.cache.capacity_bytes, 1u << 20);
  EXPECT_EQ(before.cache.start_bytes, 1u << 20);
  EXPECT_EQ(before.cache.max_bytes, 8u << 20);
  ASSERT_TRUE(before.live_nodes.has_value());
  EXPECT_EQ(before.live_nodes->count, 0u);
  EXPECT_EQ(before.live_nodes->max_bytes, 8u << 20);  // the cache's ceiling
  EXPECT_EQ(One(writer, "MATCH (n:N) RETURN sum(n.i)"), "1275");
  DatabaseStats cold = writer.Stats();
  EXPECT_GT(cold.cache.misses, before.cache.misses);
  EXPECT_GT(cold.cache.blocks, 0u);
  EXPECT_GT(cold.cache.size_bytes, 0u);
  EXPECT_EQ(One(writer, "MATCH (n:N) RETURN sum(n.i)"), "1275");
  DatabaseStats warm = writer.Stats();
  EXPECT_GT(warm.cache.hits, cold.cache.hits);
  EXPECT_EQ(warm.cache.misses, cold.cache.misses);
  // A reader has no set of live nodes; its cache is the default, fixed.
  auto reader = OpenDb(true);
  EXPECT_FALSE(reader->Stats().live_nodes.has_value());
  EXPECT_EQ(reader->Stats().cache.max_bytes, BlockCache::kDefaultCapacityBytes);  // fixed
}

// An expansion's label check uses the members the reader keeps of the data
// files across statements; later writes (a label removed or added, a node
// deleted or created) are seen at once, and after the next flush too.
TEST_F(DatabaseTest, KeptLabelMembersFollowLaterWrites) {
  auto writer = OpenDb(false);
  ASSERT_TRUE(writer
                  ->Run("CREATE (p:P {name: 'p'}) WITH p UNWIND range(1, 40) AS i "
                        "CREATE (:M {i: i})-[:R]->(p)",
                        {}, true)
                  .ok());
  ASSERT_TRUE(writer->Flush().ok());
  // Both ways of counting with the members: NeighborCounts (grouped by a
  // property) and a counting Expand (grouped by an expression).
  const std::string by_column = "MATCH (p:P)<-[:R]-(m:M) RETURN p.name, count(m) AS n";
  const std::string by_expression = "MATCH (p:P)<-[:R]-(m:M) RETURN p.name + '', count(m) AS n";
  for (const auto& [count, op] :
       {std::pair{by_column, "NeighborCounts"}, std::pair{by_expression, "(count)"}}) {
    auto explained = writer->Run("EXPLAIN " + count, {}, false);
    ASSERT_TRUE(explained.ok());
    bool counted = false;
    for (const auto& row : explained->result.rows) {
      counted = counted || row[0].as_string().find(op) != std::string::npos;
    }
    EXPECT_TRUE(counted) << "the test needs " << op;
  }
  auto n = [&](Database& db) {
    std::string answers[2];
    for (int i = 0; i < 2; ++i) {
      auto r = db.Run(i == 0 ? by_column : by_expression, {}, false);
      if (!r.ok()) return std::string("error: ") + r.status().ToString();
      if (r->result.rows.size() != 1)
        return std::string("rows: ") + std::to_string(r->result.rows.size());
      answers[i] = r->result.rows[0][1].ToString();
    }
    if (answers[0] != answers[1]) return "NeighborCounts " + answers[0] + ", Expand " + answers[1];
    return answers[0];
  };
  EXPECT_EQ(n(*writer), "40");
  EXPECT_EQ(n(*writer), "40");
  ASSERT_TRUE(writer->Run("MATCH (m:M {i: 3}) REMOVE m:M", {}, true).ok());
  EXPECT_EQ(n(*writer), "39");
  ASSERT_TRUE(writer->Run("MATCH (m:M {i: 4}) DETACH DELETE m", {}, true).ok());
  EXPECT_EQ(n(*writer), "38");
  ASSERT_TRUE(writer->Run("MATCH (m {i: 3}) SET m:M", {}, true).ok());
  ASSERT_TRUE(writer->Run("MATCH (p:P) CREATE (:M {i: 41})-[:R]->(p)", {}, true).ok());
  EXPECT_EQ(n(*writer), "40");
  auto reader = OpenDb(true);
  EXPECT_EQ(n(*reader), "40");
  ASSERT_TRUE(writer->Run("MATCH (m:M {i: 5}) REMOVE m:M", {}, true).ok());
  ASSERT_TRUE(writer->Flush().ok());
  EXPECT_EQ(n(*writer), "39");
  EXPECT_EQ(n(*reader), "40");  // pinned
  ASSERT_TRUE(reader->Refresh().ok());
  EXPECT_EQ(n(*reader), "39");
}

// Counting a grouped expansion without making its rows (each edge counted
// in the storage layer against the members the reader keeps) answers what
// expanding answers, `count(r)` of a named relationship, in every direction,
// with self-loops, other types, labels on both ends and edges both in the
// data files and in the memtable.
TEST_F(DatabaseTest, CountingEdgesAloneAgreesWithExpandingThem) {
  auto writer = OpenDb(false);
  ASSERT_TRUE(writer
                  ->Run("UNWIND range(1, 6) AS i CREATE (:P {name: 'p' + i}) "
                        "WITH i WHERE i % 2 = 0 MATCH (p:P {name: 'p' + i}) SET p:M",
                        {}, true)
                  .ok());
  const std::string links =
      "MATCH (p:P) UNWIND range(1, toInteger(substring(p.name, 1)) * 3) AS k "
      "CREATE (m:M {k: k}) CREATE (m)-[:R]->(p) "
      "WITH p, m, k WHERE k % 3 = 0 CREATE (p)-[:R]->(m) CREATE (p)-[:S]->(m) "
      "WITH p, k WHERE k = 3 AND p:M CREATE (p)-[:R]->(p)";
  ASSERT_TRUE(writer->Run(links, {}, true).ok());
  ASSERT_TRUE(writer->Flush().ok());
  ASSERT_TRUE(writer->Run(links, {}, true).ok());  // the same again, in the memtable
  ASSERT_TRUE(writer->Run("MATCH (m:M {k: 2}) REMOVE m:M", {}, true).ok());
  auto rows = [&](const std::string& text) {
    auto r = writer->Run(text, {}, false);
    if (!r.ok()) return std::string("error: ") + r.status().ToString();
    std::vector<std::string> lines;
    for (const auto& row : r->result.rows) lines.push_back(row[0].ToString() + row[1].ToString());
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + ";";
    return out;
  };
  int checked = 0;
  for (std::string arrow : {"<-[:R]-", "-[:R]->", "-[:R]-", "-[]-", "<-[:R|S]-"}) {
    for (std::string label : {":M", "", ":P"}) {
      SCOPED_TRACE(arrow + " " + label);
      std::string named = arrow;
      named.insert(named.find('[') + 1, "r");
      const std::string expanded =
          rows("MATCH (p:P)" + named + "(m" + label + ") RETURN p.name, count(r)");
      ASSERT_EQ(expanded.find("error"), std::string::npos) << expanded;
      // Grouped by a property of p (NeighborCounts where one type at most)
      // and by an expression of it (a counting Expand).
      for (std::string key : {"p.name", "p.name + ''"}) {
        const std::string counting =
            "MATCH (p:P)" + arrow + "(m" + label + ") RETURN " + key + ", count(m)";
        for (int run = 0; run < 3; ++run) EXPECT_EQ(rows(counting), expanded) << key << run;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 15);
  auto explain = [&](const std::string& key) {
    auto explained =
        writer->Run("EXPLAIN MATCH (p:P)<-[:R]-(m:M) RETURN " + key + ", count(m)", {}, false);
    EXPECT_TRUE(explained.ok());
    std::string plan;
    if (!explained.ok()) return plan;
    for (const auto& row : explained->result.rows) plan += row[0].as_string() + "\n";
    return plan;
  };
  EXPECT_NE(explain("p.name").find("NeighborCounts"), std::string::npos) << explain("p.name");
  EXPECT_NE(explain("p.name + ''").find("(count)"), std::string::npos) << explain("p.name + ''");
}

// When the counts show every node carries the end's label (and the overlay
// holds no node), a counting expansion skips the label check; it answers
// what expanding answers, over two runs, with parallel edges, self-loops
// and nodes without the grouping key, and checks labels again once a node
// without the label exists (in the memtable, then in the data files).
TEST_F(DatabaseTest, CountingIntoALabelEveryNodeCarriesAgreesWithExpanding) {
  auto writer = OpenDb(false);
  ASSERT_TRUE(writer
                  ->Run("UNWIND range(1, 12) AS i CREATE (u:U {i: i}) "
                        "WITH u, i WHERE i <= 9 SET u.id = i % 5",
                        {}, true)
                  .ok());
  const std::string links =
      "MATCH (a:U), (b:U) WHERE (a.i * 7 + b.i) % 5 = 0 OR a.i = b.i + 1 "
      "CREATE (a)-[:F]->(b) WITH a, b WHERE a.i % 4 = 0 CREATE (a)-[:F]->(b) "
      "WITH DISTINCT a WHERE a.i % 3 = 0 CREATE (a)-[:F]->(a)";
  ASSERT_TRUE(writer->Run(links, {}, true).ok());
  ASSERT_TRUE(writer->Flush().ok());
  ASSERT_TRUE(writer->Run(links, {}, true).ok());
  ASSERT_TRUE(writer->Flush().ok());  // a second run
  auto rows = [](Database& db, const std::string& text) {
    auto r = db.Run(text, {}, false);
    if (!r.ok()) return std::string("error: ") + r.status().ToString();
    std::vector<std::string> lines;
    for (const auto& row : r->result.rows)
      lines.push_back(row[0].ToString() + ":" + row[1].ToString());
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + ";";
    return out;
  };
  const std::string counting = "MATCH (u:U)<-[:F]-(v:U) RETURN u.id, count(v)";
  const std::string expanded = "MATCH (u:U)<-[r:F]-(v:U) RETURN u.id, count(r)";
  const std::string both = "MATCH (u:U)-[:F]-(v:U) RETURN u.id, count(v)";
  const std::string both_expanded = "MATCH (u:U)-[r:F]-(v:U) RETURN u.id, count(r)";
  auto agree = [&](Database& db, const std::string& when) {
    SCOPED_TRACE(when);
    const std::string want = rows(db, expanded);
    ASSERT_EQ(want.find("error"), std::string::npos) << want;
    EXPECT_NE(want, "");
    for (int run = 0; run < 2; ++run) EXPECT_EQ(rows(db, counting), want) << run;
    EXPECT_EQ(rows(db, both), rows(db, both_expanded));
  };
  auto reader = OpenDb(true);
  agree(*reader, "every node a U, no overlay");
  agree(*writer, "every node a U");
  // A node without the label, with edges into every U: not counted.
  ASSERT_TRUE(
      writer->Run("CREATE (x:X {i: 0}) WITH x MATCH (u:U) CREATE (x)-[:F]->(u)", {}, true).ok());
  ASSERT_TRUE(writer->Run("MATCH (u:U {i: 2}) DETACH DELETE u", {}, true).ok());
  agree(*writer, "an X in the memtable");
  const std::string with_x = rows(*writer, counting);
  ASSERT_TRUE(writer->Flush().ok());
  ASSERT_TRUE(reader->Refresh().ok());
  agree(*reader, "an X in the data files");
  EXPECT_EQ(rows(*reader, counting), with_x);
  EXPECT_NE(rows(*reader, counting), rows(*reader, "MATCH (u:U)<-[:F]-(v) RETURN u.id, count(v)"));
  ASSERT_TRUE(writer->Run("MATCH (x:X) DETACH DELETE x", {}, true).ok());
  ASSERT_TRUE(writer->Flush().ok());
  ASSERT_TRUE(reader->Refresh().ok());
  agree(*reader, "every node a U again");
  EXPECT_EQ(rows(*reader, counting), rows(*reader, "MATCH (u:U)<-[:F]-(v) RETURN u.id, count(v)"));
}

TEST_F(DatabaseTest, AStaleWriterGetsATypedConflictAndRecoversByRefresh) {
  auto first = OpenDb(false);
  auto second = OpenDb(false);
  ASSERT_TRUE(second->Run("CREATE (:A)", {}, true).ok());
  auto stale = first->Run("CREATE (:B)", {}, true);
  EXPECT_TRUE(stale.status().Is(StatusCode::kConflict)) << stale.status().ToString();
  // The session stays refused until it is opened again.
  EXPECT_TRUE(first->UpsertNode({"C"}, "c", {}).status().Is(StatusCode::kConflict));
  EXPECT_EQ(first->staged(), 0u);

  ASSERT_TRUE(first->Refresh().ok());
  ASSERT_TRUE(first->UpsertNode({"C"}, "c", {}).ok());
  // Refresh refuses while something is staged, and keeps it.
  EXPECT_TRUE(first->Refresh().Is(StatusCode::kInvalidArgument));
  EXPECT_EQ(first->staged(), 1u);
  ASSERT_TRUE(first->Commit().ok());
  EXPECT_EQ(One(*first, "MATCH (n) RETURN count(n)"), "2");
  EXPECT_TRUE(second->Run("CREATE (:D)", {}, true).status().Is(StatusCode::kConflict));
}

TEST_F(DatabaseTest, AReadOnlyDatabaseRefusesEveryChangeAndChangesNothing) {
  ASSERT_TRUE(OpenDb(false)->Run("CREATE (:Y)", {}, true).ok());
  auto reader = OpenDb(true);
  ASSERT_TRUE(reader->read_only());
  const std::string says = "opened with mode 'read'";
  auto expect_refused = [&](const Status& s) {
    EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument)) << s.ToString();
    EXPECT_NE(s.ToString().find(says), std::string::npos) << s.ToString();
  };
  expect_refused(reader->Writable());
  expect_refused(reader->Run("CREATE (:X)", {}, true).status());
  expect_refused(reader->UpsertNode({"X"}, "x", {}).status());
  expect_refused(reader->UpsertEdge("R", "x", "y", {}).status());
  expect_refused(reader->TombstoneNode("x"));
  expect_refused(reader->TombstoneEdge("x"));
  expect_refused(reader->StageBatch("NSB").status());
  expect_refused(reader->Commit().status());
  expect_refused(reader->Flush().status());
  expect_refused(reader->Compact().status());
  expect_refused(reader->Gc().status());
  EXPECT_EQ(reader->writer(), nullptr);
  ASSERT_TRUE(reader->Refresh().ok());
  EXPECT_EQ(One(*reader, "MATCH (n) RETURN count(n)"), "1");
}

TEST_F(DatabaseTest, PreparedStatementsRunByNumberUntilClosed) {
  auto writer = OpenDb(false);
  auto create = writer->Prepare("CREATE (:P {v: $v})");
  auto count = writer->Prepare("MATCH (p:P) RETURN sum(p.v) AS s");
  ASSERT_TRUE(create.ok() && count.ok());
  EXPECT_NE(*create, *count);
  for (int v = 1; v <= 3; ++v) {
    ASSERT_TRUE(writer->RunPrepared(*create, Props({{"v", Value::Int(v)}}), true).ok());
  }
  auto sum = writer->RunPrepared(*count, {}, false);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->result.rows[0][0].ToString(), "6");
  writer->CloseStatement(*count);
  auto closed = writer->RunPrepared(*count, {}, false);
  EXPECT_TRUE(closed.status().Is(StatusCode::kInvalidArgument));
  EXPECT_FALSE(writer->Prepare("MATCH (").ok());  // a syntax error, at Prepare
}

TEST_F(DatabaseTest, ARegisteredProcedureIsCalledByStatements) {
  auto writer = OpenDb(false);
  auto signature = query::ParseProcedureSignature("test.double(x :: INTEGER?) :: (y :: INTEGER?)");
  ASSERT_TRUE(signature.ok()) << signature.status().ToString();
  query::ProcedureBody body = [](const ValueList& args,
                                 query::ProcedureContext&) -> Result<std::vector<ValueList>> {
    return std::vector<ValueList>{{Value::Int(args[0].as_int() * 2)}};
  };
  ASSERT_TRUE(writer->RegisterProcedure({std::move(*signature), std::move(body), ""}).ok());
  EXPECT_EQ(One(*writer, "CALL test.double(21) YIELD y RETURN y"), "42");
}

TEST_F(DatabaseTest, TheCallersSeamsAndLimitsReachTheStatement) {
  testing::TempDir dir;
  {
    std::ofstream out(dir.path() + "/people.csv", std::ios::binary);
    out << "name\nAnn\nBob\n";
  }
  query::FileCsvSources sources(dir.path());
  Database db(store_, &sources);
  DatabaseOptions options;
  options.ns = "csv";
  ASSERT_TRUE(db.Open(options).ok());
  auto loaded =
      db.Run("LOAD CSV WITH HEADERS FROM 'people.csv' AS r CREATE (:P {name: r.name})", {}, true);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->counters->nodes_created, 2);
  EXPECT_EQ(loaded->result.csv.rows, 2u);
  // Without sources, LOAD CSV is an error that names the URL.
  auto none = OpenDb(false)->Run("LOAD CSV FROM 'people.csv' AS r RETURN r", {}, false);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().ToString().find("people.csv"), std::string::npos);

  StatementOptions bounded;
  bounded.limits.max_rows = 10;
  auto too_many = db.Run("UNWIND range(1, 100) AS i RETURN i", {}, false, bounded);
  EXPECT_TRUE(too_many.status().Is(StatusCode::kResourceExhausted)) << too_many.status().ToString();

  // The yield hook is called while the statement runs; its error stops it.
  int calls = 0;
  StatementOptions cancelled;
  cancelled.yield.every_ms = 0.001;
  cancelled.yield.hook = [&calls]() {
    ++calls;
    return Status::Cancelled("stopped by the caller");
  };
  auto stopped = db.Run("UNWIND range(1, 3000000) AS i RETURN sum(i)", {}, false, cancelled);
  EXPECT_TRUE(stopped.status().Is(StatusCode::kCancelled)) << stopped.status().ToString();
  EXPECT_GE(calls, 1);
  EXPECT_EQ(One(db, "MATCH (p:P) RETURN count(p)"), "2");
}

TEST_F(DatabaseTest, NotOpenAndClosedAreTypedErrors) {
  Database db(store_);
  EXPECT_FALSE(db.is_open());
  EXPECT_TRUE(db.Run("RETURN 1", {}, false).status().Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(db.Commit().status().Is(StatusCode::kInvalidArgument));
  EXPECT_EQ(db.staged(), 0u);

  auto writer = OpenDb(false);
  auto statement = writer->Prepare("RETURN 1");
  ASSERT_TRUE(statement.ok());
  ASSERT_TRUE(writer->UpsertNode({"Gone"}, "gone", {}).ok());
  writer->Close();
  EXPECT_FALSE(writer->is_open());
  EXPECT_EQ(writer->staged(), 0u);
  EXPECT_TRUE(writer->Commit().status().Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(writer->RunPrepared(*statement, {}, false).status().Is(StatusCode::kInvalidArgument));
  // Nothing staged before Close was committed.
  auto again = OpenDb(false);
  EXPECT_EQ(One(*again, "MATCH (n) RETURN count(n)"), "0");
}

TEST_F(DatabaseTest, RecoverRebuildsALostManifest) {
  {
    auto writer = OpenDb(false);
    ASSERT_TRUE(writer->Run("CREATE (:Lost)", {}, true).ok());
  }
  auto has_manifest = Database::Recover(store_, "g");
  EXPECT_TRUE(has_manifest.status().Is(StatusCode::kAlreadyExists));
  auto none = Database::Recover(store_, "nothing-here");
  EXPECT_TRUE(none.status().Is(StatusCode::kNotFound));

  auto layout = NamespaceLayout::Make("", "g");
  ASSERT_TRUE(layout.ok());
  ASSERT_TRUE(store_->Delete(layout->ManifestKey()).ok());
  Database lost(store_);
  DatabaseOptions options;
  options.ns = "g";
  options.read_only = true;
  EXPECT_FALSE(lost.Open(options).ok());
  auto report = Database::Recover(store_, "g");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_GE(report->wal_segments, 1u);
  ASSERT_TRUE(lost.Open(options).ok());
  EXPECT_EQ(One(lost, "MATCH (n:Lost) RETURN count(n)"), "1");
}

}  // namespace
}  // namespace namidb::api
