// Case mapping beyond ASCII, as Java's String.toUpperCase / toLowerCase
// with Locale.ROOT give it, the same in every build.
#include "core/unicode_case.h"

#include <gtest/gtest.h>

#include <string>

namespace namidb {
namespace {

TEST(UnicodeCase, AsciiMapsAsBefore) {
  EXPECT_EQ(ToUpperCase("Hello, World 42!"), "HELLO, WORLD 42!");
  EXPECT_EQ(ToLowerCase("Hello, World 42!"), "hello, world 42!");
  EXPECT_EQ(ToUpperCase(""), "");
  EXPECT_EQ(ToUpperCase(std::string("a\0b", 3)), std::string("A\0B", 3));
}

TEST(UnicodeCase, LettersOfEveryScriptMap) {
  EXPECT_EQ(ToUpperCase("jos\u00e9 \u00e0 l'\u00e9t\u00e9"), "JOS\u00c9 \u00c0 L'\u00c9T\u00c9");
  EXPECT_EQ(ToLowerCase("\u00c9COLE"), "\u00e9cole");
  EXPECT_EQ(ToUpperCase("\u03b1\u03b2\u03b3"), "\u0391\u0392\u0393");  // Greek
  EXPECT_EQ(ToLowerCase("\u041c\u041e\u0421\u041a\u0412\u0410"),
            "\u043c\u043e\u0441\u043a\u0432\u0430");   // Cyrillic
  EXPECT_EQ(ToUpperCase("\U00010428"), "\U00010400");  // Deseret, four bytes
  EXPECT_EQ(ToUpperCase("\u01c6"), "\u01c4");          // dž, a digraph
}

TEST(UnicodeCase, FullMappingsChangeTheLength) {
  EXPECT_EQ(ToUpperCase("stra\u00dfe"), "STRASSE");  // ß
  EXPECT_EQ(ToUpperCase("\ufb01"), "FI");            // the ligature ﬁ
  EXPECT_EQ(ToUpperCase("\u0149"), "\u02bcN");       // ŉ
  EXPECT_EQ(ToLowerCase("\u0130"), "i\u0307");       // İ: i and a combining dot
}

TEST(UnicodeCase, ACapitalSigmaEndingAWordLowersToFinalSigma) {
  // ΟΔΟΣ: οδος with ς; Σ alone, or first, or before a letter: σ.
  EXPECT_EQ(ToLowerCase("\u039f\u0394\u039f\u03a3"), "\u03bf\u03b4\u03bf\u03c2");
  EXPECT_EQ(ToLowerCase("\u03a3"), "\u03c3");
  EXPECT_EQ(ToLowerCase("\u03a3\u0391"), "\u03c3\u03b1");
  EXPECT_EQ(ToLowerCase("\u0391\u03a3\u0391"), "\u03b1\u03c3\u03b1");
  // The word ends at a space or a stop; a digit or a mark after it is of
  // the word but no letter; a Latin letter before it counts.
  EXPECT_EQ(ToLowerCase("\u0391\u03a3 \u0391\u03a3."), "\u03b1\u03c2 \u03b1\u03c2.");
  EXPECT_EQ(ToLowerCase("\u0391\u03a31"), "\u03b1\u03c21");
  EXPECT_EQ(ToLowerCase("\u0391\u03a3\u0301"), "\u03b1\u03c2\u0301");
  EXPECT_EQ(ToLowerCase("A\u03a3"), "a\u03c2");
  // As Java's word boundaries have it, `_` joins a word (Python's rule
  // differs here).
  EXPECT_EQ(ToLowerCase("\u0391_\u03a3"), "\u03b1_\u03c2");
  EXPECT_EQ(ToLowerCase("\u0391\u03a3_\u0392"), "\u03b1\u03c3_\u03b2");
  // A byte that is no UTF-8 ends the word before it.
  EXPECT_EQ(ToLowerCase("\xff\u03a3"), "\xff\u03c3");
  EXPECT_EQ(ToLowerCase("\u0391\xce\u03a3"), "\u03b1\xce\u03c3");
  EXPECT_EQ(ToLowerCase("\u0391\u03a3\xff"), "\u03b1\u03c2\xff");
  EXPECT_EQ(ToUpperCase("\u03c2"), "\u03a3");
}

TEST(UnicodeCase, WhatHasNoCaseAndWhatIsNotUtf8StayAsTheyAre) {
  EXPECT_EQ(ToUpperCase("\u4e2d\u6587 \U0001f600 \u0661"), "\u4e2d\u6587 \U0001f600 \u0661");
  EXPECT_EQ(ToLowerCase("\u4e2d\u6587 \U0001f600"), "\u4e2d\u6587 \U0001f600");
  // A byte that begins no UTF-8 sequence passes alone, unmapped (0xE9 is
  // é's code point, not its encoding), and the letters around it map.
  EXPECT_EQ(ToUpperCase("a\xe9z"), "A\xe9Z");
  EXPECT_EQ(ToUpperCase("a\xc3"), "A\xc3");  // truncated
}

}  // namespace
}  // namespace namidb
