// What every fuzz target shares: a failed property aborts with a message
// (libFuzzer saves the input as a crash), values compare by their canonical
// encoding, and the checksums of a mutated object can be made right again so
// that the fuzzer gets past them to the decoding behind.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/coding.h"
#include "core/crc32c.h"
#include "core/status.h"
#include "core/value.h"
#include "core/value_json.h"

namespace namidb::fuzz {

[[noreturn]] inline void Fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz property failed: %.*s\n%.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void Check(bool ok, std::string_view what, std::string_view detail = {}) {
  if (!ok) Fail(what, detail);
}

// A decoder of stored bytes may only say Corruption (or, for bytes a caller
// passed, InvalidArgument; for a format version past this build's,
// Unsupported): anything else means a check is missing.
inline void CheckTyped(const Status& s, std::string_view what) {
  bool newer = s.Is(StatusCode::kUnsupported) &&
               s.message().find("written by a newer namidb-wasm") != std::string::npos;
  Check(s.Is(StatusCode::kCorruption) || s.Is(StatusCode::kInvalidArgument) || newer,
        std::string(what) + " failed with an untyped error", s.ToString());
  Check(!s.message().empty(), std::string(what) + " failed without a message");
}

// Structural equality where NaN equals itself: the lossless JSON text.
inline bool SameValue(const Value& a, const Value& b) {
  return ValueToJsonText(a) == ValueToJsonText(b);
}

// The remainder of `data` after its first byte, which targets use to pick what
// to do with the rest.
inline std::string_view Rest(const uint8_t* data, size_t size) {
  return size == 0 ? std::string_view()
                   : std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
}

inline void PutMaskedCrc(std::string* bytes, size_t at, std::string_view covered) {
  EncodeFixed32(bytes->data() + at, crc32c::Mask(crc32c::Value(covered)));
}

}  // namespace namidb::fuzz
