// The byte order of table keys, as the searches over decoded blocks compare
// them: inlined, eight bytes at a time. Keys lead with 16-byte ids, so most
// comparisons end within two words; std::string_view's compare is a call
// per probe, which cost whole-label queries 3% more than std::string's.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace namidb {

// The first eight bytes at `p` as a number that orders as the bytes do.
inline uint64_t OrderedWord(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
  return word;
}

// a < b, comparing bytes as unsigned.
inline bool KeyLess(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, sizeof x);
    std::memcpy(&y, b.data() + i, sizeof y);
    // Equal words need no byte swap (no instruction of its own in wasm).
    if (x != y) return OrderedWord(a.data() + i) < OrderedWord(b.data() + i);
  }
  for (; i < n; ++i) {
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  }
  return a.size() < b.size();
}

inline bool KeyHasPrefix(std::string_view key, std::string_view prefix) {
  return key.size() >= prefix.size() && std::memcmp(key.data(), prefix.data(), prefix.size()) == 0;
}

}  // namespace namidb
