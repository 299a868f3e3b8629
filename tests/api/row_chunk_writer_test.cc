// RowChunkWriter and statements whose rows stream out: every row exactly
// once, in order, in chunks of about the asked size, handed out while the
// statement runs, so that the engine holds one chunk of a result at a
// time; the result still counts against the statement's memory.
#include "api/row_chunk_writer.h"

#include <gtest/gtest.h>

#include <cstring>

#include "api/database.h"
#include "store/memory_store.h"

namespace namidb::api {
namespace {

uint32_t RowCount(std::string_view chunk) {
  uint32_t n;
  std::memcpy(&n, chunk.data(), sizeof n);
  return n;
}

TEST(RowChunkWriter, HandsOutEveryRowOnceInChunksOfAboutTheAskedSize) {
  const size_t row_bytes = 1 + 8 + 1 + 4 + 90;  // an integer and a string of 90
  std::vector<std::string> chunks;
  RowChunkWriter writer(/*lossless=*/false, [&](std::string_view c) { chunks.emplace_back(c); },
                        /*chunk_bytes=*/10'000);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(writer.Take({Value::Int(i), Value::String(std::string(90, 'x'))}).ok());
  }
  EXPECT_EQ(chunks.size(), 10u);  // 97 rows pass 10,000 bytes: ten full chunks, 30 rows left
  chunks.push_back(writer.Finish());
  int next = 0;
  for (const std::string& chunk : chunks) {
    const uint32_t n = RowCount(chunk);
    ASSERT_GT(n, 0u);
    EXPECT_LT(chunk.size(), 10'000 + row_bytes);
    ASSERT_EQ(chunk.size(), 4 + n * row_bytes);
    for (uint32_t r = 0; r < n; ++r, ++next) {
      double v;
      std::memcpy(&v, chunk.data() + 4 + r * row_bytes + 1, 8);
      ASSERT_EQ(v, next);
    }
  }
  EXPECT_EQ(next, 1000);
  EXPECT_EQ(writer.rows(), 1000u);
  EXPECT_TRUE(writer.Finish().empty());  // started over
}

TEST(RowChunkWriter, NoRowsNoChunk) {
  int handed_out = 0;
  RowChunkWriter writer(false, [&](std::string_view) { ++handed_out; });
  EXPECT_TRUE(writer.Finish().empty());
  EXPECT_EQ(handed_out, 0);
}

class StreamedStatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.ns = "g";
    ASSERT_TRUE(db_.Open(options).ok());
  }

  // Runs `text` with its rows written into chunks; the chunks handed out
  // while it ran, then the last.
  Result<StatementResult> Streamed(const std::string& text, bool write = false,
                                   uint64_t max_memory_bytes = 0) {
    chunks_.clear();
    writer_ = std::make_unique<RowChunkWriter>(
        false, [this](std::string_view c) { chunks_.emplace_back(c); });
    StatementOptions options;
    options.rows = writer_.get();
    if (max_memory_bytes) options.limits.max_memory_bytes = max_memory_bytes;
    auto result = db_.Run(text, {}, write, options);
    std::string last = writer_->Finish();
    if (!last.empty()) chunks_.push_back(std::move(last));
    return result;
  }

  uint64_t RowsInChunks() const {
    uint64_t n = 0;
    for (const auto& c : chunks_) n += RowCount(c);
    return n;
  }

  Database db_{std::make_shared<MemoryStore>()};
  std::unique_ptr<RowChunkWriter> writer_;
  std::vector<std::string> chunks_;
};

TEST_F(StreamedStatementTest, RowsLeaveAsTheyAreMadeAndStillCountAgainstTheStatementsMemory) {
  const std::string text =
      "UNWIND range(1, 1000) AS a UNWIND range(1, 100) AS b "
      "RETURN a * 100 + b AS i, 'a string of some length' AS s";
  auto streamed = Streamed(text);
  ASSERT_TRUE(streamed.ok()) << streamed.status().ToString();
  EXPECT_TRUE(streamed->result.rows.empty());
  EXPECT_EQ(streamed->result.columns, (std::vector<std::string>{"i", "s"}));
  EXPECT_EQ(RowsInChunks(), 100000u);
  EXPECT_GT(chunks_.size(), 40u);  // about 3.4 MB in chunks of 64 KiB

  // The caller holds what left: a result past maxMemoryBytes is refused
  // whether it is held or streamed.
  StatementOptions collect;
  collect.limits.max_memory_bytes = 4 << 20;
  auto held = db_.Run(text, {}, false, collect);
  ASSERT_FALSE(held.ok());
  EXPECT_TRUE(held.status().Is(StatusCode::kResourceExhausted)) << held.status().ToString();
  auto refused = Streamed(text, false, 4 << 20);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("the result"), std::string::npos)
      << refused.status().ToString();
}

TEST_F(StreamedStatementTest, MaxRowsStillHoldsAndAFailureAfterSomeChunksIsTheStatementsError) {
  StatementOptions options;
  RowChunkWriter writer(false, [](std::string_view) {});
  options.rows = &writer;
  options.limits.max_rows = 10;
  auto limited = db_.Run("UNWIND range(1, 11) AS i RETURN i", {}, false, options);
  ASSERT_FALSE(limited.ok());
  EXPECT_TRUE(limited.status().Is(StatusCode::kResourceExhausted));

  // Division by zero at the 90,000th row: chunks went out before it.
  auto failed = Streamed("UNWIND range(1, 100000) AS i RETURN 1 / (i - 90000) AS x");
  ASSERT_FALSE(failed.ok());
  EXPECT_FALSE(chunks_.empty());
}

TEST_F(StreamedStatementTest, EveryKindOfStatementHandsItsRowsToTheSink) {
  auto created = Streamed("UNWIND range(1, 3) AS i CREATE (n:N {i: i}) RETURN n.i", true);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(RowsInChunks(), 3u);
  ASSERT_TRUE(created->counters.has_value());
  EXPECT_EQ(created->counters->nodes_created, 3);
  // Committed: a later read sees them.
  ASSERT_TRUE(Streamed("MATCH (n:N) RETURN n").ok());
  EXPECT_EQ(RowsInChunks(), 3u);

  ASSERT_TRUE(Streamed("CREATE INDEX FOR (n:N) ON (n.i)", true).ok());
  ASSERT_TRUE(Streamed("SHOW INDEXES").ok());
  EXPECT_EQ(RowsInChunks(), 1u);
  ASSERT_TRUE(Streamed("EXPLAIN MATCH (n:N) RETURN n").ok());
  EXPECT_GT(RowsInChunks(), 0u);
  // UNION's distinct rows, once each.
  ASSERT_TRUE(Streamed("UNWIND [1, 2, 2] AS x RETURN x UNION UNWIND [2, 3] AS x RETURN x").ok());
  EXPECT_EQ(RowsInChunks(), 3u);
}

}  // namespace
}  // namespace namidb::api
