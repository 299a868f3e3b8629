#include "core/unicode_normalization.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/unicode_case.h"
#include "core/utf8.h"

namespace namidb {
namespace {

struct CombiningClassRange {
  char32_t first;
  char32_t last;
  uint8_t combining_class;
};
// A code point's decomposition, one level: `length` code points at
// `offset` of the pool; `compatibility` when only NFKD / NFKC apply it.
struct Decomposition {
  char32_t code_point;
  uint16_t offset;
  uint8_t length;
  uint8_t compatibility;
};
// Two code points that compose into a third (primary composites only).
struct Composition {
  char32_t first;
  char32_t second;
  char32_t composite;
};

#include "core/unicode_normalization_tables.inc"

// Hangul syllables decompose and compose by arithmetic (Unicode 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28;
constexpr char32_t kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

uint8_t CombiningClass(char32_t cp) {
  if (cp < 0x300) return 0;  // no combining mark comes earlier
  auto it = std::upper_bound(std::begin(kCombiningClasses), std::end(kCombiningClasses), cp,
                             [](char32_t c, const CombiningClassRange& r) { return c < r.first; });
  if (it == std::begin(kCombiningClasses)) return 0;
  --it;
  return cp <= it->last ? it->combining_class : 0;
}

void Decompose(char32_t cp, bool compatibility, std::vector<char32_t>* out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    const char32_t s = cp - kSBase;
    out->push_back(kLBase + s / kNCount);
    out->push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out->push_back(kTBase + s % kTCount);
    return;
  }
  auto it = std::lower_bound(std::begin(kDecompositions), std::end(kDecompositions), cp,
                             [](const Decomposition& d, char32_t c) { return d.code_point < c; });
  if (it == std::end(kDecompositions) || it->code_point != cp ||
      (it->compatibility && !compatibility)) {
    out->push_back(cp);
    return;
  }
  for (size_t k = 0; k < it->length; ++k) {
    Decompose(kDecompositionPool[it->offset + k], compatibility, out);
  }
}

// The canonical ordering: each run of non-starters sorted by class, stably.
void Reorder(std::vector<char32_t>* text) {
  auto& t = *text;
  for (size_t i = 1; i < t.size(); ++i) {
    const uint8_t c = CombiningClass(t[i]);
    if (c == 0) continue;
    for (size_t j = i; j > 0; --j) {
      const uint8_t before = CombiningClass(t[j - 1]);
      if (before <= c) break;  // a starter (0) or a class not greater
      std::swap(t[j - 1], t[j]);
    }
  }
}

// The primary composite of `a` then `b`, or 0.
char32_t Compose(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount) {
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  }
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
      b < kTBase + kTCount) {
    return a + (b - kTBase);
  }
  auto it = std::lower_bound(std::begin(kCompositions), std::end(kCompositions),
                             Composition{a, b, 0}, [](const Composition& x, const Composition& y) {
                               return x.first != y.first ? x.first < y.first : x.second < y.second;
                             });
  if (it == std::end(kCompositions) || it->first != a || it->second != b) return 0;
  return it->composite;
}

// Canonical composition of decomposed, reordered text (UAX #15, the sample
// algorithm): a character composes with the last starter unless a character
// between them has its class or is a starter (is blocked).
void ComposeAll(std::vector<char32_t>* text) {
  auto& t = *text;
  if (t.empty()) return;
  size_t starter = 0, end = 1;
  int last_class = CombiningClass(t[0]) == 0 ? 0 : 256;
  for (size_t i = 1; i < t.size(); ++i) {
    const char32_t cp = t[i];
    const int c = CombiningClass(cp);
    if (last_class < c || last_class == 0) {
      if (const char32_t composite = Compose(t[starter], cp)) {
        t[starter] = composite;
        continue;
      }
    }
    if (c == 0) starter = end;
    last_class = c;
    t[end++] = cp;
  }
  t.resize(end);
}

}  // namespace

std::optional<NormalForm> NormalFormNamed(std::string_view name) {
  const std::string upper = ToUpperCase(name);
  if (upper == "NFC") return NormalForm::kNfc;
  if (upper == "NFD") return NormalForm::kNfd;
  if (upper == "NFKC") return NormalForm::kNfkc;
  if (upper == "NFKD") return NormalForm::kNfkd;
  return std::nullopt;
}

std::string Normalize(std::string_view text, NormalForm form) {
  // ASCII is in every form; so is text that is not UTF-8, by definition here.
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; }) ||
      !IsValidUtf8(text)) {
    return std::string(text);
  }
  const bool compatibility = form == NormalForm::kNfkc || form == NormalForm::kNfkd;
  std::vector<char32_t> points;
  points.reserve(text.size());
  for (size_t at = 0; at < text.size();)
    Decompose(NextCodePoint(text, &at), compatibility, &points);
  Reorder(&points);
  if (form == NormalForm::kNfc || form == NormalForm::kNfkc) ComposeAll(&points);
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : points) AppendUtf8(&out, cp);
  return out;
}

}  // namespace namidb
