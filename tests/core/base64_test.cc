#include "core/base64.h"

#include <gtest/gtest.h>

namespace namidb {
namespace {

TEST(Base64, EncodesTheRfcVectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 37) {
    auto back = Base64Decode(Base64Encode(all.substr(0, n)));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, all.substr(0, n));
  }
}

TEST(Base64, RejectsMalformedText) {
  for (std::string bad : {"Zg=", "Zm9", "Z===", "====", "Zm9v!A==", "Zg==Zg==", "Z=g=", "Zm 9"}) {
    auto got = Base64Decode(bad);
    EXPECT_TRUE(got.status().Is(StatusCode::kInvalidArgument)) << bad;
  }
}

}  // namespace
}  // namespace namidb
