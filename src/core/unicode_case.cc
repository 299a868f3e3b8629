#include "core/unicode_case.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <span>

#include "core/utf8.h"

namespace namidb {
namespace {

// A code point whose case maps to `length` code points at `offset` of the
// mapping's pool.
struct CaseMapping {
  char32_t code_point;
  uint16_t offset;
  uint8_t length;
};

struct CodePointRange {
  char32_t first;
  char32_t last;
};

#include "core/unicode_case_tables.inc"

bool InRanges(std::span<const CodePointRange> ranges, char32_t cp) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), cp,
                             [](char32_t c, const CodePointRange& r) { return c < r.first; });
  return it != ranges.begin() && cp <= std::prev(it)->last;
}

// What a byte that is no UTF-8 stands for beside a sigma: a character of
// no word (NextCodePoint hands it out as the code point of its value, which
// would be a letter).
constexpr char32_t kNotText = 0xFFFF;

// The code point at `*at` as NextCodePoint reads it, kNotText for a byte
// that begins no well-formed sequence.
char32_t NextText(std::string_view text, size_t* at) {
  const size_t start = *at;
  const char32_t cp = NextCodePoint(text, at);
  return *at - start == 1 && cp >= 0x80 ? kNotText : cp;
}

// The code point that ends before byte `*at`, moving `*at` to its start; a
// byte that ends no well-formed sequence is one alone (kNotText).
char32_t PreviousText(std::string_view text, size_t* at) {
  const size_t end = *at;
  size_t start = end - 1;
  // A sequence is at most 4 bytes: its lead and up to 3 continuations.
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
    --start;
  size_t next = start;
  char32_t cp = NextText(text, &next);
  if (next != end) {
    start = end - 1;
    next = start;
    cp = NextText(text, &next);
  }
  *at = start;
  return cp;
}

constexpr char32_t kCapitalSigma = 0x3A3;
constexpr char32_t kFinalSigma = 0x3C2;

// Java's one condition of lowering with Locale.ROOT
// (ConditionalSpecialCasing): a capital sigma at bytes [start, end) lowers
// to ς when its word has a cased letter before it and none after it.
bool EndsAWord(std::string_view text, size_t start, size_t end) {
  bool cased_before = false;
  for (size_t at = start; at > 0 && !cased_before;) {
    const char32_t cp = PreviousText(text, &at);
    if (!InRanges(kWordParts, cp)) break;
    cased_before = InRanges(kCased, cp);
  }
  if (!cased_before) return false;
  for (size_t at = end; at < text.size();) {
    const char32_t cp = NextText(text, &at);
    if (!InRanges(kWordParts, cp)) break;
    if (InRanges(kCased, cp)) return false;
  }
  return true;
}

std::string MapCase(std::string_view text, std::span<const CaseMapping> mappings,
                    const char32_t* pool, bool upper) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) {  // ASCII without a table
      const bool changes = upper ? (byte >= 'a' && byte <= 'z') : (byte >= 'A' && byte <= 'Z');
      out.push_back(static_cast<char>(changes ? byte ^ 0x20 : byte));
      ++at;
      continue;
    }
    const size_t start = at;
    const char32_t cp = NextCodePoint(text, &at);
    if (at - start == 1) {  // a byte that begins no UTF-8 sequence, kept as it is
      out.push_back(static_cast<char>(byte));
      continue;
    }
    auto it = std::lower_bound(mappings.begin(), mappings.end(), cp,
                               [](const CaseMapping& m, char32_t c) { return m.code_point < c; });
    if (it == mappings.end() || it->code_point != cp) {
      out.append(text.substr(start, at - start));
      continue;
    }
    if (!upper && cp == kCapitalSigma && EndsAWord(text, start, at)) {
      AppendUtf8(&out, kFinalSigma);
      continue;
    }
    for (size_t k = 0; k < it->length; ++k) AppendUtf8(&out, pool[it->offset + k]);
  }
  return out;
}

}  // namespace

std::string ToUpperCase(std::string_view text) {
  return MapCase(text, kUpperMappings, kUpperPool, true);
}

std::string ToLowerCase(std::string_view text) {
  return MapCase(text, kLowerMappings, kLowerPool, false);
}

}  // namespace namidb
