// Property columns (column_codec.h, column_builder.h) and the label scan
// that reads them (GraphReader::ScanLabelColumns): the same answers as the
// records, whichever run, the WAL or a writer's memtable holds the newest
// version; chunks skipped by their statistics; damage is Corruption.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "core/hash.h"
#include "core/value_codec.h"
#include "storage/column_codec.h"
#include "storage/graph_reader.h"
#include "storage/snapshot.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/forwarding_store.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("column-node-" + std::to_string(n)); }

const std::vector<std::string> kProperties = {"a", "missing", "s"};

class ColumnScanTest : public ::testing::Test {
 protected:
  std::unique_ptr<WriterSession> Writer(const WriterOptions& options = {}) {
    auto w = WriterSession::Open(memory_, "graph", options);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return std::move(w).value();
  }
  // A writer whose flushes and compactions collect at most `bytes` of columns.
  std::unique_ptr<WriterSession> WriterWithColumnBudget(uint64_t bytes) {
    WriterOptions options;
    options.max_run_column_bytes = bytes;
    return Writer(options);
  }
  // The tables of `kind` the current manifest lists.
  std::vector<TableRef> TablesOf(std::string_view kind) {
    std::vector<TableRef> found;
    auto reader = Reader();
    for (const auto& t : reader->manifest().tables) {
      if (t.kind == kind) found.push_back(t);
    }
    return found;
  }
  std::unique_ptr<GraphReader> Reader() {
    auto r = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }
  // What the columns must say: every live node with `label`, from a full
  // load of the namespace (or from `view`'s own records).
  static void ExpectSameAsRecords(GraphReader& view, const std::string& label) {
    auto scanned = view.ScanLabelColumns(label, kProperties);
    ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
    auto records = view.ScanLabel(label);
    ASSERT_TRUE(records.ok()) << records.status().ToString();
    ASSERT_EQ(scanned->ids.size(), records->size());
    for (size_t i = 0; i < records->size(); ++i) {
      const auto& [id, record] = (*records)[i];
      ASSERT_EQ(scanned->ids[i], id) << i;
      for (size_t p = 0; p < kProperties.size(); ++p) {
        const Value* want = record.properties.Find(kProperties[p]);
        EXPECT_EQ(scanned->values[i][p], want ? *want : Value()) << i << " " << kProperties[p];
      }
    }
  }

  std::shared_ptr<MemoryStore> memory_ = std::make_shared<MemoryStore>();
  NamespaceLayout layout_ = std::move(NamespaceLayout::Make("", "graph")).value();
};

