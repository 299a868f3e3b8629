#include "core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace namidb {
namespace {

TEST(Utf8, WellFormedTextIsValid) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Person"));
  EXPECT_TRUE(
      IsValidUtf8("Stra\xC3\x9F"
                  "e"));                             // U+00DF
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));          // U+20AC
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));          // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));          // U+E000, just above them
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBD"));          // U+FFFD itself is text
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x8C\x8A"));      // U+1F30A
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is a code point
}

TEST(Utf8, FirstInvalidNamesTheOffendingByte) {
  EXPECT_EQ(FirstInvalidUtf8("ab\xFF"
                             "cd"),
            2u);
  EXPECT_EQ(FirstInvalidUtf8("\x80"), 0u);              // a stray continuation byte
  EXPECT_EQ(FirstInvalidUtf8("x\xC3"), 1u);             // truncated at the end
  EXPECT_EQ(FirstInvalidUtf8("x\xE2\x82y"), 1u);        // truncated before a letter
  EXPECT_EQ(FirstInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xC1\xBF"), 0u);          // overlong
  EXPECT_EQ(FirstInvalidUtf8("\xE0\x80\xAF"), 0u);      // overlong in three bytes
  EXPECT_EQ(FirstInvalidUtf8("\xF0\x80\x80\xAF"), 0u);  // overlong in four bytes
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);      // U+D800, a surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xED\xBF\xBF"), 0u);      // U+DFFF
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(FirstInvalidUtf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(FirstInvalidUtf8("ok\xE1\xE1\xE1"), 2u);  // a lead byte where a continuation belongs
}

}  // namespace
}  // namespace namidb
