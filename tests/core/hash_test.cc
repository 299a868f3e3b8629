#include "core/hash.h"

#include <gtest/gtest.h>

#include <set>

namespace namidb {
namespace {

TEST(Hash128, MatchesMurmurHash3Vectors) {
  EXPECT_EQ(Hash128(""), std::make_pair(uint64_t{0}, uint64_t{0}));
  EXPECT_EQ(Hash128("hello"),
            std::make_pair(uint64_t{0xcbd8a7b341bd9b02}, uint64_t{0x5b1e906a48ae1d19}));
  EXPECT_EQ(Hash128("The quick brown fox jumps over the lazy dog"),
            std::make_pair(uint64_t{0xe34bbc7bbc071b6c}, uint64_t{0x7a433ca9c49a9347}));
}

TEST(NameBasedUuid, IsStableVersion8AndSpreadsNames) {
  Uuid a = NameBasedUuid("KNOWS/1/2");
  EXPECT_EQ(a, NameBasedUuid("KNOWS/1/2"));
  EXPECT_EQ(a.version(), 8);
  EXPECT_EQ(a.bytes[8] >> 6, 0b10);
  std::set<Uuid> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(NameBasedUuid("edge-" + std::to_string(i)));
  EXPECT_EQ(seen.size(), 10000u);
}

}  // namespace
}  // namespace namidb
