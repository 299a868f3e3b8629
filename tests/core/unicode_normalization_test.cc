// Unicode normalization (UAX #15) against known forms: composition and
// decomposition, compatibility mappings, Hangul, the canonical order of
// marks, composition exclusions and blocked marks; then, for every code
// point of the first three planes, the identities the forms must satisfy.
#include "core/unicode_normalization.h"

#include <gtest/gtest.h>

#include <string>

#include "core/utf8.h"

namespace namidb {
namespace {

std::string Nfc(const std::string& s) { return Normalize(s, NormalForm::kNfc); }
std::string Nfd(const std::string& s) { return Normalize(s, NormalForm::kNfd); }
std::string Nfkc(const std::string& s) { return Normalize(s, NormalForm::kNfkc); }
std::string Nfkd(const std::string& s) { return Normalize(s, NormalForm::kNfkd); }

TEST(UnicodeNormalization, FormsAreNamedWithoutRegardToCase) {
  EXPECT_EQ(NormalFormNamed("NFC"), NormalForm::kNfc);
  EXPECT_EQ(NormalFormNamed("nfd"), NormalForm::kNfd);
  EXPECT_EQ(NormalFormNamed("NfKc"), NormalForm::kNfkc);
  EXPECT_EQ(NormalFormNamed("NFKD"), NormalForm::kNfkd);
  EXPECT_FALSE(NormalFormNamed("NFX").has_value());
  EXPECT_FALSE(NormalFormNamed("").has_value());
}

TEST(UnicodeNormalization, ComposesAndDecomposes) {
  EXPECT_EQ(Nfc("e\u0301"), "\u00e9");
  EXPECT_EQ(Nfd("\u00e9"), "e\u0301");
  EXPECT_EQ(Nfc("\u00e9"), "\u00e9");
  EXPECT_EQ(Nfd("e\u0301"), "e\u0301");
  // Two levels: ǖ is ü with a macron, ü is u with a diaeresis.
  EXPECT_EQ(Nfd("\u01d6"), "u\u0308\u0304");
  EXPECT_EQ(Nfc("u\u0308\u0304"), "\u01d6");
  EXPECT_EQ(Nfc("plain ascii"), "plain ascii");
}

TEST(UnicodeNormalization, CompatibilityMappingsOnlyInTheKForms) {
  EXPECT_EQ(Nfc("\ufb01"), "\ufb01");  // ﬁ
  EXPECT_EQ(Nfd("\ufb01"), "\ufb01");
  EXPECT_EQ(Nfkc("\ufb01"), "fi");
  EXPECT_EQ(Nfkd("\ufb01"), "fi");
  EXPECT_EQ(Nfkc("\u2460"), "1");                    // ①
  EXPECT_EQ(Nfkd("\u1e9b\u0323"), "s\u0323\u0307");  // ẛ̣, UAX #15's example
  EXPECT_EQ(Nfkc("\u1e9b\u0323"), "\u1e69");
  EXPECT_EQ(Nfc("\u1e9b\u0323"), "\u1e9b\u0323");
  EXPECT_EQ(Nfd("\u1e9b\u0323"), "\u017f\u0323\u0307");
}

TEST(UnicodeNormalization, SingletonsAndExclusionsNeverComeBack) {
  EXPECT_EQ(Nfc("\u212b"), "\u00c5");  // Å, the angstrom sign
  EXPECT_EQ(Nfd("\u212b"), "A\u030a");
  EXPECT_EQ(Nfc("\u2126"), "\u03a9");        // Ω, the ohm sign
  EXPECT_EQ(Nfc("\u0958"), "\u0915\u093c");  // excluded from composition
  EXPECT_EQ(Nfc("\u0915\u093c"), "\u0915\u093c");
}

TEST(UnicodeNormalization, MarksTakeTheirCanonicalOrderAndBlockEachOther) {
  // Below (220) before above (230), whatever order they came in.
  EXPECT_EQ(Nfd("a\u0301\u0323"), "a\u0323\u0301");
  EXPECT_EQ(Nfd("a\u0323\u0301"), "a\u0323\u0301");
  EXPECT_EQ(Nfc("a\u0301\u0323"), "\u1ea1\u0301");
  // A second mark of the same class is blocked by the first.
  EXPECT_EQ(Nfc("a\u0301\u0301"), "\u00e1\u0301");
  // A mark with nothing before it stays a mark.
  EXPECT_EQ(Nfc("\u0301a"), "\u0301a");
}

TEST(UnicodeNormalization, HangulByArithmetic) {
  EXPECT_EQ(Nfd("\ud55c"), "\u1112\u1161\u11ab");  // 한
  EXPECT_EQ(Nfc("\u1112\u1161\u11ab"), "\ud55c");
  EXPECT_EQ(Nfc("\u1112\u1161"), "\ud558");  // 하, no trailing consonant
  EXPECT_EQ(Nfd("\ud558"), "\u1112\u1161");
}

TEST(UnicodeNormalization, TextThatIsNotUtf8ComesBackAsItIs) {
  EXPECT_EQ(Nfd("\xe9t\xe9"), "\xe9t\xe9");
  EXPECT_EQ(Nfc("e\xcc"), "e\xcc");
}

// For each code point c up to U+2FFFF (surrogates aside): the forms are
// idempotent, NFC and NFKC are the compositions of NFD and NFKD, and a
// form of a form is as the definition says (UAX #15, section 1.2).
TEST(UnicodeNormalization, EveryCodePointSatisfiesTheIdentities) {
  size_t changed = 0;
  for (char32_t cp = 1; cp < 0x30000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string c;
    AppendUtf8(&c, cp);
    const std::string nfc = Nfc(c), nfd = Nfd(c), nfkc = Nfkc(c), nfkd = Nfkd(c);
    ASSERT_EQ(Nfc(nfc), nfc) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfd(nfd), nfd) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfkc(nfkc), nfkc) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfkd(nfkd), nfkd) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfc(nfd), nfc) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfd(nfc), nfd) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfkc(nfkd), nfkc) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfkd(nfc), nfkd) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfkd(nfd), nfkd) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(Nfkc(nfc), nfkc) << std::hex << static_cast<uint32_t>(cp);
    if (nfd != c) ++changed;
  }
  // About 13,000 decompose (11,172 of them Hangul syllables).
  EXPECT_GT(changed, 12000u);
}

}  // namespace
}  // namespace namidb
