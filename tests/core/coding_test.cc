#include "core/coding.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

namespace namidb {
namespace {

TEST(Coding, FixedWidthIsLittleEndian) {
  std::string s;
  PutFixed32(&s, 0x04030201u);
  PutFixed64(&s, 0x0c0b0a0908070605ull);
  ASSERT_EQ(s.size(), 12u);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(static_cast<uint8_t>(s[i]), i + 1);
  EXPECT_EQ(DecodeFixed32(s.data()), 0x04030201u);
  EXPECT_EQ(DecodeFixed64(s.data() + 4), 0x0c0b0a0908070605ull);
}

TEST(Coding, VarintsRoundTripAtEveryLength) {
  std::vector<uint64_t> values = {
      0, 1, 127, 128, 255, 16383, 16384, UINT32_MAX, uint64_t{1} << 63, UINT64_MAX};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1000; ++i) values.push_back(rng() >> (rng() % 64));
  std::string s;
  for (uint64_t v : values) PutVarint64(&s, v);
  Decoder d(s);
  for (uint64_t v : values) {
    auto got = d.ReadVarint64();
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, v);
  }
  EXPECT_TRUE(d.done());
  EXPECT_EQ(VarintLength(0), 1);
  EXPECT_EQ(VarintLength(128), 2);
  EXPECT_EQ(VarintLength(UINT64_MAX), 10);
}

TEST(Coding, ZigZagKeepsSmallMagnitudesSmall) {
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{-64}, int64_t{63},
                    std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(ZigZagDecode(ZigZagEncode(v)), v);
  }
  EXPECT_EQ(ZigZagEncode(-1), 1u);
  EXPECT_EQ(ZigZagEncode(1), 2u);
  std::string s;
  PutVarint64(&s, ZigZagEncode(-300));
  Decoder d(s);
  EXPECT_EQ(*d.ReadSignedVarint64(), -300);
}

TEST(Coding, TruncatedVarintIsCorruptionAndConsumesNothing) {
  std::string s;
  PutVarint64(&s, 1u << 20);
  s.pop_back();
  Decoder d(s, "wal/000001.log");
  auto got = d.ReadVarint64();
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(got.status().Is(StatusCode::kCorruption));
  EXPECT_NE(got.status().message().find("wal/000001.log"), std::string::npos);
  EXPECT_EQ(d.offset(), 0u);
}

TEST(Coding, OverlongAndOverflowingVarintsAreCorruption) {
  std::string eleven(10, '\x80');
  eleven += '\x01';
  EXPECT_TRUE(Decoder(eleven).ReadVarint64().status().Is(StatusCode::kCorruption));
  std::string overflow(9, '\xff');
  overflow += '\x02';  // bit 64 set
  EXPECT_TRUE(Decoder(overflow).ReadVarint64().status().Is(StatusCode::kCorruption));
  std::string big;
  PutVarint64(&big, uint64_t{1} << 32);
  Decoder d(big);
  EXPECT_TRUE(d.ReadVarint32().status().Is(StatusCode::kCorruption));
  EXPECT_EQ(d.offset(), 0u);
}

TEST(Coding, FixedReadsCheckBounds) {
  std::string s = "abc";
  Decoder d(s);
  EXPECT_TRUE(d.ReadFixed32().status().Is(StatusCode::kCorruption));
  EXPECT_TRUE(d.ReadFixed64().status().Is(StatusCode::kCorruption));
  EXPECT_EQ(*d.ReadByte(), 'a');
  EXPECT_EQ(d.remaining(), 2u);
}

TEST(Coding, LengthPrefixedBytesRoundTripAndRejectOverruns) {
  std::string s;
  PutLengthPrefixed(&s, "hello");
  PutLengthPrefixed(&s, "");
  Decoder d(s);
  EXPECT_EQ(*d.ReadLengthPrefixed(), "hello");
  EXPECT_EQ(*d.ReadLengthPrefixed(), "");
  EXPECT_TRUE(d.done());

  std::string lying;
  PutVarint64(&lying, 1000);
  lying += "short";
  Decoder bad(lying);
  auto got = bad.ReadLengthPrefixed();
  EXPECT_TRUE(got.status().Is(StatusCode::kCorruption));
  EXPECT_EQ(bad.offset(), 0u);
  EXPECT_TRUE(Decoder("ab").ReadBytes(3).status().Is(StatusCode::kCorruption));
}

}  // namespace
}  // namespace namidb
