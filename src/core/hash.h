// Non-cryptographic 128-bit hashing (MurmurHash3 x64_128), and name-based
// ids built on it: the same name always gives the same UUID (version 8).
// Used where an id must be derived from content, e.g. upsertEdge without an
// id is idempotent for (type, src, dst) because its id is derived from them.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>

#include "core/uuid.h"

namespace namidb {

std::pair<uint64_t, uint64_t> Hash128(std::string_view data, uint64_t seed = 0);

// A version-8 UUID derived from `name` (RFC 9562 §5.8, custom layout).
Uuid NameBasedUuid(std::string_view name);

}  // namespace namidb
