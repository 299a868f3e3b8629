// CRC-32C (Castagnoli), the checksum of every framed record and block.
//
// Software slicing-by-8: the same code natively and in wasm (which has no
// CRC instruction). `Mask` is applied before storing a CRC, as LevelDB does,
// because the CRC of a string that contains embedded CRCs is weak.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace namidb::crc32c {

// The CRC of data[0, n) continued from `crc` (the CRC of earlier bytes).
uint32_t Extend(uint32_t crc, const char* data, size_t n);

inline uint32_t Value(const char* data, size_t n) { return Extend(0, data, n); }
inline uint32_t Value(std::string_view data) { return Extend(0, data.data(), data.size()); }

constexpr uint32_t kMaskDelta = 0xa282ead8u;

inline uint32_t Mask(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kMaskDelta; }
inline uint32_t Unmask(uint32_t masked) {
  uint32_t rot = masked - kMaskDelta;
  return (rot >> 17) | (rot << 15);
}

}  // namespace namidb::crc32c
