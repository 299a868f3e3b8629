#include "core/hex.h"

#include <gtest/gtest.h>

namespace namidb {
namespace {

TEST(Hex, RoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  std::string text = HexEncode(all);
  EXPECT_EQ(text.substr(0, 6), "000102");
  EXPECT_EQ(text.substr(text.size() - 4), "feff");
  EXPECT_EQ(HexDecode(text), all);
  EXPECT_EQ(HexDecode(""), std::string());
}

TEST(Hex, RejectsOddLengthsAndForeignCharacters) {
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("0g"));
  EXPECT_FALSE(HexDecode("AB"));  // lowercase only: one spelling per byte string
}

}  // namespace
}  // namespace namidb
