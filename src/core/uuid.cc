#include "core/uuid.h"

#include <chrono>
#include <memory>
#include <random>

namespace namidb {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Uuid::ToString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

Result<Uuid> Uuid::Parse(std::string_view text) {
  auto bad = [&] { return Status::InvalidArgument("'" + std::string(text) + "' is not a UUID"); };
  if (text.size() != kTextSize) return bad();
  Uuid id;
  size_t pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      if (text[pos++] != '-') return bad();
    }
    int hi = HexDigit(text[pos++]);
    int lo = HexDigit(text[pos++]);
    if (hi < 0 || lo < 0) return bad();
    id.bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return id;
}

UuidV7Generator::UuidV7Generator()
    : UuidV7Generator(
          [] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                .count();
          },
          [rng = std::make_shared<std::mt19937_64>(std::random_device{}())] { return (*rng)(); }) {}

UuidV7Generator::UuidV7Generator(Clock clock, Random random)
    : clock_(std::move(clock)), random_(std::move(random)) {}

Uuid UuidV7Generator::Next() {
  int64_t now = clock_();
  if (now > last_ms_) {
    last_ms_ = now;
    // Start low in the counter space so many ids fit in one millisecond.
    counter_ = static_cast<uint16_t>(random_() & 0x1ff);
  } else if (++counter_ > 0xfff) {
    // Counter exhausted (or the clock stepped back): borrow the next millisecond.
    ++last_ms_;
    counter_ = 0;
  }
  uint64_t ms = static_cast<uint64_t>(last_ms_) & 0xffffffffffffull;
  uint64_t rand = random_();
  Uuid id;
  for (int i = 0; i < 6; ++i) id.bytes[i] = static_cast<uint8_t>(ms >> (40 - 8 * i));
  id.bytes[6] = static_cast<uint8_t>(0x70 | (counter_ >> 8));
  id.bytes[7] = static_cast<uint8_t>(counter_ & 0xff);
  id.bytes[8] = static_cast<uint8_t>(0x80 | ((rand >> 56) & 0x3f));
  for (int i = 9; i < 16; ++i) id.bytes[i] = static_cast<uint8_t>(rand >> (8 * (15 - i)));
  return id;
}

}  // namespace namidb
