// Label scans of statements that change nothing are read a window at a
// time (storage/node_cursor.h): a LIMIT stops them early, a label larger
// than the statement's memory passes through it, and the answers are those
// of a scan read whole, over several runs, the WAL and a writer's staged
// changes. A statement that writes still reads its scans whole first.
#include <gtest/gtest.h>

#include <set>

#include "core/hash.h"
#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb::query {
namespace {

constexpr int kItems = 12000;  // about three windows of records, of columns

Uuid Id(int n) { return NameBasedUuid("streamed-scan-" + std::to_string(n)); }

class StreamedScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "g")).value();
    // Two runs, then changes left in the WAL: nodes deleted, relabelled,
    // changed and added after the runs.
    for (int n = 0; n < kItems; ++n) {
      ASSERT_TRUE(writer_->UpsertNode({"Item"}, Id(n), Props(n)).ok());
      if (n % 5000 == 4999) {
        ASSERT_TRUE(writer_->CommitBatch().ok());
        ASSERT_TRUE(writer_->Flush().ok());
      }
    }
    for (int n = 0; n < 200; ++n) {
      ASSERT_TRUE(writer_->UpsertNode({"Small", "Item"}, Id(kItems + n), Props(kItems + n)).ok());
    }
    ASSERT_TRUE(writer_->CommitBatch().ok());
    ASSERT_TRUE(writer_->Flush().ok());
    for (int n = 0; n < kItems; n += 97) ASSERT_TRUE(writer_->TombstoneNode(Id(n)).ok());
    for (int n = 1; n < kItems; n += 101) {
      ASSERT_TRUE(writer_->UpsertNode({"Other"}, Id(n), Props(n)).ok());
    }
    for (int n = 2; n < kItems; n += 103) {
      ValueMap changed = Props(n);
      changed.Set("n", Value::Int(-n));
      ASSERT_TRUE(writer_->UpsertNode({"Item"}, Id(n), changed).ok());
    }
    for (int n = kItems + 200; n < kItems + 700; ++n) {
      ASSERT_TRUE(writer_->UpsertNode({"Item"}, Id(n), Props(n)).ok());
    }
    ASSERT_TRUE(writer_->CommitBatch().ok());
    reader_ = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "g"),
                                          std::make_shared<BlockCache>()))
                  .value();
    // What scans must give: the last change to each node decides.
    for (int n = 0; n < kItems + 700; ++n) {
      if (n < kItems && n % 103 == 2) {
        expected_sum_ -= n;
      } else if (n < kItems && n % 101 == 1) {
        others_sum_ += n;
        ++others_;
        continue;
      } else if (n < kItems && n % 97 == 0) {
        continue;
      } else {
        expected_sum_ += n;
      }
      ++expected_count_;
    }
  }
  static ValueMap Props(int n) {
    return ValueMap{{"n", Value::Int(n)}, {"pad", Value::String(std::string(200, 'p'))}};
  }
  static QueryLimits Memory(uint64_t bytes) {
    QueryLimits l;
    l.max_memory_bytes = bytes;
    return l;
  }
  // Runs `text` on the reader of the WAL's version and on the writer's own
  // view (its staged changes an overlay too): the same rows from both.
  std::vector<std::vector<Value>> Rows(std::string_view text, const QueryLimits& limits = {}) {
    auto read = RunQuery(*reader_, text, {}, limits);
    EXPECT_TRUE(read.ok()) << text << ": " << read.status().ToString();
    auto own = RunQuery(writer_->view(), text, {}, limits);
    EXPECT_TRUE(own.ok()) << text << ": " << own.status().ToString();
    if (!read.ok() || !own.ok()) return {};
    EXPECT_EQ(read->rows, own->rows) << text;
    return read->rows;
  }
  std::string Plan(const std::string& text) {
    std::string plan;
    for (const auto& row : Rows("EXPLAIN " + text)) plan += row[0].as_string() + "\n";
    return plan;
  }
  Value One(std::string_view text, const QueryLimits& limits = {}) {
    auto rows = Rows(text, limits);
    if (rows.size() != 1 || rows[0].size() != 1) return Value::String("<no single value>");
    return rows[0][0];
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
  std::unique_ptr<GraphReader> reader_;
  int64_t expected_sum_ = 0;
  int64_t expected_count_ = 0;  // of Item
  int64_t others_sum_ = 0;
  int64_t others_ = 0;
};