// Random changes over several runs (labels gained and dropped, properties
// changed and removed, tombstones), more than one chunk per label, with
// the WAL on top; checked after every step, and after a compaction.
TEST_F(ColumnScanTest, AnswersWhatTheRecordsAnswerAcrossRunsAndTheWal) {
  for (uint64_t seed : {1u, 2u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    memory_ = std::make_shared<MemoryStore>();
    std::mt19937_64 rng(seed);
    auto w = Writer();
    for (int round = 0; round < 4; ++round) {
      for (int i = 0; i < (round == 0 ? 2600 : 400); ++i) {
        int n = round == 0 ? i : static_cast<int>(rng() % 2600);
        std::vector<std::string> labels;
        if (rng() % 4 != 0) labels.push_back("A");
        if (rng() % 3 == 0) labels.push_back("B");
        ValueMap props;
        if (rng() % 5 != 0) props.Set("a", Value::Int(static_cast<int64_t>(rng() % 1000)));
        if (rng() % 7 == 0) props.Set("a", Value::Float(0.5));
        if (rng() % 3 == 0) props.Set("s", Value::String("s" + std::to_string(rng() % 50)));
        if (rng() % 11 == 0) props.Set("s", Value::List({Value::Int(1), Value::Int(2)}));
        ASSERT_TRUE(w->UpsertNode(labels, Id(n), props).ok());
      }
      for (int i = 0; round > 0 && i < 50; ++i) {
        (void)w->TombstoneNode(Id(static_cast<int>(rng() % 2600)));
      }
      ASSERT_TRUE(w->CommitBatch().ok());
      ExpectSameAsRecords(w->view(), "A");  // the writer's memtable over the runs
      if (round < 3) {
        ASSERT_TRUE(w->Flush().ok());
      }
      auto reader = Reader();
      ExpectSameAsRecords(*reader, "A");
      ExpectSameAsRecords(*reader, "B");
    }
    ASSERT_TRUE(w->Compact().ok());
    auto reader = Reader();
    EXPECT_EQ(reader->runs().size(), 1u);
    ExpectSameAsRecords(*reader, "A");
    ExpectSameAsRecords(*reader, "B");
  }
}

// Where each node's current version is (StoredLabelRows) is worked out once
// per reader and kept: a second scan on the kept placement, and a reader
// whose cache is too small to keep anything, answer as the records do.
TEST_F(ColumnScanTest, APlacementKeptByTheReaderAnswersAsAFreshOne) {
  auto w = Writer();
  auto upsert = [&](int from, int to, std::vector<std::string> labels, int plus) {
    for (int n = from; n < to; ++n) {
      ASSERT_TRUE(w->UpsertNode(labels, Id(n), ValueMap{{"a", Value::Int(n + plus)}}).ok());
    }
  };
  upsert(0, 3000, {"A"}, 0);
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  upsert(0, 100, {"A"}, 1000);   // newer versions
  upsert(150, 200, {"B"}, 0);    // the label dropped
  upsert(3000, 3100, {"A"}, 0);  // new nodes
  for (int n = 100; n < 150; ++n) ASSERT_TRUE(w->TombstoneNode(Id(n)).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  upsert(0, 50, {"A", "B"}, 2000);  // a third version
  upsert(150, 175, {"A"}, 0);       // the label back
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());

  auto reader = Reader();
  ASSERT_EQ(reader->runs().size(), 3u);
  for (int pass = 0; pass < 2; ++pass) {
    SCOPED_TRACE("pass " + std::to_string(pass));
    ExpectSameAsRecords(*reader, "A");
    ExpectSameAsRecords(*reader, "B");
  }
  bool kept = false;
  auto ids = reader->StoredLabelIds("A", &kept);
  ASSERT_TRUE(ids.ok());
  EXPECT_TRUE(kept);
  EXPECT_EQ((*ids)->size(), 3000u - 50u - 50u + 100u + 25u);

  auto lean = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>(0));
  ASSERT_TRUE(lean.ok()) << lean.status().ToString();
  ExpectSameAsRecords(**lean, "A");
  ExpectSameAsRecords(**lean, "B");
  ids = (*lean)->StoredLabelIds("A", &kept);
  ASSERT_TRUE(ids.ok());
  EXPECT_FALSE(kept);
  EXPECT_EQ((*ids)->size(), 3025u);
}

