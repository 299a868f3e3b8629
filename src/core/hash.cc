#include "core/hash.h"

#include "core/coding.h"

namespace namidb {
namespace {

inline uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

inline uint64_t Fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

}  // namespace

std::pair<uint64_t, uint64_t> Hash128(std::string_view data, uint64_t seed) {
  constexpr uint64_t c1 = 0x87c37b91114253d5ull, c2 = 0x4cf5ad432745937full;
  const char* p = data.data();
  const size_t n = data.size();
  uint64_t h1 = seed, h2 = seed;
  size_t blocks = n / 16;
  for (size_t i = 0; i < blocks; ++i) {
    uint64_t k1 = DecodeFixed64(p + 16 * i), k2 = DecodeFixed64(p + 16 * i + 8);
    k1 *= c1, k1 = Rotl(k1, 31), k1 *= c2, h1 ^= k1;
    h1 = Rotl(h1, 27), h1 += h2, h1 = h1 * 5 + 0x52dce729;
    k2 *= c2, k2 = Rotl(k2, 33), k2 *= c1, h2 ^= k2;
    h2 = Rotl(h2, 31), h2 += h1, h2 = h2 * 5 + 0x38495ab5;
  }
  const auto* tail = reinterpret_cast<const uint8_t*>(p + blocks * 16);
  uint64_t k1 = 0, k2 = 0;
  switch (n & 15) {
    case 15:
      k2 ^= uint64_t{tail[14]} << 48;
      [[fallthrough]];
    case 14:
      k2 ^= uint64_t{tail[13]} << 40;
      [[fallthrough]];
    case 13:
      k2 ^= uint64_t{tail[12]} << 32;
      [[fallthrough]];
    case 12:
      k2 ^= uint64_t{tail[11]} << 24;
      [[fallthrough]];
    case 11:
      k2 ^= uint64_t{tail[10]} << 16;
      [[fallthrough]];
    case 10:
      k2 ^= uint64_t{tail[9]} << 8;
      [[fallthrough]];
    case 9:
      k2 ^= uint64_t{tail[8]};
      k2 *= c2, k2 = Rotl(k2, 33), k2 *= c1, h2 ^= k2;
      [[fallthrough]];
    case 8:
      k1 ^= uint64_t{tail[7]} << 56;
      [[fallthrough]];
    case 7:
      k1 ^= uint64_t{tail[6]} << 48;
      [[fallthrough]];
    case 6:
      k1 ^= uint64_t{tail[5]} << 40;
      [[fallthrough]];
    case 5:
      k1 ^= uint64_t{tail[4]} << 32;
      [[fallthrough]];
    case 4:
      k1 ^= uint64_t{tail[3]} << 24;
      [[fallthrough]];
    case 3:
      k1 ^= uint64_t{tail[2]} << 16;
      [[fallthrough]];
    case 2:
      k1 ^= uint64_t{tail[1]} << 8;
      [[fallthrough]];
    case 1:
      k1 ^= uint64_t{tail[0]};
      k1 *= c1, k1 = Rotl(k1, 31), k1 *= c2, h1 ^= k1;
  }
  h1 ^= n, h2 ^= n;
  h1 += h2, h2 += h1;
  h1 = Fmix(h1), h2 = Fmix(h2);
  h1 += h2, h2 += h1;
  return {h1, h2};
}

Uuid NameBasedUuid(std::string_view name) {
  auto [a, b] = Hash128(name, 0x6e616d6964620001ull);  // "namidb", scheme 1
  Uuid id;
  for (int i = 0; i < 8; ++i) {
    id.bytes[i] = static_cast<uint8_t>(a >> (56 - 8 * i));
    id.bytes[8 + i] = static_cast<uint8_t>(b >> (56 - 8 * i));
  }
  id.bytes[6] = static_cast<uint8_t>(0x80 | (id.bytes[6] & 0x0f));  // version 8
  id.bytes[8] = static_cast<uint8_t>(0x80 | (id.bytes[8] & 0x3f));  // variant 10
  return id;
}

}  // namespace namidb