TEST_F(StreamedScanTest, WholeScansGiveEveryNodeOnce) {
  for (const char* text : {
           "MATCH (i:Item) RETURN count(i) AS c, sum(i.n) AS s",                     // columns
           "MATCH (i:Item) WITH i, i AS whole RETURN count(*) AS c, sum(i.n) AS s",  // records
           "MATCH (i:Item|Small) RETURN count(i) AS c, sum(i.n) AS s",  // two labels, once each
       }) {
    auto rows = Rows(text);
    ASSERT_EQ(rows.size(), 1u) << text;
    EXPECT_EQ(rows[0][0], Value::Int(expected_count_)) << text;
    EXPECT_EQ(rows[0][1], Value::Int(expected_sum_)) << text;
  }
  EXPECT_EQ(One("MATCH (i:Item) RETURN count(elementId(i))"), Value::Int(expected_count_));
  EXPECT_EQ(One("MATCH (o:Other) RETURN count(o.n)"), Value::Int(others_));
  EXPECT_EQ(Rows("MATCH (i) RETURN count(i.n), sum(i.n)"),
            (std::vector<std::vector<Value>>{
                {Value::Int(expected_count_ + others_), Value::Int(expected_sum_ + others_sum_)}}));
  // In id order, as a scan read whole gives them.
  auto ids = Rows("MATCH (i:Item) RETURN elementId(i) AS e");
  ASSERT_EQ(ids.size(), static_cast<size_t>(expected_count_));
  std::set<std::string> distinct;
  for (size_t k = 0; k < ids.size(); ++k) {
    distinct.insert(ids[k][0].as_string());
    if (k > 0) {
      EXPECT_LT(ids[k - 1][0].as_string(), ids[k][0].as_string());
    }
  }
  EXPECT_EQ(distinct.size(), ids.size());
}

TEST_F(StreamedScanTest, ALimitNeedsOneWindowNotTheLabel) {
  // The label's nodes take more than 1 MiB as values: read whole, the
  // statement is refused; a window at a time, the first rows come at once.
  const QueryLimits small = Memory(1 << 20);
  for (const char* text : {
           "MATCH (i:Item) RETURN i LIMIT 3",
           "MATCH (i:Item) RETURN i.pad LIMIT 3",
           "MATCH (i) RETURN i LIMIT 3",
           "MATCH (i:Item|Other) RETURN i LIMIT 3",
       }) {
    EXPECT_EQ(Rows(text, small).size(), 3u) << text;
  }
  // The first three of the scan read whole.
  EXPECT_EQ(Rows("MATCH (i:Item) RETURN i.n LIMIT 3", small),
            Rows("MATCH (i:Item) WITH i ORDER BY elementId(i) LIMIT 3 RETURN i.n"));
  // A statement that writes reads its scan whole before its first change.
  auto write = RunWrite(*writer_, "MATCH (i:Item) SET i.seen = true RETURN i LIMIT 3", {}, small);
  ASSERT_FALSE(write.ok());
  EXPECT_TRUE(write.status().Is(StatusCode::kResourceExhausted)) << write.status().ToString();
}

TEST_F(StreamedScanTest, ALabelLargerThanTheMemoryPassesThrough) {
  const QueryLimits small = Memory(2 << 20);
  EXPECT_EQ(One("MATCH (i:Item) RETURN sum(i.n)", small), Value::Int(expected_sum_));
  EXPECT_EQ(One("MATCH (i:Item) WITH i, i AS whole RETURN count(*)", small),
            Value::Int(expected_count_));
  // Scanned again for each input row (a map naming `k` keeps the scan over
  // the UNWIND): too large to keep within the memory.
  int64_t found = 0;
  for (int k = 0; k < 10; ++k) {
    const int n = k * 1000 + 5;
    found += n % 103 != 2 && n % 101 != 1 && n % 97 != 0;
  }
  ASSERT_GT(found, 0);
  const std::string per_row = "UNWIND range(0, 9) AS k MATCH (i:Item {n: k * 1000 + 5}) ";
  EXPECT_NE(Plan(per_row + "RETURN count(*)").find("NodeScan :Item"), std::string::npos);
  EXPECT_EQ(One(per_row + "RETURN count(*)", small), Value::Int(found));
  EXPECT_EQ(One(per_row + "WITH i, i AS whole RETURN count(*)", small), Value::Int(found));
  // A small label is kept and handed out again for each row.
  EXPECT_EQ(One("UNWIND range(1, 50) AS k MATCH (s:Small) RETURN count(*)", small),
            Value::Int(50 * 200));
}

TEST_F(StreamedScanTest, AWriteDoesNotSeeWhatItCreates) {
  // Read whole first: the nodes it creates are not scanned again.
  auto w = RunWrite(*writer_, "MATCH (s:Small) CREATE (:Small {n: s.n})", {});
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->counters.nodes_created, 200);
}

}  // namespace
}  // namespace namidb::query
