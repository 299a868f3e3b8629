#include "storage/block_cache.h"

#include <gtest/gtest.h>

namespace namidb {
namespace {

// A block whose entries weigh `n` bytes.
std::shared_ptr<const DecodedBlock> Bytes(size_t n, char c = 'x') {
  return std::make_shared<const DecodedBlock>(DecodedBlock{{"", std::string(n, c)}});
}

std::string ValueOf(const std::shared_ptr<const DecodedBlock>& block) {
  return block ? (*block)[0].value : std::string();
}

TEST(BlockCache, ReturnsWhatWasInsertedAndCountsHitsAndMisses) {
  BlockCache cache(1000);
  EXPECT_EQ(cache.Lookup("t1", 0), nullptr);
  cache.Insert("t1", 0, Bytes(100, 'a'));
  cache.Insert("t1", 100, Bytes(100, 'b'));
  ASSERT_NE(cache.Lookup("t1", 0), nullptr);
  EXPECT_EQ(ValueOf(cache.Lookup("t1", 100)), std::string(100, 'b'));
  EXPECT_EQ(cache.Lookup("t2", 0), nullptr);  // same offset, other object
  EXPECT_EQ(cache.size_bytes(), 200u);
  EXPECT_EQ(cache.hits(), 2u);
  EXPECT_EQ(cache.misses(), 2u);
}

TEST(BlockCache, EvictsTheLeastRecentlyUsedWithinTheBudget) {
  BlockCache cache(300);
  cache.Insert("t", 0, Bytes(100));
  cache.Insert("t", 1, Bytes(100));
  cache.Insert("t", 2, Bytes(100));
  ASSERT_NE(cache.Lookup("t", 0), nullptr);  // 0 is now the most recent
  cache.Insert("t", 3, Bytes(100));          // evicts 1
  EXPECT_EQ(cache.Lookup("t", 1), nullptr);
  EXPECT_NE(cache.Lookup("t", 0), nullptr);
  EXPECT_NE(cache.Lookup("t", 2), nullptr);
  EXPECT_NE(cache.Lookup("t", 3), nullptr);
  EXPECT_LE(cache.size_bytes(), 300u);
  cache.Insert("t", 4, Bytes(250));  // needs room for 250: evicts three
  EXPECT_EQ(cache.size_bytes(), 250u);
}

TEST(BlockCache, ReplacesInPlaceAndSkipsEntriesLargerThanTheBudget) {
  BlockCache cache(100);
  cache.Insert("t", 0, Bytes(60, 'a'));
  cache.Insert("t", 0, Bytes(40, 'b'));
  EXPECT_EQ(cache.size_bytes(), 40u);
  EXPECT_EQ(ValueOf(cache.Lookup("t", 0)), std::string(40, 'b'));
  cache.Insert("t", 1, Bytes(101));
  EXPECT_EQ(cache.Lookup("t", 1), nullptr);
  EXPECT_EQ(cache.size_bytes(), 40u);
  EXPECT_EQ(BlockCache().capacity_bytes(), 24u << 20);
}

TEST(BlockCache, KeepsAnEvictedBlockAliveForItsReaders) {
  BlockCache cache(100);
  cache.Insert("t", 0, Bytes(100, 'z'));
  auto held = cache.Lookup("t", 0);
  cache.Insert("t", 1, Bytes(100));
  EXPECT_EQ(cache.Lookup("t", 0), nullptr);
  EXPECT_EQ(ValueOf(held), std::string(100, 'z'));
}

}  // namespace
}  // namespace namidb
