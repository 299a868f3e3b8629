#include "core/uuid.h"

#include <gtest/gtest.h>

#include <compare>
#include <cstring>
#include <random>
#include <set>
#include <vector>

namespace namidb {
namespace {

TEST(Uuid, FormatsAndParsesTheCanonicalForm) {
  auto id = Uuid::Parse("0190F3A1-2B3C-7D4E-8F50-123456789ABC");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->ToString(), "0190f3a1-2b3c-7d4e-8f50-123456789abc");
  EXPECT_EQ(id->version(), 7);
  EXPECT_EQ(*Uuid::Parse(id->ToString()), *id);
  EXPECT_TRUE(Uuid::Nil().is_nil());
  EXPECT_EQ(Uuid::Nil().ToString(), "00000000-0000-0000-0000-000000000000");
}

TEST(Uuid, RejectsMalformedText) {
  for (const char* bad :
       {"", "0190f3a1-2b3c-7d4e-8f50-123456789ab", "0190f3a1-2b3c-7d4e-8f50-123456789abcd",
        "0190f3a12b3c-7d4e-8f50-123456789abcd", "0190f3a1-2b3c-7d4e-8f50_123456789abc",
        "g190f3a1-2b3c-7d4e-8f50-123456789abc"}) {
    EXPECT_TRUE(Uuid::Parse(bad).status().Is(StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(UuidV7, IsDeterministicWithAnInjectedClockAndRandomSource) {
  auto make = [] {
    int64_t ms = 1700000000000;
    uint64_t r = 42;
    return UuidV7Generator([ms] { return ms; },
                           [r]() mutable { return r = r * 6364136223846793005ull + 1; });
  };
  UuidV7Generator a = make(), b = make();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.Next(), b.Next());
}

TEST(UuidV7, LaysOutTimestampVersionAndVariant) {
  UuidV7Generator gen([] { return int64_t{0x0190f3a12b3c}; }, [] { return ~uint64_t{0}; });
  Uuid id = gen.Next();
  EXPECT_EQ(id.ToString().substr(0, 13), "0190f3a1-2b3c");
  EXPECT_EQ(id.version(), 7);
  EXPECT_EQ(id.bytes[8] >> 6, 0b10);  // RFC 9562 variant
}

TEST(UuidV7, IncreasesStrictlyWithinAMillisecondAndWhenTheClockStepsBack) {
  int64_t now = 1700000000000;
  uint64_t r = 1;
  UuidV7Generator gen([&] { return now; },
                      [&] { return r = r * 2862933555777941757ull + 3037000493ull; });
  Uuid last = gen.Next();
  std::set<Uuid> seen{last};
  for (int i = 0; i < 10000; ++i) {  // more than the 12-bit counter holds
    if (i == 5000) now -= 10;        // the clock steps back
    if (i == 7000) now += 1000;
    Uuid id = gen.Next();
    EXPECT_LT(last, id) << i;
    EXPECT_TRUE(seen.insert(id).second);
    last = id;
  }
}

TEST(UuidV7, SortsByCreationTime) {
  int64_t now = 1000;
  UuidV7Generator gen([&] { return now; }, [] { return uint64_t{0xffffffffffffffff}; });
  Uuid early = gen.Next();
  now = 1001;
  Uuid late = gen.Next();
  EXPECT_LT(early, late);
  EXPECT_NE(UuidHash()(early), UuidHash()(late));
}

TEST(Uuid, OrdersAsItsBytesDo) {
  std::mt19937_64 rng(5);
  std::vector<Uuid> ids;
  for (int i = 0; i < 200; ++i) {
    Uuid id;
    for (auto& b : id.bytes) b = static_cast<uint8_t>(rng() % 4);  // many shared prefixes
    ids.push_back(id);
  }
  ids.push_back(ids.front());  // equal ids
  for (const Uuid& a : ids) {
    for (const Uuid& b : ids) {
      int bytes = std::memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size());
      auto expected = bytes < 0   ? std::strong_ordering::less
                      : bytes > 0 ? std::strong_ordering::greater
                                  : std::strong_ordering::equal;
      ASSERT_EQ(a <=> b, expected) << a.ToString() << " " << b.ToString();
      ASSERT_EQ(a < b, bytes < 0);
      ASSERT_EQ(a == b, bytes == 0);
    }
  }
}

}  // namespace
}  // namespace namidb
