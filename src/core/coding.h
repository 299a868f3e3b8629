// Byte encodings of every on-store format: little-endian fixed-width
// integers, varints (LEB128, as LevelDB and protobuf), zigzag for signed
// values, and length-prefixed byte strings.
//
// Encoders append to a std::string. Decoding goes through `Decoder`, which
// reads from a string_view and turns every overrun or malformed varint into a
// Corruption status that names the offset: stored bytes are never trusted.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/status.h"

namespace namidb {

void PutFixed32(std::string* dst, uint32_t value);
void PutFixed64(std::string* dst, uint64_t value);
void PutVarint32(std::string* dst, uint32_t value);
void PutVarint64(std::string* dst, uint64_t value);
// A varint length followed by the bytes.
void PutLengthPrefixed(std::string* dst, std::string_view value);

// Writes exactly 4 bytes at `p`, for fields filled in after what follows them.
inline void EncodeFixed32(char* p, uint32_t value) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(value >> (8 * i));
}

// Reads exactly 4 / 8 bytes at `p`; the caller has checked the bounds.
inline uint32_t DecodeFixed32(const char* p) {
  uint8_t b[4];
  std::memcpy(b, p, 4);
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 |
         static_cast<uint32_t>(b[2]) << 16 | static_cast<uint32_t>(b[3]) << 24;
}
inline uint64_t DecodeFixed64(const char* p) {
  return static_cast<uint64_t>(DecodeFixed32(p)) | static_cast<uint64_t>(DecodeFixed32(p + 4))
                                                       << 32;
}

// Maps signed to unsigned so that small magnitudes make short varints.
inline uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t ZigZagDecode(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// Number of bytes PutVarint64 writes for `value` (1..10).
int VarintLength(uint64_t value);

// Sequential, bounds-checked reader over encoded bytes. Every method either
// consumes what it read and returns it, or returns Corruption and consumes
// nothing; `what` names the object in messages ("wal/000012.log").
class Decoder {
 public:
  explicit Decoder(std::string_view input, std::string_view what = "input")
      : input_(input), what_(what) {}

  Result<uint8_t> ReadByte();
  Result<uint32_t> ReadFixed32();
  Result<uint64_t> ReadFixed64();
  Result<uint32_t> ReadVarint32();
  Result<uint64_t> ReadVarint64();
  Result<int64_t> ReadSignedVarint64();  // zigzag
  Result<std::string_view> ReadBytes(size_t n);
  Result<std::string_view> ReadLengthPrefixed();

  size_t offset() const { return offset_; }
  size_t remaining() const { return input_.size() - offset_; }
  bool done() const { return offset_ == input_.size(); }

  // Corruption("<what>: <message> at offset <offset>").
  Status Error(std::string_view message) const;

 private:
  std::string_view input_;
  std::string_view what_;
  size_t offset_ = 0;
};

}  // namespace namidb
