#include "storage/block_cache.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "core/coding.h"

namespace namidb {
namespace {

// A block of one entry whose memory (the cache's charge for it) is `n`
// bytes, at least 100: a value of `c`s, and a key of 0 or 1 byte to make
// up for the length prefixes.
std::shared_ptr<const DecodedBlock> Bytes(size_t n, char c = 'x') {
  const size_t payload = n - sizeof(DecodedBlock) - sizeof(BlockEntry);
  for (size_t value : {payload - 3, payload - 2}) {
    // payload = key length prefix (1) + key + value length prefix + value
    const size_t key = payload - 1 - VarintLength(value) - value;
    if (key > 1) continue;
    auto block = std::make_shared<const DecodedBlock>(
        DecodedBlock::Of(std::vector<TableEntry>{{std::string(key, 'k'), std::string(value, c)}}));
    EXPECT_EQ(block->memory_bytes(), n);
    return block;
  }
  ADD_FAILURE() << "no block of " << n << " bytes";
  return nullptr;
}

std::string ValueOf(const std::shared_ptr<const DecodedBlock>& block) {
  return block ? std::string((*block)[0].value) : std::string();
}

TEST(BlockCache, ReturnsWhatWasInsertedAndCountsHitsAndMisses) {
  BlockCache cache(1000);
  EXPECT_EQ(cache.Lookup("t1", 0), nullptr);
  cache.Insert("t1", 0, Bytes(100, 'a'));
  cache.Insert("t1", 100, Bytes(100, 'b'));
  ASSERT_NE(cache.Lookup("t1", 0), nullptr);
  EXPECT_EQ(ValueOf(cache.Lookup("t1", 100)).substr(0, 1), "b");
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
  BlockCache cache(1000);
  cache.Insert("t", 0, Bytes(600, 'a'));
  cache.Insert("t", 0, Bytes(400, 'b'));
  EXPECT_EQ(cache.size_bytes(), 400u);
  EXPECT_EQ(ValueOf(cache.Lookup("t", 0)).substr(0, 1), "b");
  cache.Insert("t", 1, Bytes(1001));
  EXPECT_EQ(cache.Lookup("t", 1), nullptr);
  EXPECT_EQ(cache.size_bytes(), 400u);
  EXPECT_EQ(BlockCache().capacity_bytes(), 24u << 20);
}

TEST(BlockCache, KeepsAnEvictedBlockAliveForItsReaders) {
  BlockCache cache(100);
  cache.Insert("t", 0, Bytes(100, 'z'));
  auto held = cache.Lookup("t", 0);
  cache.Insert("t", 1, Bytes(100));
  EXPECT_EQ(cache.Lookup("t", 0), nullptr);
  EXPECT_EQ(ValueOf(held).substr(0, 1), "z");
}

// Reads block `i` of table "t" as a reader does: a lookup, and on a miss
// the block read and inserted. True on a hit.
bool Read(BlockCache& cache, uint64_t i, size_t bytes = 1000) {
  if (cache.Lookup("t", i)) return true;
  cache.Insert("t", i, Bytes(bytes));
  return false;
}

TEST(BlockCache, AScanLoopSlightlyLargerThanTheCacheGrowsIt) {
  BlockCache cache(100'000, 1'000'000);  // 100 blocks of 1,000 bytes, up to 1,000
  // LRU misses every read of a loop over 120 blocks: each block is evicted
  // just before the loop comes back to it, and each miss is a ghost hit.
  for (int pass = 0; pass < 40; ++pass) {
    for (uint64_t i = 0; i < 120; ++i) Read(cache, i);
  }
  BlockCache::Stats s = cache.stats();
  EXPECT_GE(s.capacity_bytes, 120'000u);
  EXPECT_LT(s.capacity_bytes, 200'000u);  // grown by quarters, not to the ceiling
  EXPECT_GE(s.grows, 1u);
  EXPECT_GT(s.ghost_hits, 0u);
  EXPECT_EQ(s.start_bytes, 100'000u);
  EXPECT_EQ(s.max_bytes, 1'000'000u);
  // Grown, the loop fits: a whole pass hits.
  int hits = 0;
  for (uint64_t i = 0; i < 120; ++i) hits += Read(cache, i);
  EXPECT_EQ(hits, 120);
}

TEST(BlockCache, ARandomWorkloadThatFitsDoesNotGrowIt) {
  BlockCache cache(100'000, 1'000'000);
  std::mt19937 random(19);
  std::uniform_int_distribution<uint64_t> block(0, 89);  // 90 blocks in 100
  for (int i = 0; i < 100'000; ++i) Read(cache, block(random));
  BlockCache::Stats s = cache.stats();
  EXPECT_EQ(s.capacity_bytes, 100'000u);
  EXPECT_EQ(s.grows, 0u);
  EXPECT_EQ(s.evictions, 0u);
  EXPECT_EQ(s.misses, 90u);  // each block once, cold
  EXPECT_EQ(s.ghosts, 0u);
}

TEST(BlockCache, AOnePassScanDoesNotGrowIt) {
  BlockCache cache(100'000, 1'000'000);
  for (uint64_t i = 0; i < 10'000; ++i) Read(cache, i);  // ten megabytes, each block once
  BlockCache::Stats s = cache.stats();
  EXPECT_EQ(s.capacity_bytes, 100'000u);
  EXPECT_EQ(s.grows, 0u);
  EXPECT_EQ(s.ghost_hits, 0u);
  EXPECT_EQ(s.evictions, 9'900u);
  // The ghosts stand for the room below the ceiling, no more, and there is
  // at most one per BlockCache::kBytesPerGhost of it (blocks this small
  // meet that bound before the bytes).
  EXPECT_EQ(s.ghosts, (1'000'000u - 100'000u) / BlockCache::kBytesPerGhost);
}

TEST(BlockCache, ARandomWorkloadBetweenTheCacheAndTheCeilingGrowsIt) {
  BlockCache cache(100'000, 1'000'000);
  std::mt19937 random(7);
  std::uniform_int_distribution<uint64_t> block(0, 299);  // 300 blocks
  for (int i = 0; i < 20'000; ++i) Read(cache, block(random));
  EXPECT_GE(cache.capacity_bytes(), 300'000u);
  int hits = 0;
  for (int i = 0; i < 1'000; ++i) hits += Read(cache, block(random));
  EXPECT_EQ(hits, 1'000);
}

TEST(BlockCache, TheCeilingHolds) {
  // 100 blocks of 2,000 bytes, up to 180: a loop over 175 grows it by
  // quarters (125, 156 blocks), and the next quarter (195) is cut to 180.
  BlockCache cache(200'000, 360'000);
  for (int pass = 0; pass < 30; ++pass) {
    for (uint64_t i = 0; i < 175; ++i) {
      Read(cache, i, 2'000);
      ASSERT_LE(cache.size_bytes(), 360'000u);
    }
  }
  BlockCache::Stats s = cache.stats();
  EXPECT_EQ(s.capacity_bytes, 360'000u);
  EXPECT_EQ(s.max_bytes, 360'000u);
  EXPECT_EQ(s.grows, 3u);
  EXPECT_EQ(s.ghosts, 0u);  // at the ceiling it remembers nothing
  int hits = 0;
  for (uint64_t i = 0; i < 175; ++i) hits += Read(cache, i, 2'000);
  EXPECT_EQ(hits, 175);
  // A loop larger than the ceiling thrashes it, and it grows no more.
  for (int pass = 0; pass < 10; ++pass) {
    for (uint64_t i = 0; i < 400; ++i) {
      Read(cache, i, 2'000);
      ASSERT_LE(cache.size_bytes(), 360'000u);
    }
  }
  EXPECT_EQ(cache.stats().grows, 3u);
  EXPECT_EQ(cache.capacity_bytes(), 360'000u);
}

TEST(BlockCache, AFixedCacheNeverGrows) {
  // No ceiling above the start (the default), or one below it: fixed.
  for (uint64_t ceiling : {uint64_t{0}, uint64_t{50'000}, uint64_t{100'000}}) {
    BlockCache cache(100'000, ceiling);
    for (int pass = 0; pass < 20; ++pass) {
      for (uint64_t i = 0; i < 120; ++i) Read(cache, i);
    }
    BlockCache::Stats s = cache.stats();
    EXPECT_EQ(s.capacity_bytes, 100'000u);
    EXPECT_EQ(s.max_bytes, 100'000u);
    EXPECT_EQ(s.grows, 0u);
    EXPECT_EQ(s.ghosts, 0u);
    EXPECT_EQ(s.ghost_hits, 0u);
    EXPECT_EQ(s.hits, 0u);  // LRU over a loop larger than itself
  }
}

TEST(BlockCache, CountsBytesExactlyAcrossInsertsReplacementsEvictionsAndGrowth) {
  BlockCache cache(50'000, 400'000);
  std::mt19937 random(42);
  std::uniform_int_distribution<uint64_t> place(0, 399);
  std::uniform_int_distribution<size_t> size(100, 3'000);
  std::map<uint64_t, size_t> inserted;  // the last size inserted at each place
  for (int i = 0; i < 50'000; ++i) {
    const uint64_t p = place(random);
    if (cache.Lookup("t", p)) continue;
    const size_t n = size(random);
    cache.Insert("t", p, Bytes(n));
    inserted[p] = n;
    ASSERT_LE(cache.size_bytes(), cache.capacity_bytes());
  }
  // Replacing in place counts the new size only.
  cache.Insert("t", 0, Bytes(100));
  inserted[0] = 100;
  BlockCache::Stats s = cache.stats();
  EXPECT_GT(s.grows, 0u);
  uint64_t present_bytes = 0, present = 0;
  for (const auto& [p, n] : inserted) {
    if (auto block = cache.Lookup("t", p)) {
      EXPECT_EQ(block->memory_bytes(), n);
      present_bytes += n;
      ++present;
    }
  }
  EXPECT_EQ(s.size_bytes, present_bytes);
  EXPECT_EQ(s.blocks, present);
  EXPECT_EQ(s.hits + s.misses, 50'000u);  // one lookup a step
}

}  // namespace
}  // namespace namidb
