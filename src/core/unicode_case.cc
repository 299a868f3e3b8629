#include "core/unicode_case.h"

#include <algorithm>
#include <cstdint>
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

#include "core/unicode_case_tables.inc"

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
