// Point lookups read the tail once, then only the blocks they need, batched,
// and nothing at all when the blocks are cached.
#include "storage/table_reader.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "store/fault_store.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

std::string Key(int i) {
  char buf[32];
  snprintf(buf, sizeof buf, "k%07d", i);
  return buf;
}

class TableReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TableBuilder builder(1024);
    for (int i = 0; i < 5000; i += 2)
      ASSERT_TRUE(builder.Add(Key(i), "v" + std::to_string(i)).ok());
    auto bytes = builder.Finish();
    ASSERT_TRUE(bytes.ok());
    ref_.key = "sst/t.sst";
    ref_.kind = "nodes";
    ref_.size = bytes->size();
    ref_.meta_size = builder.meta_size();
    ref_.entries = 2500;
    ref_.max_lsn = 1;
    ASSERT_TRUE(memory_->Put("ns/sst/t.sst", *bytes, PutOptions::IfAbsent()).ok());
  }
  std::shared_ptr<MemoryStore> memory_ = std::make_shared<MemoryStore>();
  FaultStore counted_{memory_};  // counts and logs every call
  std::shared_ptr<BlockCache> cache_ = std::make_shared<BlockCache>();
  TableRef ref_;
};

TEST_F(TableReaderTest, ColdLookupsReadTheTailThenTheirBlocksInOneBatch) {
  auto reader = TableReader::Open(counted_, "ns/sst/t.sst", ref_, cache_);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(counted_.operation_count(), 1u);  // the tail
  std::vector<std::string> keys = {Key(10), Key(4000), Key(11), Key(2000), Key(10)};
  auto values = (*reader)->GetMany(counted_, keys);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ((*values)[0], "v10");
  EXPECT_EQ((*values)[1], "v4000");
  EXPECT_EQ((*values)[2], std::nullopt);  // odd keys were never written
  EXPECT_EQ((*values)[3], "v2000");
  EXPECT_EQ((*values)[4], "v10");
  EXPECT_EQ(counted_.operation_count(), 2u);  // one batched read of the blocks
  auto log = counted_.log();
  EXPECT_EQ(std::count(log.back().key.begin(), log.back().key.end(), ',') + 1, 3);  // 3 blocks

  // Warm: the same lookups make no round trip.
  auto again = (*reader)->GetMany(counted_, keys);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *values);
  EXPECT_EQ(counted_.operation_count(), 2u);
  EXPECT_GE(cache_->hits(), 3u);
}

TEST_F(TableReaderTest, ABatchCountsOneCacheMissPerBlockItReads) {
  auto reader = TableReader::Open(counted_, "ns/sst/t.sst", ref_, cache_);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  // Reads of two blocks as a reader's keys ask for them (one read per
  // key): each block is looked up once however many reads ask for it.
  auto first = (*reader)->index().Find(Key(10));
  auto second = (*reader)->index().Find(Key(4000));
  ASSERT_TRUE(first && second);
  TableReader* table = reader->get();
  std::vector<BlockRead> reads = {
      {table, *first}, {table, *first}, {table, *second}, {table, *first}, {table, *second}};
  auto blocks = TableReader::ReadBlocks(counted_, reads);
  ASSERT_TRUE(blocks.ok()) << blocks.status().ToString();
  EXPECT_EQ((*blocks)[0], (*blocks)[3]);
  EXPECT_EQ((*blocks)[2], (*blocks)[4]);
  EXPECT_EQ(cache_->misses(), 2u);
  EXPECT_EQ(cache_->hits(), 0u);
}

TEST_F(TableReaderTest, ADamagedBlockIsCorruptionNotAWrongAnswer) {
  std::string bytes = memory_->Get("ns/sst/t.sst")->data;
  bytes[10] ^= 0x40;
  ASSERT_TRUE(memory_->Put("ns/sst/t.sst", bytes, PutOptions::Overwrite()).ok());
  auto reader = TableReader::Open(*memory_, "ns/sst/t.sst", ref_, cache_);
  ASSERT_TRUE(reader.ok());
  std::vector<std::string> keys = {Key(0)};
  auto got = (*reader)->GetMany(*memory_, keys);
  EXPECT_TRUE(got.status().Is(StatusCode::kCorruption)) << got.status().ToString();
}

TEST_F(TableReaderTest, AWrongSizeOrMissingTableFailsToOpen) {
  TableRef wrong = ref_;
  wrong.size += 1;
  EXPECT_FALSE(TableReader::Open(*memory_, "ns/sst/t.sst", wrong, cache_).ok());
  EXPECT_TRUE(TableReader::Open(*memory_, "ns/sst/none.sst", ref_, cache_)
                  .status()
                  .Is(StatusCode::kNotFound));
}

}  // namespace
}  // namespace namidb