// A newer run's update, tombstone or dropped label wins over the columns of
// an older run; so does the WAL's.
TEST_F(ColumnScanTest, NewerVersionsWinOverOlderColumns) {
  auto w = Writer();
  for (int n = 0; n < 5; ++n) {
    ASSERT_TRUE(w->UpsertNode({"P"}, Id(n), ValueMap{{"a", Value::Int(n)}}).ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_TRUE(w->UpsertNode({"P"}, Id(0), ValueMap{{"a", Value::Int(100)}}).ok());  // update
  ASSERT_TRUE(w->TombstoneNode(Id(1)).ok());
  ASSERT_TRUE(w->UpsertNode({"Q"}, Id(2), ValueMap{{"a", Value::Int(2)}}).ok());  // label dropped
  ASSERT_TRUE(w->UpsertNode({"P"}, Id(3), ValueMap{}).ok());  // property removed
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_TRUE(w->UpsertNode({"P"}, Id(4), ValueMap{{"a", Value::Int(400)}}).ok());  // in the WAL
  ASSERT_TRUE(w->CommitBatch().ok());

  std::string p = "a";
  auto expect = [&](GraphReader& view) {
    auto got = view.ScanLabelColumns("P", std::span<const std::string>(&p, 1));
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    std::map<Uuid, Value> want{
        {Id(0), Value::Int(100)}, {Id(3), Value()}, {Id(4), Value::Int(400)}};
    ASSERT_EQ(got->ids.size(), want.size());
    for (size_t i = 0; i < got->ids.size(); ++i) {
      ASSERT_TRUE(want.count(got->ids[i]));
      EXPECT_EQ(got->values[i][0], want[got->ids[i]]);
    }
  };
  auto reader = Reader();
  EXPECT_EQ(reader->runs().size(), 2u);
  expect(*reader);
  expect(w->view());
  // A staged, uncommitted change is the memtable's too.
  ASSERT_TRUE(w->TombstoneNode(Id(3)).ok());
  auto got = w->view().ScanLabelColumns("P", std::span<const std::string>(&p, 1));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(std::count(got->ids.begin(), got->ids.end(), Id(3)), 0);
}

// Values that grow with the node ids: an equality on them leaves one chunk
// of rows, and that chunk holds the node.
TEST_F(ColumnScanTest, StatisticsSkipChunksThatCannotHoldAValue) {
  std::vector<Uuid> ids;
  for (int n = 0; n < 3000; ++n) ids.push_back(Id(n));
  std::sort(ids.begin(), ids.end());
  auto w = Writer();
  for (size_t i = 0; i < ids.size(); ++i) {
    ValueMap props{{"a", Value::Int(static_cast<int64_t>(i))},
                   {"s", Value::String("k" + std::to_string(10000 + i))}};
    if (i >= 2048) props = ValueMap{};  // the last chunk: all null
    ASSERT_TRUE(w->UpsertNode({"P"}, ids[i], props).ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  auto reader = Reader();
  std::vector<std::string> props = {"a", "s"};
  auto scan = [&](std::optional<Value> a, std::optional<Value> s) {
    std::vector<std::optional<Value>> equal = {std::move(a), std::move(s)};
    auto got = reader->ScanLabelColumns("P", props, equal);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() ? *got : GraphReader::LabelColumns{};
  };
  // The chunks the statistics leave are read, and their rows whose value
  // differs dropped.
  auto got = scan(Value::Int(1500), std::nullopt);
  EXPECT_EQ(got.ids, std::vector<Uuid>{ids[1500]});
  EXPECT_EQ(scan(Value::Float(1500.0), std::nullopt).ids, std::vector<Uuid>{ids[1500]});
  EXPECT_EQ(scan(std::nullopt, Value::String("k10005")).ids, std::vector<Uuid>{ids[5]});
  EXPECT_TRUE(scan(Value::Int(5000), std::nullopt).ids.empty());
  EXPECT_TRUE(scan(Value::String("1500"), std::nullopt).ids.empty());  // no string equals a number
  EXPECT_EQ(scan(std::nullopt, std::nullopt).ids.size(), ids.size());
}

// Values too large for a column chunk (kMaxColumnChunkBytes) leave their
// chunk without values: its rows are read from their records.
TEST_F(ColumnScanTest, ChunksOfLargeValuesAreReadFromRecords) {
  auto w = Writer();
  std::mt19937_64 rng(7);
  for (int n = 0; n < 1100; ++n) {
    std::string text(2048, ' ');  // incompressible: 2 MiB of them would show in the table
    for (char& c : text) c = static_cast<char>('a' + rng() % 26);
    ValueMap props{{"a", Value::Int(n)}, {"s", Value::String(text)}};
    ASSERT_TRUE(w->UpsertNode({"A"}, Id(n), props).ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  auto reader = Reader();
  uint64_t column_bytes = 0;
  for (const auto& t : reader->manifest().tables) {
    if (t.kind == "cols") column_bytes += t.size;
  }
  EXPECT_GT(column_bytes, 0u);
  EXPECT_LT(column_bytes, kMaxColumnChunkBytes);  // `a`, and `s` past its first chunk
  ExpectSameAsRecords(*reader, "A");
}

// The keys of the objects a reader fetches.
class KeyRecordingStore final : public testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override {
    for (const GetRequest& r : requests) keys.insert(r.key);
    return inner().GetMany(requests);
  }
  std::set<std::string> keys;
};

// A run whose columns would take more memory than the writer's budget
// leaves its largest columns to the records, flushed or compacted, and
// keeps the others: a scan of a small property reads no record even when
// another property of the label is long text.
TEST_F(ColumnScanTest, TheLargestColumnsPastTheBudgetAreLeftToTheRecords) {
  auto w = WriterWithColumnBudget(64 << 10);
  // About 40 KiB of `a` and 200 KiB of incompressible `s`: `s` is left to
  // the records, `a` is a column.
  std::mt19937_64 rng(11);
  for (int n = 0; n < 2500; ++n) {
    std::string text(80, ' ');
    for (char& c : text) c = static_cast<char>('a' + rng() % 26);
    ValueMap props{{"a", Value::Int(n)}, {"s", Value::String(text)}};
    ASSERT_TRUE(w->UpsertNode({"A"}, Id(n), props).ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_EQ(TablesOf("cols").size(), 1u);
  EXPECT_LT(TablesOf("cols")[0].size, 64u << 10);  // `s` is not in it
  ExpectSameAsRecords(*Reader(), "A");

  // `a` scans from its column and reads no record; `s` reads them.
  auto nodes = TablesOf("nodes");
  ASSERT_EQ(nodes.size(), 1u);
  const std::string nodes_key = layout_.Absolute(nodes[0].key);
  auto recording = std::make_shared<KeyRecordingStore>(memory_);
  auto opened_reader = GraphReader::Open(recording, layout_, std::make_shared<BlockCache>());
  ASSERT_TRUE(opened_reader.ok()) << opened_reader.status().ToString();
  auto& reader = **opened_reader;
  std::string a = "a", text = "s";
  recording->keys.clear();
  auto scanned = reader.ScanLabelColumns("A", std::span(&a, 1));
  ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
  ASSERT_EQ(scanned->ids.size(), 2500u);
  EXPECT_FALSE(recording->keys.contains(nodes_key));
  ASSERT_TRUE(reader.ScanLabelColumns("A", std::span(&text, 1)).ok());
  EXPECT_TRUE(recording->keys.contains(nodes_key));

  // A newer version of one node, and the compaction of both runs: the same.
  ASSERT_TRUE(w->UpsertNode({"A"}, Id(7), {{"a", Value::Int(-7)}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  ExpectSameAsRecords(*Reader(), "A");
  ASSERT_TRUE(w->Compact().ok());
  ASSERT_EQ(TablesOf("cols").size(), 1u);
  EXPECT_LT(TablesOf("cols")[0].size, 64u << 10);
  ExpectSameAsRecords(*Reader(), "A");
}

// When even the smallest column does not fit the budget, the run is written
// without columns and answers from its records.
TEST_F(ColumnScanTest, ARunWhoseColumnsCannotFitIsWrittenWithoutThem) {
  auto w = WriterWithColumnBudget(4 << 10);
  // Small enough for the budget: columns.
  for (int n = 0; n < 100; ++n) {
    ASSERT_TRUE(
        w->UpsertNode({"A"}, Id(n), {{"a", Value::Int(n)}, {"s", Value::String("x")}}).ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  EXPECT_EQ(TablesOf("cols").size(), 1u);
  // Past it with every column: this run has none.
  for (int n = 100; n < 3000; ++n) {
    ValueMap props{{"a", Value::Int(n)}, {"s", Value::String(std::string(64, 'a' + n % 26))}};
    ASSERT_TRUE(w->UpsertNode({"A"}, Id(n), props).ok());
  }
  ASSERT_TRUE(w->UpsertNode({"A"}, Id(7), {{"a", Value::Int(-7)}}).ok());  // newer than the columns
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  EXPECT_EQ(TablesOf("cols").size(), 1u);
  ExpectSameAsRecords(*Reader(), "A");
  // The compaction of both is past it too.
  ASSERT_TRUE(w->Compact().ok());
  EXPECT_EQ(TablesOf("cols").size(), 0u);
  auto reader = Reader();
  ExpectSameAsRecords(*reader, "A");
  auto scanned = reader->ScanLabelColumns("A", kProperties);
  ASSERT_TRUE(scanned.ok());
  ASSERT_EQ(scanned->ids.size(), 3000u);
}

TEST(ColumnCodecTest, ChunksRoundTripAndDamageIsCorruption) {
  std::string values;
  ASSERT_TRUE(EncodeValue(Value::Int(3), &values).ok());
  ASSERT_TRUE(EncodeValue(Value(), &values).ok());
  ASSERT_TRUE(EncodeValue(Value::Float(-1.5), &values).ok());
  ColumnStatsBuilder stats;
  stats.Add(Value::Int(3));
  stats.Add(Value::Float(-1.5));
  std::string bytes = EncodeColumnChunk(3, 1, stats.Finish(), values);
  auto chunk = DecodeColumnChunk(bytes, "t.sst");
  ASSERT_TRUE(chunk.ok()) << chunk.status().ToString();
  EXPECT_EQ(chunk->rows, 3u);
  EXPECT_EQ(chunk->values[0], Value::Int(3));
  EXPECT_TRUE(chunk->values[1].is_null());
  EXPECT_EQ(chunk->stats.min, Value::Float(-1.5));
  EXPECT_EQ(chunk->stats.max, Value::Int(3));
  EXPECT_TRUE(chunk->stats.MayEqual(Value::Int(0)));
  EXPECT_FALSE(chunk->stats.MayEqual(Value::Int(4)));
  for (size_t n = 0; n < bytes.size(); ++n) {  // every truncation
    auto cut = DecodeColumnChunk(bytes.substr(0, n), "t.sst");
    ASSERT_FALSE(cut.ok()) << n;
    EXPECT_TRUE(cut.status().Is(StatusCode::kCorruption));
    EXPECT_NE(cut.status().message().find("t.sst"), std::string::npos);
  }
  EXPECT_FALSE(DecodeColumnChunk(bytes + "x", "t.sst").ok());
  EXPECT_FALSE(DecodeColumnChunk(EncodeColumnChunk(3, 2, {}, values), "t.sst").ok());  // nulls
  EXPECT_FALSE(DecodeColumnChunk(EncodeColumnChunk(3, 3, {}, values), "t.sst").ok());  // all null
  auto unstored = DecodeColumnChunk(EncodeUnstoredColumnChunk(7), "t.sst");
  ASSERT_TRUE(unstored.ok());
  EXPECT_FALSE(unstored->stored);
  EXPECT_EQ(unstored->rows, 7u);
  EXPECT_FALSE(DecodeColumnChunk(EncodeUnstoredColumnChunk(7) + "x", "t.sst").ok());
  ColumnStats backwards{true, Value::Int(5), Value::Int(1)};
  EXPECT_FALSE(DecodeColumnChunk(EncodeColumnChunk(3, 1, backwards, values), "t.sst").ok());
}

// A comparison with a constant, as Cypher's WHERE keeps a row: true, never
// when false or null. Numbers compare exactly across integers and floats.
TEST(ColumnCodecTest, ConditionsHoldAsCypherComparisonsAre) {
  using C = ColumnCompare;
  EXPECT_TRUE(MayHold(Value::Int(3), C::kEq, Value::Float(3.0)));
  EXPECT_FALSE(MayHold(Value::Int(3), C::kLt, Value::Int(3)));
  EXPECT_TRUE(MayHold(Value::Int(3), C::kLe, Value::Int(3)));
  EXPECT_TRUE(MayHold(Value::Float(2.5), C::kLt, Value::Int(3)));
  EXPECT_FALSE(MayHold(Value::Int(9007199254740993), C::kEq, Value::Float(9007199254740992.0)));
  EXPECT_TRUE(MayHold(Value::Int(9007199254740993), C::kGt, Value::Float(9007199254740992.0)));
  EXPECT_FALSE(MayHold(Value::Float(std::nan("")), C::kGe, Value::Int(0)));  // NaN: false
  EXPECT_FALSE(MayHold(Value(), C::kEq, Value::Int(0)));                     // null
  EXPECT_FALSE(MayHold(Value::String("3"), C::kEq, Value::Int(3)));          // false
  EXPECT_FALSE(MayHold(Value::String("3"), C::kLt, Value::Int(5)));          // null
  EXPECT_FALSE(MayHold(Value::Bool(true), C::kGt, Value::Int(0)));           // null
  EXPECT_TRUE(MayHold(Value::String("b"), C::kGt, Value::String("a")));
  EXPECT_FALSE(MayHold(Value::String("B"), C::kGt, Value::String("a")));  // code point order
  EXPECT_FALSE(MayHold(Value::Int(1), C::kLt, Value::String("z")));
  // A constant of another kind: no judgement.
  EXPECT_TRUE(MayHold(Value::Int(1), C::kEq, Value::Bool(true)));
  EXPECT_TRUE(MayHold(Value(), C::kLt, Value::List({})));
  // A chunk's statistics: an end decides a range.
  ColumnStats numbers{true, Value::Int(10), Value::Float(20.5)};
  EXPECT_TRUE(numbers.MayHold(C::kLt, Value::Int(11)));
  EXPECT_FALSE(numbers.MayHold(C::kLt, Value::Int(10)));
  EXPECT_TRUE(numbers.MayHold(C::kLe, Value::Int(10)));
  EXPECT_TRUE(numbers.MayHold(C::kGt, Value::Int(20)));
  EXPECT_FALSE(numbers.MayHold(C::kGt, Value::Float(20.5)));
  EXPECT_TRUE(numbers.MayHold(C::kGe, Value::Float(20.5)));
  EXPECT_FALSE(numbers.MayHold(C::kEq, Value::Int(21)));
  EXPECT_FALSE(numbers.MayHold(C::kGt, Value::String("a")));
  EXPECT_TRUE(ColumnStats{}.MayHold(C::kGt, Value::Int(1 << 30)));  // unknown: may
}

// A flipped byte in a column table, or a column chunk that disagrees with
// the label index, fails the scan with Corruption, never a wrong answer.
TEST_F(ColumnScanTest, DamagedColumnsAreCorruption) {
  auto w = Writer();
  for (int n = 0; n < 2000; ++n) {
    ASSERT_TRUE(w->UpsertNode({"P"}, Id(n), ValueMap{{"a", Value::Int(n)}}).ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  std::string cols_key;
  auto healthy = Reader();
  for (const auto& t : healthy->manifest().tables) {
    if (t.kind == "cols") cols_key = layout_.Absolute(t.key);
  }
  ASSERT_FALSE(cols_key.empty());
  auto original = memory_->Get(cols_key);
  ASSERT_TRUE(original.ok());
  std::string p = "a";
  for (size_t at : {size_t{3}, original->data.size() / 3, original->data.size() / 2}) {
    std::string bytes = original->data;
    bytes[at] ^= 0x10;
    ASSERT_TRUE(memory_->Put(cols_key, bytes, {}).ok());
    auto reader = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>());
    Status status =
        reader.ok() ? (*reader)->ScanLabelColumns("P", std::span(&p, 1)).status() : reader.status();
    EXPECT_TRUE(status.Is(StatusCode::kCorruption)) << at << ": " << status.ToString();
  }
}

}  // namespace
}  // namespace namidb
