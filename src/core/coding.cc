#include "core/coding.h"

namespace namidb {

void PutFixed32(std::string* dst, uint32_t value) {
  char b[4] = {static_cast<char>(value), static_cast<char>(value >> 8),
               static_cast<char>(value >> 16), static_cast<char>(value >> 24)};
  dst->append(b, 4);
}

void PutFixed64(std::string* dst, uint64_t value) {
  PutFixed32(dst, static_cast<uint32_t>(value));
  PutFixed32(dst, static_cast<uint32_t>(value >> 32));
}

void PutVarint64(std::string* dst, uint64_t value) {
  // Most are lengths of keys and values under 128: one byte.
  if (value < 0x80) {
    dst->push_back(static_cast<char>(value));
    return;
  }
  char buf[10];
  int n = 0;
  while (value >= 0x80) {
    buf[n++] = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  buf[n++] = static_cast<char>(value);
  dst->append(buf, n);
}

void PutVarint32(std::string* dst, uint32_t value) { PutVarint64(dst, value); }

void PutLengthPrefixed(std::string* dst, std::string_view value) {
  PutVarint64(dst, value.size());
  dst->append(value);
}

int VarintLength(uint64_t value) {
  int n = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++n;
  }
  return n;
}

Status Decoder::Error(std::string_view message) const {
  return Status::Corruption(std::string(what_) + ": " + std::string(message) + " at offset " +
                            std::to_string(offset_));
}

Result<uint8_t> Decoder::ReadByte() {
  if (remaining() < 1) return Error("truncated byte");
  return static_cast<uint8_t>(input_[offset_++]);
}

Result<uint32_t> Decoder::ReadFixed32() {
  if (remaining() < 4) return Error("truncated fixed32");
  uint32_t v = DecodeFixed32(input_.data() + offset_);
  offset_ += 4;
  return v;
}

Result<uint64_t> Decoder::ReadFixed64() {
  if (remaining() < 8) return Error("truncated fixed64");
  uint64_t v = DecodeFixed64(input_.data() + offset_);
  offset_ += 8;
  return v;
}

Result<uint64_t> Decoder::ReadVarint64() {
  uint64_t result = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (offset_ + i >= input_.size()) return Error("truncated varint");
    uint8_t byte = static_cast<uint8_t>(input_[offset_ + i]);
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (i == 9 && byte > 1) return Error("varint overflows 64 bits");
    result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      offset_ += i + 1;
      return result;
    }
  }
  return Error("varint longer than 10 bytes");
}

Result<uint32_t> Decoder::ReadVarint32() {
  size_t start = offset_;
  NAMIDB_ASSIGN_OR_RETURN(uint64_t v, ReadVarint64());
  if (v > UINT32_MAX) {
    offset_ = start;
    return Error("varint overflows 32 bits");
  }
  return static_cast<uint32_t>(v);
}

Result<int64_t> Decoder::ReadSignedVarint64() {
  NAMIDB_ASSIGN_OR_RETURN(uint64_t v, ReadVarint64());
  return ZigZagDecode(v);
}

Result<std::string_view> Decoder::ReadBytes(size_t n) {
  if (remaining() < n) {
    return Error("truncated: " + std::to_string(n) + " bytes wanted, " +
                 std::to_string(remaining()) + " left");
  }
  std::string_view out = input_.substr(offset_, n);
  offset_ += n;
  return out;
}

Result<std::string_view> Decoder::ReadLengthPrefixed() {
  size_t start = offset_;
  NAMIDB_ASSIGN_OR_RETURN(uint64_t n, ReadVarint64());
  if (n > remaining()) {
    Status s = Error("length " + std::to_string(n) + " runs past the end");
    offset_ = start;
    return s;
  }
  return ReadBytes(static_cast<size_t>(n));
}

}  // namespace namidb
