// Uuid: 128-bit ids of nodes, relationships and writer sessions, and a
// UUIDv7 generator (RFC 9562): a 48-bit Unix-millisecond timestamp, then a
// 12-bit counter that keeps ids from one generator strictly increasing within
// a millisecond, then random bits. Byte order is creation order, so ids
// cluster by time in sorted files.
//
// The clock and the random source are injectable so tests are deterministic.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace namidb {

struct Uuid {
  std::array<uint8_t, 16> bytes{};

  static Uuid Nil() { return Uuid{}; }
  bool is_nil() const { return *this == Nil(); }

  // Canonical 8-4-4-4-12 lowercase hex, kTextSize characters.
  static constexpr size_t kTextSize = 36;
  std::string ToString() const;
  // Accepts the canonical form in either case; InvalidArgument otherwise.
  static Result<Uuid> Parse(std::string_view text);

  int version() const { return bytes[6] >> 4; }

  // Two 64-bit compares: ids are compared in every hash lookup.
  friend bool operator==(const Uuid& a, const Uuid& b) {
    uint64_t x[2], y[2];
    std::memcpy(x, a.bytes.data(), sizeof(x));
    std::memcpy(y, b.bytes.data(), sizeof(y));
    return x[0] == y[0] && x[1] == y[1];
  }
  // Byte order (libc++ 14 has no <=> for std::array, so spelled out). Only
  // the first word that differs is byte-swapped: wasm has no 64-bit byte
  // swap instruction, and sorts of ids compare often.
  friend std::strong_ordering operator<=>(const Uuid& a, const Uuid& b) {
    uint64_t x, y;
    std::memcpy(&x, a.bytes.data(), sizeof(x));
    std::memcpy(&y, b.bytes.data(), sizeof(y));
    if (x == y) {
      std::memcpy(&x, a.bytes.data() + 8, sizeof(x));
      std::memcpy(&y, b.bytes.data() + 8, sizeof(y));
      if (x == y) return std::strong_ordering::equal;
    }
    if constexpr (std::endian::native == std::endian::little) {
      x = __builtin_bswap64(x);
      y = __builtin_bswap64(y);
    }
    return x < y ? std::strong_ordering::less : std::strong_ordering::greater;
  }

  // Bytes [at, at + 8) as a big-endian integer, so integer order is byte order.
  uint64_t Word(int at) const {
    uint64_t w;
    std::memcpy(&w, bytes.data() + at, sizeof(w));
    if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap64(w);
    return w;
  }
};

// Inline: every hash map of ids and UuidSet hash on each probe.
struct UuidHash {
  size_t operator()(const Uuid& id) const {
    // Mixes both halves: v7 ids share their leading time bits. Any byte
    // order will do for a hash; the machine's costs nothing.
    uint64_t w[2];
    std::memcpy(w, id.bytes.data(), sizeof(w));
    uint64_t h = w[0] * 0x9e3779b97f4a7c15ull ^ w[1];
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return static_cast<size_t>(h ^ (h >> 32));
  }
};

class UuidV7Generator {
 public:
  using Clock = std::function<int64_t()>;    // Unix time in milliseconds
  using Random = std::function<uint64_t()>;  // uniformly random 64-bit words

  // The system clock and a randomly seeded generator.
  UuidV7Generator();
  UuidV7Generator(Clock clock, Random random);

  // Strictly greater than every id this generator returned before, even if
  // the clock stands still or steps back.
  Uuid Next();

 private:
  Clock clock_;
  Random random_;
  int64_t last_ms_ = -1;
  uint16_t counter_ = 0;  // 12 bits
};

}  // namespace namidb
