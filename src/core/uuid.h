// Uuid: 128-bit ids of nodes, relationships and writer sessions, and a
// UUIDv7 generator (RFC 9562): a 48-bit Unix-millisecond timestamp, then a
// 12-bit counter that keeps ids from one generator strictly increasing within
// a millisecond, then random bits. Byte order is creation order, so ids
// cluster by time in sorted files.
//
// The clock and the random source are injectable so tests are deterministic.
#pragma once

#include <array>
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

  // Canonical 8-4-4-4-12 lowercase hex.
  std::string ToString() const;
  // Accepts the canonical form in either case; InvalidArgument otherwise.
  static Result<Uuid> Parse(std::string_view text);

  int version() const { return bytes[6] >> 4; }

  friend bool operator==(const Uuid&, const Uuid&) = default;
  // Byte order (libc++ 14 has no <=> for std::array, so spelled out).
  friend std::strong_ordering operator<=>(const Uuid& a, const Uuid& b) {
    int c = std::memcmp(a.bytes.data(), b.bytes.data(), 16);
    return c < 0 ? std::strong_ordering::less
                 : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
  }
};

struct UuidHash {
  size_t operator()(const Uuid& id) const;
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
