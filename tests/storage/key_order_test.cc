#include "storage/key_order.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace namidb {
namespace {

TEST(KeyOrder, OrdersAsUnsignedBytesLikeStringViewOfAnyLength) {
  std::mt19937 random(5);
  // Few distinct bytes, high ones included, so that keys share long prefixes
  // and differ in every word and in the tail.
  const char bytes[] = {'\0', '\x01', 'a', '\x7f', '\x80', '\xff'};
  std::vector<std::string> keys;
  for (int i = 0; i < 400; ++i) {
    std::string key(random() % 40, '\0');
    for (char& c : key) c = bytes[random() % sizeof bytes];
    keys.push_back(key);
  }
  for (const auto& a : keys) {
    for (const auto& b : keys) {
      ASSERT_EQ(KeyLess(a, b), std::string_view(a) < std::string_view(b))
          << testing::PrintToString(a) << " " << testing::PrintToString(b);
      ASSERT_EQ(KeyHasPrefix(a, b), std::string_view(a).starts_with(b));
    }
  }
}

TEST(KeyOrder, APrefixSortsFirstAndEqualKeysAreNotLess) {
  EXPECT_TRUE(KeyLess("", "a"));
  EXPECT_FALSE(KeyLess("a", ""));
  EXPECT_TRUE(KeyLess("abcdefgh", "abcdefghi"));
  EXPECT_FALSE(KeyLess("abcdefghi", "abcdefghi"));
  EXPECT_TRUE(KeyLess(std::string("abcdefg\x01", 8), std::string("abcdefg\xfe", 8)));
  EXPECT_TRUE(KeyHasPrefix("abc", ""));
  EXPECT_FALSE(KeyHasPrefix("ab", "abc"));
}

}  // namespace
}  // namespace namidb
