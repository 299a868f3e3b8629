#include "core/crc32c.h"

#include <gtest/gtest.h>

#include <string>

namespace namidb {
namespace {

// Vectors from RFC 3720 (iSCSI), as LevelDB's crc32c_test checks them.
TEST(Crc32c, MatchesStandardVectors) {
  std::string buf(32, '\0');
  EXPECT_EQ(crc32c::Value(buf), 0x8a9136aau);
  buf.assign(32, '\xff');
  EXPECT_EQ(crc32c::Value(buf), 0x62a8ab43u);
  for (int i = 0; i < 32; ++i) buf[i] = static_cast<char>(i);
  EXPECT_EQ(crc32c::Value(buf), 0x46dd794eu);
  for (int i = 0; i < 32; ++i) buf[i] = static_cast<char>(31 - i);
  EXPECT_EQ(crc32c::Value(buf), 0x113fdb5cu);
  EXPECT_EQ(crc32c::Value("123456789"), 0xe3069283u);
  EXPECT_EQ(crc32c::Value(""), 0u);
}

TEST(Crc32c, ExtendEqualsWholeAtEverySplit) {
  std::string data = "the quick brown fox jumps over the lazy dog, 0123456789";
  uint32_t whole = crc32c::Value(data);
  for (size_t split = 0; split <= data.size(); ++split) {
    uint32_t part = crc32c::Value(data.data(), split);
    EXPECT_EQ(crc32c::Extend(part, data.data() + split, data.size() - split), whole) << split;
  }
}

TEST(Crc32c, DetectsEverySingleBitFlip) {
  std::string data(100, 'x');
  uint32_t crc = crc32c::Value(data);
  for (size_t byte = 0; byte < data.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = data;
      flipped[byte] = static_cast<char>(flipped[byte] ^ (1 << bit));
      EXPECT_NE(crc32c::Value(flipped), crc);
    }
  }
}

TEST(Crc32c, MaskRoundTripsAndChangesTheValue) {
  uint32_t crc = crc32c::Value("foo");
  EXPECT_NE(crc32c::Mask(crc), crc);
  EXPECT_NE(crc32c::Mask(crc32c::Mask(crc)), crc);
  EXPECT_EQ(crc32c::Unmask(crc32c::Mask(crc)), crc);
  EXPECT_EQ(crc32c::Unmask(crc32c::Unmask(crc32c::Mask(crc32c::Mask(crc)))), crc);
}

}  // namespace
}  // namespace namidb
